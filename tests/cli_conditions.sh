#!/bin/sh
# cli_conditions.sh: `recmem train` runs every model (by name and by the original's code)
# under every condition of SPEC 3 and their compositions at tiny size, and reports what the
# condition means (model, penalty, read-out step, variant, phases) in its JSON; the paper's
# four multitask pairs run by name and report both tasks, the SI on the second and the keep
# criterion; impossible combinations are refused with exit 2 and one line.
set -u
fail=0
R=${RECMEM:?RECMEM must name the built binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENBLAS_NUM_THREADS=1

tiny="--hidden 10 --batch 4 --iters 3 --test-batches 2 --si-trials 4 --log-every 10 --no-db"

# run DESCRIPTION PYTHON-CONDITION-ON-d ARGS...: a --json run that must succeed and whose
# result object d must satisfy the condition
run() {
    d=$1 cond=$2; shift 2
    "$R" train "$@" $tiny --json >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL: $d: exit status $rc"; cat "$tmp/err"; fail=1; return
    fi
    python3 - "$tmp/out" "$cond" <<'EOF' || { echo "FAIL: $d: $cond"; cat "$tmp/out"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["phases"]:
    assert p["test_infloss"] is not None and isinstance(p["keep"], bool), p
    assert "si" in p and "si_trials" in p, p
assert d["test_infloss"] == d["phases"][-1]["test_infloss"] and "si" in d
assert d["keep"] == all(p["keep"] for p in d["phases"])
sys.exit(0 if eval(sys.argv[2], {}, {"d": d, "ph": d["phases"]}) else 1)
EOF
}
refuse() { # description, pattern, args...: exit 2 and one line naming the problem
    d=$1 pat=$2; shift 2
    "$R" train "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pat" "$tmp/err"; then
        echo "FAIL: $d: exit $rc, $lines line(s) on stderr:"; cat "$tmp/err"; fail=1
    fi
}

# every model, by name and by code, under the single-task conditions
code=0
for m in rnn hebbian ortho gru; do
    # model 1 is the hebbian condition, whatever else is asked for
    if [ $m = hebbian ]; then pre="hebbian+"; base=hebbian; else pre=""; base=basic; fi
    run "$m basic" "d['model'] == '$m' and d['condition'] == '$base' and d['kappa_a'] == 1e-4 and d['read_back'] == 5 and ph[0]['variant'] == 'none'" \
        --task CD1 --model $m
    run "model code $code" "d['model'] == '$m'" --task DE1 --model $code
    run "$m tethered" "d['condition'] == '${pre}tethered' and d['kappa_a'] == 0.1 and d['read_back'] == 10" \
        --task 2AFC --model $m --condition tethered
    run "$m dynamic" "d['condition'] == '${pre}dynamic' and ph[0]['variant'] == 'dynamic'" \
        --task DE1 --model $m --condition dynamic
    run "$m vardelay" "d['condition'] == '${pre}vardelay' and ph[0]['variant'] == 'vardelay'" \
        --task COMP --model $m --condition vardelay
    run "$m rho" "d['rho'] == 0.001" --task CD1 --model $m --rho 1e-3
    code=$((code + 1))
done
run "hebbian condition" "d['model'] == 'hebbian' and d['condition'] == 'hebbian'" \
    --task DE1 --condition hebbian
run "composed" "d['model'] == 'gru' and d['condition'] == 'tethered+dynamic+vardelay' and d['read_back'] == 10 and ph[0]['variant'] == 'vardelay+dynamic'" \
    --task GDE --model gru --condition vardelay+tethered+dynamic

# the paper's multitask pairs, by name: two phases on the same network
for pair in CD1:2AFC COMP:2AFC 2AFC:CD1 2AFC:COMP; do
    a=${pair%:*} b=${pair#*:}
    run "multitask $a -> $b" "d['condition'] == 'multitask' and [p['task'] for p in ph] == ['$a', '$b'] and ph[1]['iters'] == 6 and d['si'] == ph[1]['si']" \
        --task $a --task2 $b --condition multitask
done
run "multitask with a GRU, tethered" "d['condition'] == 'tethered+multitask' and d['model'] == 'gru' and len(ph) == 2" \
    --task 2AFC --task2 CD1 --condition tethered+multitask --model gru
# plain output says it in words
"$R" train --task CD1 --task2 2AFC --condition multitask $tiny >"$tmp/out" 2>/dev/null
grep -q "^multitask CD1 -> 2AFC: test information loss [0-9.]* then [0-9.]*, SI on 2AFC .*keep criterion on both tasks" "$tmp/out" ||
    { echo "FAIL: plain multitask summary"; cat "$tmp/out"; fail=1; }

# impossible combinations
refuse "hebbian GRU" "cannot use model gru" --task CD1 --condition hebbian --model gru
refuse "multitask without task2" "needs a second task" --task CD1 --condition multitask
refuse "task2 without multitask" "only goes with the multitask" --task CD1 --task2 2AFC
refuse "multitask across sizes" "differ in inputs or outputs" --task CD1 --task2 DE2 --condition multitask
refuse "basic and more" "cannot be combined" --task CD1 --condition basic+tethered
refuse "repeated part" "given twice" --task CD1 --condition vardelay+vardelay
refuse "unknown condition" "unknown condition 'sleepy'" --task CD1 --condition tethered+sleepy
refuse "unknown model" "unknown model 'lstm'" --task CD1 --model lstm
refuse "unknown model code" "unknown model '7'" --task CD1 --model 7
exit $fail
