#!/bin/sh
# tui_demo.sh: `recmem --demo` runs examples/teach.lua in the workbench: it opens on the
# shipped COMP and 2AFC networks side by side (both heatmap titles on one line), the
# caption naming them and the task's periods marked; show_pair refuses bad periods; Space
# on the empty prompt advances the guide's caption step by step (a space inside a line is
# still a space); the last step trains a fresh pair live (RECMEM_QUICK=1: tiny; demo.iters
# makes it long enough to watch) below the shipped pair: four labelled heatmaps, the shipped
# row above with its SIs, the live row with an iteration that advances, the loss pane
# following the live runs. A view takes the left column's place and gives it back; a
# terminal too small for four shows the live pair with a note in the status line and the
# four again once enlarged. The live runs, stopped, are recorded in the registry;
# demo.shipped() shows the shipped pair alone again.
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
for step in '2/5 Sorted heatmaps' '3/5 SI: COMP [0-9.]+, 2AFC [0-9.]+' '4/5 Question'; do
    tui_keys Space
    tui_wait "$step" 10
done
# long enough (at 16 units) to see several probes on a fast machine (stopped below once
# seen); the demo's own length stays 500
tui_line 'demo.iters = 400000'
tui_keys Space
tui_wait '5/5 Live pair below \(seed 1\)\. One pair is an example' 10

# Screen line (1-based) of the first match of a regex, or nothing.
line_of() { tui_screen; grep -nE -- "$1" "$TUI_TMP/screen" | head -1 | cut -d: -f1; }
# The probe iteration in a live heatmap's title ("COMP live, seed 1 @ iter 400 │ SI 2.9").
live_iter() {
    tui_screen
    sed -n "s/.*$1 live, seed 1 @ iter \([0-9][0-9]*\) │ SI [-0-9.]*.*/\1/p" "$TUI_TMP/screen" | head -1
}
shipped='COMP \(shipped\) │ SI [0-9.]+ │.*2AFC \(shipped\) │ SI [0-9.]+ │'
live='COMP live, seed 1 @ iter [0-9]+ │ SI [-0-9.]+ │.*2AFC live, seed 1 @ iter [0-9]+ │ SI [-0-9.]+ │'
tui_wait "$live" 60   # the live pair's heatmaps, side by side, with iteration and SI
tui_wait "$shipped" 5 # ... and the shipped pair's, still on screen
top=$(line_of "$shipped") bottom=$(line_of "$live")
[ -n "$top" ] && [ -n "$bottom" ] && [ "$top" -lt "$bottom" ] ||
    tui_fail "the shipped pair (line $top) is not above the live pair (line $bottom)"
tui_wait '─ loss ─ ━ loss  ━ compared' 5   # the loss pane follows both live runs
# the live heatmaps move on as the runs train
first_c=$(live_iter COMP) first_a=$(live_iter 2AFC)
[ -n "$first_c" ] && [ -n "$first_a" ] || tui_fail "no iteration in a live heatmap's title"
i=0
while :; do
    now_c=$(live_iter COMP) now_a=$(live_iter 2AFC)
    [ -n "$now_c" ] && [ "$now_c" -gt "$first_c" ] && [ -n "$now_a" ] &&
        [ "$now_a" -gt "$first_a" ] && break
    i=$((i + 1))
    [ $i -lt 900 ] || tui_fail "the live heatmaps stayed at iterations $first_c, $first_a"
    sleep 0.1
done
tui_wait "$shipped" 1
tui_line 'recmem.workbench.pin_pair()'   # the shipped pair moved up: nothing left to pin
tui_wait 'pin_pair: no pair to pin \(show_pair first\)' 10

# a view takes the left column (the shipped and the live COMP), v gives it back
tui_line 'recmem.show(demo.comp_trace:pca(2))'
tui_wait '┌─ view: PCA' 20
tui_gone 'COMP \(shipped\)|COMP live, seed 1 @' 5
tui_wait '2AFC \(shipped\) │ SI' 5
tui_keys Tab
tui_keys v
tui_wait "$shipped" 10
tui_wait "$live" 10
tui_keys Enter

# too small for four: the live pair alone, and the status line says why
tmx resize-window -t "$TUI_S" -x 90 -y 30
tui_wait 'pinned pair hidden: needs [0-9]+x[0-9]+' 10
tui_gone '\(shipped\)' 5
tui_wait 'COMP live.*2AFC live|2AFC live.*COMP live' 5
tui_wait '─ (▶ )?Lua ─' 5
tmx resize-window -t "$TUI_S" -x 140 -y 45
tui_wait "$shipped" 10
tui_wait "$live" 10
tui_gone 'pinned pair hidden' 5

tui_line 'demo.comp_run:stop() demo.afc_run:stop() demo.comp_run:wait() demo.afc_run:wait() print("both " .. "ended")'
tui_wait '│both ended' 60
tui_line 'demo.shipped()'
tui_wait 'activity: COMP \(shipped\) .*activity: 2AFC \(shipped\)' 10   # the shipped pair alone
tui_gone 'live, seed 1 @ iter' 5
tui_keys Space
tui_wait 'the guide is done' 10
tui_keys C-d
tui_wait 'Quit\?' 10
tui_keys y
status=$(tui_exited 15) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
for task in COMP 2AFC; do
    rows=$("$RECMEM" runs --db "$TUI_TMP/demo.db" status=stopped task=$task 2>&1 | tail -n +2 | wc -l)
    [ "$rows" = 1 ] || tui_fail "the live $task run is not recorded as stopped: $("$RECMEM" runs --db "$TUI_TMP/demo.db" 2>&1)"
done
echo "demo: ok"
