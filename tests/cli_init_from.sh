#!/bin/sh
# cli_init_from.sh: `recmem train --init-from PATH` starts a run from a saved network:
#  - the parameters with the same name and shape are copied (compared with the source after
#    zero iterations), the others (here DE2's two-output read-out for CD2's one) start as a
#    fresh network of the same seed would, and stderr says which is which;
#  - the checkpoint and --json record where the run started, also after --resume, and a
#    file name that is not UTF-8 does not stop the checkpoint from being saved;
#  - a missing file, another model or another size is refused in one line, exit status 2.
set -u
R=${RECMEM:?RECMEM must name the built binary}
: "${top_srcdir:?}"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"
export OPENBLAS_NUM_THREADS=1
. "$top_srcdir/tests/cli_refuse.sh"

Q="--batch 4 --test-batches 2 --si-trials 4 --no-db"
"$R" train --task DE2 --hidden 12 --iters 30 $Q -o de2.safetensors >/dev/null 2>de2.log ||
    bad "DE2 run failed: $(tail -2 de2.log)"
"$R" train --task CD2 --hidden 12 --iters 0 --seed 3 $Q --init-from de2.safetensors --json \
    -o cd2.safetensors >cd2.json 2>cd2.log || bad "--init-from run failed: $(tail -2 cd2.log)"
grep -q "starting from de2.safetensors (DE2, iteration 30): copied W_in b_in W_hh b_hh; fresh: W_out b_out" cd2.log ||
    bad "no line saying what was copied: $(cat cd2.log)"
grep -q '"init_from":"de2.safetensors"' cd2.json || bad "JSON lacks init_from: $(cat cd2.json)"
grep -aq 'init_from\\":\\"de2.safetensors' cd2.safetensors || bad "checkpoint lacks init_from"

# copied exactly; the read-out is that of a fresh CD2 network with the same seed
cat >cmp.lua <<'LUA'
local src, got = recmem.load("de2.safetensors"), recmem.load("cd2.safetensors")
local fresh = recmem.net{task = "CD2", hidden = 12, seed = 3}
local function same(a, b) local d = a - b; return d:max() == 0 and d:min() == 0 end
for _, n in ipairs{"W_in", "b_in", "W_hh", "b_hh"} do
  if not same(src:param(n), got:param(n)) then print("not copied: " .. n) end
  if same(fresh:param(n), got:param(n)) then print("left fresh: " .. n) end
end
for _, n in ipairs{"W_out", "b_out"} do
  if not same(fresh:param(n), got:param(n)) then print("read-out not fresh: " .. n) end
end
print("compared")
LUA
out=$("$R" cmp.lua 2>&1)
[ "$out" = compared ] || bad "parameters: $out"

# a resumed run still says where it started
"$R" train --resume cd2.safetensors --iters 2 --json >resumed.json 2>resumed.log ||
    bad "resume failed: $(tail -2 resumed.log)"
grep -q '"init_from":"de2.safetensors"' resumed.json || bad "resumed JSON lacks init_from"

# a source whose name is not UTF-8: recorded with '?' for its odd bytes, the save succeeds
odd=$(printf 'de2-\377.safetensors')
cp de2.safetensors "$odd"
"$R" train --task CD2 --hidden 12 --iters 1 $Q --init-from "$odd" -o odd.safetensors \
    >/dev/null 2>odd.log || bad "non-UTF-8 --init-from run failed: $(tail -1 odd.log)"
grep -aq 'init_from\\":\\"de2-?.safetensors' odd.safetensors || bad "odd name not recorded"

refuse "missing file" "nope.safetensors" "$R" train --task CD2 --hidden 12 $Q --init-from nope.safetensors
refuse "other size" "has 12 hidden units, this run 13" "$R" train --task CD2 --hidden 13 $Q --init-from de2.safetensors
refuse "other model" "holds a rnn network, this run trains gru" "$R" train --task CD2 --model gru --hidden 12 $Q --init-from de2.safetensors
refuse "with --resume" "resume" "$R" train --resume cd2.safetensors --init-from de2.safetensors
refuse "no value" "init-from" "$R" train --task CD2 --init-from
exit $fail
