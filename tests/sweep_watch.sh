#!/bin/sh
# sweep_watch.sh: recmem.sweep.watch outside the workbench prints a sweep's grid once (the
# same cells as `recmem sweep status --grid`), over named axes and of the information loss
# too; recmem.show(s) does the same for a loaded sweep and still shows other values; bad
# directories, axes, values and options are refused with a message naming them.
sw=$(mktemp -d "${TMPDIR:-/tmp}/recmem-watch.XXXXXX")/sw || exit 1
trap 'rm -rf "$(dirname "$sw")"' EXIT
. "${top_srcdir:-.}/tests/store/grid_sweep.sh"
: "${RECMEM:?RECMEM must name the recmem binary}"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
run() { "$RECMEM" -e "$1" >out 2>&1; }
cd "$(dirname "$sw")" || exit 1

run 'recmem.sweep.watch("sw")' || bad "watch: $(cat out)"
grep -q '^sweep gridtest: mean SI of the kept networks (count); rows lambda, columns sigma$' out ||
    bad "watch header: $(cat out)"
grep -Eq '^ +0\.9 +0\.300 \(2\) +failed$' out || bad "lambda 0.9's row: $(cat out)"
grep -Eq '^ +0\.98 +not kept +missing$' out || bad "lambda 0.98's row: $(cat out)"
grep -q '^8 points: 4 done, 0 running, 2 failed, 2 missing$' out || bad "counts: $(cat out)"
"$RECMEM" sweep status sw --grid >status.out 2>&1 || bad "status --grid: $(cat status.out)"
cmp -s out status.out || bad "watch and status --grid differ: $(diff out status.out)"

run 'recmem.sweep.load("sw"):watch{x="sigma", y="seed", z="test_infloss"}' || bad "s:watch: $(cat out)"
grep -q 'mean test information loss (count); rows sigma, columns seed$' out || bad "named axes: $(cat out)"
grep -Eq '^ +0 +0\.500 \(2\) +0\.500 \(2\)$' out || bad "information loss of all finished points: $(cat out)"

run 's = recmem.sweep.load("sw"); recmem.show(s); recmem.show(recmem.plot.lines{y={1,2}})' ||
    bad "show: $(cat out)"
grep -q '^sweep gridtest: mean SI' out && grep -q '^figure .*lines (1 series)' out ||
    bad "recmem.show of a sweep and of a figure: $(cat out)"

refuse() {   # refuse WHAT MESSAGE CHUNK
    if run "$3"; then bad "$1 accepted: $(cat out)"
    elif ! grep -q -- "$2" out; then bad "$1: $(cat out)"; fi
}
refuse "not a sweep" "recmem.sweep.watch: nope: no sweep here" 'recmem.sweep.watch("nope")'
refuse "unknown axis" "'rho' is not an axis of sweep gridtest" 'recmem.sweep.watch("sw", {x="rho"})'
refuse "same axis twice" "two different axes" 'recmem.sweep.watch("sw", {x="seed", y="seed"})'
refuse "unknown value" "'loss' is not a grid value" 'recmem.sweep.watch("sw", {z="loss"})'
refuse "unknown option" "unknown option 'q'" 'recmem.sweep.watch("sw", {q=1})'
refuse "options not a table" "table expected" 'recmem.sweep.watch("sw", "lambda")'
exit $fail
