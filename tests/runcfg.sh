#!/bin/sh
# runcfg.sh: one run description for every front end (core/run.h, store/run_json.h).
#  - the same runs built from CLI flags, Lua tables and JSON files have equal configs
#  - the JSON round trip is exact (doubles, seeds up to 2^64-1), unknown keys are refused
#  - a run's JSON from the registry, handed to `recmem train --config`, retrains it bit for bit
#  - a network trained from Lua and from the CLI with the same config is bit-identical
#  - runs from the CLI and from a Lua script are recorded in the registry (RECMEM_DB)
#  - a checkpoint of a network trained on a task defined in Lua names what to do to load it
#  - checkpoints without the run description (written before it existed) load and resume
set -u
: "${RECMEM:?}" "${top_srcdir:?}"
R=$RECMEM
READER=$top_srcdir/tests/store/st_reader.py
. "$top_srcdir/tests/find_python.sh"
need_python runcfg "numpy"
w=$(mktemp -d /tmp/rm-runcfg.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
. "$top_srcdir/tests/cli_refuse.sh"
unset RECMEM_DB

# ---- the same run from CLI flags, a Lua table and a JSON file ----
# each case: CLI flags | recmem.net{...} fields | net:train{...} fields ("" for none) | JSON
n=0
while IFS='|' read -r flags net train json; do
    n=$((n + 1))
    "$R" train $flags --print-config > cli.$n 2> err || bad "case $n: CLI: $(cat err)"
    if [ -n "$train" ]; then
        chunk="local n = recmem.net{$net}; n:train{$train, async = false}; print(n:config())"
    else
        chunk="print(recmem.net{$net}:config())"
    fi
    RECMEM_DB= "$R" -e "$chunk" > lua.$n 2> err || bad "case $n: Lua: $(cat err)"
    echo "$json" > in.$n.json
    "$R" train --config in.$n.json --print-config > json.$n 2> err || bad "case $n: JSON: $(cat err)"
    cmp -s cli.$n lua.$n || bad "case $n: CLI and Lua configs differ: $(cat cli.$n) vs $(cat lua.$n)"
    cmp -s cli.$n json.$n || bad "case $n: CLI and JSON configs differ: $(cat cli.$n) vs $(cat json.$n)"
    "$R" train --config cli.$n --print-config > again.$n 2>/dev/null
    cmp -s cli.$n again.$n || bad "case $n: the normalised config does not read back to itself"
done <<'CASES'
--task DE1|task = "DE1"||{"task": "DE1"}
--task CD1 --condition tethered --hidden 8 --seed 5|task = "CD1", condition = "tethered", hidden = 8, seed = 5||{"task": "CD1", "condition": "tethered", "hidden": 8, "seed": 5}
--task 2AFC --model gru --lambda 0.5 --sigma 0.1 --hidden 12|task = "2AFC", model = "gru", lambda = 0.5, sigma = 0.1, hidden = 12||{"task": "2AFC", "model": "gru", "lambda": 0.5, "sigma": 0.1, "hidden": 12}
--task COMP --condition tethered+vardelay --hidden 6 --iters 3 --batch 4 --lr 1e-3 --rho 1e-4 --log-every 2|task = "COMP", condition = "tethered+vardelay", hidden = 6|iters = 3, batch = 4, lr = 1e-3, rho = 1e-4, log_every = 2|{"task": "COMP", "condition": "vardelay+tethered", "hidden": 6, "iters": 3, "batch": 4, "lr": 0.001, "rho": 0.0001, "log_every": 2}
--task DE1 --variant dynamic --kappa-a 0.01 --read-back 7 --hidden 5 --iters 2 --batch 3|task = "DE1", variant = "dynamic", hidden = 5|iters = 2, batch = 3, kappa_a = 0.01, read_back = 7|{"task": "DE1", "variant": "dynamic", "kappa_a": 0.01, "read_back": 7, "hidden": 5, "iters": 2, "batch": 3}
--task CD1 --condition dynamic --hidden 4 --iters 2 --batch 2 --threads 2|task = "CD1", condition = "dynamic", hidden = 4|iters = 2, batch = 2, threads = 2|{"task": "CD1", "condition": "dynamic", "hidden": 4, "iters": 2, "batch": 2, "threads": 2}
CASES
[ $n -eq 6 ] || bad "only $n cases ran"

# ---- exact JSON: doubles, the largest seeds, refusals ----
"$R" train --task DE1 --lambda 0.30000000000000004 --lr 1.0000000000000002e-4 \
    --seed 18446744073709551615 --print-config > big.json 2> err || bad "big seed: $(cat err)"
grep -q '"seed":"18446744073709551615"' big.json || bad "seed above 2^63-1 not a string: $(cat big.json)"
grep -q '"lambda":0.30000000000000004' big.json || bad "lambda not exact: $(cat big.json)"
"$R" train --config big.json --print-config > big2.json && cmp -s big.json big2.json ||
    bad "big seed does not read back: $(cat big2.json)"
"$R" train --task DE1 --seed 9223372036854775807 --print-config | grep -q '"seed":9223372036854775807,' ||
    bad "seed 2^63-1 is not an integer"
echo '{"task": "DE1", "bogus": 1}' > bogus.json
refuse "unknown key" "unknown key 'bogus'" "$R" train --config bogus.json
echo '{"task": "DE1", "seed": -1}' > neg.json
refuse "negative seed" "seed must be an integer" "$R" train --config neg.json
echo '{"task": "DE1", "seed": "18446744073709551616"}' > over.json
refuse "seed over 2^64-1" "is not a number in" "$R" train --config over.json
echo '{"task": "DE1", "hidden": 0}' > zero.json
refuse "values checked as flags are" "hidden 0 is out of range" "$R" train --config zero.json
refuse "missing file" "nope.json" "$R" train --config nope.json
refuse "--config then --resume" "takes --config from the checkpoint" "$R" train --config big.json --resume x.safetensors
# flags after --config override it
"$R" train --config big.json --hidden 7 --print-config | grep -q '"hidden":7,' || bad "flag after --config"

# ---- the registry's JSON retrains the run bit for bit ----
T="--task CD1 --hidden 8 --batch 4 --iters 30 --test-batches 2 --si-trials 4 --log-every 10 --seed 11"
"$R" train $T --lambda 0.9 -o first.safetensors --db reg.db > /dev/null 2> log || bad "train: $(tail -2 log)"
"$R" runs --db reg.db --config 1 > run1.json || bad "runs --config"
"$R" train --config run1.json -o again.safetensors --no-db > /dev/null 2>> log || bad "retrain: $(tail -2 log)"
"$PY" "$READER" same first.safetensors again.safetensors > /dev/null ||
    bad "the run retrained from its registry JSON differs"
refuse "no such run" "no run 99" "$R" runs --db reg.db --config 99

# ---- checkpoints written before the run description was saved still load and resume ----
# (such a file is today's without the "run" metadata: the loader makes one from config)
strip_run() {
    "$PY" - "$1" "$2" <<'PY'
import json, struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", b[:8])[0]
h = json.loads(b[8:8 + n])
del h["__metadata__"]["run"]
t = json.dumps(h, separators=(",", ":")).encode()
t += b" " * (-len(t) % 8)
open(sys.argv[2], "wb").write(struct.pack("<Q", len(t)) + t + b[8 + n:])
PY
}
"$R" train $T -o part.safetensors --iters 20 --no-db > /dev/null 2>> log || bad "part run"
strip_run part.safetensors old.safetensors || bad "could not make an old-style checkpoint"
"$R" train --resume old.safetensors --iters 10 --no-db > /dev/null 2> err || bad "old resume: $(cat err)"
"$R" train --resume part.safetensors --iters 10 --no-db > /dev/null 2>> log || bad "new resume"
"$PY" "$READER" same_tensors old.safetensors part.safetensors > /dev/null ||
    bad "an old-style checkpoint resumes differently"
"$R" train --resume old.safetensors --print-config | grep -q '"task":"CD1".*"hidden":8.*"seed":11' ||
    bad "old-style checkpoint's description: $("$R" train --resume old.safetensors --print-config)"
"$R" train --task CD1 --task2 2AFC --condition multitask+tethered --hidden 6 --batch 3 --iters 4 \
    --test-batches 1 --si-trials 2 --no-db -o mt.safetensors > /dev/null 2>> log || bad "multitask run"
strip_run mt.safetensors oldmt.safetensors
"$R" train --resume oldmt.safetensors --print-config | grep -q '"task":"2AFC".*"condition":"tethered"' ||
    bad "an old multitask checkpoint goes on under the rest of its condition"
"$R" train --resume mt.safetensors --print-config | grep -q '"task":"CD1".*"condition":"tethered+multitask","task2":"2AFC"' ||
    bad "a multitask checkpoint keeps both tasks"

# ---- Lua and the CLI give the same bits (whatever OPENBLAS_NUM_THREADS says) ----
unset OPENBLAS_NUM_THREADS
"$R" train --task DE1 --hidden 24 --batch 6 --iters 20 --log-every 10 --seed 4 --test-batches 1 \
    --no-db -o cli.safetensors > /dev/null 2>> log || bad "CLI run failed"
RECMEM_DB= "$R" -e 'local n = recmem.net{task = "DE1", hidden = 24, seed = 4}
  n:train{iters = 20, batch = 6, log_every = 10, async = false}
  n:save("lua.safetensors")' 2>> log || bad "Lua run failed: $(tail -2 log)"
"$PY" "$READER" same_tensors cli.safetensors lua.safetensors > /dev/null ||
    bad "a network trained from Lua differs from the CLI's"
# recmem.train runs a whole description (phases, warm-up) as recmem train --config does
for d in '"task": "CD1", "task2": "2AFC", "condition": "multitask"' '"task": "CD2", "vardelay_warmup": 6'; do
    echo "{$d, \"hidden\": 8, \"batch\": 4, \"iters\": 10, \"test_batches\": 1, \"si_trials\": 4, \"log_every\": 5, \"seed\": 3}" > whole.json
    "$R" train --config whole.json --no-db -o whole-cli.safetensors > /dev/null 2>> log || bad "CLI: $d"
    RECMEM_DB= "$R" -e 'local f = io.open("whole.json"); local net, r = recmem.train(f:read("a"))
      assert(#r.phases >= 1 and r.infloss == r.phases[#r.phases].infloss and type(r.keep) == "boolean")
      net:save("whole-lua.safetensors")' 2>> log || bad "recmem.train: $d: $(tail -2 log)"
    "$PY" "$READER" same_tensors whole-cli.safetensors whole-lua.safetensors > /dev/null ||
        bad "recmem.train and recmem train --config differ: $d"
done
RECMEM_DB= "$R" -e 'recmem.train{task = "DE1", hidden = 0}' 2> err && bad "recmem.train hidden 0"
grep -q "recmem.train: hidden 0 is out of range" err || bad "recmem.train message: $(cat err)"
RECMEM_DB= "$R" -e 'recmem.train{task = "DE1", hiden = 3}' 2> err && bad "recmem.train unknown key"
grep -q "unknown key 'hiden'" err || bad "recmem.train unknown key: $(cat err)"
export OPENBLAS_NUM_THREADS=1

# ---- every front end records its runs (RECMEM_DB) ----
RECMEM_DB=$w/all.db "$R" train --task DE1 --hidden 6 --batch 3 --iters 4 --test-batches 1 \
    --si-trials 3 > /dev/null 2>> log || bad "CLI run for the registry"
cat > script.lua <<'LUA'
local n = recmem.net{task = "CD1", hidden = 6, seed = 2}
n:train{iters = 5, batch = 3, async = false}
local m = recmem.net{task = "2AFC", hidden = 6}
m:train{iters = 3, batch = 3}:wait()
LUA
RECMEM_DB=$w/all.db "$R" script.lua 2>> log || bad "Lua script for the registry: $(tail -2 log)"
"$R" runs --db all.db --json > all.txt || bad "runs --json"
"$PY" - all.txt <<'PY' || bad "registry rows: $(cat all.txt)"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["task"] for r in rows] == ["DE1", "CD1", "2AFC"], rows
assert all(r["status"] == "done" and r["run"]["hidden"] == 6 for r in rows), rows
assert rows[1]["iter"] == 5 and rows[1]["run"]["seed"] == 2 and rows[2]["iter"] == 3, rows
PY
[ ! -e recmem.db ] || bad "RECMEM_DB was set, yet ./recmem.db was written"
RECMEM_DB= "$R" -e 'recmem.net{task = "DE1", hidden = 4}:train{iters = 1, batch = 2, async = false}' 2>> log
[ ! -e recmem.db ] || bad "an empty RECMEM_DB still recorded the run"
out=$(RECMEM_DB= "$R" -e 'print(recmem.set_db("x.db")); print(recmem.set_db(nil))')
[ "$out" = "nil
x.db" ] || bad "recmem.set_db returns the previous path: '$out'"

# ---- a network of a task defined in Lua ----
cat > define.lua <<'LUA'
ramp = recmem.task.define{name = "ramp", inputs = 2, outputs = 1,
  steps = {stim = 4, delay = 4, resp = 4},
  sample = function(b, rng)
    for i = 1, b.B do
      local v = rng:uniform(0, 1)
      for t = 1, b.stim do b.x[i][t][1] = v end
      for t = b.T - b.resp + 1, b.T do b.target[i][t][1] = v end
      b.s[i][1] = v; b.opt[i][1] = v
    end
  end}
LUA
RECMEM_DB=$w/lua.db "$R" -e 'dofile("define.lua")
  local n = recmem.net{task = "ramp", hidden = 5}
  n:train{iters = 3, batch = 2, async = false}
  n:save("ramp.safetensors")' 2>> log || bad "Lua task run: $(tail -2 log)"
"$R" runs --db lua.db --json | grep -q '"task": "ramp"' || bad "the Lua task's name is not recorded"
RECMEM_DB= "$R" -e 'recmem.load("ramp.safetensors")' 2> err && bad "loaded a Lua task's network without its task"
grep -q "unknown task 'ramp'.*recmem.task.define{name=\"ramp\"" err || bad "load message: $(cat err)"
out=$(RECMEM_DB= "$R" -e 'dofile("define.lua"); local n = recmem.load("ramp.safetensors"); print(n.task.name, n.iter)' 2> err) ||
    bad "load with the task defined: $(cat err)"
[ "$out" = "ramp	3" ] || bad "loaded Lua task network: '$out'"

exit $fail
