-- coupling.lua: SI over the grid of initial recurrent weights, lambda0 (the diagonal) x
-- sigma0 (the spread of the off-diagonal entries), per task, as heatmaps; and the grid's
-- corners as paired contrasts (highest minus lowest lambda0 at the same sigma0 and seed;
-- highest sigma0 minus 0 at the same lambda0 and seed). The paper (remembered from the
-- preprint, not verified verbatim): strong coupling -> more sequential, weak -> more
-- persistent; which of lambda0 and sigma0 "coupling" means is not stated, so both are
-- reported.
--   recmem examples/paper/coupling.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--       [--seeds SPEC] [--hidden N] [--iters N] [--tasks A,B] [--lambda X,Y] [--sigma X,Y]
--       [--slurm [--partition P] [--time T] [--mem M] [--sbatch-arg ARG] [--max-running K]]
-- reduced (default): 100 units, 1,500 iterations, 2AFC, the corner of the grid where it learns
--   at that length, lambda0 {0.92, 0.98} x sigma0 {0.009, 0.018}, seeds 1-6: 24 networks
--   (for the whole grid: --lambda 0.8,0.86,0.92,0.98 --sigma 0,0.009,0.018). paper: 500
--   units, 25,001 iterations, lambda0 0.80:0.98 (10 values) x sigma0 0:0.018 (10 values),
--   one network per point, all eight tasks (--slurm).
--   quick (or RECMEM_QUICK=1): a 2 x 2 grid of tiny networks.
-- Writes DIR (default paper-coupling)/coupling-{networks,summary}.csv and figures/ (a
-- heatmap per task, NAME-TASK-grid.*).
local paper = require "recmem.paper"
paper.grid{
  name = "coupling",
  claim = "paper: strong coupling -> more sequential (higher SI)",
  tasks = {quick = {"2AFC"}, reduced = {"2AFC"},
           paper = {"DE1", "DE2", "GDE", "CD1", "CD2", "2AFC", "COMP", "SINE"}},
}
