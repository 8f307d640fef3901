#!/bin/sh
# cli_reliability.sh: bad files and data are refused in one line with exit status 2, never
# run for hours, never leak (issue 11):
#  - a checkpoint whose config carries a value the command line would refuse
#    (test_batches 2^30) is refused by export at once, naming the value;
#  - `train --resume` of a checkpoint with an unknown run.condition is refused in one line;
#  - `open` of a checkpoint with non-standard task sizes: one line, not a traceback;
#  - `si` refuses NaN/Inf data (how many, the first index) and trials of one step;
#  - sizes beyond the memory available (here a 4 GB address-space limit) are refused at
#    once with the numbers: --hidden 20000, recmem.tensor of 6.4 GB;
#  - a run killed with kill -9 is listed as "died" (runs, --json, Lua recmem.runs), and
#    `runs --prune` marks it failed; a save removes the temporary files a killed writer of
#    this host left beside the same path, and nothing else.
set -u
: "${RECMEM:?}" "${top_srcdir:?}"
R=$RECMEM
builddir=${RECMEM%/src/recmem}
TOOL=$builddir/tests/store/ckpt_tool
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"
. "$top_srcdir/tests/cli_refuse.sh"
. "$top_srcdir/tests/reliability/npy.sh"

"$R" train --task DE1 --hidden 8 --batch 4 --iters 3 --test-batches 1 --si-trials 0 --no-db \
    -o good.safetensors >/dev/null 2>&1 || bad "training the small network failed"

# values a file carries are bounded like the flags
"$TOOL" setcfg good.safetensors tb.safetensors train test_batches 1073741824
refuse "export, test_batches 2^30" "tb.safetensors: metadata train.test_batches must be an integer in \[1, 1000000\]" \
    timeout 60 "$R" export tb.safetensors --npy tbdir
"$TOOL" setcfg good.safetensors si.safetensors train si_trials 1073741824
refuse "open, si_trials 2^30" "si.safetensors: metadata train.si_trials" "$R" open si.safetensors

# the run description a file carries is checked like any run's (core/rm_limits.h)
"$TOOL" setrun good.safetensors rtb.safetensors test_batches 1073741824
refuse "export, run.test_batches 2^30" "rtb.safetensors: test_batches 1073741824 is out of range \[1, 1000000\]" \
    timeout 60 "$R" export rtb.safetensors --npy rtbdir
"$TOOL" setrun good.safetensors rcond.safetensors condition '"nosuch"'
refuse "resume, run.condition unknown" "rcond.safetensors: unknown condition 'nosuch'" \
    "$R" train --resume rcond.safetensors --no-db

# a file from before run descriptions: its config's condition is a label to open and export
# (a network trained from Lua recorded its own condition table's name); a resume refuses an
# unknown one in one line naming the file, and frees what it loaded (LeakSanitizer)
"$TOOL" setcfg good.safetensors cond1.safetensors run condition '"nosuch"'
"$TOOL" oldformat cond1.safetensors cond.safetensors
refuse "resume, unknown condition" "cond.safetensors: unknown condition 'nosuch'" \
    "$R" train --resume cond.safetensors --no-db
refuse "resume --print-config, unknown condition" "cond.safetensors: unknown condition 'nosuch'" \
    "$R" train --resume cond.safetensors --print-config
"$R" export cond.safetensors --npy conddir >/dev/null 2>err || bad "export, condition nosuch: $(cat err)"

# non-standard task sizes: export reads it, open says why it cannot in one line
"$TOOL" setcfg good.safetensors sizes.safetensors task delay 7
"$R" export sizes.safetensors --npy sizesdir >/dev/null 2>err || bad "export of non-standard sizes: $(cat err)"
refuse "open, non-standard sizes" "sizes.safetensors uses non-standard task sizes" \
    "$R" open sizes.safetensors </dev/null

# si: non-finite values and one-step trials
npy_f64 nan.npy "2, 3, 2" one 0 0 one one 0  one 0 inf one nan 0
refuse "si, NaN and Inf" "nan.npy: 2 values are not finite (NaN or Inf), the first at \[1\]\[1\]\[0\]" \
    "$R" si nan.npy
