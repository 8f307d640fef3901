#!/bin/sh
# store_cli.sh: checkpoints, resume, the registry and export through the recmem program.
#  - resume: 200 iterations in one go == 100, save, --resume --iters 100 (every tensor and
#    the metadata bit-identical, same test result)
#  - Ctrl-C during training saves a resumable checkpoint and records the run as stopped
#  - --checkpoint-every survives kill -9 with a checkpoint at a multiple of K
#  - recmem runs: table, filters, --json, bad filters
#  - recmem export --mat/--npy read back by scipy.io.loadmat and numpy
#  - the .safetensors read by an independent Python reader (tests/store/st_reader.py)
#  - malformed checkpoints get a one-line error naming the file
set -eu
: "${RECMEM:?}" "${top_srcdir:?}"
builddir=${RECMEM%/src/recmem}
TOOL=$builddir/tests/store/ckpt_tool
READER=$top_srcdir/tests/store/st_reader.py
. "$top_srcdir/tests/find_python.sh"
need_python store_cli "numpy, scipy.io"

w=$(mktemp -d /tmp/rm-store-cli.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
fail() { echo "store_cli: FAIL: $*" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1
T="--task DE1 --hidden 8 --batch 4 --test-batches 2 --si-trials 4 --log-every 50 --seed 3 --db $w/runs.db"

# resume equivalence
"$RECMEM" train $T --iters 200 -o full.safetensors --json > full.json 2> log
"$RECMEM" train $T --iters 100 -o part.safetensors > /dev/null 2>> log
"$RECMEM" train --resume part.safetensors --iters 100 --db "$w/runs.db" --json > resumed.json 2>> log
"$PY" "$READER" same full.safetensors part.safetensors || fail "resumed run differs from the uninterrupted one"
sed 's/"seconds":[^,]*,//g' full.json > a.json
sed 's/"seconds":[^,]*,//g' resumed.json > b.json
cmp -s a.json b.json || fail "test results differ: $(cat a.json) vs $(cat b.json)"
"$PY" "$READER" check full.safetensors
"$TOOL" dump full.safetensors > dump.txt
"$PY" "$READER" dump full.safetensors dump.txt || fail "Python and C readers disagree"

# --resume refuses to change what the checkpoint fixes, and lets the learning rate change
if "$RECMEM" train --resume part.safetensors --task CD1 2> err.txt; then fail "--resume with --task accepted"; fi
grep -q "resume" err.txt || fail "no reason given: $(cat err.txt)"
for flag in "--hidden 9" "--seed 4" "--sigma 0.1" "--batch 8"; do
    st=0; "$RECMEM" train --resume part.safetensors $flag 2> err.txt || st=$?
    [ $st -eq 2 ] && grep -q -- "takes ${flag% *} from the checkpoint" err.txt ||
        fail "--resume with $flag: exit $st, $(cat err.txt)"
done
cp part.safetensors lr.safetensors
"$RECMEM" train --resume lr.safetensors --iters 3 --lr 1e-4 --log-every 7 --no-db > /dev/null 2>> log
"$PY" - lr.safetensors <<'EOF' || fail "--resume --lr not applied and saved"
import json, struct, sys
raw = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
meta = json.loads(raw[8:8 + n])["__metadata__"]
train, state = json.loads(meta["config"])["train"], json.loads(meta["state"])
assert train["lr"] == 1e-4 and train["log_every"] == 7 and state["iter"] == 203, (train, state)
EOF

# Ctrl-C saves; the run is recorded as stopped and resumes from where it stopped
"$RECMEM" train $T --iters 10000000 -o stop.safetensors > /dev/null 2> stop.log &
pid=$!
i=0
while ! grep -q "iter 100 " stop.log 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || { kill -9 $pid; fail "training did not start"; }
    sleep 0.05
done
kill -INT $pid
st=0; wait $pid || st=$?
[ $st -eq 130 ] || fail "Ctrl-C exit status $st, expected 130"
grep -q "saved stop.safetensors at iteration" stop.log || fail "no save on Ctrl-C: $(tail -3 stop.log)"
"$PY" "$READER" check stop.safetensors
"$RECMEM" runs --db "$w/runs.db" status=stopped > stopped.txt
grep -q "stop.safetensors" stopped.txt || fail "stopped run not in the registry: $(cat stopped.txt)"
stopped_at=$("$RECMEM" runs --db "$w/runs.db" status=stopped --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["iter"])')
"$RECMEM" train --resume stop.safetensors --iters 7 --db "$w/runs.db" > /dev/null 2>> log
now=$("$RECMEM" runs --db "$w/runs.db" "checkpoint=$w/stop.safetensors" --json | "$PY" -c 'import json,sys; r=json.load(sys.stdin); assert len(r)==1, r; print(r[0]["status"], r[0]["iter"])')
[ "$now" = "done $((stopped_at + 7))" ] || fail "resumed stopped run: '$now', expected 'done $((stopped_at + 7))'"

# --checkpoint-every: kill -9 leaves the last periodic checkpoint (the one at 180 was
# written before iteration 181, so before the log line of 200)
"$RECMEM" train $T --iters 10000000 --checkpoint-every 30 -o every.safetensors > /dev/null 2> every.log &
pid=$!
i=0
while ! grep -q "iter 200 " every.log 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || { kill -9 $pid; fail "training did not start"; }
    sleep 0.05
done
kill -9 $pid
wait $pid || true
it=$("$PY" -c 'import json,struct,sys; f=open(sys.argv[1],"rb"); n=struct.unpack("<Q",f.read(8))[0]; print(json.loads(json.loads(f.read(n))["__metadata__"]["state"])["iter"])' every.safetensors)
[ "$it" -ge 180 ] && [ $((it % 30)) -eq 0 ] || fail "periodic checkpoint at iteration $it"

# the registry listing
"$RECMEM" runs --db "$w/runs.db" > table.txt
head -1 table.txt | grep -q "^ID  *STATUS  *TASK  *VARIANT" || fail "table header: $(head -1 table.txt)"
[ "$(wc -l < table.txt)" -eq 5 ] || fail "expected 4 runs: $(cat table.txt)"
"$RECMEM" runs --db "$w/runs.db" --json | "$PY" -c '
import json, sys
runs = json.load(sys.stdin)
assert len(runs) == 4, len(runs)
assert all(r["config"]["net"]["n_hidden"] == 8 for r in runs)
assert {r["status"] for r in runs} == {"done", "died"}, [r["status"] for r in runs]  # the kill -9 one
'
# (the Ctrl-C run resumed above may also have passed 200 iterations on a loaded machine:
# it is left out by its checkpoint)
[ "$("$RECMEM" runs --db "$w/runs.db" task=DE1 iter\>=200 status=done "checkpoint!=$w/stop.safetensors" --json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq 2 ] ||
    fail "filter task=DE1 iter>=200 status=done checkpoint!=stop"
if "$RECMEM" runs --db "$w/runs.db" nosuchcolumn=3 2> err.txt; then fail "bad filter accepted"; fi
[ "$(wc -l < err.txt)" -eq 1 ] && grep -q "unknown column 'nosuchcolumn'" err.txt || fail "bad filter: $(cat err.txt)"
if "$RECMEM" runs --db "$w/none.db" 2> err.txt; then fail "missing registry accepted"; fi
[ ! -e "$w/none.db" ] || fail "recmem runs created an empty registry"

# export
"$RECMEM" export full.safetensors --mat out.mat --npy npy --trials 7 2>> log
"$PY" "$top_srcdir/tests/store/check_mat.py" out.mat npy 7 150 8 50 4 || fail ".mat export"
"$PY" "$READER" npy full.safetensors npy || fail ".npy export"
"$PY" -c '
import numpy as np, sys
h = np.load("npy/hidResps.npy"); x = np.load("npy/inpResps.npy")
assert h.shape == (7, 150, 8) and x.shape == (7, 150, 50), (h.shape, x.shape)
assert (h >= 0).all() and h.max() > 0, "ReLU activity should be non-negative and not all zero"
'

# malformed files: one line naming the file, exit status 2, nothing written
printf 'not a checkpoint at all' > bad.safetensors
head -c 1000 full.safetensors > cut.safetensors
for f in bad.safetensors cut.safetensors; do
    for cmd in "export $f --mat x.mat" "train --resume $f" "open $f"; do
        st=0; "$RECMEM" $cmd > /dev/null 2> err.txt || st=$?
        [ $st -eq 2 ] || fail "recmem $cmd: exit status $st"
        [ "$(wc -l < err.txt)" -eq 1 ] && grep -q "$f" err.txt || fail "recmem $cmd: $(cat err.txt)"
    done
done
[ ! -e x.mat ] || fail "a failed export left x.mat"
echo "store_cli: all checks passed"
