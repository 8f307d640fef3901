#!/bin/sh
# demo-contrast.sh: runs scripts/analysis/demo-contrast.lua for each named contrast, its two
# arms as two parallel processes (one BLAS thread each, lowest priority), seeds 1-10, and
# merges the arms into docs/measurements/CONTRAST.KERNEL.csv.
# Usage: scripts/analysis/demo-contrast.sh KERNEL CONTRAST...   (run from the source tree)
#   KERNEL  "default" (OpenBLAS picks its kernel) or an OPENBLAS_CORETYPE such as Sandybridge
#           (on an AMD EPYC the default is Zen, which trains bit-identically to Haswell:
#           docs/measurements/kernels.txt)
# Environment: RECMEM (the program, default src/recmem), CHECKPOINTS (default 500,1000,1500),
#   SEEDS (default 1-10), OUTDIR (default docs/measurements); progress goes to
#   ${TMPDIR:-/tmp}/demo-contrast.CONTRAST.KERNEL.ARM.log.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 KERNEL CONTRAST..." >&2; exit 2; }
kernel=$1; shift
recmem=${RECMEM:-src/recmem}
outdir=${OUTDIR:-docs/measurements}
checks=${CHECKPOINTS:-500,1000,1500}
seeds=${SEEDS:-1-10}
lua=scripts/analysis/demo-contrast.lua
if [ "$kernel" = default ]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=$kernel; fi
export OPENBLAS_NUM_THREADS=1
for c in "$@"; do
  arms=$("$recmem" "$lua" list | awk -v c="$c" '$1 == c { print $(NF-2), $NF }' | tr -d ')')
  [ -n "$arms" ] || { echo "$0: unknown contrast '$c'" >&2; exit 2; }
  pids=
  for arm in $arms; do
    rm -f "$outdir/$c.$kernel.$arm.csv"
    nice -n 19 "$recmem" "$lua" "$c" "$outdir/$c.$kernel.$arm.csv" "$arm" "$seeds" "$checks" \
      2>"${TMPDIR:-/tmp}/demo-contrast.$c.$kernel.$arm.log" &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p"; done
  set -- $arms
  { cat "$outdir/$c.$kernel.$1.csv"; tail -n +2 "$outdir/$c.$kernel.$2.csv"; } \
    >"$outdir/$c.$kernel.csv"
  rm -f "$outdir/$c.$kernel.$1.csv" "$outdir/$c.$kernel.$2.csv"
  echo "$c $kernel: $(($(wc -l <"$outdir/$c.$kernel.csv") - 1)) rows"
done
