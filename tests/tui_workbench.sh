#!/bin/sh
# tui_workbench.sh: the workbench end to end, driving the real binary in tmux: it starts,
# evaluates a Lua expression, trains a run whose iteration counter advances and whose
# heatmap fills, reflows on resize (and says so when the terminal is too small), opens and
# closes help, takes the panes' keys (scroll, log axis, pause/resume, stop), and quits with
# `q`: exit status 0, the terminal's mode as before and the alternate screen left.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start 120 40
tui_wait 'recmem workbench' 15
tui_wait '^│> ' 5

# a Lua expression and its value
tui_line '6 * 7'
tui_wait '^│42 ' 5

# a run trains in the background: the counter advances while the prompt stays usable
tui_line 'net = recmem.net{task="DE1", hidden=50, seed=1}; run = net:train{iters=1000000}'
tui_wait 'iter [1-9][0-9]*/1000000' 20
first=$(tui_iter)
sleep 2
second=$(tui_iter)
[ -n "$first" ] && [ -n "$second" ] && [ "$second" -gt "$first" ] ||
    tui_fail "iteration counter did not advance ($first -> $second)"
tui_line '"still" .. " answering"'
tui_wait '^│still answering' 5

# the heatmap fills once the first probe is published (half blocks, SI in the title)
# (each a wait of its own: a capture can land while tmux is still drawing the update)
tui_wait '@ iter [0-9]+ │ SI' 30
tui_wait '▀' 5                    # heatmap cells
tui_wait 'stim.*delay.*resp' 5    # the task's periods above the heatmap

# resize: a narrower layout, then too small, then back
tmx resize-window -t "$TUI_S" -x 80 -y 30
tui_wait 'iter [0-9]+/1000000' 5
# the boxes were laid out again for 80 columns: their right edges close each line
tui_wait '─┐$' 5
tui_wait_last '^└─.*─┘$' 5
tmx resize-window -t "$TUI_S" -x 40 -y 10
tui_wait 'terminal too small \(40x10\)' 5
tmx resize-window -t "$TUI_S" -x 120 -y 40
tui_wait 'iter [0-9]+/1000000' 5
tui_gone 'terminal too small' 5

# help opens with F1 and any key closes it
tui_keys F1
tui_wait 'sort units by peak time' 5
tui_keys Space
tui_gone 'sort units by peak time' 5

# the panes' keys: Tab on an empty prompt moves the focus there; ↓ scrolls the units
# (the first row's label goes from unit 1 to unit 3), l makes the loss axis log, p pauses
# and resumes, x stops
tui_keys Tab
tui_wait '^┌─ ▶ ' 5
tui_wait_line 4 '^│   1 ' 5   # the heatmap starts at unit 1
tui_keys Down
tui_wait_line 4 '^│   3 ' 5
tui_keys l
tui_wait 'loss \(log\)' 5
tui_keys p
tui_wait 'paused │ iter' 5
# the iteration under way when p was pressed still completes (slowly on a busy machine):
# wait up to 10 s for the count to hold still for a second, then it must stay
paused_at=$(tui_iter)
i=0
while sleep 1; now=$(tui_iter); [ "$now" != "$paused_at" ] && [ $i -lt 10 ]; do
    paused_at=$now
    i=$((i + 1))
done
sleep 1
[ "$(tui_iter)" = "$paused_at" ] || tui_fail "iterations advanced while paused"
tui_keys p
tui_wait 'running │ iter' 5
tui_keys x
tui_wait 'stopped │ iter' 10
tui_line ''   # Enter: back to the prompt

# quit: no run is active, but the trained network is not saved: one question
tui_keys Tab
tui_keys q
tui_wait 'trained network is not saved' 5
tui_keys y
status=$(tui_exited 10) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
echo "workbench: ok"
