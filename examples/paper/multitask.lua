-- multitask.lua: task B trained after task A (the multitask condition: the same network
-- trains on A, is tested, then trains on B) vs task B trained alone, paired by grid point and
-- seed, for the paper's pairs CD1->2AFC, COMP->2AFC, 2AFC->CD1 and 2AFC->COMP. SI is that of
-- the network on task B in both arms. The paper (remembered from the preprint, not verified
-- verbatim): prior training on another task -> more sequential (a higher SI).
--   recmem examples/paper/multitask.lua [--scale quick|reduced|paper] [--dir DIR] [-j N]
--       [--seeds SPEC] [--hidden N] [--iters N] [--lambda X,Y] [--sigma X,Y] [--pairs A:B,...]
--       [--slurm [--partition P] [--time T] [--mem M] [--sbatch-arg ARG] [--max-running K]]
-- iters is per task (a multitask network trains twice as long as its partner).
-- reduced (default): 100 units, 1,500 iterations per task, all four pairs, lambda0 0.98,
--   sigma0 0, seeds 1-6: 42 networks (24 trained twice; the 18 alone are shared with
--   task.lua).
--   paper: 500 units, 25,001 iterations per task, the 10 x 10 grid, one seed (--slurm).
--   quick (or RECMEM_QUICK=1): COMP->2AFC only, tiny.
-- Writes DIR (default paper-multitask)/multitask-{networks,summary}.csv and figures/.
local paper = require "recmem.paper"
local pairs_ = {quick = {{"COMP", "2AFC"}},
                reduced = {{"CD1", "2AFC"}, {"COMP", "2AFC"}, {"2AFC", "CD1"}, {"2AFC", "COMP"}},
                paper = {{"CD1", "2AFC"}, {"COMP", "2AFC"}, {"2AFC", "CD1"}, {"2AFC", "COMP"}}}
-- --pairs is this script's own option; the rest go to recmem.paper
local args, chosen = {}, nil
local i = 1
while i <= #arg do
  if arg[i] == "--pairs" then
    chosen = {}
    for a, b in (arg[i + 1] or ""):gmatch("([^:,]+):([^:,]+)") do chosen[#chosen + 1] = {a, b} end
    if #chosen == 0 then paper.fail("--pairs needs A:B[,C:D...]") end
    i = i + 2
  else args[#args + 1] = arg[i]; i = i + 1 end
end
local o = paper.options("multitask", args)
local list = chosen or pairs_[o.scale]
local arms, comparisons, alone = {}, {}, {}
for _, p in ipairs(list) do
  local a, b = p[1], p[2]
  local id = a .. "-" .. b
  arms[#arms + 1] = {id = id, label = a .. "->" .. b,
                     base = {condition = "multitask", task = a, task2 = b}}
  if not alone[b] then
    alone[b] = true
    arms[#arms + 1] = {id = b, label = b .. " alone", base = {task = b}}
  end
  comparisons[#comparisons + 1] = {id, b, tasks = {b}, task_label = a .. "->" .. b}
end
paper.compare({
  name = "multitask",
  claim = "paper: prior training on another task -> more sequential (higher SI)",
  tasks = {list[1][2]}, arms = arms, comparisons = comparisons,
}, args)
