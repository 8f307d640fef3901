#!/bin/sh
# store_lua.sh: the store's Lua bindings and `recmem open`:
#  - recmem.load hands over the whole trainer: saving the loaded net again gives a file
#    bit-identical to the original (tensors and metadata), and it keeps training
#  - net:save on a never-trained network, run tables, errors as Lua errors
#  - recmem.runs{} filters (strings, key=value, key={op, value}, db=)
#  - recmem open FILE starts the REPL with `net` and `run` defined
set -eu
: "${RECMEM:?}" "${top_srcdir:?}"
READER=$top_srcdir/tests/store/st_reader.py
. "$top_srcdir/tests/find_python.sh"
need_python store_lua numpy
w=$(mktemp -d /tmp/rm-store-lua.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
fail() { echo "store_lua: FAIL: $*" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1
T="--task CD1 --hidden 6 --batch 3 --test-batches 1 --si-trials 3 --log-every 20 --seed 9 --db $w/runs.db"
"$RECMEM" train $T --iters 50 -o a.safetensors > /dev/null 2>&1
"$RECMEM" train $T --iters 30 --lambda 0.9 -o b.safetensors > /dev/null 2>&1

"$RECMEM" -e '
local net, run = recmem.load("a.safetensors")
assert(net.iter == 50 and run.iter == 50, "iteration")
assert(run.condition == "basic" and run.test_infloss, "run table")
assert(run.path == "a.safetensors")
net:save("a2.safetensors")
net:train{iters = 5, async = false}
assert(net.iter == 55, "training the loaded net")
local fresh = recmem.net{task = "DE1", hidden = 4}
fresh:save("fresh.safetensors", {name = "fresh one"})
local f, fr = recmem.load("fresh.safetensors")
assert(f.iter == 0 and fr.name == "fresh one")
local ok, err = pcall(recmem.load, "missing.safetensors")
assert(not ok and err:find("missing.safetensors"), err)
local all = recmem.runs{db = "runs.db"}
assert(#all == 2, "two runs, got " .. #all)
assert(#recmem.runs{db = "runs.db", task = "CD1", lambda0 = {"<", 0.95}} == 1)
assert(#recmem.runs{db = "runs.db", "iter>=50", status = "done"} == 1)
assert(recmem.runs{db = "runs.db", iter = 30}[1].checkpoint:find("b.safetensors"))
local ok2, err2 = pcall(recmem.runs, {db = "runs.db", nope = 1})
assert(not ok2 and err2:find("unknown column"), err2)
print("lua checks passed")
' > out.txt 2>&1 || fail "$(cat out.txt)"
grep -q "lua checks passed" out.txt || fail "$(cat out.txt)"
"$PY" "$READER" same a.safetensors a2.safetensors || fail "load + save changed the checkpoint"

printf 'print("iter", net.iter, run.iter)\n' | "$RECMEM" open b.safetensors > open.txt 2>&1 ||
    fail "recmem open: $(cat open.txt)"
grep -q "iter	30	30" open.txt || fail "recmem open: $(cat open.txt)"
echo "store_lua: all checks passed"
