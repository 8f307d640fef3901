#!/bin/bash
# sweep-bench.sh: the throughput of `recmem sweep`'s local pool (not a test: it measures).
#   1. a sweep of P identical points (100 units, the same cost each: only the seed differs)
#      with -j 1 and with -j 2: networks per hour and the ratio;
#   2. the pool's own cost per point (process start, network set-up, one test batch, the
#      checkpoint and the result file): a sweep of points with --iters 0, against the
#      training time of one 100-unit point of the paper's 25,001 iterations (its time per
#      iteration measured on 200 iterations).
# Usage: bash scripts/sweep-bench.sh [RECMEM] [P] [ITERS]     (make sweep-bench)
set -eu
B=${1:-src/recmem}
P=${2:-6}
IT=${3:-100}
w=$(mktemp -d /tmp/rm-sweep-bench.XXXXXX)
trap 'rm -rf "$w"' EXIT
export OPENBLAS_NUM_THREADS=1
now() { date +%s.%N; }
common="--task DE1 --hidden 100 --batch 50 --test-batches 1 --si-trials 0 --log-every 1000000"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
# wall and CPU seconds (user + system of the pool and its points: wait4 gathers them)
for j in 1 2; do
    t0=$(now)
    cpu=$( { TIMEFORMAT=%U+%S; time "$B" sweep $common --iters "$IT" --seeds 1-"$P" \
             -d "$w/j$j" -j $j 2>/dev/null; } 2>&1 | bc -l)
    t1=$(now)
    eval "t_j$j=$(echo "$t1 - $t0" | bc -l); c_j$j=$cpu"
done
echo "throughput: $P points of 100 units x $IT iterations"
for j in 1 2; do
    eval "t=\$t_j$j c=\$c_j$j"
    echo "  -j $j: $(printf %.1f "$t") s wall, $(echo "3600 * $P / $t" | bc -l | xargs printf '%.0f')" \
         "networks/hour; $(echo "$c / $P" | bc -l | xargs printf '%.2f') CPU s per network"
done
echo "  ratio -j 2 / -j 1: $(echo "$t_j1 / $t_j2" | bc -l | xargs printf '%.2f')"

N=10
t0=$(now)
"$B" sweep $common --iters 0 --seeds 1-$N -d "$w/zero" -j 1 2>/dev/null
t1=$(now)
per=$(echo "($t1 - $t0) / $N" | bc -l)
secs=$("$B" train $common --iters 200 --json --no-db 2>/dev/null |
       sed 's/.*"seconds":\([0-9.e+-]*\).*/\1/')
full=$(echo "$secs / 200 * 25001" | bc -l)
echo "overhead: $(printf '%.3f' "$per") s per point (a sweep of $N points with --iters 0, -j 1)"
echo "  one 100-unit point: $(printf '%.1f' "$(echo "$secs / 200 * 1000" | bc -l)") ms per iteration" \
     "(200 timed), $(printf '%.0f' "$full") s for 25,001 iterations"
echo "  overhead / training: $(echo "100 * $per / $full" | bc -l | xargs printf '%.3f')%"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
