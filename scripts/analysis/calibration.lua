-- calibration.lua CHECKPOINT: how often a trained binary-task network is right at its answer
-- step (T-5), next to the ideal observer, and how its answers are calibrated (2,000 fresh
-- trials of the network's task with the fixed delay).
-- Example: recmem scripts/analysis/calibration.lua cd2.safetensors
local net = recmem.load(assert(arg[1], "usage: recmem calibration.lua CHECKPOINT"))
local task = recmem.task{name = net.task.name, variant = "none"}
local right_net, right_opt, n, bins = 0, 0, 0, {}
for rep = 1, 40 do
  local tr = net:probe{trials = 50, seed = 700 + rep, task = task}
  for k = 1, tr.trials do
    local y, o, c = tr.y[k][tr.T - 4][1], tr.opt[k][1], tr.s[k][1]
    n = n + 1
    if (y > 0.5) == (c == 1) then right_net = right_net + 1 end
    if (o > 0.5) == (c == 1) then right_opt = right_opt + 1 end
    local b = math.min(9, math.floor(y * 10))
    bins[b] = bins[b] or {0, 0, 0}
    bins[b][1], bins[b][2], bins[b][3] = bins[b][1] + 1, bins[b][2] + c, bins[b][3] + o
  end
end
print(string.format("correct: network %.3f, ideal observer %.3f (%d trials)", right_net / n,
                    right_opt / n, n))
for b = 0, 9 do
  local v = bins[b]
  if v then
    print(string.format("answer in [%.1f, %.1f): %4d trials, class 1 in %.2f, observer %.2f",
                        b / 10, (b + 1) / 10, v[1], v[2] / v[1], v[3] / v[1]))
  end
end
