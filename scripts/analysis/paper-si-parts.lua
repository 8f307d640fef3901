-- paper-si-parts.lua: what the SIs of a factor script's networks are made of: each network's
-- SI split into peak entropy and mean ridge-to-background (and the mean number of units
-- above the activity threshold), on 100 fresh probe trials (seed 7), for two arms.
-- Usage: recmem scripts/analysis/paper-si-parts.lua DIR ARM_A ARM_B [N]
--   DIR the script's --dir, ARM_A/ARM_B arm ids (sweeps/ARM/), N points per arm (6)
local dir, a, b = arg[1], arg[2], arg[3]
local n = math.tointeger(tonumber(arg[4] or "6"))
if not (dir and a and b and n) then
  io.stderr:write("usage: recmem paper-si-parts.lua DIR ARM_A ARM_B [N]\n")
  os.exit(2)
end
for _, arm in ipairs{a, b} do
  local sums = {0, 0, 0}
  for i = 0, n - 1 do
    local path = string.format("%s/sweeps/%s/points/%04d.safetensors", dir, arm, i)
    local net = recmem.load(path)
    local si, parts = net:probe{trials = 100, seed = 7}:si()
    print(string.format("%-10s point %d: SI %.3f = entropy %.3f + ridge %.3f; %.1f active units",
                        arm, i, si, parts.entropy, parts.ridge, parts.units))
    sums[1], sums[2], sums[3] = sums[1] + si, sums[2] + parts.entropy, sums[3] + parts.ridge
  end
  print(string.format("%-10s mean:    SI %.3f = entropy %.3f + ridge %.3f", arm, sums[1] / n,
                      sums[2] / n, sums[3] / n))
end
