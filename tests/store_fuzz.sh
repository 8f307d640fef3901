#!/bin/sh
# store_fuzz.sh: builds the checkpoint loader's libFuzzer target (fuzz/ckpt_fuzz.c) with
# clang's fuzzer, address and undefined-behaviour sanitizers, seeds it with small valid
# checkpoints, and fuzzes briefly. Any crash, sanitizer report, hang, or a refused input
# without a proper one-line message fails the test. Needs clang (CI installs it).
set -eu
: "${RECMEM:?}" "${top_srcdir:?}"
builddir=${RECMEM%/src/recmem}
CLANG=${CLANG:-clang}
if ! command -v "$CLANG" > /dev/null 2>&1; then
    echo "store_fuzz: clang not found (apt-get install clang)"; exit 77
fi
w=$(mktemp -d /tmp/rm-store-fuzz.XXXXXX)
trap 'rm -rf "$w"' EXIT
s=$top_srcdir/src
"$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -std=c11 -D_GNU_SOURCE -I"$s" -I"$s/core" $(pkg-config --cflags jansson) \
    "$top_srcdir/fuzz/ckpt_fuzz.c" "$s/store/safetensors.c" "$s/store/ckpt.c" \
    "$s/store/run_json.c" "$s/store/atomic_file.c" "$builddir/src/core/librecmem.a" \
    $(pkg-config --libs jansson openblas) -lm -lpthread -o "$w/ckpt_fuzz"
mkdir "$w/corpus"
OPENBLAS_NUM_THREADS=1 "$builddir/tests/store/ckpt_tool" seeds "$w/corpus"
[ "$(ls "$w/corpus" | wc -l)" -ge 1 ] || { echo "store_fuzz: no seeds"; exit 1; }
# -max_len: a little above the seeds, so mutations can grow them
OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=1 "$w/ckpt_fuzz" "$w/corpus" \
    -runs=20000 -max_total_time=8 -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
    -malloc_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$w/" > "$w/log" 2>&1 || {
    tail -40 "$w/log"
    for a in "$w"/crash-* "$w"/leak-* "$w"/timeout-* "$w"/oom-*; do
        [ -e "$a" ] || continue
        keep=$(mktemp /tmp/recmem-fuzz-input.XXXXXX)
        cp "$a" "$keep"
        echo "store_fuzz: the failing input is kept in $keep (replay: ckpt_fuzz $keep)"
    done
    echo "store_fuzz: FAIL: the fuzzer found a problem"; exit 1; }
grep -E "^stat::number_of_executed_units|Done [0-9]+ runs" "$w/log" || true
echo "store_fuzz: all checks passed"
