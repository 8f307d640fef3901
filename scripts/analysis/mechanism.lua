-- mechanism.lua [NET.safetensors ...]: one line per network with the mechanism analyses
-- of recmem-lua(3) ANALYSES: weight-profile asymmetry and self-excitation, the
-- cross-temporal decoding index (delay window) with its diagonal, the variance share of 3
-- principal components, and the fixed points found under the delay input.
-- Without arguments it measures two constructed networks with known answers: a shift
-- register (a chain: sequential) and W_hh = I (persistent), on a task whose angle
-- arrives once at step 1 as (1 +- cos 2s, 1 +- sin 2s).
-- Example: recmem scripts/analysis/mechanism.lua run1.safetensors run2.safetensors
local function summary(name, net, tr)
  local wp = net:weight_profile(tr)
  local dc = tr:decode{lambda = tr.task.name:match("^pulse%d+$") and 1e-3 or 1}
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

-- the constructed pair (recmem.toy): 20 silent steps after the stimulus
local toy = require "recmem.toy"
local chain = toy.chain(20)
summary("chain", chain, chain:probe{trials = 200, seed = 3})
local pers = toy.identity(4, 20)
summary("W_hh = I", pers, pers:probe{trials = 200, seed = 3})
