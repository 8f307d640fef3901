#!/bin/sh
# tui_wait.sh: while Lua waits for a run (run:wait()), the workbench keeps turning: the
# status line lists both runs started in the same statement and the waited run's iteration
# count advances, pane keys select the other run, keys typed at the prompt wait until the
# statement has ended (the prompt's title counts them) and then run, and Ctrl-C interrupts
# the wait. (Before, every pane froze and the status line said "no runs".)
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start 120 40
tui_wait 'recmem workbench' 15
tui_wait '^│> ' 5

tui_line 'a = recmem.net{task="DE1", hidden=16, seed=1}; b = recmem.net{task="DE1", hidden=16, seed=2}'
tui_line 'ra = a:train{iters=1000000, batch=5, name="left"}; rb = b:train{iters=1000000, batch=5, name="right"}; ra:wait()'
tui_wait 'running: Ctrl-C interrupts' 10
tui_wait 'left \[1/2\] running │ iter [0-9]+/1000000' 15

# the count advances while Lua still waits (each look checks that it does)
first=$(tui_iter)
[ -n "$first" ] || tui_fail "no iteration count in the status line"
i=0
while :; do
    now=$(tui_iter)
    grep -q 'running: Ctrl-C interrupts' "$TUI_TMP/screen" || tui_fail "the wait ended early"
    [ -n "$now" ] && [ "$now" -gt "$first" ] && break
    i=$((i + 1))
    [ $i -lt 300 ] || tui_fail "the iteration count stayed at $first while Lua waited"
    sleep 0.1
done

# pane keys work meanwhile: Tab to the panes, ] selects the other run, Enter comes back
tui_keys Tab
tui_wait '^┌─ ▶ ' 5
tui_keys ']'
tui_wait 'right \[2/2\] running │ iter' 5
tui_keys Enter
tui_wait '^┌─ ▶ Lua' 5

# a line typed now waits for the statement to end
tui_keys -l 'print("typed" .. "ahead")'
tui_keys Enter
tui_wait 'running: Ctrl-C interrupts; 26 keys typed ahead' 5
tui_screen
grep -q 'typedahead' "$TUI_TMP/screen" && tui_fail "a typed-ahead line ran while Lua was busy"

# Ctrl-C ends the wait (the waited run stops); then the typed line runs
tui_keys C-c
tui_wait 'interrupted: run stopped' 10
tui_wait '^│typedahead' 10
tui_gone 'running: Ctrl-C interrupts' 5
tui_line 'print(ra:status(), rb:status())'
tui_wait '^│stopped +running' 5
tui_line 'rb:stop()'
tui_wait '^│stopped' 10

tui_keys C-d
tui_wait 'not saved' 5
tui_keys y
status=$(tui_exited 15) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
echo "wait: ok"
