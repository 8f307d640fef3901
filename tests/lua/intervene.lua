-- intervene.lua: the Lua API of interventions: net:probe with a fixed stimulus (s=,
-- change=, cue=) and with lesion=, clamp=, noise=, perturb=; net:lesioned; net:lesion_curve;
-- and their one-line errors. Tiny untrained networks: each check is about what an
-- intervention does to the trace, not about learning.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

-- the largest |a - b| over two tensors of the same shape
local function maxdiff(a, b)
  local d = a - b
  return math.max(d:max(), -d:min())
end

-- the largest |a - b| over trials 1..#a (of a's trials), steps t0..t1 and every unit of two
-- traces' [trials][T][N] tensors
local function stepdiff(a, b, t0, t1)
  local d = 0
  for k = 1, #a do
    for t = t0, t1 do d = math.max(d, maxdiff(a[k][t], b[k][t])) end
  end
  return d
end
-- the largest value of unit u over all trials and steps
local function unitmax(h, u)
  local m = -math.huge
  for k = 1, #h do
    for t = 1, #h[k] do m = math.max(m, h[k][t][u]) end
  end
  return m
end

-- a copy of every parameter, to check later that nothing changed them
local function snapshot(net)
  local p = {}
  for name, t in pairs(net:params()) do p[name] = t end
  return p
end
local function unchanged(net, before, what)
  for name, t in pairs(net:params()) do
    T.eq(maxdiff(t, before[name]), 0, what .. ": parameter " .. name .. " changed")
  end
end

local net = recmem.net{task = "DE1", hidden = 16, sigma = 0.1, seed = 4}
-- inputs strong enough that most units fire on every trial
local w = net:param("W_in")
for i = 1, 16 do for c = 1, 50 do w[i][c] = math.abs(w[i][c]) * 20 end end
net:set_param("W_in", w)
local b_out = net:param("b_out")
b_out[1] = 0.375
net:set_param("b_out", b_out)
local before = snapshot(net)
local base = net:probe{trials = 4, seed = 5}
local H, Tn = base.h, base.T

-- a fixed stimulus: the same s on every trial, the observer still reads the spikes
local fx = net:probe{trials = 20, s = 1.2}
local spread = 0
for k = 1, 20 do
  T.near(fx.s[k][1], 1.2, 1e-6, "fixed s on trial " .. k)
  T.near(fx.target[k][100][1], 1.2, 1e-6, "target follows s")
  spread = math.max(spread, math.abs(fx.opt[k][1] - fx.opt[1][1]))
end
T.check(spread > 1e-3, "the ideal observer still varies with the drawn spikes")
local err = 0
for k = 1, 20 do err = err + math.abs(fx.opt[k][1] - 1.2) / 20 end
T.check(err < 0.3, "the observer is near the fixed stimulus: " .. err)
local d2 = recmem.net{task = "DE2", hidden = 4}:probe{trials = 3, s = {0.5, 2.0}}
T.near(d2.s[3][2], 2.0, 1e-6, "DE2 second orientation")
local cd = recmem.net{task = "CD1", hidden = 4}:probe{trials = 6, s = 0.3, change = true}
for k = 1, 6 do T.eq(cd.s[k][1], 1, "CD1 change=true gives class 1") end
local gde = recmem.net{task = "GDE", hidden = 4}:probe{trials = 3, s = {0.5, 2.0}, cue = 2}
T.near(gde.s[1][1], 2.0, 1e-6, "GDE cue=2 asks for the second orientation")
local afc = recmem.net{task = "2AFC", hidden = 4}:probe{trials = 3, s = -15}
T.eq(afc.s[2][1], 0, "2AFC s=-15 is class 0")
local comp = recmem.net{task = "COMP", hidden = 4}:probe{trials = 3, s = {-10, 10}}
T.eq(comp.s[1][1], 0, "COMP -10 > 10 is false")

-- lesion of units 3 and 7 over steps 10..20: exactly those units, exactly those steps
local les = net:probe{trials = 4, seed = 5, lesion = {units = {3, 7}, t = {10, 20}}}
local exact, was_active = true, false
for k = 1, 4 do
  for t = 10, 20 do
    for _, u in ipairs{3, 7} do
      exact = exact and les.h[k][t][u] == 0
      was_active = was_active or H[k][t][u] ~= 0
    end
  end
