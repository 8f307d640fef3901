#!/usr/bin/env bash
# slurm_sweep.sh: recmem sweep --slurm on a real one-node SLURM cluster (Debian's slurmctld,
# slurmd, slurm-client and munge, started here as plain processes by .ci/slurm-ci.sh and
# stopped by PID at the end). A 4-point sweep is submitted as a job array; one array task
# is cancelled while it trains; the others finish; `sweep submit` resubmits only that
# point, which resumes from its checkpoint; collect puts the 4 points in the registry, and
# collecting again adds nothing.
# Standalone: RECMEM=/path/to/src/recmem bash tests/slurm_sweep.sh (as root). Exits 77 only
# when not root or the slurm packages are absent (scripts/install-deps.sh installs them).
set -u
: "${RECMEM:?set RECMEM to the recmem binary}"
top=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
for t in sbatch scancel squeue slurmctld slurmd munged; do
    command -v "$t" >/dev/null || PATH=$PATH:/usr/sbin command -v "$t" >/dev/null ||
        { echo "slurm_sweep: SKIP: $t not installed"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm_sweep: SKIP: needs root to start slurmd"; exit 77; }
export PATH=$PATH:/usr/sbin
RECMEM=$(readlink -f "$RECMEM")
w=$(mktemp -d /tmp/rm-slurm-sweep.XXXXXX)
chmod 755 "$w"   # munged wants every directory above its socket world-searchable
# a private cluster: its own state dir and ports, so other clusters on the host do not meet it
export SLURM_CI_DIR=$w/cluster
export SLURM_CI_CTLD_PORT=$((20000 + ($$ % 10000) * 2))
export SLURM_CI_SLURMD_PORT=$((SLURM_CI_CTLD_PORT + 1))
# shellcheck source=/dev/null
source "$top/.ci/slurm-ci.sh"   # turns on set -euo pipefail
cleanup() { slurm_stop || true; rm -rf "$w"; }
trap cleanup EXIT
fail() { echo "slurm_sweep: FAIL: $*" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1

slurm_start
sw=$w/sw
grid=(--task DE1 --lambda 0.9,0.98 --seeds 1-2 --hidden 8 --batch 10 --iters 1500
      --test-batches 2 --si-trials 10 --log-every 100 -d "$sw" --name slurmtest)

# --dry-run writes the job script and submits nothing
"$RECMEM" sweep "${grid[@]}" --slurm --dry-run --checkpoint-every 20 --time 00:10:00 \
    --sbatch-arg "--comment=recmem-test" >"$w/dry.out" 2>&1 || fail "dry run: $(cat "$w/dry.out")"
grep -q -- '--array=0-3 ' "$w/dry.out" || fail "dry run: $(cat "$w/dry.out")"
grep -q -- '#SBATCH --signal=B:INT@60' "$sw/slurm/sweep.sbatch" || fail "no --signal in the script"
grep -q -- '#SBATCH --comment=recmem-test' "$sw/slurm/sweep.sbatch" || fail "--sbatch-arg lost"
grep -q -- "sweep run '$sw' --point \"\$SLURM_ARRAY_TASK_ID\"" "$sw/slurm/sweep.sbatch" ||
    fail "script: $(cat "$sw/slurm/sweep.sbatch")"
[ -z "$(squeue -h)" ] || fail "dry run submitted something"

job=$("$RECMEM" sweep "${grid[@]}" --slurm --checkpoint-every 20 --time 00:10:00 --max-running 2)
[[ $job =~ ^[0-9]+$ ]] || fail "no job id from sweep --slurm: '$job'"
echo "slurm_sweep: submitted array job $job"
# its tasks are queued, running or (on a fast machine, or a slow test) already done:
# submitting again sends nothing
again=$("$RECMEM" sweep submit "$sw" 2>&1)
[[ $again =~ "nothing to submit ("([0-4])" done, "([0-4])" running or queued)" ]] &&
    (( BASH_REMATCH[1] + BASH_REMATCH[2] == 4 )) ||
    fail "a second submission while the array is queued: $again"
# cancel point 0 once it has saved a checkpoint (mid-run: it trains 1500 iterations)
for ((i = 0; i < 600; i++)); do
    [ -e "$sw/points/0000.safetensors" ] && break
    sleep 0.1
done
[ -e "$sw/points/0000.safetensors" ] || fail "point 0 never saved a checkpoint: $(cat "$sw"/slurm/*.out)"
scancel "${job}_0"
slurm_wait "$job" 300 && fail "the cancelled array task ended COMPLETED"
[ -e "$sw/results/0000.json" ] && fail "the cancelled point wrote a result"
[ -e "$sw/results/0000.running" ] && fail "the cancelled point left its claim"
"$RECMEM" sweep status "$sw" | tee "$w/status1.out"
grep -q "4 points: 3 done, 0 running, 0 failed, 1 missing" "$w/status1.out" || fail "status after the cancel"

# resubmitting sends only the missing point; it resumes from its checkpoint
job2=$("$RECMEM" sweep submit "$sw" --checkpoint-every 20)
[[ $job2 =~ ^[0-9]+$ ]] || fail "no job id from sweep submit: '$job2'"
grep -q "^$job2 .* 0\$" "$sw/slurm/jobs" || fail "resubmitted more than point 0: $(cat "$sw/slurm/jobs")"
slurm_wait "$job2" 300 || fail "the resubmitted point failed: $(cat "$sw"/slurm/"${job2}"_*.out)"
from=$(sed -n 's/.*"resumed_from": \([0-9]*\).*/\1/p' "$sw/results/0000.json")
[ "${from:-0}" -gt 0 ] || fail "point 0 did not resume (resumed_from ${from:-none})"
grep -q "resumes from its checkpoint at iteration $from" "$sw/logs/0000.log" || fail "log of point 0"
grep -q '"iters": 1500' "$sw/results/0000.json" || fail "point 0 did not finish its 1500 iterations"
echo "slurm_sweep: point 0 resumed at iteration $from and finished"
"$RECMEM" sweep status "$sw" | grep -q "4 points: 4 done" || fail "status at the end"
"$RECMEM" sweep submit "$sw" 2>&1 | grep -q "nothing to submit (4 done" || fail "a finished sweep resubmitted"

# collect (twice) into the registry
"$RECMEM" sweep collect "$sw" --db "$w/r.db" | grep -q "4 runs added" || fail "collect"
"$RECMEM" sweep collect "$sw" --db "$w/r.db" | grep -q "0 runs added" || fail "collect again added runs"
n=$("$RECMEM" runs sweep=slurmtest status=done --db "$w/r.db" | grep -c ' done ')
[ "$n" -eq 4 ] || fail "registry has $n done runs of the sweep, want 4"
[ -z "$(squeue -h)" ] || fail "jobs left in the queue"
echo "slurm_sweep: OK"
