#!/bin/sh
# measure_ui_cost.sh: what the workbench costs a training run. The same run (DE1, 100 units,
# seed 1, one BLAS thread) trains N iterations headless (`recmem -e`) and in the workbench
# with every pane live (tmux, 120x40), R times, in turn or (MODE=pair) both at once so that
# both see the same background load; it prints the iterations per second of each and the
# CPU the workbench's main thread (UI + Lua) and tmux used meanwhile.
# Both runs are session leaders (setsid; a tmux pane is one), so with the kernel's
# scheduler autogroups they compete for the CPU on the same terms. Not part of make check
# (it takes minutes).
#   RECMEM=src/recmem [MODE=pair] sh tests/tui/measure_ui_cost.sh [N=1500] [R=3]
: "${RECMEM:?RECMEM must name the recmem binary}"
N=${1:-1500}
R=${2:-3}
export OPENBLAS_NUM_THREADS=1 LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'for s in "$tmp"/tmux.*.sock; do tmux -S "$s" kill-server 2>/dev/null; done; rm -rf "$tmp"' EXIT
chunk="net = recmem.net{task=\"DE1\", hidden=100, seed=1}; run = net:train{iters=$N}"
now() { date +%s.%N; }
tick=$(getconf CLK_TCK)

headless() {
    t0=$(now)
    setsid -w "$RECMEM" -e "$chunk" >/dev/null 2>&1 </dev/null || { echo "headless run failed"; exit 1; }
    t1=$(now)
    echo "$N $t0 $t1" | awk '{ printf "headless   %7.2f it/s  (%.1f s)\n", $1 / ($3 - $2), $3 - $2 }'
}

# Polls the screen until it matches; gives up after 20 minutes or if the server died.
screen_wait() {
    n=0
    while ! tmux -S "$sock" capture-pane -p -t m 2>/dev/null | grep -q "$1"; do
        n=$((n + 1))
        if [ $n -gt 6000 ] || ! tmux -S "$sock" has-session -t m 2>/dev/null; then
            echo "workbench: gave up waiting for '$1'"
            exit 1
        fi
        sleep 0.2
    done
}

workbench() {
    sock=$tmp/tmux.$i.sock   # a fresh server each round: never one that is shutting down
    tmux -S "$sock" -f /dev/null new-session -d -s m -x 120 -y 40 \
        "HOME=$tmp XDG_STATE_HOME=$tmp/state TERM=tmux-256color sh -c 'echo \$\$ > $tmp/pid; exec \"$RECMEM\"'"
    screen_wait 'recmem workbench'
    pid=$(cat "$tmp/pid")
    tpid=$(tmux -S "$sock" display -p '#{pid}')
    tmux -S "$sock" send-keys -t m -l "$chunk"
    tmux -S "$sock" send-keys -t m Enter
    t0=$(now)
    cpu0=$(awk '{ print $14 + $15 }' "/proc/$pid/task/$pid/stat")
    tcpu0=$(awk '{ print $14 + $15 }' "/proc/$tpid/stat")
    screen_wait "done │ iter $N/$N"
    t1=$(now)
    cpu1=$(awk '{ print $14 + $15 }' "/proc/$pid/task/$pid/stat")
    tcpu1=$(awk '{ print $14 + $15 }' "/proc/$tpid/stat")
    echo "$N $t0 $t1 $cpu0 $cpu1 $tick $tcpu0 $tcpu1" | awk '{ d = $3 - $2; printf "workbench  %7.2f it/s  (%.1f s; UI thread %.1f%% of a core, tmux %.1f%%)\n", $1 / d, d, 100 * ($5 - $4) / $6 / d, 100 * ($8 - $7) / $6 / d }'
    tmux -S "$sock" send-keys -t m C-d
    sleep 0.5
    tmux -S "$sock" kill-server 2>/dev/null
}

echo "N=$N iterations per run, $R rounds; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ $i -lt "$R" ]; do
    if [ "${MODE:-}" = pair ]; then
        headless > "$tmp/headless.out" &
        workbench
        wait
        cat "$tmp/headless.out"
    else
        headless
        workbench
    fi
    i=$((i + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
