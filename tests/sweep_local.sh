#!/bin/sh
# sweep_local.sh: recmem sweep on the local pool. A 6-point sweep of tiny networks run with
# -j 2, interrupted with SIGINT once the first checkpoints exist and run again, ends with
# the same results and the same network bytes as the same sweep run without a break; a
# failing point is recorded with its message while the others finish; collect is
# idempotent; the Lua view of the results; the description's expansion order, the Lua
# form, and the refusal of bad ranges and of a different sweep in an existing directory.
set -u
: "${RECMEM:?}"
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
w=$(mktemp -d /tmp/rm-sweep-local.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w" || exit 1
. "$top/tests/cli_refuse.sh"
export OPENBLAS_NUM_THREADS=1

# 6 points; 300 iterations of 10 trials, a checkpoint every 10: a point takes about a
# second here, so the SIGINT below lands inside the first two
grid="--task DE1 --lambda 0.9,0.98 --seeds 1-3 --hidden 8 --batch 10 --iters 300
      --test-batches 2 --si-trials 10 --log-every 100"
"$RECMEM" sweep $grid -d whole -j 2 --checkpoint-every 10 2>whole.err
rc=$?
[ $rc -eq 0 ] || { bad "uninterrupted sweep: exit $rc"; cat whole.err; }

"$RECMEM" sweep $grid -d broken -j 2 --checkpoint-every 10 2>broken1.err &
pid=$!
i=0   # wait for a marker: the first periodic checkpoint of a point
while ! ls broken/points/*.safetensors >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 600 ] || { bad "no checkpoint appeared"; break; }
    sleep 0.05
done
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { bad "interrupted sweep: exit $rc (want 130)"; cat broken1.err; }
grep -q "interrupted; its checkpoint resumes it" broken1.err || bad "no point was interrupted: $(cat broken1.err)"
n=$(ls broken/results/*.json 2>/dev/null | wc -l)
[ "$n" -lt 6 ] || bad "all 6 points finished before the interrupt landed"
ls broken/results/*.running >/dev/null 2>&1 && bad "claims left behind after the interrupt"
"$RECMEM" sweep $grid -d broken -j 2 --checkpoint-every 10 2>broken2.err
rc=$?
[ $rc -eq 0 ] || { bad "resumed sweep: exit $rc"; cat broken2.err; }
grep -q "already done" broken2.err || [ "$n" -eq 0 ] || bad "finished points were not skipped"
# at least one point continued from a checkpoint in the middle of its training
resumed=$(grep -h '"resumed_from"' broken/results/*.json | grep -vc '"resumed_from": 0')
[ "$resumed" -ge 1 ] || bad "no point resumed from a checkpoint"

# the same results: metrics in the result files, and the networks' bytes (the tensors;
# the header holds the time of saving)
tensors() { # file: the bytes after the 8-byte length and the JSON header
    hl=$(od -An -t u8 -N 8 "$1" | tr -d ' ')
    tail -c +$((9 + hl)) "$1"
}
for i in 0000 0001 0002 0003 0004 0005; do
    for k in status test_infloss keep si iters; do
        a=$(grep "^  \"$k\"" whole/results/$i.json)
        b=$(grep "^  \"$k\"" broken/results/$i.json)
        [ -n "$a" ] && [ "$a" = "$b" ] || bad "point $i: $k differs: '$a' vs '$b'"
    done
    tensors whole/points/$i.safetensors >a.bin
    tensors broken/points/$i.safetensors >b.bin
    [ -s a.bin ] && cmp -s a.bin b.bin || bad "point $i: the networks differ"
done

# `sweep run` (what a SLURM array task runs) stopped by SIGTERM, as scancel does: no
# result, no claim, and the next run continues from the checkpoint
# (--slurm --dry-run makes the sweep directory and writes the job script, nothing else)
"$RECMEM" sweep --task DE1 --hidden 8 --batch 10 --iters 400 --test-batches 2 --si-trials 10 \
    -d one --slurm --dry-run >/dev/null 2>&1 || bad "--slurm --dry-run of one"
[ -s one/slurm/sweep.sbatch ] && [ ! -e one/slurm/jobs ] || bad "--slurm --dry-run: $(ls one/slurm)"
"$RECMEM" sweep run one --point 0 --checkpoint-every 10 2>run1.err &
pid=$!
i=0
while [ ! -e one/points/0000.safetensors ]; do
    i=$((i + 1)); [ $i -lt 600 ] || { bad "sweep run: no checkpoint"; break; }
    sleep 0.05
done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || bad "sweep run after SIGTERM: exit $rc (want 130): $(cat run1.err)"
[ -e one/results/0000.json ] && bad "sweep run wrote a result for an interrupted point"
[ -e one/results/0000.running ] && bad "sweep run left its claim"
"$RECMEM" sweep run one --point 0 --checkpoint-every 10 2>run2.err || bad "sweep run again: $(cat run2.err)"
grep -q '"resumed_from": [1-9]' one/results/0000.json || bad "sweep run did not resume"
grep -q '"iters": 400' one/results/0000.json || bad "sweep run did not finish"

# status, csv and json
"$RECMEM" sweep status broken >st.out 2>&1 || bad "status failed"
grep -q "6 points: 6 done, 0 running, 0 failed, 0 missing" st.out || bad "status: $(cat st.out)"
"$RECMEM" sweep status broken --csv >st.csv 2>/dev/null
[ "$(head -1 st.csv)" = "point,status,lambda,seed,test_infloss,keep,si,seconds,iters,error" ] ||
    bad "csv header: $(head -1 st.csv)"
[ "$(grep -c ',done,' st.csv)" -eq 6 ] || bad "csv rows: $(cat st.csv)"
"$RECMEM" sweep status broken --json >st.json 2>/dev/null
[ "$(grep -c '"status": "done"' st.json)" -eq 6 ] && [ "$(grep -c '"keep": \(true\|false\)' st.json)" -eq 6 ] ||
    bad "json rows: $(cat st.json)"

# the grid: one row per lambda, one column per seed, every cell filled
"$RECMEM" sweep status broken --grid >g.out 2>&1 || bad "grid: $(cat g.out)"
[ "$(sed -n 2p g.out | awk '{print $1, $2, $3, $4}')" = "lambda 1 2 3" ] || bad "grid header: $(cat g.out)"
[ "$(grep -cE '^ +0\.9(8)? +(([0-9.]+ \(1\)|not kept) *){3}$' g.out)" -eq 2 ] || bad "grid rows: $(cat g.out)"
refuse "grid of a non-axis" "'sigma' is not an axis" "$RECMEM" sweep status broken --grid=lambda,sigma

# collect twice: one row per point, marked with the sweep's name
"$RECMEM" sweep collect broken --db r.db >c1.out || bad "collect failed"
"$RECMEM" sweep collect broken --db r.db >c2.out || bad "second collect failed"
grep -q "6 runs added" c1.out || bad "collect: $(cat c1.out)"
grep -q "0 runs added to r.db, 6 already there" c2.out || bad "collect again: $(cat c2.out)"
[ "$("$RECMEM" runs sweep=broken --db r.db | grep -c ' done ')" -eq 6 ] ||
    bad "runs sweep=broken: $("$RECMEM" runs sweep=broken --db r.db 2>&1)"

# the Lua view
"$RECMEM" -e '
local s = recmem.sweep.load("broken")
local rows = s:results()
assert(s.n == 6 and #rows == 6, "rows")
for i, r in ipairs(rows) do
  assert(r.point == i - 1 and r.status == "done", "status of " .. i)
  assert(r.config.task == "DE1" and r.config.hidden == 8, "config")
  assert(type(r.test_infloss) == "number" and type(r.si) == "number", "metrics")
  assert(r.keep == (r.test_infloss < 0.5), "keep flag")
end
assert(rows[1].config.lambda == 0.9 and rows[4].config.lambda == 0.98, "order")
assert(rows[1].config.seed == 1 and rows[2].config.seed == 2, "seed fastest")
' || bad "recmem.sweep.load(...):results()"

# a failing point (lr out of range: a bad config) is recorded; the other finishes
"$RECMEM" sweep --task DE1 --lr 5e-4,1000 --hidden 8 --batch 10 --iters 20 \
    --test-batches 2 --si-trials 10 -d failing -j 2 2>f.err
rc=$?
[ $rc -eq 1 ] || bad "sweep with a failing point: exit $rc (want 1)"
grep -q '"status": "failed"' failing/results/0001.json || bad "point 1 not recorded as failed"
grep -q '"error": "train: lr 1000 is out of range' failing/results/0001.json ||
    bad "point 1's message: $(grep error failing/results/0001.json)"
grep -q '"status": "done"' failing/results/0000.json || bad "point 0 did not finish"
# a NaN loss (a huge learning rate) fails that point only, with the trainer's message
"$RECMEM" sweep --task DE1 --lr 5e-4,10 --hidden 8 --batch 10 --iters 200 \
    --test-batches 2 --si-trials 10 -d nan -j 2 2>n.err
grep -q '"status": "done"' nan/results/0000.json || bad "nan sweep: point 0 did not finish"
grep -q '"error": "train: loss became NaN at iteration' nan/results/0001.json ||
    bad "nan point: $(grep error nan/results/0001.json)"
"$RECMEM" sweep status nan | grep -q "1 done, 0 running, 1 failed" || bad "status of the nan sweep"

# expansion order: axes in run-config key order (task, ..., lambda, ..., seed), last fastest,
# whatever order the flags come in
"$RECMEM" sweep --seeds 1-2 --lambda 0.8:0.9:2 --task DE1,CD1 --hidden 8 -d order --dry-run \
    --iters 1 >order.out 2>&1 || bad "dry run failed: $(cat order.out)"
sed -n 2,9p order.out | awk '{print $2, $3, $4}' >got
printf '%s\n' "DE1 0.8 1" "DE1 0.8 2" "DE1 0.9 1" "DE1 0.9 2" "CD1 0.8 1" "CD1 0.8 2" \
    "CD1 0.9 1" "CD1 0.9 2" >want
cmp -s got want || { bad "expansion order:"; cat order.out; }
grep -q "^8 points" order.out || bad "point count: $(cat order.out)"
grep -q "core-hours" order.out || bad "no estimate: $(cat order.out)"
[ -e order ] && bad "--dry-run created the directory"
# ranges: both ends, n values
"$RECMEM" sweep --task DE1 --sigma 0:0.018:10 -d r --dry-run --hidden 8 --iters 1 >r.out 2>&1
[ "$(sed -n 2p r.out | awk '{print $2}')" = 0 ] && [ "$(sed -n 11p r.out | awk '{print $2}')" = 0.018 ] &&
    [ "$(sed -n 6p r.out | awk '{print $2}')" = 0.008 ] || { bad "range 0:0.018:10"; cat r.out; }

# the Lua form describes the same points
cat >d.lua <<'EOF'
return {name = "lua", dir = "fromlua",
        base = {task = "DE1", hidden = 8, batch = 10, iters = 300, test_batches = 2,
                si_trials = 10, log_every = 100},
        axes = {seed = "1-3", lambda = {0.9, 0.98}}}
EOF
"$RECMEM" sweep d.lua --dry-run >l.out 2>&1 || bad "lua dry run: $(cat l.out)"
"$RECMEM" sweep $grid -d x --dry-run >f.out 2>&1
[ "$(sed -n 1,7p l.out)" = "$(sed -n 1,7p f.out)" ] || { bad "Lua and flags differ"; cat l.out f.out; }

# examples/sweep.lua: a description for `recmem sweep`, and a script that prints its grid
RECMEM_QUICK=1 "$RECMEM" sweep "$top/examples/sweep.lua" -j 2 2>ex.err || bad "example sweep: $(tail -3 ex.err)"
RECMEM_QUICK=1 "$RECMEM" "$top/examples/sweep.lua" >ex.out 2>&1 || bad "example grid: $(cat ex.out)"
grep -q "example-quick: 12 done" ex.out || bad "example grid: $(cat ex.out)"

# bad input: one line, exit 2 (tiny and --dry-run, so that a regression cannot start a
# long training)
tiny="--hidden 4 --iters 1 --test-batches 1 --si-trials 0 --dry-run"
refuse "range without n" "'0.8:0.98' is not a range lo:hi:n" "$RECMEM" sweep --task DE1 --lambda 0.8:0.98 -d b $tiny
refuse "backwards seeds" "runs backwards" "$RECMEM" sweep --task DE1 --seeds 5-1 -d b $tiny
refuse "zero count" "the count n must be" "$RECMEM" sweep --task DE1 --lambda 0.8:0.9:0 -d b $tiny
refuse "fractional hidden" "not a whole number" "$RECMEM" sweep --task DE1 --hidden 10:20:4 -d b --iters 1 --dry-run
refuse "not a number" "'x' is not a number" "$RECMEM" sweep --task DE1 --sigma 0,x -d b $tiny
refuse "no task" "is required" "$RECMEM" sweep --lambda 0.8,0.9 -d b $tiny
refuse "no dir" "where should it go" "$RECMEM" sweep --task DE1 $tiny
refuse "kappa" "come from the condition" "$RECMEM" sweep --task DE1 --kappa-a 1e-3 -d b $tiny
refuse "bad name" "the name 'a b' must be" "$RECMEM" sweep --task DE1 -d b -n "a b" $tiny
refuse "other sweep" "already holds sweep 'broken'" "$RECMEM" sweep --task DE1 -d broken \
    --hidden 4 --iters 1 --test-batches 1 --si-trials 0
refuse "unknown option" "unknown option '--bogus'" "$RECMEM" sweep --task DE1 --bogus -d b $tiny
refuse "missing point" "point 9 does not exist" "$RECMEM" sweep run broken --point 9
refuse "no sweep" "no sweep here" "$RECMEM" sweep status nowhere
printf 'return {base = {task = "DE1"}, axes = {colour = "1,2"}, dir = "b"}\n' >k.lua
refuse "unknown key in Lua" "unknown key" "$RECMEM" sweep k.lua --dry-run
printf 'return {base = {task = "DE1", lambda = "0.8:0.9:2"}, dir = "b"}\n' >m.lua
refuse "a range in base" "base.lambda: a base value must be single" "$RECMEM" sweep m.lua --dry-run
printf 'return 3\n' >t.lua
refuse "Lua file not a table" "must return a table" "$RECMEM" sweep t.lua
[ -e b ] && bad "a refused sweep created its directory"

[ $fail -eq 0 ] && echo "sweep_local: OK"
exit $fail
