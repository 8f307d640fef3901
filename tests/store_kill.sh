#!/bin/sh
# store_kill.sh: kill -9 during checkpoint saves never leaves a torn or mixed checkpoint.
# A helper re-saves a ~17 MB checkpoint in a loop (each save marks its parameters and name
# with a counter); it is killed at a random moment, several times; each time the file
# must load and carry one consistent marker. Temporary files left by the killed writer
# show that kills did land mid-save.
set -eu
: "${RECMEM:?}"
builddir=${RECMEM%/src/recmem}
TOOL=$builddir/tests/store/ckpt_tool
w=$(mktemp -d /tmp/rm-store-kill.XXXXXX)
trap 'rm -rf "$w"' EXIT
fail() { echo "store_kill: FAIL: $*" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1

midsave=0
rounds=0
for round in 1 2 3 4 5 6 7 8 9 10; do
    # five rounds, more if no kill has landed mid-save yet
    [ $round -le 5 ] || [ $midsave -eq 0 ] || break
    rounds=$round
    "$TOOL" saveloop "$w/big.safetensors" 1200 > "$w/out" 2> "$w/err" &
    pid=$!
    i=0
    while ! grep -q ready "$w/out" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 400 ] || { kill -9 $pid; fail "saver did not start: $(cat "$w/err")"; }
        sleep 0.05
    done
    # a different moment each round: 0.05 .. 0.45 s after the first save
    sleep "0.$(( (round * 37) % 9 ))5"
    kill -9 $pid
    wait $pid 2>/dev/null || true
    "$TOOL" check "$w/big.safetensors" || fail "round $round: checkpoint unusable after kill -9"
    if ls "$w" | grep -q '\.tmp\.'; then midsave=$((midsave + 1)); fi
    rm -f "$w"/*.tmp.*
done
echo "store_kill: $midsave of $rounds kills landed mid-save"
[ $midsave -ge 1 ] || fail "no kill landed during a save, so nothing was tested"
echo "store_kill: all checks passed"
