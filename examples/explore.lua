-- explore.lua: look inside two networks trained on DE1, side by side: one started as
-- W = 0.98 I (the paper's prediction: a sequence) and one as W = 0.9 I + 0.01 Z (persistent
-- activity). For each: the activity on a fixed stimulus with units sorted by peak time (a
-- diagonal ridge is a sequence, horizontal bands persistent activity), the SI, and what
-- interventions do to its memory: information loss as units are removed (lesion curves in
-- three orders) and as noise is added to the hidden state.
--
-- Run: recmem examples/explore.lua [seq.safetensors per.safetensors]
--   with two saved networks (e.g. from recmem train, see docs/explore.md), or without
--   arguments to train a small pair here (a few minutes; RECMEM_QUICK=1 for seconds).
local quick = os.getenv("RECMEM_QUICK")

local function train(lambda, sigma)
  local net = recmem.net{task = "DE1", hidden = quick and 8 or 50, lambda = lambda,
                         sigma = sigma, seed = 1}
  net:train{iters = quick and 20 or 2000, batch = quick and 5 or 50, async = false}
  return net
end

local nets = {}
if arg and arg[1] and arg[2] then
  nets[1] = {label = "sequential?", net = recmem.load(arg[1])}
  nets[2] = {label = "persistent?", net = recmem.load(arg[2])}
else
  nets[1] = {label = "lambda0 0.98", net = train(0.98, 0)}
  nets[2] = {label = "lambda0 0.9, sigma0 0.01", net = train(0.9, 0.01)}
end

local trials = quick and 5 or 50

-- the sorted activity on a fixed stimulus (s = pi/2) as text: darker = stronger
local shades = {" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"}
local function heatmap(tr)
  local mean = tr.h:mean(1)            -- [T][units], averaged over trials
  local order = {}
  local peak, top = mean:argmax(1), mean:max(1)
  for u = 1, tr.N do
    if top[u] > 1e-3 then order[#order + 1] = u end
  end
  table.sort(order, function(a, b) return peak[a] < peak[b] or (peak[a] == peak[b] and a < b) end)
  print(string.format("  %d of %d units active; rows sorted by peak step, one column per 3 steps",
                      #order, tr.N))
  for _, u in ipairs(order) do
    local row = {}
    for t = 1, tr.T, 3 do
      local v = mean[t][u] / top[u]
      row[#row + 1] = shades[math.min(#shades, 1 + math.floor(v * (#shades - 1) + 0.5))]
    end
    print(string.format("  %4d |%s|", u, table.concat(row)))
  end
end

for _, n in ipairs(nets) do
  local net = n.net
  local tr = net:probe{trials = trials, seed = 7, s = math.pi / 2}
  local all = net:probe{trials = trials, seed = 7}
  print(string.format("\n== %s: %s", n.label, tostring(net)))
  print(string.format("  SI %.3f, information loss %.3f (%d fresh trials)", all:si(),
                      all:infloss(), trials))
  heatmap(tr)
  n.trace = all
end

-- lesion curves: information loss of the same trials as units are silenced for the whole
-- trial, by peak time (earliest first), at random, and by read-out weight (largest first)
print("\n== lesion curves: information loss as units are removed")
for _, n in ipairs(nets) do
  local N = n.net.hidden
  local step = math.max(1, N // 10)
  n.curves = {}
  for _, order in ipairs{"peak", "random", "weight"} do
    local c = n.net:lesion_curve{order = order, step = step, trials = trials, seed = 7}
    n.curves[order] = c
    local row = {}
    for i = 1, #c.infloss do row[i] = string.format("%.2f", c.infloss[i]) end
    print(string.format("  %-26s %-6s removed 0..%d by %d: %s", n.label, order, N, step,
                        table.concat(row, " ")))
  end
end

-- noise in the hidden state during the delay (steps 26-125): how much does the memory
-- degrade? A persistent attractor pulls the state back; a chain carries the error along.
print("\n== Gaussian noise added to h during the delay: information loss")
local sds = {0, 0.01, 0.03, 0.1, 0.3}
for _, n in ipairs(nets) do
  local row = {}
  for i, sd in ipairs(sds) do
    local tr = n.net:probe{trials = trials, seed = 7, noise = {sd = sd, t = {26, 125}, seed = 3}}
    row[i] = string.format("sd %-4g %.2f", sd, tr:infloss())
  end
  print(string.format("  %-26s %s", n.label, table.concat(row, "   ")))
end
