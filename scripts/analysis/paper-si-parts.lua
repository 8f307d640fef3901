-- paper-si-parts.lua: what the SIs of a factor script's networks are made of: each network's
-- SI split into peak entropy and mean ridge-to-background (and the mean number of units
-- above the activity threshold), on 100 fresh probe trials (seed 7), for two arms; then, per
-- task, the paired difference of those SIs (A - B, paired by task, lambda0, sigma0 and seed;
-- every network, the keep criterion not applied) with recmem.stats.
-- Usage: recmem scripts/analysis/paper-si-parts.lua DIR ARM_A ARM_B [N [VARIANT]]
--   DIR the script's --dir (its NAME-networks.csv names each network's checkpoint),
--   ARM_A/ARM_B arm ids (the CSV's arm column), N networks per arm (6), in the CSV's order;
--   VARIANT (none, vardelay, ...): probe every network on trials of that variant of its
--   task instead of its own (e.g. none: both arms of the delay factor on fixed delays)
local dir, a, b = arg[1], arg[2], arg[3]
local n = math.tointeger(tonumber(arg[4] or "6"))
local variant = arg[5]
if not (dir and a and b and n) then
  io.stderr:write("usage: recmem paper-si-parts.lua DIR ARM_A ARM_B [N [VARIANT]]\n")
  os.exit(2)
end
local p = io.popen("ls " .. string.format("%q", dir) .. "/*-networks.csv 2>/dev/null")
local csv = p:read("l")
p:close()
if not csv then io.stderr:write("paper-si-parts: no *-networks.csv in " .. dir .. "\n"); os.exit(2) end
local f = assert(io.open(csv))
local columns, col = {}, {}
for name in f:read("l"):gmatch("[^,]+") do columns[#columns + 1] = name; col[name] = #columns end
local checkpoints, keys = {}, {}
for line in f:lines() do
  local v = {}
  for x in (line .. ","):gmatch("([^,]*),") do v[#v + 1] = x end
  local arm = v[col.arm]
  checkpoints[arm] = checkpoints[arm] or {}
  keys[arm] = keys[arm] or {}
  table.insert(checkpoints[arm], v[col.checkpoint])
  -- the task a network is scored on (a multitask network's second), for pairing
  local task = v[col.task2] ~= "" and v[col.task2] or v[col.task]
  table.insert(keys[arm], {task = task, key = table.concat({task, v[col.lambda], v[col.sigma], v[col.seed]}, "/")})
end
f:close()
local si_of = {}
for _, arm in ipairs{a, b} do
  local list = checkpoints[arm] or {}
  if #list < n then
    io.stderr:write(string.format("paper-si-parts: %s has %d networks of arm %s, not %d\n",
                                  csv, #list, arm, n))
    os.exit(2)
  end
  local sums = {0, 0, 0}
  si_of[arm] = {}
  for i = 1, n do
    local net = recmem.load(list[i])
    local task = variant and recmem.task{name = net.task.name, variant = variant} or nil
    local si, parts = net:probe{trials = 100, seed = 7, task = task}:si()
    print(string.format("%-10s point %d: SI %.3f = entropy %.3f + ridge %.3f; %.1f active units",
                        arm, i - 1, si, parts.entropy, parts.ridge, parts.units))
    sums[1], sums[2], sums[3] = sums[1] + si, sums[2] + parts.entropy, sums[3] + parts.ridge
    si_of[arm][keys[arm][i].key] = {task = keys[arm][i].task, si = si}
  end
  print(string.format("%-10s mean:    SI %.3f = entropy %.3f + ridge %.3f", arm, sums[1] / n,
                      sums[2] / n, sums[3] / n))
end

-- paired per task: A - B over the networks both arms have
local stats = require "recmem.stats"
local by_task, order = {}, {}
for key, x in pairs(si_of[a]) do
  local y = si_of[b][key]
  if y then
    if not by_task[x.task] then by_task[x.task] = {keys = {}}; order[#order + 1] = x.task end
    table.insert(by_task[x.task].keys, key)
  end
end
table.sort(order)
for _, task in ipairs(order) do
  local t = by_task[task]
  table.sort(t.keys)
  local xa, xb = {}, {}
  for i, key in ipairs(t.keys) do xa[i], xb[i] = si_of[a][key].si, si_of[b][key].si end
  if #xa >= 2 then
    local r = stats.paired(xa, xb)
    print(string.format("%s: %s - %s, %d pairs (all networks): %+.3f [%+.3f, %+.3f], p %.4g (%s; %d positive, %d negative)",
                        task, a, b, r.n, r.mean, r.lo, r.hi, r.p, r.method, r.pos, r.neg))
  end
end
