-- stats.lua: statistics for paired comparisons of trained networks (require "recmem.stats").
--
-- The paper's factors are compared pair by pair (same seed and grid point, one factor
-- changed). This module turns paired values (a_i, b_i) into what a report needs: the number
-- of pairs, the mean difference a - b with its Student-t 95% interval, the paired t-test, and
-- a two-sided sign-flip permutation test, which assumes only that under "no effect" each
-- difference is as likely to have either sign. Pure Lua, no dependency on the recmem module.
--
--   local stats = require "recmem.stats"
--   local r = stats.paired(si_seq, si_per)        -- NaN or false marks a missing value
--   print(r.n, r.mean, r.lo, r.hi, r.p)
--   local a, b, dropped = stats.keep(si_seq, si_per, il_seq, il_per)   -- paper's criterion

local stats = {}

local function isnan(x) return x ~= x end

-- log Gamma(x) for x > 0: Lanczos approximation (g = 7, 9 terms), relative error ~1e-15.
local lanczos = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7 }
local function lgamma(x)
  if x < 0.5 then  -- reflection keeps the series in its accurate range
    return math.log(math.pi / math.abs(math.sin(math.pi * x))) - lgamma(1 - x)
  end
  x = x - 1
  local s = lanczos[1]
  for i = 1, 8 do s = s + lanczos[i + 1] / (x + i) end
  local t = x + 7.5
  return 0.5 * math.log(2 * math.pi) + (x + 0.5) * math.log(t) - t + math.log(s)
end
stats.lgamma = lgamma

-- Continued fraction of the incomplete beta function (modified Lentz, as in Numerical
-- Recipes' betacf); converges fast for x < (a + 1) / (a + b + 2).
local function betacf(a, b, x)
  local tiny, eps = 1e-300, 1e-16
  local qab, qap, qam = a + b, a + 1, a - 1
  local c, d = 1, 1 - qab * x / qap
  if math.abs(d) < tiny then d = tiny end
  d = 1 / d
  local h = d
  for m = 1, 10000 do
    local m2 = 2 * m
    local aa = m * (b - m) * x / ((qam + m2) * (a + m2))
    d = 1 + aa * d; if math.abs(d) < tiny then d = tiny end
    c = 1 + aa / c; if math.abs(c) < tiny then c = tiny end
    d = 1 / d
    h = h * d * c
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
    d = 1 + aa * d; if math.abs(d) < tiny then d = tiny end
    c = 1 + aa / c; if math.abs(c) < tiny then c = tiny end
    d = 1 / d
    local del = d * c
    h = h * del
    if math.abs(del - 1) < eps then break end
  end
  return h
end

-- The regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1.
function stats.betainc(a, b, x)
  if isnan(x) or a <= 0 or b <= 0 then return 0 / 0 end
  if x <= 0 then return 0 end
  if x >= 1 then return 1 end
  local lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * math.log(x) + b * math.log(1 - x)
  if x < (a + 1) / (a + b + 2) then
    return math.exp(lbt) * betacf(a, b, x) / a
  end
  return 1 - math.exp(lbt) * betacf(b, a, 1 - x) / b
end

-- P(T <= t) for Student's t with df > 0 degrees of freedom.
function stats.t_cdf(t, df)
  if isnan(t) or not (df > 0) then return 0 / 0 end
  if t == math.huge then return 1 end
  if t == -math.huge then return 0 end
  local t2 = t * t
  if t2 < df then
    -- near the centre 1 - df/(df + t^2) would lose digits: use P(|T| < |t|) = I_y(1/2, df/2)
    local centre = 0.5 * stats.betainc(0.5, df / 2, t2 / (df + t2))
    return t > 0 and 0.5 + centre or 0.5 - centre
  end
  local tail = 0.5 * stats.betainc(df / 2, 0.5, df / (df + t2))  -- P(T > |t|)
  return t > 0 and 1 - tail or tail
end

-- The p-quantile of Student's t (0 < p < 1, df > 0): the root of t_cdf(t) = p, bracketed
-- and found by bisection to double precision (t_cdf is monotone, so this cannot fail).
function stats.t_quantile(p, df)
  if isnan(p) or p <= 0 or p >= 1 or not (df > 0) then return 0 / 0 end
  if p == 0.5 then return 0 end
  if p < 0.5 then return -stats.t_quantile(1 - p, df) end
  local lo, hi = 0, 1
  while stats.t_cdf(hi, df) < p do
    lo, hi = hi, hi * 2
    if hi > 1e300 then return math.huge end
  end
  for _ = 1, 200 do
    local mid = 0.5 * (lo + hi)
    if mid == lo or mid == hi then break end
    if stats.t_cdf(mid, df) < p then lo = mid else hi = mid end
  end
  return 0.5 * (lo + hi)
end

-- splitmix64 (Steele, Lea & Flood 2014): a tiny generator with Lua 5.4's wrapping 64-bit
-- integers, so Monte Carlo p-values depend on the seed only, not on math.random's state.
local function splitmix(seed)
  local s = math.tointeger(seed) or 0
  return function()
    s = s + 0x9E3779B97F4A7C15
    local z = s
    z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ~ (z >> 27)) * 0x94D049BB133111EB
    return z ~ (z >> 31)
  end
