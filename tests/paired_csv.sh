#!/bin/sh
# paired_csv.sh: scripts/analysis/paired.lua on a hand-made two-arm CSV (pairs by seed, the
# keep criterion and missing values counted as dropped, the ordering count, the interval and
# the exact sign-flip p), its refusals (exit 2, one line), and
# scripts/analysis/demo-contrast.lua in its tiny mode writing rows that paired.lua reads, and
# si-parts.lua in its tiny mode.
set -u
R=${RECMEM:?RECMEM must name the built binary}
src=${top_srcdir:-$(dirname "$0")/..}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

# seeds 1-5: hi - lo = 1..5 (all kept); seed 6: lo's information loss 0.7 (dropped, but its
# hi > lo still counts as ordered); seed 7: hi's SI missing; seed 8: only one arm.
cat >"$tmp/c.csv" <<'EOF'
contrast,arm,seed,iters,infloss,si,kernel
toy,up,1,100,0.1,4.0,default
toy,up,2,100,0.1,5.0,default
toy,up,3,100,0.2,6.0,default
toy,up,4,100,0.3,7.0,default
toy,up,5,100,0.4,8.0,default
toy,up,6,100,0.1,9.0,default
toy,up,7,100,0.1,nan,default
toy,up,8,100,0.1,9.0,default
toy,down,1,100,0.1,3.0,default
toy,down,2,100,0.1,3.0,default
toy,down,3,100,0.1,3.0,default
toy,down,4,100,0.1,3.0,default
toy,down,5,100,0.49,3.0,default
toy,down,6,100,0.7,3.0,default
toy,down,7,100,0.1,3.0,default
EOF
out=$("$R" "$src/scripts/analysis/paired.lua" "$tmp/c.csv" --md 2>&1) || no "paired.lua failed: $out"
row=$(printf '%s\n' "$out" | grep '^| toy')
# d = 1..5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445: half width 1.963
expect='| toy | default | 100 | up - down | 6/6 | 5 | 2 | +3.000 | [+1.037, +4.963] | 0.062 (exact) | 0.013 |'
[ "$row" = "$expect" ] || no "paired.lua row: got '$row', expected '$expect'"
# the other direction and no keep criterion: seed 6 kept, 6 pairs
out=$("$R" "$src/scripts/analysis/paired.lua" "$tmp/c.csv" --md --hi down --lo up --keep none)
printf '%s\n' "$out" | grep -q '^| toy | default | 100 | down - up | 0/6 | 6 | 1 | -3.500 |' ||
    no "paired.lua --hi down --lo up --keep none: $out"

refuse() { # description, pattern, args...: exit 2 and one line naming the problem
    d=$1 pat=$2; shift 2
    "$R" "$src/scripts/analysis/paired.lua" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 2 ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -q -- "$pat" "$tmp/err"; then
        no "$d: exit $rc, stderr: $(cat "$tmp/err")"
    fi
}
refuse "missing file" "cannot open" "$tmp/none.csv"
refuse "no such column" "no column 'foo'" "$tmp/c.csv" --value foo
refuse "unknown arm" "needs arms" "$tmp/c.csv" --hi up --lo sideways
refuse "unknown option" "unknown option --frob" "$tmp/c.csv" --frob
refuse "hi without lo" "go together" "$tmp/c.csv" --hi up
printf 'contrast,arm,seed,iters,infloss,si,kernel\ntoy,up,1,100,0.1,4.0,x\ntoy,up,1,100,0.1,4.0,x\n' \
    >"$tmp/dup.csv"
refuse "duplicate row" "a second row" "$tmp/dup.csv"
printf 'contrast,arm,seed,iters,infloss,si,kernel\ntoy,up,1,100,0.1,four,x\n' >"$tmp/bad.csv"
refuse "not a number" "'four' is not a number" "$tmp/bad.csv"

# demo-contrast.lua, tiny: 2 seeds x 2 arms x 2 checkpoints = 8 rows, then paired.lua reads it
if RECMEM_QUICK=1 "$R" "$src/scripts/analysis/demo-contrast.lua" task-comp-2afc "$tmp/d.csv" \
       both 1,2 >"$tmp/out" 2>"$tmp/err"; then
    [ "$(head -n 1 "$tmp/d.csv")" = "contrast,arm,seed,iters,infloss,si,kernel" ] ||
        no "demo-contrast header: $(head -n 1 "$tmp/d.csv")"
    [ "$(tail -n +2 "$tmp/d.csv" | grep -c '^task-comp-2afc,\(comp\|2afc\),[12],[24],[0-9.]*,[0-9.]*,')" -eq 8 ] ||
        no "demo-contrast rows: $(cat "$tmp/d.csv")"
    "$R" "$src/scripts/analysis/paired.lua" "$tmp/d.csv" --keep none >"$tmp/out" 2>&1 &&
        [ "$(grep -c '^task-comp-2afc .* comp - 2afc .* 2 *0 ' "$tmp/out")" -eq 2 ] ||
        no "paired.lua on demo-contrast's rows: $(cat "$tmp/out")"
else
    no "demo-contrast.lua tiny run: $(cat "$tmp/err")"
fi
RECMEM_QUICK=1 "$R" "$src/scripts/analysis/demo-contrast.lua" nosuch "$tmp/e.csv" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "unknown contrast 'nosuch'" "$tmp/err" ||
    no "demo-contrast.lua unknown contrast: exit $rc, $(cat "$tmp/err")"
# si-parts.lua, tiny: a header and one line per task with the SI and its parts
if RECMEM_QUICK=1 "$R" "$src/scripts/analysis/si-parts.lua" 500 1 COMP 2AFC:vardelay \
       >"$tmp/out" 2>"$tmp/err"; then
    [ "$(grep -c '^\(COMP\|2AFC:vardelay\) *2 *[0-9.]* *[0-9.]* *[0-9.]* *[0-9.]*  [0-9]*/[0-9]*/[0-9]*$' \
        "$tmp/out")" -eq 2 ] || no "si-parts.lua output: $(cat "$tmp/out")"
else
    no "si-parts.lua tiny run: $(cat "$tmp/err")"
fi
"$R" "$src/scripts/analysis/si-parts.lua" 500 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'usage' "$tmp/err" || no "si-parts.lua without tasks: $(cat "$tmp/err")"
exit $fail
