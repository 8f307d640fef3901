-- hebbian.lua: Hebbian short-term plasticity (model 1, fast weights) vs the basic network,
-- paired by task, grid point and seed. The paper: symmetric Hebbian plasticity makes memory
-- more persistent (a lower SI) -- remembered from the preprint, not verified verbatim.
--   recmem examples/paper/hebbian.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--                                     [--slurm [--partition P] [--time T] ...]
-- reduced (default): 100 units, 1,500 iterations, 2AFC and COMP (fast learners at 100 units),
--   lambda0 0.98, sigma0 0, seeds 1-6: 24 networks, 12 of them the basic networks the other
--   scripts share (recmem.paper's network store); minutes on 2 cores. paper: 500 units,
--   25,001 iterations, the 10 x 10 grid, one seed, DE1 and 2AFC (a cluster: --slurm).
--   quick (or RECMEM_QUICK=1): tiny.
-- Writes DIR (default paper-hebbian)/hebbian-{networks,summary}.csv and figures/.
local paper = require "recmem.paper"
paper.compare{
  name = "hebbian",
  claim = "paper: Hebbian plasticity -> more persistent (lower SI than basic)",
  tasks = {quick = {"2AFC"}, reduced = {"2AFC", "COMP"}, paper = {"DE1", "2AFC"}},
  arms = {{id = "hebbian", label = "Hebbian", base = {condition = "hebbian"}},
          {id = "basic", label = "basic", base = {condition = "basic"}}},
}
