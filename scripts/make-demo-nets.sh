#!/bin/sh
# make-demo-nets.sh: remakes the teaching demo's shipped networks (examples/demo/*.safetensors)
# with one BLAS thread, so the result does not depend on thread scheduling. The bytes depend
# on the OpenBLAS kernel (this machine's default picks Zen on an AMD EPYC); the ordering they
# show (COMP's SI above 2AFC's) held in 10/10 seeds on two kernels, docs/demo-contrast.md.
# Usage: scripts/make-demo-nets.sh [RECMEM] [OUTDIR]   (from the top of the source tree)
set -e
recmem=${1:-src/recmem}
out=${2:-examples/demo}
mkdir -p "$out"
OPENBLAS_NUM_THREADS=1 exec "$recmem" scripts/make-demo-nets.lua "$out"
