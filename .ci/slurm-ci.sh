#!/usr/bin/env bash
# slurm-ci.sh — a real one-node SLURM cluster for CI on Debian 12, as root, without systemd.
# Usage:  source slurm-ci.sh; slurm_install; trap slurm_stop EXIT; slurm_start
#         j=$(sbatch --parsable --array=0-3 ...); slurm_wait "$j" 600; slurm_stop
#   or:   bash slurm-ci.sh selftest
# Sourcing it turns on set -euo pipefail in the caller.
set -euo pipefail

SLURM_CI_DIR=${SLURM_CI_DIR:-/tmp/slurmci}           # all state, logs, key, socket, pids
SLURM_CI_NODE=${SLURM_CI_NODE:-localhost}            # node name (slurmd started with -N)
SLURM_CI_CTLD_PORT=${SLURM_CI_CTLD_PORT:-6817}
SLURM_CI_SLURMD_PORT=${SLURM_CI_SLURMD_PORT:-6818}
SLURM_CI_CPUS=${SLURM_CI_CPUS:-$(nproc)}             # > nproc fakes a bigger node (config_overrides)

slurm_install() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null \
     && command -v sbatch >/dev/null && command -v munged >/dev/null; then return 0; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends: 8 packages instead of ~42 (skips hdf5/rrd/ipmi/rocm plugins)
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 \
      slurmctld slurmd slurm-client munge >/dev/null
}

