#!/bin/sh
# stats_scipy.sh: recmem.stats against SciPy and brute force on the same data: Student-t
# quantiles (scipy.stats.t.ppf) over p and df, the paired t-test and its 95% interval
# (scipy.stats.ttest_rel), the exact sign-flip p-value (every sign assignment enumerated in
# Python) for n <= 16, and the Monte Carlo p-value at n = 22 (within 5 standard errors of the
# enumerated exact p, and of the (count + 1) / (R + 1) form).
set -u
R=${RECMEM:?RECMEM must name the built binary}
. "$(dirname "$0")/find_python.sh"
need_python stats_scipy.sh "numpy, scipy.stats"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the data: quantile points and paired samples (some with NaN pairs), one per line
"$PY" - "$tmp/in" <<'EOF' || exit 1
import sys
import numpy as np
rng = np.random.default_rng(2026)
with open(sys.argv[1], "w") as f:
    for df in (1, 2, 2.5, 3, 4, 5, 7, 9, 14, 19, 29, 50, 100, 1000):
        for p in (0.5001, 0.6, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.025, 0.1):
            f.write("q %r %r\n" % (p, df))
    for n, shift in ((2, 0.3), (3, 0.0), (5, 0.4), (8, 0.1), (12, 0.25), (16, 0.2),
                     (16, -0.05), (22, 0.35)):
        a = rng.normal(3.2, 0.3, n)
        b = a - shift - rng.normal(0, 0.3, n)
        if n >= 8:  # a missing value on each side
            a[1] = np.nan
            b[n - 2] = np.nan
        f.write("d " + " ".join(repr(float(x)) for x in a) + " | "
                + " ".join(repr(float(x)) for x in b) + "\n")
EOF

cat >"$tmp/run.lua" <<'EOF'
local stats = require "recmem.stats"
for line in io.lines(arg[1]) do
  local kind, rest = line:match("^(%a) (.*)$")
  if kind == "q" then
    local p, df = rest:match("^(%S+) (%S+)$")
    print(string.format("q %s %s %.17g", p, df, stats.t_quantile(tonumber(p), tonumber(df))))
  else
    local left, right = rest:match("^(.*) | (.*)$")
    local a, b = {}, {}
    local function num(v) return v == "nan" and 0 / 0 or assert(tonumber(v), v) end
    for v in left:gmatch("%S+") do a[#a + 1] = num(v) end
    for v in right:gmatch("%S+") do b[#b + 1] = num(v) end
    local r = stats.paired(a, b, {seed = 11})
    print(string.format("d %d %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %s %d", r.n,
                        r.dropped, r.mean, r.sd, r.lo, r.hi, r.t, r.p_t, r.p, r.method,
                        r.resamples))
  end
end
EOF
if ! "$R" "$tmp/run.lua" "$tmp/in" >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL: the Lua side failed:"; cat "$tmp/err"; exit 1
fi

"$PY" - "$tmp/in" "$tmp/out" <<'EOF'
import math, sys
import numpy as np
from scipy import stats
fails = 0
def check(ok, what):
    global fails
    if not ok:
        fails += 1
        print("FAIL:", what)

def exact_signflip(d):
    # every sign assignment, in chunks: p = share with |sum| >= |observed| (ties by rounding
    # counted, as in recmem.stats)
    n = len(d)
    obs = abs(d.sum())
    thr = obs - 1e-9 * np.abs(d).sum()
    count = 0
    chunk = 1 << min(n, 18)
    for start in range(0, 1 << n, chunk):
        k = np.arange(start, start + chunk, dtype=np.int64)[:, None]
        signs = 1 - 2 * ((k >> np.arange(n)) & 1)
        count += int((np.abs(signs @ d) >= thr).sum())
    return count / (1 << n)

ins = [l.split() for l in open(sys.argv[1])]
outs = [l.split() for l in open(sys.argv[2])]
check(len(ins) == len(outs), "one output line per input line")
nq = nd = 0
for i, o in zip(ins, outs):
    if i[0] == "q":
        p, df, got = float(i[1]), float(i[2]), float(o[3])
        # scipy's t.ppf is itself good to ~1e-8 relative (it is 1.5e-8 off the closed form
        # at df = 2), so compare at 1e-7 and check that scipy's cdf maps the quantile back
        want = stats.t.ppf(p, df)
        check(abs(got - want) <= 1e-7 * max(1, abs(want)),
              "t quantile p=%g df=%g: %r, scipy %r" % (p, df, got, want))
        check(abs(stats.t.cdf(got, df) - p) <= 1e-12,
              "t cdf of the quantile p=%g df=%g: %r" % (p, df, stats.t.cdf(got, df)))
        nq += 1
        continue
    bar = i.index("|")
    a = np.array([float(x) for x in i[1:bar]])
    b = np.array([float(x) for x in i[bar + 1:]])
    ok = ~(np.isnan(a) | np.isnan(b))
    a, b = a[ok], b[ok]
    d = a - b
    n, dropped = int(o[1]), int(o[2])
    mean, sd, lo, hi, t, p_t, p = map(float, o[3:10])
    method, resamples = " ".join(o[10:-1]), int(o[-1])
    what = "n=%d" % len(d)
    check(n == len(d) and dropped == int((~ok).sum()), what + ": pairs %d dropped %d" % (n, dropped))
    check(abs(mean - d.mean()) < 1e-12, what + ": mean")
    check(abs(sd - d.std(ddof=1)) < 1e-12, what + ": sd")
    r = stats.ttest_rel(a, b)
    ci = r.confidence_interval(0.95)
    check(abs(t - r.statistic) <= 1e-9 * max(1, abs(r.statistic)),
          what + ": t %r, scipy %r" % (t, r.statistic))
    check(abs(p_t - r.pvalue) <= 1e-9, what + ": t-test p %r, scipy %r" % (p_t, r.pvalue))
    check(abs(lo - ci.low) <= 1e-7 and abs(hi - ci.high) <= 1e-7,
          what + ": interval [%r, %r], scipy [%r, %r]" % (lo, hi, ci.low, ci.high))
    exact = exact_signflip(d)
    if len(d) <= 20:
        check(method == "exact" and resamples == 2 ** len(d), what + ": enumerated")
        check(abs(p - exact) < 1e-12, what + ": sign-flip p %r, brute force %r" % (p, exact))
    else:
        check(method == "monte carlo", what + ": sampled")
        count = p * (resamples + 1) - 1
        check(abs(count - round(count)) < 1e-6, what + ": p = (count + 1)/(R + 1)")
        se = math.sqrt(exact * (1 - exact) / resamples)
        check(abs(p - exact) <= 5 * se + 1 / resamples,
              what + ": Monte Carlo p %r, exact %r (se %.2g)" % (p, exact, se))
        check(0.001 < exact < 0.9, what + ": a p where the check means something: %r" % exact)
    nd += 1
print("stats_scipy.sh: %d quantiles, %d paired samples checked, %d failures" % (nq, nd, fails))
sys.exit(1 if fails else 0)
EOF
