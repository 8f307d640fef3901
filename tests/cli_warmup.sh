#!/bin/sh
# cli_warmup.sh: `recmem train --vardelay-warmup K` (K iterations with variable delays, then
# the task's own delays):
#  - the switch is announced at iteration K and the run is tested on the task itself;
#  - the warm-up is recorded in the checkpoint and the JSON result;
#  - a run stopped during the warm-up resumes bit-identically to one that was not stopped,
#    switching at the same iteration;
#  - impossible combinations are refused in one line with exit status 2.
set -u
R=${RECMEM:?RECMEM must name the built binary}
: "${top_srcdir:?}"
READER=$top_srcdir/tests/store/st_reader.py
. "$top_srcdir/tests/find_python.sh"
need_python cli_warmup numpy
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"
export OPENBLAS_NUM_THREADS=1
. "$top_srcdir/tests/cli_refuse.sh"

T="--task CD2 --hidden 8 --batch 4 --test-batches 2 --si-trials 4 --log-every 50 --seed 5 --no-db"

# the switch, the test on the task itself, the JSON record
"$R" train $T --iters 120 --vardelay-warmup 100 --json -o short.safetensors >short.json 2>short.log ||
    bad "warm-up run failed: $(tail -2 short.log)"
grep -q "warm-up done at iteration 100;" short.log || bad "no switch line: $(cat short.log)"
"$PY" -c '
import json, sys
r = json.load(open("short.json"))
assert r["vardelay_warmup"] == 100, r
assert r["phases"][0]["variant"] == "none" and r["phases"][0]["iters"] == 120, r
' || bad "JSON result: $(cat short.json)"
grep -aq 'vardelay_warmup\\":100' short.safetensors || bad "warm-up not in the checkpoint"
grep -aq 'variant\\":\\"none' short.safetensors || bad "checkpoint not on the task's own delays"

# stopped during the warm-up (Ctrl-C), resumed: identical to the uninterrupted run
L="--iters 8000 --vardelay-warmup 7500"
"$R" train $T $L -o full.safetensors --json >full.json 2>full.log || bad "full run failed"
"$R" train $T $L -o part.safetensors >/dev/null 2>part.log &
pid=$!
i=0
while ! grep -q "iter 100 " part.log 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || { kill -9 $pid; bad "training did not start"; exit 1; }
    sleep 0.05
done
kill -INT $pid
wait $pid
grep -q "saved part.safetensors" part.log || bad "no checkpoint on Ctrl-C: $(tail -2 part.log)"
if grep -q "warm-up done" part.log; then
    bad "Ctrl-C landed after the warm-up: the test needs a slower start"
fi
grep -aq 'variant\\":\\"vardelay' part.safetensors || bad "stopped checkpoint is not in the warm-up"
# a few more iterations that end inside the warm-up keep it (tested on the fixed delay)
"$R" train --resume part.safetensors --iters 5 -o more.safetensors --no-db >/dev/null 2>more.log ||
    bad "short resume failed: $(tail -2 more.log)"
grep -q "warm-up done" more.log && bad "a resume that ends inside the warm-up switched"
grep -aq 'variant\\":\\"vardelay' more.safetensors || bad "short resume left the warm-up"
"$R" train --resume part.safetensors --no-db --json >resumed.json 2>resumed.log ||
    bad "resume failed: $(tail -2 resumed.log)"
grep -q "warm-up done at iteration 7500;" resumed.log || bad "resumed run did not switch at 7500"
"$PY" "$READER" same full.safetensors part.safetensors || bad "resumed run differs from the uninterrupted one"
sed 's/"seconds":[^,]*,//g' full.json >a.json
sed 's/"seconds":[^,]*,//g' resumed.json >b.json
cmp -s a.json b.json || bad "results differ: $(cat a.json) vs $(cat b.json)"

# impossible combinations
refuse "warm-up as long as the run" "leaves no iterations" "$R" train $T --iters 100 --vardelay-warmup 100
refuse "warm-up on variable delays" "needs a fixed delay" "$R" train $T --iters 100 --vardelay-warmup 10 --variant vardelay
refuse "warm-up under the vardelay condition" "condition" "$R" train $T --iters 100 --vardelay-warmup 10 --condition vardelay
refuse "warm-up with multitask" "multitask" "$R" train --task CD1 --task2 2AFC --condition multitask --hidden 8 --iters 100 --vardelay-warmup 10 --no-db
refuse "warm-up with --resume" "resume" "$R" train --resume short.safetensors --vardelay-warmup 10
refuse "warm-up not a number" "vardelay-warmup" "$R" train $T --vardelay-warmup ten
exit $fail
