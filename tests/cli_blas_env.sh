#!/bin/sh
# cli_blas_env.sh: recmem --version and bench name OpenBLAS's kernel and the CPU's vector
# extensions; an OPENBLAS_CORETYPE this CPU cannot run is refused with one line and exit 2
# before any GEMM (it used to die with SIGILL); one it can run is honoured.
set -eu
: "${RECMEM:?}"
fail() { echo "cli_blas_env: FAIL: $*"; exit 1; }
w=$(mktemp -d /tmp/rm-blas-env.XXXXXX)
trap 'rm -rf "$w"' EXIT
unset OPENBLAS_CORETYPE || true
"$RECMEM" --version > "$w/v" || fail "--version exited $?"
grep -q '^BLAS: OpenBLAS .*; kernel [A-Za-z0-9]* (OPENBLAS_CORETYPE not set); CPU: AVX ' "$w/v" \
    || fail "--version does not name the kernel: $(cat "$w/v")"
if grep -qw avx512f /proc/cpuinfo; then
    OPENBLAS_CORETYPE=SkylakeX "$RECMEM" --version > "$w/v" || fail "SkylakeX refused on an AVX-512 CPU"
    grep -q 'kernel SkylakeX' "$w/v" || fail "SkylakeX not used: $(cat "$w/v")"
else
    rc=0
    OPENBLAS_CORETYPE=SkylakeX "$RECMEM" train --task 2AFC --hidden 8 --iters 2 --test-batches 1 \
        --si-trials 5 --no-db > "$w/out" 2> "$w/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "SkylakeX without AVX-512: exit $rc, want 2 ($(cat "$w/err"))"
    [ "$(wc -l < "$w/err")" -eq 1 ] || fail "not one line: $(cat "$w/err")"
    grep -q 'OPENBLAS_CORETYPE=SkylakeX needs AVX-512' "$w/err" || fail "message: $(cat "$w/err")"
fi
if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
    OPENBLAS_CORETYPE=Haswell "$RECMEM" bench --hidden 8 --reps 1 > "$w/b" || fail "bench with Haswell"
    grep -q 'kernel Haswell (OPENBLAS_CORETYPE Haswell)' "$w/b" || fail "bench: $(cat "$w/b")"
fi
echo "cli_blas_env: all checks passed"
