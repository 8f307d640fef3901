#!/bin/sh
# cli_outputs.sh: nothing trained is lost to a bad destination or a signal.
#  - an -o that cannot be written (missing directory, a directory, /proc, "") and an unusable
#    --db are refused at once (exit 2, one line), before any training; export likewise
#  - SIGHUP, SIGTERM and SIGINT save the network, record the run as stopped and exit
#    129, 143 and 130 (128 + the signal)
#  - if the save at the end fails anyway, the network is kept in a rescue file named in the
#    message
set -u
: "${RECMEM:?}" "${top_srcdir:?}"
R=$RECMEM
w=$(mktemp -d /tmp/rm-outputs.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
. "$top_srcdir/tests/cli_refuse.sh"
export OPENBLAS_NUM_THREADS=1
LONG="--task DE1 --hidden 32 --batch 4 --iters 10000000 --test-batches 1 --si-trials 2 --log-every 20"

# refused before training: LONG would run for hours, so an answer at all means it was refused
for o in /nonexistent/dir/x.safetensors /tmp /proc/x.safetensors ""; do
    refuse "-o '$o'" "train: -o" timeout 20 "$R" train $LONG --no-db -o "$o"
done
refuse "--db in a missing directory" "registry" timeout 20 "$R" train $LONG --db /nonexistent/dir/r.db
echo "not a database" > junk.db
refuse "--db not a registry" "registry" timeout 20 "$R" train $LONG --db junk.db
"$R" train --task DE1 --hidden 4 --batch 2 --iters 2 --test-batches 1 --si-trials 2 --no-db \
    -o small.safetensors 2> /dev/null > /dev/null || bad "small run"
refuse "export to a missing directory" "export: --mat" "$R" export small.safetensors --mat /nonexistent/x.mat
refuse "export into /proc" "export: --npy" "$R" export small.safetensors --npy /proc/npydir

# start OUT LOG: LONG in the background; returns once it has logged twice
start() {
    "$R" train $LONG --db "$w/runs.db" -o "$1" > /dev/null 2> "$2" &
    pid=$!
    i=0
    while ! grep -q "iter 40 " "$2" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 600 ] || { kill -9 $pid; bad "$1: training did not start"; return 1; }
        sleep 0.05
    done
}
for s in HUP:129 TERM:143 INT:130; do
    sig=${s%:*} want=${s#*:}
    start "$sig.safetensors" "$sig.safetensors.log" || continue
    kill -$sig $pid
    st=0; wait $pid || st=$?
    [ $st -eq $want ] || bad "SIG$sig: exit status $st, expected $want"
    grep -q "saved $sig.safetensors at iteration" "$sig.safetensors.log" ||
        bad "SIG$sig: no checkpoint: $(tail -2 "$sig.safetensors.log")"
    "$R" runs --db runs.db "checkpoint=$w/$sig.safetensors" status=stopped > row.txt 2>&1 ||
        bad "SIG$sig: the run is not recorded as stopped: $(cat row.txt)"
done

# the directory vanishes during training: the network is kept all the same
mkdir gone
if start gone/x.safetensors gone.log; then
    rm -rf gone
    kill -INT $pid
    st=0; wait $pid || st=$?
    [ $st -eq 130 ] || bad "vanished directory: exit status $st"
    kept=$(sed -n 's/.*the network is kept in \(.*\)$/\1/p' gone.log)
    [ -n "$kept" ] && [ -f "$kept" ] || bad "no rescue file named: $(tail -2 gone.log)"
    "$R" export "$kept" --npy rescued --test-batches 0 2>/dev/null || bad "rescue file $kept does not load"
    rm -f "$kept"
fi
exit $fail
