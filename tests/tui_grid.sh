#!/bin/sh
# tui_grid.sh: the workbench's grid pane follows a sweep directory (issue 12, item 4).
# A sweep of lambda x sigma x two seeds is written by hand (result files replaced by
# rename, as the sweep's workers do); recmem.sweep.watch shows it in place of the heatmap:
# the counts in the title, the failed (x) and not-kept (·) marks, the two seeds of a cell
# averaged over the kept ones. Then a new result and a running claim appear on disk and
# the pane's counts and cells change; the cursor reads cells out, t swaps the axes, g
# switches to the heatmap and back, f saves the map as a PDF; bad arguments are refused.
. "${top_srcdir:-.}/tests/tui/lib.sh"
. "$top_srcdir/tests/find_python.sh"
need_python tui_grid "re"
CHECK="$PY $top_srcdir/tests/plot/check_figure.py"

sw="$TUI_TMP/sw"
. "$top_srcdir/tests/store/grid_sweep.sh"

tui_start 160 40
tui_wait 'recmem workbench' 15
tui_wait '^│> ' 5
tui_line 'recmem.sweep.watch("sw")'
tui_wait 'sweep gridtest: SI, lambda × sigma │ 4 done, 0 running, 2 failed, 2 left' 10
tui_wait '2 points per cell, pooled' 5
tui_wait '^│ *0\.9 .*x' 5           # the failed cell's mark in lambda 0.9's row
tui_wait '^│ *0\.98 .*·' 5          # the not-kept cell's mark in lambda 0.98's row

# the kept cell in colour: a 256-colour background on lambda 0.9's row (tmux-256color)
tmx capture-pane -p -e -t "$TUI_S" | grep -a '0\.9' | grep -aq '48;5;[0-9]' ||
    tui_fail "no coloured cell in lambda 0.9's row"
tui_keys Tab                        # the heatmap is hidden: the focus goes to the grid
tui_wait 'lambda 0\.9, sigma 0: SI 0\.3, mean of 2 kept │ 2/2 done *│' 5
tui_keys Down Right
tui_wait 'lambda 0\.98, sigma 0\.01: missing │ 0/2 done *│' 5

# the sweep goes on behind the pane: a point is claimed, another finishes
printf '{"host": "%s", "pid": %d}' "$(uname -n)" $$ >"$sw/results/0007.running"
result 6 done true 0.7
tui_wait '5 done, 1 running, 2 failed, 0 left' 10
tui_wait 'lambda 0\.98, sigma 0\.01: SI 0\.7, mean of 1 kept │ 1/2 done, 1 running' 5
rm "$sw/results/0007.running"
tui_wait '5 done, 0 running, 2 failed, 1 left' 10

tui_keys f
tui_wait 'saved the grid pane as recmem-grid-1\.pdf' 10
$CHECK "$TUI_TMP/recmem-grid-1.pdf" 432 324 || tui_fail "grid figure"

tui_keys t                          # rows and columns exchanged, the cursor on the same cell
tui_wait 'sweep gridtest: SI, sigma × lambda' 5
tui_wait 'sigma 0\.01, lambda 0\.98: SI 0\.7' 5
tui_keys g                          # the heatmap back in its place
tui_wait '┌─ ▶ activity' 5
tui_gone 'sweep gridtest' 5
tui_keys g
tui_wait 'sweep gridtest: SI, sigma × lambda' 5

tui_keys Enter
tui_line 'print(pcall(recmem.sweep.watch, "sw", {x="rho"}))'
tui_wait "false.*'rho' is not an axis of sweep gridtest" 5
tui_line 's = recmem.sweep.load("sw"); recmem.show(s)'
tui_wait 'sweep gridtest: SI, lambda × sigma' 5

tui_keys C-d
status=$(tui_exited 10) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
echo "tui_grid: ok"
