-- rho.lua: weight decay: rho 1e-3 vs rho 0 (the penalty rho * sum of squared parameters,
-- biases included), paired by task, grid point and seed. SPEC says the paper swept rho for
-- its regularisation study but names neither the values nor a direction; 1e-3 is our choice
-- (at 100 units sum p^2 is about 100, so the penalty, ~0.1, is comparable to the task loss
-- after learning without swamping it). Measured, not tested against a claim.
--   recmem examples/paper/rho.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--       [--seeds SPEC] [--hidden N] [--iters N] [--tasks A,B] [--lambda X,Y] [--sigma X,Y]
--       [--slurm [--partition P] [--time T] [--mem M] [--sbatch-arg ARG] [--max-running K]]
-- reduced (default): 100 units, 1,500 iterations, 2AFC and COMP (fast learners at 100 units),
--   lambda0 0.98, sigma0 0, seeds 1-6: 24 networks, 12 of them the basic networks the other
--   scripts share (recmem.paper's network store); minutes on 2 cores. paper: 500 units,
--   25,001 iterations, the 10 x 10 grid, one
--   seed, DE1 and 2AFC (a cluster: --slurm). quick (or RECMEM_QUICK=1): tiny, for tests.
-- Writes DIR (default paper-rho)/rho-{networks,summary}.csv and figures/.
local paper = require "recmem.paper"
paper.compare{
  name = "rho",
  claim = "no direction stated in SPEC for weight decay (measured, not tested)",
  tasks = {quick = {"2AFC"}, reduced = {"2AFC", "COMP"}, paper = {"DE1", "2AFC"}},
  arms = {{id = "rho1e-3", label = "rho 1e-3", base = {rho = 1e-3}},
          {id = "rho0", label = "rho 0", base = {rho = 0}}},
}
