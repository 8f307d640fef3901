#!/bin/sh
# fuzz/make-corpus.sh: writes the fuzz targets' committed seed corpus, deterministically.
#   fuzz/corpus/ckpt/: small valid checkpoints (tests/store/ckpt_tool seeds: DE1, CD2 with
#                      variable delay and dynamic input, SINE; 2 hidden units, 3 iterations)
#   (regress-*: inputs the fuzzer once failed on, added by hand with a note in git log)
#   fuzz/corpus/npy/:  small .npy files: float32 and float64 of ranks 0-3, format 2.0, a
#                      big-endian array, a Fortran-order one, and an int64 one (refused)
#   usage: fuzz/make-corpus.sh BUILDDIR      (needs python3 with NumPy)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:?usage: fuzz/make-corpus.sh BUILDDIR}" && pwd)
# inputs that once failed (fuzz/corpus/*/regress-*) stay: they are kept by hand
rm -f "$top"/fuzz/corpus/ckpt/seed* "$top"/fuzz/corpus/npy/[fi]*.npy
mkdir -p "$top/fuzz/corpus/ckpt" "$top/fuzz/corpus/npy"
OPENBLAS_NUM_THREADS=1 "$builddir/tests/store/ckpt_tool" seeds "$top/fuzz/corpus/ckpt"
. "$top/tests/find_python.sh"
need_python make-corpus numpy
"$PY" - "$top/fuzz/corpus/npy" <<'PY'
import sys, numpy as np
d = sys.argv[1]
a = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
np.save(f"{d}/f32_3d.npy", a)
np.save(f"{d}/f64_2d.npy", a.reshape(6, 4).astype(np.float64))
np.save(f"{d}/f32_1d.npy", np.array([0.5, -1.0, np.nan, np.inf], dtype=np.float32))
np.save(f"{d}/f64_scalar.npy", np.float64(3.25))
np.save(f"{d}/f32_empty.npy", np.zeros((0, 5), dtype=np.float32))
np.save(f"{d}/f32_big_endian.npy", a.astype(">f4"))
np.save(f"{d}/f64_fortran.npy", np.asfortranarray(a.reshape(6, 4).astype(np.float64)))
np.save(f"{d}/i64_refused.npy", np.arange(6, dtype=np.int64))
with open(f"{d}/f32_v2.npy", "wb") as f:
    np.lib.format.write_array(f, a, version=(2, 0))
PY
echo "fuzz corpus: $(ls "$top/fuzz/corpus/ckpt" | wc -l) checkpoints, $(ls "$top/fuzz/corpus/npy" | wc -l) .npy files"
