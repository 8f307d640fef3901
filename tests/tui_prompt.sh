#!/bin/sh
# tui_prompt.sh: the prompt pane and the panes' keys: tab completion, Ctrl-C cancelling a
# line, multi-line statements, recmem.show() of a trace filling the heatmap (in the
# NO_COLOR fallback: shade characters), sort/fit toggles, and the question before quitting
# while a run trains.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start 110 36 NO_COLOR=1
tui_wait 'recmem workbench' 15

# completion through rmlua_complete
tui_keys -l 'recmem.ne'
tui_keys Tab
tui_wait '^│> recmem\.net' 5
# Ctrl-C cancels the line
tui_keys C-c
tui_wait '^│> recmem\.net.*\^C' 5
# a statement over two lines
tui_line 'for i = 1, 2 do'
tui_wait '^│>> ' 5
tui_line 'print("line " .. i) end'
tui_wait '^│line 2' 5

# a trace shown with recmem.show goes to the heatmap, without colours: shades
tui_line 'net = recmem.net{task="DE1", hidden=30, seed=2}; recmem.show(net:probe{trials=3})'
# (each a wait of its own: a capture can land while tmux is still drawing the update)
tui_wait 'activity: shown trace \(3 trials\)' 10
tui_wait '[░▒▓█]' 5    # shade cells in the NO_COLOR heatmap
tui_wait 'by peak' 5   # sorted by peak time by default
tui_keys Tab
tui_wait '^┌─ ▶ ' 5
tui_keys s
tui_wait 'by index' 5
tui_keys z
tui_wait 'by index, fit' 5
tui_keys Escape
tui_wait '▶ Lua' 5

# quitting while a run trains asks first; n stays, y quits
tui_line 'run = net:train{iters=1000000}'
tui_wait 'iter [0-9]+/1000000' 20
tui_keys C-d
tui_wait 'still training' 5
tui_keys n
tui_gone 'still training' 5
tui_keys C-d
tui_wait 'still training' 5
tui_keys y
status=$(tui_exited 15) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
echo "prompt and keys: ok"