end
T.check(exact, "lesioned units are 0 in their window")
T.check(was_active, "the lesioned units were active without the lesion")
T.eq(stepdiff(les.h, H, 1, 9), 0, "nothing changes before the window")
local others = true -- at the window's first step the other units still see the intact h_9
for k = 1, 4 do
  for u = 1, 16 do
    if u ~= 3 and u ~= 7 then others = others and les.h[k][10][u] == H[k][10][u] end
  end
end
T.check(others, "the other units are untouched at the lesion's first step")
-- a plain list lesions for the whole trial
local whole = net:probe{trials = 2, seed = 5, lesion = {2}}
T.eq(unitmax(whole.h, 2), 0, "lesion={2} silences unit 2 at every step")

-- every unit lesioned: the output is the read-out bias everywhere
local all = {}
for u = 1, 16 do all[u] = u end
local dead = net:probe{trials = 2, lesion = all}
T.near(dead.y:max(), 0.375, 1e-6, "all lesioned: output = b_out (max)")
T.near(dead.y:min(), 0.375, 1e-6, "all lesioned: output = b_out (min)")

-- clamp: exactly the value
local cl = net:probe{trials = 4, seed = 5, clamp = {units = {5}, value = 0.75, t = {30, 40}}}
for k = 1, 4 do
  for t = 30, 40 do T.eq(cl.h[k][t][5], 0.75, "clamped value") end
end
T.eq(stepdiff(cl.h, H, 1, 29), 0, "clamp: nothing before t")

-- noise: sd 0 leaves the trace bit-identical; a seed reproduces it
local n0 = net:probe{trials = 4, seed = 5, noise = {sd = 0}}
T.eq(maxdiff(n0.h, H), 0, "noise sd=0: h bit-identical")
T.eq(maxdiff(n0.y, base.y), 0, "noise sd=0: y bit-identical")
local na = net:probe{trials = 4, seed = 5, noise = {sd = 0.3, seed = 9, t = {50, 150}}}
local nb = net:probe{trials = 4, seed = 5, noise = {sd = 0.3, seed = 9, t = {50, 150}}}
local nc = net:probe{trials = 4, seed = 5, noise = {sd = 0.3, seed = 10, t = {50, 150}}}
T.eq(maxdiff(na.h, nb.h), 0, "noise with a seed is reproducible")
T.check(maxdiff(na.h, nc.h) > 0, "another noise seed, other noise")
T.eq(stepdiff(na.h, H, 1, 49), 0, "noise: nothing before t")
T.check(stepdiff(na.h, H, 50, 50) > 0, "noise starts at t")

-- perturb: nothing changes before t; the pulse is added at t
local pt = net:probe{trials = 4, seed = 5, perturb = {t = 60, units = {1, 2}, amount = 0.5}}
T.eq(stepdiff(pt.h, H, 1, 59), 0, "perturb: nothing before t")
T.near(pt.h[1][60][2] - H[1][60][2], 0.5, 1e-6, "perturb adds the amount at t")
T.eq(pt.h[1][60][3] - H[1][60][3], 0, "perturb leaves other units")
-- several interventions of a kind as a list
local two = net:probe{trials = 1, seed = 5, lesion = {{units = {1}, t = 5}, {units = {2}, t = {7, 8}}}}
T.check(two.h[1][5][1] == 0 and two.h[1][8][2] == 0, "a list of lesions")

-- re-measure on a trace with an intervention
T.check(type(les:infloss()) == "number" and type(les:si()) == "number", "infloss and si re-measure")
unchanged(net, before, "after the probes")

-- net:lesioned: a new network; the original is unchanged
local cut = net:lesioned{3, 7}
unchanged(net, before, "after net:lesioned")
T.check(cut ~= net and tostring(cut):find("^net rnn on DE1"), "lesioned returns a network")
local wc = cut:param("W_hh")
T.check(wc[3]:max() == 0 and wc[3]:min() == 0, "lesioned: incoming row zero")
T.eq(cut:param("W_out")[7], 0, "lesioned: outgoing read-out zero")
local ct = cut:probe{trials = 4, seed = 5}
local lt = net:probe{trials = 4, seed = 5, lesion = {3, 7}}
T.eq(unitmax(ct.h, 3), 0, "the removed unit stays silent")
T.check(maxdiff(ct.h, lt.h) < 1e-4, "lesioned network = whole-trial lesion: " .. maxdiff(ct.h, lt.h))
T.eq(recmem.net{condition = "tethered", task = "CD1", hidden = 4}:lesioned{1}:probe{trials = 1}.read_back,
     10, "a lesioned copy keeps the condition's answer step")
