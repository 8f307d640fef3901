#!/bin/sh
# tui_figure.sh: `f` in the workbench saves the focused pane as a figure file, named in the
# status line: the heatmap pane (the probe, units x steps) and the loss pane, each a PDF
# whose page size is checked; with the focus in no pane, f is not a pane key; and
# recmem.show(fig) in the workbench (a heatmap to its pane, lines to the view pane).
. "${top_srcdir:-.}/tests/tui/lib.sh"
. "$top_srcdir/tests/find_python.sh"
need_python tui_figure "re"
CHECK="$PY $top_srcdir/tests/plot/check_figure.py"

tui_start 180 40   # wide: the status line has room for the message after the run's numbers
tui_wait 'recmem workbench' 15
tui_wait '^│> ' 5
tui_line 'net = recmem.net{task="DE1", hidden=16, seed=1}; run = net:train{iters=400, log_every=100}'
tui_wait '@ iter [0-9]+ │ SI' 60
tui_wait 'done │ iter 400/400' 60

tui_keys Tab                       # focus: the heatmap pane
tui_wait '^┌─ ▶ ' 5
tui_keys f
tui_wait ' saved recmem-heatmap-1\.pdf$' 10      # status line (tmux trims the blank after it)
tui_wait 'saved the heatmap pane as recmem-heatmap-1.pdf' 5   # scrollback
$CHECK "$TUI_TMP/recmem-heatmap-1.pdf" 432 324 || tui_fail "heatmap figure"

tui_keys f
tui_wait 'pane as recmem-heatmap-2\.pdf' 10   # never overwrites the first

tui_keys Tab                       # the loss pane
tui_keys f
tui_wait 'saved the loss pane as recmem-loss-1\.pdf' 10
$CHECK "$TUI_TMP/recmem-loss-1.pdf" 432 324 || tui_fail "loss figure"

tui_keys Enter                     # back to the prompt: f is typed there
tui_keys f
tui_wait '^│> f' 5
[ -e "$TUI_TMP/recmem-output-1.pdf" ] && tui_fail "f at the prompt saved a figure"
tui_keys BSpace

# recmem.show: a heatmap figure goes to the heatmap pane, a figure of lines to the view pane
tui_line 'recmem.show(recmem.plot.heatmap{z={{0,1,0},{1,0,0}}})'
tui_wait 'shown trace \(1 trials\)' 10
tui_line 'recmem.show(recmem.plot.lines{y={1,2}})'
tui_wait '┌─ view: figure ─' 5

tui_line 'net:save("n.st")'
tui_keys Tab
tui_keys q
status=$(tui_exited 10) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
echo "tui_figure: ok"