refuse "si --json, NaN" "2 values are not finite" "$R" si --json nan.npy
npy_f64 t1.npy "2, 1, 2" one 0 0 one
refuse "si, T = 1" "t1.npy: trials of 1 step; the SI needs at least 2 time steps" "$R" si t1.npy
npy_f64 ok.npy "1, 3, 2" one 0 0 one one 0
"$R" si ok.npy >out 2>err || bad "si on finite data: $(cat err)"
grep -q "^SI  *[0-9]" out || bad "si on finite data: $(cat out)"

# memory: refused before allocating (a sanitizer build cannot run under ulimit -v at all)
if (ulimit -v 4000000 && "$R" --version) >/dev/null 2>&1; then
    refuse "train --hidden 20000 under 4 GB" "hidden 20000 (model rnn, batch 50) needs [0-9.]* GB, the address-space limit (ulimit -v) leaves" \
        sh -c 'ulimit -v 4000000; exec timeout 10 "$0" train --task DE1 --hidden 20000 --iters 1 --no-db' "$R"
    (ulimit -v 4000000; exec timeout 10 "$R" -e '
        local ok, err = pcall(recmem.tensor, 40000, 40000)
        assert(not ok and err:find("tensor: 1600000000 elements needs 6.4 GB", 1, true), err)
        local ok2, err2 = pcall(recmem.net, {task = "DE1", hidden = 20000})
        assert(not ok2 and err2:find("recmem.net: hidden 20000 (model rnn, batch 50) needs", 1, true), err2)') >out 2>err ||
        bad "Lua sizes under 4 GB: $(cat err)"
else
    echo "note: memory-limit checks not run: recmem cannot start under ulimit -v (sanitizer build)"
fi

# kill -9: the row is listed as died, then pruned
"$R" train --task DE1 --hidden 8 --batch 4 --iters 10000000 --log-every 50 --db runs.db \
    -o killed.safetensors >/dev/null 2>killed.log &
pid=$!
i=0
until grep -q "iter 100 " killed.log 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || { bad "training did not start: $(cat killed.log)"; break; }
    sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
"$R" runs --db runs.db >out 2>err || bad "runs: $(cat err)"
grep -q "^ *1  *died  *DE1" out || bad "killed run not listed as died: $(cat out)"
"$R" runs --db runs.db --json status=died >out 2>err && grep -q '"status": "died"' out ||
    bad "runs --json status=died: $(cat out err)"
"$R" -e 'local r = recmem.runs{db = "runs.db"}
         assert(#r == 1 and r[1].status == "died" and r[1].pid > 0, r[1] and r[1].status)' ||
    bad "Lua recmem.runs does not show the died run"
"$R" runs --db runs.db --prune >out 2>err || bad "runs --prune: $(cat err)"
grep -q "1 run whose process died marked failed" err || bad "runs --prune said: $(cat err)"
"$R" runs --db runs.db status=failed >out 2>&1 && grep -q "^ *1  *failed" out ||
    bad "pruned run not failed: $(cat out)"
refuse "runs --prune with a filter" "takes no filters" "$R" runs --db runs.db --prune task=DE1

# stale temporary files beside a checkpoint: only this host's, only of processes gone
host=$(uname -n | cut -c1-16 | tr / _)
dead=$(sh -c 'echo $$')
sleep 600 & live=$!
touch "ckpt.safetensors.tmp.$dead.$host.AbCdEf" "ckpt.safetensors.tmp.$live.$host.AbCdEf" \
      "ckpt.safetensors.tmp.$dead.other-host.AbCdEf" "ckpt.safetensors.tmp.XyZabc" \
      "other.safetensors.tmp.$dead.$host.AbCdEf"
"$R" train --task DE1 --hidden 8 --batch 4 --iters 2 --test-batches 1 --si-trials 0 --no-db \
    -o ckpt.safetensors >/dev/null 2>err || bad "train -o ckpt: $(cat err)"
[ ! -e "ckpt.safetensors.tmp.$dead.$host.AbCdEf" ] || bad "a dead writer's temporary file was kept"
for f in "ckpt.safetensors.tmp.$live.$host.AbCdEf" "ckpt.safetensors.tmp.$dead.other-host.AbCdEf" \
         "ckpt.safetensors.tmp.XyZabc" "other.safetensors.tmp.$dead.$host.AbCdEf"; do
    [ -e "$f" ] || bad "removed $f, which was not ours to remove"
done
kill $live

exit $fail
