-- conditions.lua: every training condition of the paper (SPEC section 3) at a reduced
-- scale: one small network per condition on change detection, then the test information
-- loss and the sequentiality index. The conditions themselves are data, recmem.conditions
-- (the command line's table, src/core/condition.c): print one, copy it, change it.
-- Run: recmem examples/conditions.lua      (several minutes; RECMEM_QUICK=1 for seconds)
local quick = os.getenv("RECMEM_QUICK")
local hidden, iters, batch = quick and 6 or 50, quick and 10 or 1500, quick and 5 or 20
local test = {batches = quick and 2 or 10, batch = quick and 5 or 30}

local models = {}
for _, m in ipairs(recmem.models()) do models[m] = true end

local names = {}
for name in pairs(recmem.conditions) do names[#names + 1] = name end
table.sort(names)

print(string.format("%-10s %-28s %9s %7s", "condition", "what differs", "infloss", "SI"))
for _, name in ipairs(names) do
  local c = recmem.conditions[name]
  if c.model_required and not models[c.model] then
    print(string.format("%-10s %-28s (model %s is not built in yet)", name, c.summary:sub(1, 28), c.model))
  else
    local first = c.pairs and c.pairs[1][1] or "CD1"
    local net = recmem.net{condition = name, task = first, hidden = hidden, seed = 1}
    net:train{iters = iters, batch = batch}
    if c.pairs then
      -- multitask: keep training the same network on the second task of the pair
      net:train{iters = iters, task = c.pairs[1][2]}
    end
    local r = net:test(test)
    print(string.format("%-10s %-28s %9.3f %7.3f", name, c.summary:sub(1, 28), r.infloss, r.si))
  end
end
