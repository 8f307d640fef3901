#!/bin/sh
# paper_a.sh: the factor scripts hebbian, tethered, delay and dynamic end to end (quick mode;
# see tests/paper_check.sh), a rerun that only collects, and a bad argument.
. "$top_srcdir/tests/paper_check.sh"
for s in hebbian tethered delay dynamic; do run_script "$s" 4 1; done
# a second run finds the sweeps done: no training, the same tables
cp "$w/hebbian/hebbian-networks.csv" "$w/first.csv"
"$RECMEM" "$top_srcdir/examples/paper/hebbian.lua" --dir "$w/hebbian" >"$w/again.out" 2>"$w/again.err" ||
    bad "rerun failed: $(cat "$w/again.err")"
grep -q "sweep" "$w/again.err" && bad "rerun trained again: $(cat "$w/again.err")"
cmp -s "$w/first.csv" "$w/hebbian/hebbian-networks.csv" || bad "rerun changed the networks CSV"
# the same directory with other settings is refused, not mixed with the first run
"$RECMEM" "$top_srcdir/examples/paper/hebbian.lua" --dir "$w/hebbian" --iters 30 >"$w/other.out" 2>"$w/other.err"
[ $? -eq 2 ] || bad "other settings in the same --dir: not refused"
grep -q "holds a sweep of other settings" "$w/other.err" || bad "other settings: $(cat "$w/other.err")"
cmp -s "$w/first.csv" "$w/hebbian/hebbian-networks.csv" || bad "refused run changed the networks CSV"
# bad arguments: exit 2, one line naming the problem, before any work
for a in "--scale huge" "-j 0" "--bogus" "--time 1:00" "--dir"; do
    "$RECMEM" "$top_srcdir/examples/paper/hebbian.lua" $a >"$w/bad.out" 2>"$w/bad.err"
    rc=$?
    [ $rc -eq 2 ] || bad "'$a' exited $rc, want 2"
    [ -s "$w/bad.err" ] || bad "'$a': no message"
done
"$RECMEM" "$top_srcdir/examples/paper/hebbian.lua" --scale huge 2>"$w/bad.err"
grep -q "unknown scale 'huge' (quick, reduced or paper)" "$w/bad.err" || bad "--scale huge: $(cat "$w/bad.err")"
[ "$(wc -l <"$w/bad.err")" -eq 1 ] || bad "--scale huge: not one line: $(cat "$w/bad.err")"
[ $fails -eq 0 ] || exit 1
echo "paper_a: ok"
