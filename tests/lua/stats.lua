-- stats.lua: recmem.stats on cases whose answers are known by hand: the sign-flip test's
-- exact p-values, the Monte Carlo p's (count + 1) / (R + 1) form, Student-t quantiles from
-- tables, the interval and t-test of a small sample, missing pairs, the keep criterion, and
-- the error messages. tests/stats_scipy.sh checks the same functions against SciPy.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")
local stats = require "recmem.stats"
local nan = 0 / 0

-- sign-flip test, exact: all five differences positive -> only the all-plus and all-minus
-- assignments reach |sum| = 15: p = 2/32
local r = stats.paired({3, 4, 5, 6, 7}, {2, 3, 4, 5, 6.5})
T.eq(r.method, "exact", "n = 5 is enumerated")
T.eq(r.resamples, 32, "2^5 assignments")
T.near(r.p, 2 / 32, 1e-15, "all positive, n = 5: p = 2/32")
T.eq(r.pos, 5, "five positive differences")
-- a symmetric set: the observed sum is 0, every assignment reaches it
r = stats.paired({1, -1, 2, -2, 0.5, -0.5}, {0, 0, 0, 0, 0, 0})
T.near(r.p, 1, 0, "symmetric differences: p = 1")
T.near(r.mean, 0, 1e-15, "symmetric differences: mean 0")
-- one difference out of sign: d = {1, 1, 1, 1, -1}: |sum| >= 3 needs at most one minus sign
-- among the ones (or its mirror): (1 + 5) * 2 / 32 -- check by counting
local d = {1, 1, 1, 1, -1}
local p = stats.signflip(d)
T.near(p, 12 / 32, 1e-15, "d = 1,1,1,1,-1: p = 12/32")
-- ties by rounding count as ties: flipping {0.1, 0.2, -0.3} (sum 5.6e-17 in doubles, 0 in
-- exact arithmetic) leaves |sum| at 1; flipped subsets summing to <= 0 or >= 1: 10 of 16
p = stats.signflip({0.1, 0.2, -0.3, 1})
T.near(p, 10 / 16, 1e-15, "0.1, 0.2, -0.3, 1: p = 10/16")

-- Monte Carlo beyond exact_max: 25 positive differences; a random assignment reaches the
-- observed |sum| with probability 2/2^25, so with 999 resamples count = 0 and p = 1/1000
r = stats.paired({}, {})
T.eq(r.n, 0, "no pairs")
T.check(r.p ~= r.p and r.mean ~= r.mean, "no pairs: p and mean are NaN")
local a, b = {}, {}
for i = 1, 25 do a[i], b[i] = 1 + i / 100, 0 end
r = stats.paired(a, b, {resamples = 999, seed = 7})
T.eq(r.method, "monte carlo", "n = 25 is sampled")
T.eq(r.resamples, 999, "resamples as asked")
T.near(r.p, 1 / 1000, 1e-15, "all positive, n = 25, R = 999: p = (0 + 1)/(999 + 1)")
-- Monte Carlo agrees with exact enumeration (n = 16 forced both ways) within 5 SE
a, b = {}, {}
for i = 1, 16 do a[i], b[i] = math.sin(i * 1.7) + 0.35, 0 end
local pe = stats.paired(a, b).p
local pm = stats.paired(a, b, {exact_max = 10, resamples = 20000, seed = 3}).p
T.check(pe > 0.01 and pe < 0.9, "exact p in a range where the comparison means something: " .. pe)
T.near(pm, pe, 5 * math.sqrt(pe * (1 - pe) / 20000), "Monte Carlo p near the exact p")
-- the same seed gives the same p; another seed another sample
T.eq(stats.paired(a, b, {exact_max = 10, resamples = 2000, seed = 3}).p,
     stats.paired(a, b, {exact_max = 10, resamples = 2000, seed = 3}).p, "seeded Monte Carlo")

-- Student t quantiles (two-sided 95% and 99% table values)
T.near(stats.t_quantile(0.975, 1), 12.706204736174707, 1e-9, "t(0.975, 1)")
T.near(stats.t_quantile(0.975, 2), 4.302652729749464, 1e-9, "t(0.975, 2)")
T.near(stats.t_quantile(0.975, 9), 2.2621571628540993, 1e-9, "t(0.975, 9)")
T.near(stats.t_quantile(0.995, 4), 4.604094871415897, 1e-9, "t(0.995, 4)")
T.near(stats.t_quantile(0.975, 1e6), 1.959966, 1e-5, "t(0.975, 1e6) is the normal 1.96")
T.near(stats.t_quantile(0.025, 9), -2.2621571628540993, 1e-9, "lower quantiles by symmetry")
T.eq(stats.t_quantile(0.5, 3), 0, "median 0")
T.check(stats.t_quantile(1, 3) ~= stats.t_quantile(1, 3), "p = 1: NaN")
T.near(stats.t_cdf(stats.t_quantile(0.9, 2.5), 2.5), 0.9, 1e-12, "cdf inverts the quantile")
-- df = 2 has a closed-form quantile: (2p - 1) sqrt(2 / (4 p (1 - p)))
for _, q in ipairs{0.6, 0.9, 0.99, 0.9995} do
  local want = (2 * q - 1) * math.sqrt(2 / (4 * q * (1 - q)))
  T.near(stats.t_quantile(q, 2), want, 1e-12 * want, "t(" .. q .. ", 2) closed form")