end

-- Two-sided sign-flip permutation test of mean(d) = 0 with statistic |sum d|.
-- n <= exact_max: all 2^n sign assignments (Gray-code order, one flip per step), p = the
-- fraction with |sum| >= the observed one. Beyond: `resamples` random assignments from
-- `seed`, p = (count + 1) / (resamples + 1). A relative tolerance of 1e-9 counts sums equal
-- up to rounding as ties (they are ties: the same numbers added in another order).
function stats.signflip(d, opts)
  opts = opts or {}
  local n = #d
  local exact_max = opts.exact_max or 20
  local resamples = opts.resamples or 100000
  local obs, scale = 0, 0
  for i = 1, n do obs = obs + d[i]; scale = scale + math.abs(d[i]) end
  obs = math.abs(obs)
  local thr = obs - 1e-9 * scale
  if n == 0 then return 0 / 0, "exact", 0 end
  if n <= exact_max then
    local sum, count = 0, 0
    local sign = {}
    for i = 1, n do sign[i] = 1; sum = sum + d[i] end
    if math.abs(sum) >= thr then count = count + 1 end
    local total = 1 << n
    for k = 1, total - 1 do
      -- Gray code: step k flips the bit of k's lowest set bit
      local bit, v = 1, k
      while v & 1 == 0 do v = v >> 1; bit = bit + 1 end
      sign[bit] = -sign[bit]
      sum = sum + 2 * sign[bit] * d[bit]
      if math.abs(sum) >= thr then count = count + 1 end
    end
    return count / total, "exact", total
  end
  local rand = splitmix(opts.seed or 1)
  local count = 0
  for _ = 1, resamples do
    local sum, bits, left = 0, 0, 0
    for i = 1, n do
      if left == 0 then bits, left = rand(), 64 end
      sum = sum + ((bits & 1 == 1) and d[i] or -d[i])
      bits, left = bits >> 1, left - 1
    end
    if math.abs(sum) >= thr then count = count + 1 end
  end
  return (count + 1) / (resamples + 1), "monte carlo", resamples
end

local function missing(x) return x == false or x == nil or isnan(x) end

local function check_values(fn, name, t, n)
  for i = 1, n do
    local v = t[i]
    if v ~= false and v ~= nil and type(v) ~= "number" then
      error(string.format("%s: %s[%d] is a %s, not a number", fn, name, i, type(v)), 3)
    end
  end
end

