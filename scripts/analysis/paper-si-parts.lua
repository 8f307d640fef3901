-- paper-si-parts.lua: what the SIs of a factor script's networks are made of: each network's
-- SI split into peak entropy and mean ridge-to-background (and the mean number of units
-- above the activity threshold), on 100 fresh probe trials (seed 7), for two arms.
-- Usage: recmem scripts/analysis/paper-si-parts.lua DIR ARM_A ARM_B [N]
--   DIR the script's --dir (its NAME-networks.csv names each network's checkpoint),
--   ARM_A/ARM_B arm ids (the CSV's arm column), N networks per arm (6), in the CSV's order
local dir, a, b = arg[1], arg[2], arg[3]
local n = math.tointeger(tonumber(arg[4] or "6"))
if not (dir and a and b and n) then
  io.stderr:write("usage: recmem paper-si-parts.lua DIR ARM_A ARM_B [N]\n")
  os.exit(2)
end
local p = io.popen("ls " .. string.format("%q", dir) .. "/*-networks.csv 2>/dev/null")
local csv = p:read("l")
p:close()
if not csv then io.stderr:write("paper-si-parts: no *-networks.csv in " .. dir .. "\n"); os.exit(2) end
local f = assert(io.open(csv))
local columns, col = {}, {}
for name in f:read("l"):gmatch("[^,]+") do columns[#columns + 1] = name; col[name] = #columns end
local checkpoints = {}
for line in f:lines() do
  local v = {}
  for x in (line .. ","):gmatch("([^,]*),") do v[#v + 1] = x end
  local arm = v[col.arm]
  checkpoints[arm] = checkpoints[arm] or {}
  table.insert(checkpoints[arm], v[col.checkpoint])
end
f:close()
for _, arm in ipairs{a, b} do
  local list = checkpoints[arm] or {}
  if #list < n then
    io.stderr:write(string.format("paper-si-parts: %s has %d networks of arm %s, not %d\n",
                                  csv, #list, arm, n))
    os.exit(2)
  end
  local sums = {0, 0, 0}
  for i = 1, n do
    local net = recmem.load(list[i])
    local si, parts = net:probe{trials = 100, seed = 7}:si()
    print(string.format("%-10s point %d: SI %.3f = entropy %.3f + ridge %.3f; %.1f active units",
                        arm, i - 1, si, parts.entropy, parts.ridge, parts.units))
    sums[1], sums[2], sums[3] = sums[1] + si, sums[2] + parts.entropy, sums[3] + parts.ridge
  end
  print(string.format("%-10s mean:    SI %.3f = entropy %.3f + ridge %.3f", arm, sums[1] / n,
                      sums[2] / n, sums[3] / n))
end
