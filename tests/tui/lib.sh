# tests/tui/lib.sh: helpers for the workbench tests, which drive the real recmem binary in a
# private tmux server (its own socket, fixed window size) with send-keys and capture-pane.
# Sourced by tests/tui_*.sh; $RECMEM is the built binary (set by make check).

if ! command -v tmux >/dev/null 2>&1; then
    echo "tmux is not installed: the workbench tests need it (apt-get install tmux)"
    exit 77
fi
: "${RECMEM:?RECMEM must name the recmem binary}"

TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/recmem-tui.XXXXXX") || exit 1
TUI_N=0
TUI_SOCK="$TUI_TMP/tmux.0.sock"
TUI_S=t

tui_cleanup() {
    [ -n "$TUI_KEEP" ] && return
    for sock in "$TUI_TMP"/tmux.*.sock; do
        [ -S "$sock" ] && tmux -S "$sock" kill-server 2>/dev/null
    done
    rm -rf "$TUI_TMP"
}
trap tui_cleanup EXIT INT TERM

tmx() { tmux -S "$TUI_SOCK" "$@"; }

# Each session gets a server of its own: a server shutting down never meets the next one.
tui_new_server() {
    [ -S "$TUI_SOCK" ] && tmux -S "$TUI_SOCK" kill-server 2>/dev/null
    TUI_N=$((TUI_N + 1))
    TUI_SOCK="$TUI_TMP/tmux.$TUI_N.sock"
    rm -f "$TUI_TMP/status"
}

# The sanitizers' settings pass through the clean environment below (a sanitizer build's
# tests set them: leak suppressions, abort on error); their values hold no spaces.
tui_san_env() {
    for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
        eval "val=\${$v:-}"
        if [ -n "$val" ]; then printf ' %s=%s' "$v" "$val"; fi
    done
}

# tui_start COLS LINES [env assignments...]: a shell in tmux records the terminal mode,
# runs recmem $TUI_ARGS (its pid in recmem.pid), then records the exit status and the mode.
tui_start() {
    cols=$1 lines=$2
    shift 2
    tui_new_server
    # the shell outlives Ctrl-C sent to recmem (they share the foreground process group)
    cat >"$TUI_TMP/run.sh" <<EOS
trap 'true' INT
cd "$TUI_TMP"
stty -g > stty.before
sh -c 'echo \$\$ > recmem.pid; exec env $* "$RECMEM" ${TUI_ARGS:-}'
st=\$?
stty -g > stty.after
echo \$st > status
sleep 600
EOS
    tmx -f /dev/null new-session -d -s "$TUI_S" -x "$cols" -y "$lines" \
        "env -i$(tui_san_env) PATH=\"$PATH\" HOME=\"$TUI_TMP\" XDG_STATE_HOME=\"$TUI_TMP/state\" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color OPENBLAS_NUM_THREADS=1 sh $TUI_TMP/run.sh" || exit 1
}

# tui_shell COLS LINES: an interactive bash (job control for Ctrl-Z) in tmux, same environment.
tui_shell() {
    tui_new_server
    tmx -f /dev/null new-session -d -s "$TUI_S" -x "$1" -y "$2" \
        "env -i$(tui_san_env) PATH=\"$PATH\" HOME=\"$TUI_TMP\" XDG_STATE_HOME=\"$TUI_TMP/state\" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color OPENBLAS_NUM_THREADS=1 PS1='sh$ ' bash --norc --noprofile -i" || exit 1
}

# The terminal is as the shell left it: same mode, main screen.
tui_restored() {
    cmp -s "$TUI_TMP/stty.before" "$TUI_TMP/stty.after" || tui_fail "terminal mode not restored"
    [ "$(tmx display -p -t "$TUI_S" '#{alternate_on}')" = 0 ] || tui_fail "still on the alternate screen"
}

tui_screen() { tmx capture-pane -p -t "$TUI_S" >"$TUI_TMP/screen"; }

tui_fail() {
    echo "FAIL: $*"
    echo "---- screen ----"
    tmx capture-pane -p -t "$TUI_S" 2>/dev/null
    echo "----------------"
    exit 1
}

# tui_wait REGEX [SECONDS]: waits until the screen matches (grep -E).
tui_wait() {
    limit=$(( ${2:-10} * 10 ))
    i=0
    while [ $i -lt $limit ]; do
        tui_screen
        grep -Eq -- "$1" "$TUI_TMP/screen" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    tui_fail "did not see /$1/ within ${2:-10} s"
}

# tui_wait_last REGEX [SECONDS]: waits until the screen's last non-blank line matches.
tui_wait_last() {
    limit=$(( ${2:-10} * 10 ))
    i=0
    while [ $i -lt $limit ]; do
        tui_screen
        grep -v '^ *$' "$TUI_TMP/screen" | tail -n 1 | grep -Eq -- "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    tui_fail "last line did not match /$1/ within ${2:-10} s"
}

# tui_wait_line N REGEX [SECONDS]: waits until screen line N matches.
tui_wait_line() {
    limit=$(( ${3:-10} * 10 ))
    i=0
    while [ $i -lt $limit ]; do
        tui_screen
        sed -n "$1p" "$TUI_TMP/screen" | grep -Eq -- "$2" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    tui_fail "line $1 did not match /$2/ within ${3:-10} s"
}

# tui_gone REGEX [SECONDS]: waits until the screen no longer matches.
tui_gone() {
    limit=$(( ${2:-10} * 10 ))
    i=0
    while [ $i -lt $limit ]; do
        tui_screen
        grep -Eq -- "$1" "$TUI_TMP/screen" || return 0
        sleep 0.1
        i=$((i + 1))
    done
    tui_fail "/$1/ still on the screen after ${2:-10} s"
}

tui_keys() { tmx send-keys -t "$TUI_S" "$@"; }
# Types a line literally (no key-name lookup) and presses Enter.
tui_line() { tmx send-keys -t "$TUI_S" -l -- "$1"; tmx send-keys -t "$TUI_S" Enter; }

# tui_exited SECONDS: waits for recmem to exit; prints its status.
tui_exited() {
    i=0
    while [ ! -s "$TUI_TMP/status" ] && [ $i -lt $(( ${1:-10} * 10 )) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ -s "$TUI_TMP/status" ] || tui_fail "recmem did not exit"
    cat "$TUI_TMP/status"
}

# The iteration count in the status line ("iter 123/..."); empty if none shows within 5 s
# (a capture can land mid-redraw, so it looks again).
tui_iter() {
    i=0
    while [ $i -lt 50 ]; do
        tui_screen
        n=$(sed -n 's/.*iter \([0-9][0-9]*\)\/.*/\1/p' "$TUI_TMP/screen" | head -1)
        [ -n "$n" ] && { echo "$n"; return 0; }
        sleep 0.1
        i=$((i + 1))
    done
}
