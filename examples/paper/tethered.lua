-- tethered.lua: the tethered condition (activity penalty 1e-1, answer read at T-10) vs basic, paired by
-- task, grid point and seed. SPEC's list of the paper's directions names none for tethering:
-- this script measures the effect without a claim to test.
--   recmem examples/paper/tethered.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--       [--seeds SPEC] [--hidden N] [--iters N] [--tasks A,B] [--lambda X,Y] [--sigma X,Y]
--       [--slurm [--partition P] [--time T] [--mem M] [--sbatch-arg ARG] [--max-running K]]
-- reduced (default): 100 units, 1,500 iterations, 2AFC and COMP (fast learners at 100 units),
--   lambda0 0.98, sigma0 0, seeds 1-6: 24 networks, 12 of them the basic networks the other
--   scripts share (recmem.paper's network store); minutes on 2 cores. paper: 500 units,
--   25,001 iterations, the 10 x 10 grid, one
--   seed, DE1 and 2AFC (a cluster: --slurm). quick (or RECMEM_QUICK=1): tiny, for tests.
-- Writes DIR (default paper-tethered)/tethered-{networks,summary}.csv and figures/.
local paper = require "recmem.paper"
paper.compare{
  name = "tethered",
  claim = "no direction stated in SPEC for tethering (measured, not tested)",
  tasks = {quick = {"2AFC"}, reduced = {"2AFC", "COMP"}, paper = {"DE1", "2AFC"}},
  arms = {{id = "tethered", label = "tethered", base = {condition = "tethered"}},
          {id = "basic", label = "basic", base = {condition = "basic"}}},
}
