-- task.lua: SI across tasks under the same settings (condition basic, same grid point and
-- seed), each task paired with 2AFC. The paper (remembered from the preprint, not verified
-- verbatim): tasks of higher temporal complexity -> more sequential; lower -> more persistent.
--   recmem examples/paper/task.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--       [--seeds SPEC] [--hidden N] [--iters N] [--tasks A,B] [--lambda X,Y] [--sigma X,Y]
--       [--slurm [--partition P] [--time T] [--mem M] [--sbatch-arg ARG] [--max-running K]]
-- (--tasks lists the tasks compared; the first is the reference the others are paired with.)
-- reduced (default): 100 units, 1,500 iterations, 2AFC, COMP, CD1 and DE1 (2AFC and COMP
--   learn in hundreds of iterations at 100 units; CD1 and DE1 are slower, so expect dropped
--   pairs), lambda0 0.98, sigma0 0, seeds 1-6: 24 networks (the 2AFC and COMP ones shared
--   with the other scripts). paper: 500 units, 25,001 iterations, the 10 x 10 grid, one seed, all eight
--   tasks (a cluster: --slurm). quick (or RECMEM_QUICK=1): 2AFC and COMP, tiny.
-- Writes DIR (default paper-task)/task-{networks,summary}.csv and figures/.
local paper = require "recmem.paper"
local tasks = {quick = {"2AFC", "COMP"}, reduced = {"2AFC", "COMP", "CD1", "DE1"},
               paper = {"2AFC", "DE1", "DE2", "GDE", "CD1", "CD2", "COMP", "SINE"}}
local o = paper.options("task", arg)
local list = o.tasks or tasks[o.scale]
local arms, comparisons = {}, {}
for i, t in ipairs(list) do
  arms[i] = {id = t, label = t, base = {task = t}}
  if i > 1 then comparisons[#comparisons + 1] = {t, list[1], tasks = {t}, task_label = t .. " vs " .. list[1]} end
end
if #list < 2 then paper.fail("--tasks needs at least two tasks") end
paper.compare({
  name = "task",
  claim = "paper: higher temporal complexity -> more sequential (higher SI)",
  tasks = {list[1]}, arms = arms, comparisons = comparisons,
}, arg)
