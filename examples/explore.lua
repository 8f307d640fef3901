-- explore.lua: the mechanism of two networks trained on DE1, side by side: one started as
-- W = 0.98 I and one as W = 0.9 I + 0.01 Z, the teaching demo's pair (docs/workbench.md:
-- the first tends to a sequence, the second to persistent activity). For each network:
--   * its activity on a fixed stimulus, units sorted by peak time (a diagonal ridge is a
--     sequence, horizontal bands persistent activity), its SI and information loss;
--   * the weight profile: mean W_hh between active units as a function of their lag in
--     peak order (forward-shifted for a chain, symmetric with self-excitation for
--     attractors);
--   * cross-temporal decoding of the stimulus: diagonal (a dynamic code) or square (stable);
--   * the share of variance in 3 principal components;
--   * lesion curves: information loss as units are silenced, by peak time, at random and
--     by read-out weight; and the loss when noise is added to h during the delay.
-- With recmem.plot it also writes one figure per view for both networks side by side
-- (explore-activity, -profile, -decoding, -lesion .pdf and .png) into the output directory.
--
-- Run: recmem examples/explore.lua [seq.safetensors per.safetensors [outdir]]
--   with two saved networks (docs/explore.md says how the pair there was trained), or
--   without them to train a small pair here (a few minutes; RECMEM_QUICK=1 for seconds).
local quick = os.getenv("RECMEM_QUICK")
-- figure files go to outdir; a quick run without one writes them to a temporary place and
-- removes them (it only checks that they can be made)
local tmp = quick and not (arg and arg[3]) and os.tmpname()
local prefix = tmp and (tmp .. "-") or (((arg and arg[3]) or ".") .. "/")

local function train(lambda, sigma)
  local net = recmem.net{task = "DE1", hidden = quick and 8 or 50, lambda = lambda,
                         sigma = sigma, seed = 1}
  net:train{iters = quick and 20 or 2000, batch = quick and 5 or 50, async = false}
  return net
end

local nets = {}
if arg and arg[1] and arg[2] then
  nets[1] = {label = "W = 0.98 I", net = recmem.load(arg[1])}
  nets[2] = {label = "W = 0.9 I + 0.01 Z", net = recmem.load(arg[2])}
else
  nets[1] = {label = "W = 0.98 I", net = train(0.98, 0)}
  nets[2] = {label = "W = 0.9 I + 0.01 Z", net = train(0.9, 0.01)}
end
local trials = quick and 6 or 200

-- the sorted activity as text, one row per active unit, one column per 3 steps
local shades = {" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"}
local function text_heatmap(tr)
  local mean = tr.h:mean(1) -- [T][N], averaged over trials
  local order, active = tr:order{threshold = 0.05 * mean:max()} -- quiet units left out
  local top = mean:max(1)
  print(string.format("  %d of %d units carry activity (above 5%% of the largest); rows by "
                      .. "peak step, one column per 3 steps", active, tr.N))
  for i = 1, active do
    local u = order[i]
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
  n.fixed = net:probe{trials = quick and 5 or 50, seed = 7, s = math.pi / 2}
  n.tr = net:probe{trials = trials, seed = 7}
  print(string.format("\n== %s: %s", n.label, tostring(net)))
  text_heatmap(n.fixed)
  -- the profile over the units that carry activity (trial average above 5% of the largest),
  -- by rank in peak order: quiet units would otherwise bury it in their random weights
  n.wp = net:weight_profile(n.tr, {by = "order", threshold = 0.05 * n.tr.h:mean(1):max()})
  n.dec = n.tr:decode{}
  n.pca = n.tr:pca(3)
  print(string.format("  SI %.3f, information loss %.3f on %d fresh trials", n.tr:si(),
                      n.tr:infloss(), trials))
  print(string.format("  weight profile: asymmetry %.3f, self-excitation %.3f (%d units)",
                      n.wp.asymmetry, n.wp.self, n.wp.units))
  print(string.format("  decoding in the delay: diagonal %.3f, off-diagonal %.3f, index %.3f",
                      n.dec.diag, n.dec.off, n.dec.index))
  print(string.format("  3 principal components: %.1f%% of the variance", 100 * n.pca.ratio:sum()))
end

-- lesion curves: the same trials as units are silenced for the whole trial
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
    print(string.format("  %-20s %-6s 0..%d by %d: %s", n.label, order, N, step,
                        table.concat(row, " ")))
  end
end

-- noise in h during the delay (steps 26-125): an attractor pulls the state back, a chain
-- carries the error along
print("\n== Gaussian noise added to h during the delay: information loss")
local sds = {0, 0.01, 0.03, 0.1, 0.3}
for _, n in ipairs(nets) do
  local row = {}
  for i, sd in ipairs(sds) do
    local tr = n.net:probe{trials = trials, seed = 7, noise = {sd = sd, t = {26, 125}, seed = 3}}
    row[i] = string.format("sd %g: %.2f", sd, tr:infloss())
  end
  print(string.format("  %-20s %s", n.label, table.concat(row, "  ")))
end

-- figures, both networks side by side
local plot = recmem.plot
if not plot then
  print("\n(this recmem has no recmem.plot: no figure files written)")
  return
end
local written = {}
local function both(make, name)
  local figs = {}
  for i, n in ipairs(nets) do figs[i] = make(n) end
  local g = plot.grid{figs[1], figs[2], ncols = 2}
  for _, ext in ipairs{".pdf", ".png"} do
    written[#written + 1] = g:save(prefix .. "explore-" .. name .. ext)
  end
end
both(function(n) return n.fixed:plot{title = n.label .. ": activity, s = pi/2"} end, "activity")
both(function(n)
  return plot.lines{x = n.wp.lag, y = n.wp.w, hline = 0, markers = true,
                    title = string.format("%s: asymmetry %.2f", n.label, n.wp.asymmetry),
                    xlabel = "lag in peak order (ranks)", ylabel = "mean W_hh"}
end, "profile")
both(function(n)
  return plot.heatmap{z = n.dec.score, origin = "bottom", zmin = 0, zmax = 1,
                      title = string.format("%s: decoding index %.2f", n.label, n.dec.index),
                      xlabel = "test step", ylabel = "train step", zlabel = "score"}
end, "decoding")
both(function(n)
  local series = {}
  for i, order in ipairs{"peak", "random", "weight"} do
    local c = n.curves[order]
    series[i] = {x = c.n_removed, y = c.infloss, label = order, markers = true}
  end
  return plot.lines{series = series, title = n.label .. ": lesion curves",
                    xlabel = "units removed", ylabel = "information loss"}
end, "lesion")
if tmp then
  for _, f in ipairs(written) do os.remove(f) end
  os.remove(tmp)
  print(string.format("\n%d figure files made (quick run: not kept)", #written))
else
  print(string.format("\nfigures: %sexplore-{activity,profile,decoding,lesion}.{pdf,png}", prefix))
end