_wait_pid_gone() {  # pid timeout_s
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

slurm_start() {
  local d=$SLURM_CI_DIR
  [ -d "$d" ] && slurm_stop                  # leftovers of an earlier run in the same dir
  rm -rf "$d"
  mkdir -p "$d"/{munge,state,spool,log}
  chmod 755 "$d" "$d/munge"                # munged: socket dir needs o+x
  # --- munge: private key + private socket, nothing in /etc or /run is touched
  dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$d/munge/munge.key"
  munged -F --key-file="$d/munge/munge.key" --socket="$d/munge/munge.sock" \
         --pid-file="$d/munge/munged.pid" --log-file="$d/munge/munged.log" \
         --seed-file="$d/munge/munged.seed" </dev/null >"$d/log/munged.out" 2>&1 &
  echo $! >"$d/munged.bgpid"
  local i
  for ((i = 0; i < 100; i++)); do [ -S "$d/munge/munge.sock" ] && break; sleep 0.1; done
  munge -S "$d/munge/munge.sock" -n | unmunge -S "$d/munge/munge.sock" >/dev/null
  # --- slurm.conf
  local mem; mem=$(awk '/^MemTotal:/{print int($2 / 1024)}' /proc/meminfo)   # = free -m total
  cat >"$d/slurm.conf" <<CONF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=$SLURM_CI_CTLD_PORT
SlurmdPort=$SLURM_CI_SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.sock
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=86400
SlurmdParameters=config_overrides
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
NodeName=$SLURM_CI_NODE NodeAddr=127.0.0.1 CPUs=$SLURM_CI_CPUS RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$d/slurm.conf            # clients (sbatch, squeue, sinfo...) read this
  # --- daemons, foreground mode, backgrounded by the shell: $! is the daemon's own PID
  slurmctld -D -f "$SLURM_CONF" </dev/null >"$d/log/slurmctld.out" 2>&1 &
  echo $! >"$d/slurmctld.bgpid"
  slurmd -D -N "$SLURM_CI_NODE" -f "$SLURM_CONF" </dev/null >"$d/log/slurmd.out" 2>&1 &
  echo $! >"$d/slurmd.bgpid"
  # --- wait until the node is idle (usually < 2 s)
  for ((i = 0; i < 300; i++)); do
    [ "$(sinfo -h -n "$SLURM_CI_NODE" -o %t 2>/dev/null)" = idle ] && return 0
    sleep 0.1
  done
  echo "slurm_start: node never became idle" >&2
  sinfo >&2 || true; tail -n 20 "$d"/log/*.log >&2 || true
  return 1
}

slurm_stop() {
  local d=$SLURM_CI_DIR i p name
  export SLURM_CONF=$d/slurm.conf
  # 1. cancel whatever is still queued/running and let slurmstepd clean up its tasks
  if [ -f "$d/slurmctld.bgpid" ] && kill -0 "$(cat "$d/slurmctld.bgpid")" 2>/dev/null; then
    timeout 10 scancel --user="$(id -un)" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      # squeue empty and no step sockets left in the spool dir (one per live slurmstepd)
      [ -z "$(squeue -h 2>/dev/null)" ] && [ -z "$(find "$d/spool" -maxdepth 1 -type s)" ] && break
      sleep 0.1
    done
  fi
  # 2. stop the daemons by PID: slurmd, then slurmctld, then munged
  for name in slurmd slurmctld munged; do
    [ -f "$d/$name.bgpid" ] || continue
    p=$(cat "$d/$name.bgpid")
    # only signal the PID if it still is our daemon (guards against PID reuse)
    if ! tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -q "$name.*$d"; then
      rm -f "$d/$name.bgpid"; continue
    fi
    kill -TERM "$p" 2>/dev/null || true
    if ! _wait_pid_gone "$p" 15; then
      echo "slurm_stop: $name ($p) ignored SIGTERM, sending SIGKILL" >&2
      kill -KILL "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true           # reap (only works from the shell that started it)
    rm -f "$d/$name.bgpid"
  done
}

# slurm_wait JOBID [TIMEOUT_S]: poll (0.2 s) until every task of the job/array has ended.
# Returns 0 iff every task ended COMPLETED (exit 0); prints the non-COMPLETED tasks otherwise.
# (sbatch --wait works too but polls after 2 s, 8 s, then every 32 s: slow for short tasks.)
slurm_wait() {
  local j=$1 t=${2:-600} i info states
  for ((i = 0; i < t * 5; i++)); do
    info=$(scontrol -o show job "$j" 2>/dev/null) || { sleep 0.2; continue; }
    states=$(grep -o 'JobState=[A-Z_]*' <<<"$info" | sort -u || true)
    if ! grep -qE 'JobState=(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING|SIGNALING|STAGE_OUT)' <<<"$states"; then
      if grep -v 'JobState=COMPLETED' <<<"$info" | grep -q .; then
        grep -v 'JobState=COMPLETED' <<<"$info" | grep -oE '^JobId=[0-9]+ ArrayJobId=[0-9]+ ArrayTaskId=[0-9]+|JobState=[A-Z_]+|ExitCode=[0-9:]+' | paste -sd' ' >&2
        return 1
      fi
      return 0
    fi
    sleep 0.2
  done
  echo "slurm_wait: job $j still not finished after $t s" >&2; return 1
}

_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

slurm_selftest() {
  local t0 t1 t2 j i out=/tmp/slurmtest
  t0=$(date +%s%N); slurm_install; t1=$(date +%s%N)
  trap slurm_stop EXIT
  slurm_start; t2=$(date +%s%N)
  sinfo
  rm -rf "$out"; mkdir -p "$out"
  j=$(sbatch --parsable --array=0-3 -o "$out/slurm-%A_%a.out" \
         --wrap 'echo task $SLURM_ARRAY_TASK_ID > /tmp/slurmtest/out_$SLURM_ARRAY_TASK_ID')
  slurm_wait "$j" 120
  for i in 0 1 2 3; do grep -qx "task $i" "$out/out_$i"; done
  [ -z "$(squeue -h)" ]
  echo "install/check: $(( (t1 - t0) / 1000000 )) ms; daemons start->node idle: $(( (t2 - t1) / 1000000 )) ms;" \
       "submit->array done: $(_ms "$t2") ms; daemons start->array done: $(_ms "$t1") ms"
  slurm_stop; trap - EXIT
  echo "selftest OK"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then "slurm_${1:-selftest}"; fi
