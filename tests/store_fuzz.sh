#!/bin/sh
# store_fuzz.sh: a brief fuzz of the loaders of untrusted files (checkpoints and .npy
# arrays) from their committed seed corpus: fuzz/run.sh builds the libFuzzer targets with
# address and undefined-behaviour sanitizers and fails on any crash, sanitizer report,
# leak, hang, or refusal without a proper one-line message. CI runs many more executions.
# Needs clang (scripts/install-deps.sh installs it).
set -eu
: "${RECMEM:?}" "${top_srcdir:?}"
exec sh "$top_srcdir/fuzz/run.sh" "${RECMEM%/src/recmem}" 20000 ckpt_fuzz npy_fuzz
