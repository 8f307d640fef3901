#!/bin/sh
# demo_nets.sh: the teaching demo's shipped pair (examples/demo/, made by
# scripts/make-demo-nets.sh) loads, both networks meet the paper's keep criterion (test
# information loss < 0.5) and COMP's SI is above 2AFC's on held-out trials by a margin,
# as docs/demo-contrast.md and docs/workbench.md state. Only the ordering and the criterion
# are asserted: another OpenBLAS kernel gives other digits. Then the demo runs headless
# (RECMEM_QUICK=1: a tiny live pair) and prints both lines.
set -eu
: "${RECMEM:?}" "${top_srcdir:?}"
export OPENBLAS_NUM_THREADS=1
w=$(mktemp -d /tmp/rm-demo-nets.XXXXXX)
trap 'rm -rf "$w"' EXIT
cat >"$w/check.lua" <<'EOS'
local dir = arg[1]
-- held-out trials: a seed used neither in training (seed 1) nor by make-demo-nets.lua
local test = {batches = 20, si_trials = 200, seed = 424242}
local r = {}
for _, task in ipairs{"comp", "2afc"} do
    local net = recmem.load(dir .. "/" .. task .. ".safetensors")
    r[task] = net:test(test)
    print(string.format("%s infloss %.4f si %.4f", task, r[task].infloss, r[task].si))
    assert(r[task].infloss < 0.5, task .. " fails the keep criterion")
end
assert(r.comp.si > r["2afc"].si + 0.5,
       string.format("COMP's SI %.3f is not above 2AFC's %.3f by 0.5", r.comp.si, r["2afc"].si))
print("ordered")
EOS
out=$("$RECMEM" "$w/check.lua" "$top_srcdir/examples/demo" 2>&1) || {
    echo "demo_nets: FAIL: $out" >&2; exit 1; }
echo "$out"
echo "$out" | grep -q '^ordered$' || { echo "demo_nets: FAIL: no ordering line" >&2; exit 1; }

out=$(cd "$w" && RECMEM_QUICK=1 "$RECMEM" "$top_srcdir/examples/teach.lua" 2>&1) || {
    echo "demo_nets: FAIL: headless demo: $out" >&2; exit 1; }
echo "$out"
echo "$out" | grep -Eq '^shipped .*SI COMP [0-9.]+, 2AFC [0-9.]+, gap \+' ||
    { echo "demo_nets: FAIL: headless demo did not report the shipped pair ordered" >&2; exit 1; }
echo "$out" | grep -Eq '^live \(seed 1, 20 iterations\): SI COMP' ||
    { echo "demo_nets: FAIL: headless demo did not train the live pair" >&2; exit 1; }
echo "demo_nets: ok"
