-- dynamic.lua: dynamic (irrelevant sweeping input on extra channels) vs no dynamic input,
-- paired by task, grid point and seed. The paper (remembered from the preprint, not verified
-- verbatim): motion-like dynamic input -> more sequential (a higher SI).
--   recmem examples/paper/dynamic.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--       [--seeds SPEC] [--hidden N] [--iters N] [--tasks A,B] [--lambda X,Y] [--sigma X,Y]
--       [--slurm [--partition P] [--time T] [--mem M] [--sbatch-arg ARG] [--max-running K]]
-- reduced (default): 100 units, 1,500 iterations, 2AFC and COMP (fast learners at 100 units),
--   lambda0 0.98, sigma0 0, seeds 1-6: 24 networks, 12 of them the basic networks the other
--   scripts share (recmem.paper's network store); minutes on 2 cores. paper: 500 units,
--   25,001 iterations, the 10 x 10 grid, one
--   seed, DE1 and 2AFC (a cluster: --slurm). quick (or RECMEM_QUICK=1): tiny, for tests.
-- Writes DIR (default paper-dynamic)/dynamic-{networks,summary}.csv and figures/.
local paper = require "recmem.paper"
paper.compare{
  name = "dynamic",
  claim = "paper: dynamic input -> more sequential (higher SI) than no dynamic input",
  tasks = {quick = {"2AFC"}, reduced = {"2AFC", "COMP"}, paper = {"DE1", "2AFC"}},
  arms = {{id = "dynamic", label = "dynamic input", base = {condition = "dynamic"}},
          {id = "static", label = "no dynamic input", base = {condition = "basic"}}},
}
