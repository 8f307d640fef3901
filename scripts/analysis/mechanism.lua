-- mechanism.lua [NET.safetensors ...]: one line per network with the mechanism analyses
-- of recmem-lua(3) ANALYSES: weight-profile asymmetry and self-excitation, the
-- cross-temporal decoding index (delay window) with its diagonal, the variance share of 3
-- principal components, and the fixed points found under the delay input.
-- Without arguments it measures two constructed networks with known answers: a shift
-- register (a chain: sequential) and W_hh = I (persistent), on a task whose angle
-- arrives once at step 1 as (1 +- cos 2s, 1 +- sin 2s).
-- Example: recmem scripts/analysis/mechanism.lua run1.safetensors run2.safetensors
local tensor = recmem.tensor

local function summary(name, net, tr)
  local wp = net:weight_profile(tr)
  local dc = tr:decode{lambda = tr.task.name == "pulse" and 1e-3 or 1}
  local p = tr:pca(3)
  local line = string.format("%-12s asymmetry %6.3f  self %6.3f  decoding diag %5.3f off %6.3f "
                             .. "index %6.3f  PCA(3) %5.3f", name, wp.asymmetry, wp.self,
                             dc.diag, dc.off, dc.index, p.ratio:sum())
  if net.model == "rnn" or net.model == "ortho" then
    local fp = net:fixed_points{trace = tr, starts = 10}
    local fixed, stable = 0, 0
    for k = 1, fp.found do
      if fp.fixed[k] then fixed = fixed + 1 end
      if fp.fixed[k] and fp.stable[k] then stable = stable + 1 end
    end
    line = line .. string.format("  fixed points %d (%d stable), max|lambda| %.3f", fixed, stable,
                                 fp.max_abs[1])
  end
  print(line)
end

if #arg > 0 then
  for _, path in ipairs(arg) do
    local net = recmem.load(path)
    summary(path:match("[^/]*$"), net, net:probe{trials = 200, seed = 1})
  end
  return
end

local STEPS = 22
recmem.task.define{
  name = "pulse", inputs = 4, outputs = 1, loss = "circular", poisson = false,
  steps = {stim = 1, delay = 20, resp = 1},
  sample = function(b, rng)
    for i = 1, b.B do
      local s = rng:uniform(0, math.pi)
      local x = b.x[i][1]
      x[1], x[2] = 1 + math.cos(2 * s), 1 - math.cos(2 * s)
      x[3], x[4] = 1 + math.sin(2 * s), 1 - math.sin(2 * s)
      for t = 1, b.T do b.target[i][t][1] = s end
      b.s[i][1] = s
    end
  end,
}
local function network(N, W)
  local net = recmem.net{task = "pulse", hidden = N, seed = 1}
  local W_in = tensor(N, 4)
  for c = 1, 4 do W_in[c][c] = 1 end
  net:set_param("W_in", W_in)
  net:set_param("W_hh", W)
  net:set_param("b_in", tensor(N))
  net:set_param("b_hh", tensor(N))
  return net
end
local NC = 4 * STEPS
local Wc = tensor(NC, NC)
for k = 0, STEPS - 2 do
  for c = 1, 4 do Wc[4 * (k + 1) + c][4 * k + c] = 1 end
end
local chain = network(NC, Wc)
summary("chain", chain, chain:probe{trials = 200, seed = 3})
local eye = tensor(4, 4)
for i = 1, 4 do eye[i][i] = 1 end
local pers = network(4, eye)
summary("W_hh = I", pers, pers:probe{trials = 200, seed = 3})
