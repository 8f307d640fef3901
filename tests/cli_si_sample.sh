#!/bin/sh
# cli_si_sample.sh: `recmem sample` and `recmem si` end to end. The .npy files sample
# writes are read back with NumPy (shapes, dtypes, the task's structure, determinism);
# `recmem si` is compared with the NumPy reference tests/si_reference.py on saved arrays;
# bad arguments must give exit status 2 and exactly one line "recmem: ..." on stderr.
set -u
: "${RECMEM:?RECMEM must name the recmem binary}"
: "${top_srcdir:=.}"
REF="$top_srcdir/tests/si_reference.py"

. "$top_srcdir/tests/find_python.sh"
need_python cli_si_sample numpy

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli_si_sample.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# --- sample: one DE1 batch ---
if ! "$RECMEM" sample --task DE1 --batch 5 --seed 7 -o "$tmp/de1" >"$tmp/out" 2>"$tmp/err"; then
    fail "sample DE1: exit $? ($(cat "$tmp/err"))"
fi
for f in input target mask stimulus opt delay; do
    grep -q "$f.npy" "$tmp/out" || fail "sample did not report $f.npy"
done
"$PY" - "$tmp/de1" <<'EOF' || fail "DE1 batch contents"
import sys, numpy as np
d = sys.argv[1]
a = {n: np.load("%s/%s.npy" % (d, n)) for n in
     ["input", "target", "mask", "stimulus", "opt", "delay"]}
want = {"input": ((5, 150, 50), "float32"), "target": ((5, 150, 1), "float32"),
        "mask": ((5, 150), "float32"), "stimulus": ((5, 1), "float64"),
        "opt": ((5, 1), "float64"), "delay": ((5,), "int32")}
bad = [n for n, (s, t) in want.items() if a[n].shape != s or str(a[n].dtype) != t]
assert not bad, "wrong shape/dtype: " + ", ".join(
    "%s %s %s" % (n, a[n].shape, a[n].dtype) for n in bad)
x = a["input"]
assert (x >= 0).all() and (x == np.round(x)).all(), "input is not spike counts"
assert x[:, :25].sum() > 0, "no stimulus spikes"
# The target is the stimulus at every step; no masked steps; the full delay.
assert np.allclose(a["target"][:, :, 0], a["stimulus"][:, :1].astype(np.float32)), "target"
assert (a["mask"] == 1).all() and (a["delay"] == 100).all(), "mask/delay"
s = a["stimulus"]
assert ((s >= 0) & (s < np.pi)).all(), "stimulus outside [0, pi)"
o = a["opt"]
assert ((o >= 0) & (o < np.pi)).all(), "ideal observer outside [0, pi)"
EOF

# The same seed writes the same bytes; another seed does not.
"$RECMEM" sample --task DE1 --batch 5 --seed 7 -o "$tmp/de1b" >/dev/null 2>&1 ||
    fail "second sample run"
for f in input target mask stimulus opt delay; do
    cmp -s "$tmp/de1/$f.npy" "$tmp/de1b/$f.npy" || fail "seed 7 twice: $f.npy differs"
done
"$RECMEM" sample --task DE1 --batch 5 --seed 8 -o "$tmp/de1c" >/dev/null 2>&1 ||
    fail "sample seed 8"
cmp -s "$tmp/de1/input.npy" "$tmp/de1c/input.npy" && fail "seeds 7 and 8 give the same input"

# --- sample: variants, a nested new directory, a task by the original's code (6 = 2AFC) ---
if ! "$RECMEM" sample --task 6 --variant vardelay+dynamic --batch 40 --seed 3 \
        -o "$tmp/new/nested/2afc" >/dev/null 2>"$tmp/err"; then
    fail "sample 2AFC vardelay+dynamic: $(cat "$tmp/err")"
fi
"$PY" - "$tmp/new/nested/2afc" <<'EOF' || fail "2AFC vardelay+dynamic batch contents"
import sys, numpy as np
d = sys.argv[1]
x, m, dl = (np.load("%s/%s.npy" % (d, n)) for n in ["input", "mask", "delay"])
assert x.shape == (40, 150, 100), "dynamic input adds n_in channels: %s" % (x.shape,)
assert set(dl.tolist()) <= {10, 40, 70, 100}, "delays %s" % sorted(set(dl.tolist()))
assert ((m == 0).sum(axis=1) == 100 - dl).all(), "masked steps != 100 - delay"
assert (m[:, -25:] == 1).all(), "the response period is never masked"
off = m == 0
assert (x[off] == 0).all(), "masked steps carry input"
s, t = np.load(d + "/stimulus.npy"), np.load(d + "/target.npy")
assert set(np.unique(s).tolist()) <= {0.0, 1.0}, "2AFC class not 0/1"
EOF

