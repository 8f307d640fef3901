#!/bin/sh
# tui_demo.sh: `recmem --demo` runs examples/teach.lua in the workbench: two DE1 networks
# train side by side (compare mode, two heatmaps, the caption saying what differs), their
# objects are reachable from the prompt, and quitting asks because both still train; both
# runs are recorded in the registry, as stopped once the workbench quits.
. "${top_srcdir:-.}/tests/tui/lib.sh"

TUI_ARGS=--demo tui_start 140 45 RECMEM_TEACH="$top_srcdir/examples/teach.lua" \
    RECMEM_DB="$TUI_TMP/demo.db"
tui_wait 'Only the start differs' 15
tui_wait '\[1/2\] running' 15
tui_wait 'λ0 0\.98, σ 0 .*λ0 0\.9, σ 0\.01' 5   # two heatmaps, side by side
tui_line 'print(demo.seq_run.target, demo.per_run.target)'
tui_wait '^│8000 +8000' 5
tui_keys C-d
tui_wait '2 runs are still training' 5
tui_keys y
status=$(tui_exited 15) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
rows=$("$RECMEM" runs --db "$TUI_TMP/demo.db" status=stopped task=DE1 2>&1 | tail -n +2 | wc -l)
[ "$rows" = 2 ] || tui_fail "the demo's runs are not recorded as stopped: $("$RECMEM" runs --db "$TUI_TMP/demo.db" 2>&1)"
echo "demo: ok"