local function check_arrays(fn, a, b)
  if type(a) ~= "table" or type(b) ~= "table" then
    error(fn .. ": expects two arrays of numbers", 3)
  end
  if #a ~= #b then
    error(string.format("%s: the arrays differ in length (%d and %d): every value needs its pair"
                        .. " (mark a missing one with 0/0 or false)", fn, #a, #b), 3)
  end
end

-- Paired comparison of a and b (same length; 0/0 or false marks a missing value, and its
-- pair is dropped and counted). Returns a table:
--   n, dropped            pairs used, pairs dropped for a missing value
--   mean, sd, se          of d = a - b (sd with n - 1; NaN below 2 pairs)
--   lo, hi, level         the Student-t interval for the mean difference (level 0.95)
--   t, df, p_t            paired t-test, two-sided
--   p, method, resamples  sign-flip permutation test, two-sided ("exact" enumerates 2^n)
--   pos, neg, zero        how many differences are > 0, < 0, = 0
-- opts: level (0.95), exact_max (20), resamples (100000), seed (1).
function stats.paired(a, b, opts)
  local fn = "stats.paired"
  if opts ~= nil and type(opts) ~= "table" then error(fn .. ": options must be a table", 2) end
  opts = opts or {}
  for _, k in ipairs{"exact_max", "resamples", "seed"} do
    if opts[k] ~= nil and not math.tointeger(opts[k]) then
      error(fn .. ": " .. k .. " must be an integer", 2)
    end
  end
  if opts.resamples and opts.resamples < 1 then error(fn .. ": resamples must be >= 1", 2) end
  if opts.exact_max and opts.exact_max > 30 then
    error(fn .. ": exact_max above 30 would enumerate more than 2^30 assignments", 2)
  end
  check_arrays(fn, a, b)
  check_values(fn, "a", a, #a)
  check_values(fn, "b", b, #b)
  local level = opts.level or 0.95
  if type(level) ~= "number" or not (level > 0 and level < 1) then
    error(fn .. ": level must be between 0 and 1", 2)
  end
  local d, dropped = {}, 0
  for i = 1, #a do
    if missing(a[i]) or missing(b[i]) then dropped = dropped + 1
    else d[#d + 1] = a[i] - b[i] end
  end
  local n = #d
  local r = {n = n, dropped = dropped, level = level, pos = 0, neg = 0, zero = 0}
  local sum = 0
  for i = 1, n do
    sum = sum + d[i]
    if d[i] > 0 then r.pos = r.pos + 1 elseif d[i] < 0 then r.neg = r.neg + 1
    else r.zero = r.zero + 1 end
  end
  r.mean = n > 0 and sum / n or 0 / 0
  local ss = 0
  for i = 1, n do ss = ss + (d[i] - r.mean) ^ 2 end
  r.sd = n > 1 and math.sqrt(ss / (n - 1)) or 0 / 0
  r.se = r.sd / math.sqrt(n)
  r.df = n - 1
  local q = n > 1 and stats.t_quantile(1 - (1 - level) / 2, n - 1) or 0 / 0
  r.lo, r.hi = r.mean - q * r.se, r.mean + q * r.se
  r.t = r.mean / r.se
  if n > 1 then
    if r.se == 0 then r.p_t = r.mean == 0 and 1 or 0
    else r.p_t = 2 * stats.t_cdf(-math.abs(r.t), r.df) end
  else
    r.p_t = 0 / 0
  end
  r.p, r.method, r.resamples = stats.signflip(d, opts)
  return r
end

-- The paper's keep criterion on pairs: a pair stays if both members' test information loss
-- is below `threshold` (0.5); a NaN or missing loss fails it. Returns the kept a and b
-- values (new arrays) and the number of pairs dropped.
function stats.keep(a, b, il_a, il_b, threshold)
  local fn = "stats.keep"
  check_arrays(fn, a, b)
  check_arrays(fn, il_a, il_b)
  if #il_a ~= #a then
    error(string.format("%s: %d values but %d information losses", fn, #a, #il_a), 2)
  end
  check_values(fn, "il_a", il_a, #il_a)
  check_values(fn, "il_b", il_b, #il_b)
  threshold = threshold or 0.5
  if type(threshold) ~= "number" then error(fn .. ": the threshold must be a number", 2) end
  local ka, kb, dropped = {}, {}, 0
  for i = 1, #a do
    local ok = not missing(il_a[i]) and not missing(il_b[i])
               and il_a[i] < threshold and il_b[i] < threshold
    if ok then ka[#ka + 1], kb[#kb + 1] = a[i], b[i] else dropped = dropped + 1 end
  end
  return ka, kb, dropped
end

return stats
