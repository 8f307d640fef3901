#!/bin/sh
# tui_demo.sh: `recmem --demo` runs examples/teach.lua in the workbench: it opens on the
# shipped COMP and 2AFC networks side by side (both heatmap titles on one line), the
# caption naming them and the task's periods marked; show_pair refuses bad periods; Space
# on the empty prompt advances the guide's caption step by step (a space inside a line is
# still a space); the last step trains a fresh pair live (RECMEM_QUICK=1: tiny), shown
# side by side and recorded in the registry; demo.shipped() shows the shipped pair again.
. "${top_srcdir:-.}/tests/tui/lib.sh"

TUI_ARGS=--demo tui_start 140 45 RECMEM_TEACH="$top_srcdir/examples/teach.lua" \
    RECMEM_DB="$TUI_TMP/demo.db" RECMEM_QUICK=1
tui_wait 'COMP \(shipped\) .*2AFC \(shipped\)' 60   # two heatmaps, side by side
tui_wait 'COMP \(left\) vs 2AFC \(right\).*Space: next step' 5
tui_wait 'stim +│ +delay +│ +resp +││ +stim +│ +delay +│ +resp' 5   # the task's periods, both
tui_line 'recmem.workbench.show_pair(demo.comp_trace, "a", demo.afc_trace, "b", {stim = 1})'
tui_wait 'show_pair: periods\.delay must be an integer from 0 to 150' 10
tui_keys Space
tui_wait '1/5 The tasks' 10
tui_line 'print("sp" .. "ace kept")'
tui_wait '│space kept' 10
for step in '2/5 Sorted heatmaps' '3/5 SI: COMP [0-9.]+, 2AFC [0-9.]+' '4/5 Question' \
            '5/5 Live pair, seed 1\. One pair is an example'; do
    tui_keys Space
    tui_wait "$step" 10
done
tui_wait 'COMP live, seed 1 .*2AFC live, seed 1' 60   # the live pair, side by side
tui_line 'demo.comp_run:wait() demo.afc_run:wait() print("both " .. "trained")'
tui_wait '│both trained' 120
tui_line 'demo.shipped()'
tui_wait 'COMP \(shipped\) .*2AFC \(shipped\)' 10   # the shipped pair back
tui_keys Space
tui_wait 'the guide is done' 10
tui_keys C-d
tui_wait 'Quit\?' 10
tui_keys y
status=$(tui_exited 15) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
for task in COMP 2AFC; do
    rows=$("$RECMEM" runs --db "$TUI_TMP/demo.db" status=done task=$task 2>&1 | tail -n +2 | wc -l)
    [ "$rows" = 1 ] || tui_fail "the live $task run is not recorded as done: $("$RECMEM" runs --db "$TUI_TMP/demo.db" 2>&1)"
done
echo "demo: ok"
