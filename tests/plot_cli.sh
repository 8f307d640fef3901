#!/bin/sh
# plot_cli.sh: `recmem plot` and figures from Lua, read back outside cairo
# (tests/plot/check_figure.py: PNG decoded with zlib, SVG parsed as XML, PDF page size):
#  - a saved network's heatmap (PDF, PNG) and training curves (SVG)
#  - a registry map over lambda0 x sigma0 with a cell that has no run (NaN grey)
#  - the same map from Lua (recmem.runs + recmem.plot.runs_map)
#  - bad arguments: exit 2 with one line naming the problem, checked before any work
#    (a missing output directory is reported even when the network does not exist)
set -u
: "${RECMEM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/find_python.sh"
need_python plot_cli "zlib, xml.etree.ElementTree"
CHECK="$PY $top_srcdir/tests/plot/check_figure.py"
w=$(mktemp -d /tmp/rm-plot-cli.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w" || exit 1
. "$top_srcdir/tests/cli_refuse.sh"
export OPENBLAS_NUM_THREADS=1

T="--task DE1 --hidden 12 --iters 20 --log-every 10 --test-batches 2 --si-trials 10 --db $w/runs.db"
# a 2 x 2 grid of (lambda0, sigma0) with two seeds, minus the cell (1, 0.1)
for p in "0.9 0 1" "0.9 0 2" "0.9 0.1 1" "1 0 1"; do
    set -- $p
    "$RECMEM" train $T --lambda "$1" --sigma "$2" --seed "$3" -o "net_$1_$2_$3.st" >/dev/null 2>&1 ||
        bad "training $p"
done

"$RECMEM" plot net_0.9_0_1.st --heatmap -o heat.pdf >out 2>err || bad "heatmap pdf: $(cat err)"
grep -q 'heat.pdf: figure 432x324 pt: heatmap 12x150' out || bad "heatmap summary: $(cat out)"
$CHECK heat.pdf 432 324 || bad "heatmap pdf"
"$RECMEM" plot net_0.9_0_1.st --heatmap --trials 5 --width 300 --height 200 --dpi 72 -o heat.png \
    >/dev/null 2>err || bad "heatmap png: $(cat err)"
# inferno's black (0,0,4) fills much of a short-trained net's map (quiet units and steps)
$CHECK heat.png 300 200 --colour-fraction 0,0,4,5 || bad "heatmap png"
# the probe trials are the run's test trials: the same command makes the same file, another
# --seed other trials
"$RECMEM" plot net_0.9_0_1.st --heatmap --trials 5 --width 300 --height 200 --dpi 72 -o again.png \
    >/dev/null 2>&1 && cmp -s heat.png again.png || bad "the heatmap is not reproducible"
"$RECMEM" plot net_0.9_0_1.st --heatmap --trials 5 --seed 9 --width 300 --height 200 --dpi 72 \
    -o other.png >/dev/null 2>&1 && ! cmp -s heat.png other.png || bad "--seed does not change the trials"
"$RECMEM" plot net_0.9_0_1.st --loss -o loss.svg >/dev/null 2>err || bad "loss svg: $(cat err)"
$CHECK loss.svg 432 324 path || bad "loss svg"

"$RECMEM" plot --runs 'task=DE1' --x lambda0 --y sigma0 --z si --db runs.db -o map.svg \
    >out 2>err || bad "map svg: $(cat err)"
grep -q 'heatmap 2x2' out || bad "map is 2 x 2: $(cat out)"
$CHECK map.svg 432 324 image path || bad "map svg"
"$RECMEM" plot --runs 'task=DE1 status=done' --db runs.db --dpi 100 -o map.png >/dev/null 2>err ||
    bad "map png: $(cat err)"
# the missing cell is NaN grey: a quarter of the data area (grey text pixels are far fewer)
$CHECK map.png 600 450 --colour-fraction 190,190,190,4 || bad "map png marks the missing cell"

"$RECMEM" -e "
local rows = recmem.runs{task='DE1', db='$w/runs.db'}
assert(#rows == 4, #rows)
local fig = recmem.plot.runs_map(rows, {x='lambda0', y='sigma0', z='si'})
fig:save('lua_map.pdf')
recmem.show(fig)" >out 2>err || bad "lua map: $(cat err)"
grep -q 'figure 432x324 pt: heatmap 2x2' out || bad "recmem.show prints the summary: $(cat out)"
$CHECK lua_map.pdf 432 324 || bad "lua map pdf"

refuse "nothing to draw" "what to draw" "$RECMEM" plot net_0.9_0_1.st -o x.pdf
refuse "no output" "give -o" "$RECMEM" plot net_0.9_0_1.st --heatmap
refuse "unknown format" "must end in .pdf, .svg or .png" "$RECMEM" plot net_0.9_0_1.st --heatmap -o x.jpg
refuse "output checked first" "nowhere/x.pdf" "$RECMEM" plot missing.st --heatmap -o nowhere/x.pdf
refuse "missing network" "missing.st" "$RECMEM" plot missing.st --heatmap -o x.pdf
refuse "not a checkpoint" "runs.db" "$RECMEM" plot runs.db --heatmap -o x.pdf
refuse "two kinds" "one figure at a time" "$RECMEM" plot net_0.9_0_1.st --heatmap --loss -o x.pdf
refuse "bad filter" "unknown column 'colour'" "$RECMEM" plot --runs colour=red --db runs.db -o x.svg
refuse "no match" "no runs match" "$RECMEM" plot --runs task=DE2 --db runs.db -o x.svg
refuse "bad column" "'seed' is not a numeric column" "$RECMEM" plot --runs task=DE1 --y seed -o x.svg
refuse "no registry" "no run registry at none.db" "$RECMEM" plot --runs task=DE1 --db none.db -o x.svg
refuse "bad trials" "--trials" "$RECMEM" plot net_0.9_0_1.st --heatmap --trials 0 -o x.pdf
refuse "bad sort" "--sort must be peak or index" "$RECMEM" plot net_0.9_0_1.st --heatmap --sort time -o x.pdf
refuse "unknown option" "unknown option '--colour'" "$RECMEM" plot net_0.9_0_1.st --colour -o x.pdf
[ ! -e x.pdf ] && [ ! -e x.svg ] && [ ! -e x.jpg ] || bad "a refused command left a file"
ls | grep -q '\.tmp\.' && bad "temporary files left: $(ls)"

# Lua: a bad figure is a one-line error naming the function and the problem
"$RECMEM" -e 'recmem.plot.lines{x={1,2}, y={1}}' >out 2>err
[ $? -eq 1 ] && head -1 err | grep -q 'recmem.plot.lines: series 1 has 2 x values and 1 y values' ||
    bad "lua error: $(cat err)"
exit $fail
