#!/bin/sh
# cli_train.sh: `recmem train` and `recmem bench` run with good and bad arguments: output,
# JSON fields and exit codes.
set -u
fail=0
R=${RECMEM:?RECMEM must name the built binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # description, command...; expects success
    d=$1; shift
    if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: $d (exit $?)"; cat "$tmp/err"; fail=1
    fi
}
refuse() { # description, pattern, command...; expects exit 2 and one line naming the problem
    d=$1; pat=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pat" "$tmp/err"; then
        echo "FAIL: $d: exit $rc, $lines line(s) on stderr:"; cat "$tmp/err"; fail=1
    fi
}
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }

tiny="--hidden 12 --batch 4 --iters 20 --test-batches 3 --si-trials 12 --log-every 10"

# a tiny run: plain output names the information loss and SI; log lines on stderr
check "train DE1" "$R" train --task DE1 $tiny
grep -q "test information loss" "$tmp/out" || { echo "FAIL: no information loss line"; fail=1; }
grep -q "SI " "$tmp/out" || { echo "FAIL: no SI line"; fail=1; }
[ "$(grep -c 'iter' "$tmp/err")" -eq 2 ] || { echo "FAIL: expected 2 log lines"; cat "$tmp/err"; fail=1; }

# --json: one object with the result fields; the original's integer task code works
check "train --json" "$R" train --task 2 $tiny --json
[ "$(wc -l <"$tmp/out")" -eq 1 ] || { echo "FAIL: --json printed more than one line"; fail=1; }
[ "$(json_get "$tmp/out" 'd["phases"][0]["task"]')" = CD1 ] || { echo "FAIL: code 2 is not CD1"; fail=1; }
json_get "$tmp/out" 'd["test_infloss"] is not None and d["phases"][0]["iters"] == 20' | grep -q True ||
    { echo "FAIL: JSON fields"; cat "$tmp/out"; fail=1; }

# same seed -> identical results; variants run
"$R" train --task CD1 $tiny --json --seed 5 >"$tmp/a" 2>/dev/null
"$R" train --task CD1 $tiny --json --seed 5 >"$tmp/b" 2>/dev/null
sed 's/"seconds":[^,]*,//' "$tmp/a" >"$tmp/a2"; sed 's/"seconds":[^,]*,//' "$tmp/b" >"$tmp/b2"
cmp -s "$tmp/a2" "$tmp/b2" || { echo "FAIL: same seed, different results"; fail=1; }
check "vardelay variant" "$R" train --task GDE --variant vardelay $tiny
check "dynamic variant" "$R" train --task COMP --variant dynamic $tiny

# bad input: one line, exit 2
refuse "no task" "--task is required" "$R" train
refuse "unknown task" "unknown task 'XYZ'" "$R" train --task XYZ
refuse "unknown flag" "unknown option '--bogus'" "$R" train --task DE1 --bogus
refuse "missing value" "--hidden needs a value" "$R" train --task DE1 --hidden
refuse "not a number" "not a whole number" "$R" train --task DE1 --iters ten
refuse "impossible size" "out of range" "$R" train --task DE1 --hidden 0
refuse "negative batch" "out of range" "$R" train --task DE1 --batch -3
refuse "bad variant" "unknown variant" "$R" train --task DE1 --variant sideways
refuse "nan lambda" "not a finite number" "$R" train --task DE1 --lambda nan
refuse "unknown command option" "unknown option" "$R" bench --fast

# a loss that becomes NaN stops training with a message naming the iteration
"$R" train --task DE1 --hidden 8 --batch 2 --iters 200 --test-batches 1 --lr 10 --lambda 3 --sigma 2 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -ne 1 ] || ! grep -q "at iteration [0-9]" "$tmp/err"; then
    echo "FAIL: diverging run: exit $rc"; cat "$tmp/err"; fail=1
fi

# bench --json: one object per size with the documented keys
check "bench" "$R" bench --hidden 16 --reps 3 --json
json_get "$tmp/out" 'sorted(k for k in ("hidden","ms_per_iter","gemm_floor_ms","ratio") if k in d) == ["gemm_floor_ms","hidden","ms_per_iter","ratio"] and d["hidden"] == 16 and d["ratio"] > 0' |
    grep -q True || { echo "FAIL: bench JSON"; cat "$tmp/out"; fail=1; }

check "help" "$R" train --help
grep -q -- "--lambda" "$tmp/out" || { echo "FAIL: train --help lacks --lambda"; fail=1; }
exit $fail