local gru = recmem.net{model = "gru", task = "DE1", hidden = 6}
local gcut = gru:lesioned{units = {1, 2}}
local gh = gcut:probe{trials = 2}.h
T.check(unitmax(gh, 1) == 0 and unitmax(gh, 2) == 0, "lesioned GRU units stay at 0")

-- the lesion curve starts at the unlesioned information loss
for _, order in ipairs{"peak", "random", "weight"} do
  local c = net:lesion_curve{order = order, step = 4, trials = 8, seed = 3}
  T.eq(#c.n_removed, 5, order .. ": 0, 4, 8, 12, 16 removed")
  for i = 1, 5 do T.eq(c.n_removed[i], 4 * (i - 1), order .. " point " .. i) end
  T.near(c.infloss[1], net:probe{trials = 8, seed = 3}:infloss(), 1e-6, order .. " starts unlesioned")
  T.near(c.infloss[5], net:probe{trials = 8, seed = 3, lesion = all}:infloss(), 1e-6,
         order .. " ends with every unit removed")
  local seen = {}
  for i = 1, 16 do seen[c.order[i]] = true end
  local n = 0
  for _ in pairs(seen) do n = n + 1 end
  T.eq(n, 16, order .. " order is a permutation")
  -- recmem.show and figure_of recognise it, and name its order
  T.eq(c.kind, "lesion_curve", order .. ": kind")
  T.eq(c.by, order, order .. ": by")
  T.check(tostring(recmem.plot.figure_of(c)):find("lesion curve (" .. order .. " order)", 1, true),
          order .. ": figure title")
end
local r1 = net:lesion_curve{order = "random", seed = 1, step = 8, trials = 2}
local r2 = net:lesion_curve{order = "random", seed = 1, step = 8, trials = 2}
T.eq(maxdiff(r1.order, r2.order), 0, "random order reproducible with its seed")
local wgt = net:lesion_curve{order = "weight", step = 16, trials = 2}
local wo = net:param("W_out")
T.check(math.abs(wo[wgt.order[1]]) >= math.abs(wo[wgt.order[16]]), "weight order: largest first")
local pk = net:lesion_curve{order = "peak", step = 16, trials = 8, seed = 3}
local mean = net:probe{trials = 8, seed = 3}.h:mean(1) -- [T][N]
local peak, top = mean:argmax(1), mean:max(1)
local sorted, last = true, 0
for i = 1, 16 do
  local u = pk.order[i]
  local p = top[u] > 0 and peak[u] or 151
  sorted = sorted and p >= last
  last = p
end
T.check(sorted, "peak order: earliest peak first, silent units last")
unchanged(net, before, "after the lesion curves")

-- bad arguments: one-line errors naming the problem
local function raises(opts, pattern)
  T.raises(function() net:probe(opts) end, pattern, pattern)
end
raises({lesion = {0}}, "net:probe: lesion: unit 0 is outside 1..16")
raises({lesion = {17}}, "unit 17 is outside 1..16")
raises({lesion = {units = {1}, t = {0, 5}}}, "step 0 is outside the trial's 1..150")
raises({clamp = {units = {1}, value = 1, t = 151}}, "step 151 is outside")
raises({clamp = {units = {1}}}, "clamp needs value=")
raises({noise = {sd = -1}}, "noise: sd = -1 is negative")
raises({perturb = {amount = 1}}, "perturb needs t=")
raises({lesion = {units = {}}}, "the list of units is empty")
raises({lesion = {units = {1}, when = 3}}, "unknown option 'when'")
raises({s = 3.5}, "stimulus 3.5 out of range")
raises({s = {1, 2}}, "takes 1 stimulus value, got 2")
raises({cue = 1}, "task DE1 has no cue to fix")
raises({batch = recmem.task("DE1"):sample{batch = 2}, s = 1}, "do not apply to batch=")
T.raises(function() recmem.net{task = "SINE", hidden = 4}:probe{s = 1} end,
         "task SINE has no latent stimulus to fix")
T.raises(function() net:lesioned{0} end, "net:lesioned: units: unit 0 is outside 1..16")
T.raises(function() net:lesion_curve{order = "size"} end, "order must be")
T.raises(function() net:lesion_curve{step = 0} end, "step = 0 is out of range")
for _, msg in ipairs{pcall(net.probe, net, {lesion = {99}})} do
  if type(msg) == "string" then T.check(not msg:find("\n"), "errors are one line") end
end

T.done("intervene.lua")
