-- analysis.lua: the mechanism and dynamics analyses on constructed networks whose answers
-- are known: a shift register (a chain) and an identity recurrence (persistent) driven by
-- a one-step stimulus, and linear-region ReLU networks with a known fixed point. Plus the
-- errors of bad arguments. (NumPy cross-checks: tests/analysis_reference.sh.)
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")
local tensor = recmem.tensor

-- Constructed networks (recmem.toy): the stimulus s in [0, pi) arrives once, at step 1,
-- as four features from which (cos 2s, sin 2s) is linear; then 20 silent steps.
local toy = require "recmem.toy"
local STEPS = 22
local PULSE = toy.task(STEPS - 2)
local function network(N, W) return toy.network(W, STEPS - 2) end

-- The chain: block k (4 units) hands its content to block k + 1 at each step.
local NC = 4 * STEPS
local Wc = toy.chain_weights(STEPS)
local chain = network(NC, Wc)
local tc = chain:probe{trials = 200, seed = 3}

-- peak times: block k peaks at step k + 1
local peak = tc:peak_times()
T.eq(peak[1], 1, "chain: unit 1 peaks at step 1")
T.eq(peak[4 * 5 + 2], 6, "chain: block 5 peaks at step 6")
local order, active = tc:order()
T.eq(active, NC, "chain: every unit is active")
local sorted = true
for r = 2, NC do sorted = sorted and peak[order[r]] >= peak[order[r - 1]] end
T.check(sorted, "order sorts units by peak time")

-- weight profile: all the mass one step forward
local wp = chain:weight_profile(tc)
T.near(wp.asymmetry, 1, 1e-9, "chain: asymmetry +1")
local at = {}
for k = 1, wp.lag:numel() do at[wp.lag[k]] = k end
T.near(wp.w[at[1]], 0.25, 1e-6, "chain: lag +1 holds the weights (4 of 16 pairs per block pair)")
T.near(wp.w[at[-1]], 0, 1e-9, "chain: nothing at lag -1")
T.near(wp.self, 0, 1e-9, "chain: no self-excitation")
local wo = chain:weight_profile(tc, {by = "order", bin = 4})
T.check(wo.asymmetry == 1 and wo.by == "order" and wo.bin == 4, "profile by order, binned")

-- decoding: only the diagonal decodes (each step's decoder reads its own block)
local dc = tc:decode{lambda = 1e-3}
T.check(dc.circular, "pulse's s is an angle: decoded as (cos 2s, sin 2s)")
T.eq(dc.from, 2, "the index covers the delay: from")
T.eq(dc.to, 21, "the index covers the delay: to")
T.eq(dc.train + dc.test, 200, "train/test split of the trials")
T.check(dc.diag > 0.95, "chain: the diagonal decodes (" .. dc.diag .. ")")
T.check(math.abs(dc.index) < 0.15, "chain: a diagonal matrix, index near 0 (" .. dc.index .. ")")
T.check(dc.score[5][12] < 0.2, "chain: a decoder from step 5 fails at step 12")

-- The same chain trace with a symmetric W (W + W^T): a symmetric profile, asymmetry 0
local sym = network(NC, Wc + Wc:transpose())
local ws = sym:weight_profile(tc)
T.near(ws.asymmetry, 0, 1e-9, "symmetric W: asymmetry 0")
local symmetric = true
for k = 1, ws.lag:numel() do
  local j = at[-ws.lag[k]]
  if ws.w[k] == ws.w[k] then symmetric = symmetric and math.abs(ws.w[k] - ws.w[j]) < 1e-6 end
end
T.check(symmetric, "symmetric W: w(d) = w(-d)")

-- Persistent: W_hh = I keeps the features in units 1..4 for the whole trial
local pers = network(4, tensor{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}})
local tp = pers:probe{trials = 200, seed = 3}
local wpp = pers:weight_profile(tp)
T.near(wpp.asymmetry, 0, 1e-9, "W = I: asymmetry 0")
T.near(wpp.self, 1, 1e-6, "W = I: self-excitation 1")
local dp = tp:decode{lambda = 1e-3}
T.check(dp.diag > 0.95 and dp.index > 0.95, "W = I: a square matrix, index near 1 (" .. dp.index .. ")")
T.check(dp.score[2][21] > 0.95, "W = I: a decoder from step 2 works at step 21")
-- targets given as a tensor (R^2): the same answer for the linear readout cos 2s
local cos2s = tensor(200)
for b = 1, 200 do cos2s[b] = math.cos(2 * tp.s[b][1]) end
local dr = tp:decode{target = cos2s, lambda = 1e-3}
T.check(not dr.circular and dr.diag > 0.99 and dr.index > 0.99, "R^2 decoding of a tensor target")

-- PCA and trajectories: the identity network's states span 2 dimensions of variance
-- beyond the mean (cos and sin of 2s), so 2 components explain everything after step 1
local p = tp:pca(4)
T.near(p.ratio[1] + p.ratio[2], 1, 1e-3, "W = I: two components explain the variance")
local traj, pt = tp:traj(2)
T.eq(table.concat(traj:shape(), "x"), "200x22x2", "traj is trials x T x k")
T.eq(pt.k, 2, "traj's PCA table")

-- Fixed points of a linear-region network: W = blocks with eigenvalues 0.5 +- 0.3i, 0.8,
-- 0.2; u = (I - W) h* puts the fixed point at h* = (1, 2, 3, 4), where every unit is active
local function linear_net(W, hstar)
  local N = #hstar
  local net = network(N, W)
  net:set_param("W_in", tensor(N, 4))
  local h = tensor(hstar)
  net:set_param("b_in", h - W:matmul(h))
  return net, h