end
-- df = 1 is Cauchy: F(t) = 1/2 + atan(t)/pi; df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
for _, t in ipairs{-3, -0.4, 0.7, 5} do
  T.near(stats.t_cdf(t, 1), 0.5 + math.atan(t) / math.pi, 1e-13, "Cauchy cdf at " .. t)
  T.near(stats.t_cdf(t, 2), 0.5 + t / (2 * math.sqrt(2 + t * t)), 1e-13, "t2 cdf at " .. t)
end

-- the interval and the t-test of a hand-computed case: d = 1, 2, 3, 4, 5
r = stats.paired({1, 2, 3, 4, 5}, {0, 0, 0, 0, 0})
T.near(r.mean, 3, 1e-15, "mean")
T.near(r.sd, math.sqrt(2.5), 1e-14, "sd with n - 1")
local half = 2.7764451051977987 * math.sqrt(2.5 / 5)
T.near(r.lo, 3 - half, 1e-9, "95% interval low")
T.near(r.hi, 3 + half, 1e-9, "95% interval high")
T.near(r.t, 3 / math.sqrt(0.5), 1e-12, "t statistic")
T.eq(r.df, 4, "df")
-- level
local r90 = stats.paired({1, 2, 3, 4, 5}, {0, 0, 0, 0, 0}, {level = 0.9})
T.check(r90.hi < r.hi and r90.lo > r.lo, "a 90% interval is narrower")

-- missing values drop the pair and are counted; a constant difference has sd 0
r = stats.paired({1, nan, 3, 4, false, 2}, {0, 0, nan, 1, 0, -1})
T.eq(r.n, 3, "three complete pairs")
T.eq(r.dropped, 3, "three dropped")
T.near(r.mean, 7 / 3, 1e-15, "d = 1, 3, 3")
r = stats.paired({2, 3, 4}, {1, 2, 3})
T.near(r.sd, 0, 1e-15, "constant difference")
T.eq(r.p_t, 0, "constant nonzero difference: t-test p 0")
r = stats.paired({5}, {1})
T.eq(r.n, 1, "one pair")
T.check(r.lo ~= r.lo and r.p_t ~= r.p_t, "one pair: no interval, no t-test")
T.near(r.p, 1, 0, "one pair: sign flip p = 2/2")

-- keep criterion: both members need information loss < 0.5; NaN fails
local ka, kb, dropped = stats.keep({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10},
                                   {0.1, 0.6, 0.2, nan, 0.49}, {0.3, 0.1, 0.5, 0.1, 0.2})
T.eq(dropped, 3, "pairs 2 (0.6), 3 (0.5 is not < 0.5) and 4 (NaN) dropped")
T.eq(table.concat(ka, ","), "1,5", "kept a")
T.eq(table.concat(kb, ","), "6,10", "kept b")
ka, kb, dropped = stats.keep({1, 2}, {3, 4}, {0.7, 0.1}, {0.1, 0.1}, 0.8)
T.eq(dropped, 0, "another threshold")

-- errors name the problem
T.raises(function() stats.paired({1, 2}, {1}) end, "differ in length", "length mismatch")
T.raises(function() stats.paired({1, "x"}, {1, 2}) end, "a[2] is a string", "not a number")
T.raises(function() stats.paired(1, {}) end, "two arrays", "not arrays")
T.raises(function() stats.paired({1}, {2}, {level = 2}) end, "level", "bad level")
T.raises(function() stats.keep({1}, {2}, {0.1, 0.2}, {0.1, 0.2}) end, "information losses",
         "keep: lengths")

T.raises(function() stats.paired({1}, {2}, 5) end, "options must be a table", "options")
T.raises(function() stats.paired({1}, {2}, {resamples = 0}) end, "resamples must be >= 1",
         "no resamples")
T.raises(function() stats.paired({1}, {2}, {seed = 1.5}) end, "seed must be an integer",
         "fractional seed")
T.raises(function() stats.paired({1}, {2}, {exact_max = 40}) end, "exact_max above 30",
         "enumeration too large")
T.raises(function() stats.keep({1}, {2}, {0.1}, {0.1}, "x") end, "threshold must be a number",
         "keep: threshold")

T.done("stats.lua")