# --- si: a saved array, against the NumPy reference ---
"$PY" - "$tmp" <<'EOF' || fail "making activity arrays"
import sys, numpy as np
rng = np.random.default_rng(5)
trials, T, N = 6, 40, 30
t = np.arange(T)[:, None]
centre = rng.uniform(0, T, size=(trials, 1, N))
width = rng.uniform(1, 6, size=(trials, 1, N))
h = rng.uniform(0, 2, size=(trials, 1, N)) * np.exp(-0.5 * ((t - centre) / width) ** 2)
h += 0.3 * rng.random((trials, T, N)) * (rng.random((trials, 1, N)) < 0.5)
h[:, :, :3] = 0.0                       # silent units, never kept
h[2] = 0.01                             # a trial with no unit above threshold
np.save(sys.argv[1] + "/h64.npy", h)
np.save(sys.argv[1] + "/h32.npy", h.astype(np.float32))
np.save(sys.argv[1] + "/h2d.npy", h[0].astype(np.float32))
EOF
for f in h64 h32 h2d; do
    if ! "$RECMEM" si "$tmp/$f.npy" --json >"$tmp/$f.json" 2>"$tmp/err"; then
        fail "si $f.npy: $(cat "$tmp/err")"
        continue
    fi
    "$PY" "$REF" "$tmp/$f.npy" >"$tmp/$f.ref" || fail "si_reference.py $f.npy"
    "$PY" - "$tmp/$f.json" "$tmp/$f.ref" <<'EOF' || fail "si $f.npy disagrees with the reference"
import json, sys
got = json.load(open(sys.argv[1]))
ref = [float(v) for v in open(sys.argv[2]).read().split()]
for key, want in zip(["si", "entropy", "ridge"], ref):
    if abs(got[key] - want) > 1e-9 * max(1.0, abs(want)):
        sys.exit("%s: recmem %r, reference %r" % (key, got[key], want))
if got["trials"] == 6 and got["trials_used"] != 5:
    sys.exit("trials_used %r, want 5" % got["trials_used"])
EOF
done
"$RECMEM" si "$tmp/h32.npy" >"$tmp/text" 2>&1 || fail "si text output"
grep -q '^SI ' "$tmp/text" && grep -q 'peak entropy' "$tmp/text" &&
    grep -q 'ridge-to-background' "$tmp/text" && grep -q 'units kept' "$tmp/text" ||
    fail "si text output lacks its parts: $(cat "$tmp/text")"

# --- help ---
"$RECMEM" sample --help | grep -q 'usage: recmem sample' || fail "sample --help"
"$RECMEM" si --help | grep -q 'usage: recmem si' || fail "si --help"

# --- bad input: exit 2 and one line naming the problem ---
printf 'not numpy at all' >"$tmp/bad.npy"
"$PY" -c "import numpy as np; np.save('$tmp/ints.npy', np.arange(6, dtype=np.int64).reshape(2, 3)); np.save('$tmp/f4d.npy', np.zeros((2, 2, 2, 2)))"
head -c 150 "$tmp/h64.npy" >"$tmp/trunc.npy"
expect_usage() {   # expect_usage "what to find in the message" args...
    want=$1
    shift
    "$RECMEM" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q "^recmem: .*$want" "$tmp/err"; then
        fail "recmem $*: exit $rc, stderr: $(cat "$tmp/err") (wanted '$want')"
    fi
}
expect_usage "unknown task 'XYZ' (known: DE1" sample --task XYZ -o "$tmp/x"
expect_usage "--task is required" sample -o "$tmp/x"
expect_usage "-o DIR is required" sample --task DE1
expect_usage "out of range" sample --task DE1 --batch 0 -o "$tmp/x"
expect_usage "out of range" sample --task DE1 --batch 100001 -o "$tmp/x"
expect_usage "not a whole number" sample --task DE1 --batch 1e3 -o "$tmp/x"
expect_usage "unknown variant 'slow'" sample --task DE1 --variant slow -o "$tmp/x"
expect_usage "unknown argument '--colour'" sample --task DE1 --colour -o "$tmp/x"
expect_usage "needs a value" sample --task DE1 -o
expect_usage "must not be negative" sample --task DE1 --seed -4 -o "$tmp/x"
expect_usage "cannot create directory" sample --task DE1 --batch 1 -o "$tmp/bad.npy/sub"
expect_usage "no file given" si
expect_usage "one file at a time" si "$tmp/h32.npy" "$tmp/h64.npy"
expect_usage "unknown option '--window'" si "$tmp/h32.npy" --window 3
expect_usage "No such file" si "$tmp/missing.npy"
expect_usage "bad magic" si "$tmp/bad.npy"
expect_usage "dtype '<i8' is not float32 or float64" si "$tmp/ints.npy"
expect_usage "4-D array" si "$tmp/f4d.npy"
expect_usage "truncated data" si "$tmp/trunc.npy"
expect_usage "$tmp/trunc.npy" si "$tmp/trunc.npy"

if [ "$fails" -ne 0 ]; then
    echo "cli_si_sample: $fails failure(s)"
    exit 1
fi
echo "cli_si_sample: all checks passed"
