#!/bin/sh
# tui_terminal.sh: the workbench leaves the terminal as it found it whatever happens: Ctrl-Z
# and fg (the screen comes back), output written straight to stderr lands in the prompt's
# scrollback instead of on the screen, SIGTERM and os.exit() restore the terminal, and
# TERM=dumb falls back to the plain REPL.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# Ctrl-Z / fg from an interactive shell
tui_shell 100 30
tui_wait '^sh\$' 10
# (the files go to the test's own folder: the shell starts in the build directory)
tui_line "stty -g > '$TUI_TMP/stty.before'; '$RECMEM'; stty -g > '$TUI_TMP/stty.after'"
tui_wait 'recmem workbench' 15
tui_keys C-z
tui_wait 'Stopped' 10
[ "$(tmx display -p -t "$TUI_S" '#{alternate_on}')" = 0 ] || tui_fail "Ctrl-Z left the alternate screen on"
tui_line 'fg'
tui_wait 'recmem workbench' 10
tui_wait '^ recmem ' 5

# stderr written directly (not through print) shows inside the prompt pane
tui_line 'io.stderr:write("straight to fd 2\n"); io.stdout:write("and fd 1\n"); io.stdout:flush()'
tui_wait '^│straight to fd 2' 5
tui_wait '^│and fd 1' 5
tui_keys C-d
tui_wait_last '^sh\$$' 10
tmx send-keys -t "$TUI_S" -l "cmp '$TUI_TMP/stty.before' '$TUI_TMP/stty.after' && echo MODE-SAME" && tui_keys Enter
tui_wait '^MODE-SAME' 5

# SIGTERM while running: the terminal is restored, the status says killed by the signal
tui_start 100 30
tui_wait 'recmem workbench' 15
kill -TERM "$(cat "$TUI_TMP/recmem.pid")"
status=$(tui_exited 10)
[ "$status" = 143 ] || tui_fail "exit status after SIGTERM: $status"
tui_restored

# os.exit from the prompt: its status, and the terminal restored
tui_start 100 30
tui_wait 'recmem workbench' 15
tui_line 'os.exit(3)'
status=$(tui_exited 10) || exit 1
[ "$status" = 3 ] || tui_fail "exit status after os.exit(3): $status"
tui_restored

# TERM=dumb: the plain REPL, not the workbench
tui_start 100 30 TERM=dumb
tui_wait '^>' 15
tui_line 'print(40 + 2)'
tui_wait '^42' 5
tui_screen
grep -q 'recmem workbench' "$TUI_TMP/screen" && tui_fail "workbench started with TERM=dumb"
tui_keys C-d
status=$(tui_exited 10)
[ "$status" = 0 ] || tui_fail "plain REPL exit status $status"
echo "terminal handling: ok"