end
local W = tensor{{0.5, -0.3, 0, 0}, {0.3, 0.5, 0, 0}, {0, 0, 0.8, 0}, {0, 0, 0, 0.2}}
local lin, hstar = linear_net(W, {1, 2, 3, 4})
local starts = tensor{{0, 0, 0, 0}, {5, 5, 5, 5}, {1.1, 2.2, 2.9, 4.3}}
local fp = lin:fixed_points{input = "zero", starts = starts}
T.eq(fp.found, 1, "linear: the three starts converge to one point")
for i = 1, 4 do T.near(fp.points[1][i], hstar[i], 1e-4, "linear: the fixed point h*") end
T.check(fp.fixed[1] and fp.q[1] <= fp.tol, "linear: q below tol")
T.check(fp.stable[1], "linear: stable (all |lambda| < 1)")
T.near(fp.max_abs[1], 0.8, 1e-5, "linear: largest modulus 0.8")
local want = {{0.8, 0}, {0.5, 0.3}, {0.5, -0.3}, {0.2, 0}} -- sorted by modulus
for k = 1, 4 do
  T.near(fp.eig_re[1][k], want[k][1], 1e-5, "linear: eigenvalue " .. k .. " (re)")
  T.near(fp.eig_im[1][k], want[k][2], 1e-5, "linear: eigenvalue " .. k .. " (im)")
end
local fv = lin:fixed_points{input = "zero", starts = starts, vectors = true}
local v1 = fv.vectors_re[1]:select(2, 1)                 -- eigenvalue 0.8: the third axis
T.near(math.abs(v1[3]), 1, 1e-5, "eigenvector of 0.8 is e3")
T.check(fv.vectors_im[1]:select(2, 2):abs():sum() > 0.5, "the complex pair's eigenvector is complex")
local J = lin:jacobian(hstar, {input = "zero"})
T.near((J - W):abs():max(), 0, 1e-7, "jacobian in the linear region is W")
local ev = recmem.linalg.eig(J)
T.near(ev.abs[2], math.sqrt(0.34), 1e-5, "eig of the jacobian: |0.5 + 0.3i|")

-- An unstable fixed point (eigenvalue 1.5) is found too, and reported unstable
local Wu = tensor{{1.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 0.5, 0}, {0, 0, 0, 0.5}}
local uns = linear_net(Wu, {1, 1, 1, 1})
local fu = uns:fixed_points{input = "zero", starts = tensor{{1.2, 0.9, 1.1, 1}}}
T.near(fu.points[1][1], 1, 1e-4, "unstable: found h*")
T.check(not fu.stable[1] and fu.n_unstable[1] == 1, "unstable: one eigenvalue outside the unit circle")
T.near(fu.max_abs[1], 1.5, 1e-5, "unstable: |lambda| = 1.5")

-- Starts from real trials and the delay input (the default): the chain has one fixed point
-- under zero input, h = 0 (its Jacobian is nilpotent: every eigenvalue 0)
local fc = chain:fixed_points{starts = 5, seed = 2}
T.eq(fc.found, 1, "chain: one fixed point from 5 trial states")
T.near(fc.points[1]:abs():max(), 0, 1e-5, "chain: the fixed point is 0")
T.eq(fc.input:numel(), 4, "the delay input used is reported")
T.near(fc.max_abs[1], 0, 1e-3, "chain: nilpotent Jacobian")

-- result tables say what they are (for recmem.show)
T.eq(wp.kind .. " " .. dc.kind .. " " .. p.kind .. " " .. fp.kind .. " " .. ev.kind,
     "weight_profile decode pca fixed_points eig", "kind fields")

-- errors are one line naming the problem
T.raises(function() tc:decode{method = "svm"} end, "tr:decode: unknown method 'svm' (known: ridge)")
T.raises(function() tc:decode{lambda = 0} end, "tr:decode: decode: lambda must be > 0")
T.raises(function() tc:decode{target = tensor(3)} end, "a target tensor must be [trials] or [trials][q] with 200 trials")
T.raises(function() tc:decode{train = 1.5} end, "train must be a fraction in (0, 1)")
T.raises(function() tc:decode{colour = 1} end, "colour")
T.raises(function() tc:pca(0) end, "k must be >= 1")
T.raises(function() tc:pca(NC + 1) end, "k = 89 is not in 1..88")
T.raises(function() pers:weight_profile(tc) end, "net:weight_profile: the trace has 88 units, the network 4")
T.raises(function() chain:weight_profile(tc, {by = "size"}) end, "by must be \"time\" or \"order\"")
T.raises(function() lin:jacobian(tensor(3), {input = "zero"}) end, "net:jacobian: the state must be a tensor of 4 values")
T.raises(function() lin:fixed_points{input = "noise"} end, "input must be \"delay\", \"zero\" or a tensor")
T.raises(function() lin:fixed_points{starts = tensor(2, 3), input = "zero"} end, "starts must be a count or a tensor [K][4]")
local gru = recmem.net{model = "gru", task = PULSE, hidden = 4}
T.raises(function() gru:fixed_points{} end, "net:fixed_points: model gru is not supported")
T.raises(function() gru:jacobian(tensor(4)) end, "net:jacobian: model gru is not supported")

T.done("analysis")
