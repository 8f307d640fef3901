#!/bin/sh
# fuzz/run.sh: builds the libFuzzer targets of the loaders of untrusted files (ckpt_fuzz:
# safetensors checkpoints; npy_fuzz: .npy arrays) with clang's fuzzer, address and
# undefined-behaviour sanitizers, and runs each for a fixed number of executions from its
# committed seed corpus (fuzz/corpus/TARGET/, copied, so the run adds nothing to the repo),
# with a fixed seed so a run is repeatable. A crash, sanitizer report, leak, hang or a
# refusal without a proper one-line message fails it, and the input is kept.
#   usage: fuzz/run.sh BUILDDIR RUNS [TARGET ...]      (BUILDDIR holds src/core/librecmem.a)
# CI runs it with many executions (.ci/run); make check briefly (tests/store_fuzz.sh).
set -eu
[ $# -ge 2 ] || { echo "usage: fuzz/run.sh BUILDDIR RUNS [ckpt_fuzz|npy_fuzz ...]" >&2; exit 2; }
builddir=$(cd "$1" && pwd)
runs=$2
shift 2
[ $# -gt 0 ] || set -- ckpt_fuzz npy_fuzz
top=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${CLANG:-clang}
command -v "$CLANG" > /dev/null 2>&1 || { echo "fuzz: clang not found (apt-get install clang)"; exit 77; }
[ -f "$builddir/src/core/librecmem.a" ] || { echo "fuzz: no $builddir/src/core/librecmem.a (build first)"; exit 2; }
w=$(mktemp -d /tmp/rm-fuzz.XXXXXX)
trap 'rm -rf "$w"' EXIT
s=$top/src
status=0
for target in "$@"; do
    case $target in
        ckpt_fuzz) srcs="$s/store/safetensors.c $s/store/ckpt.c $s/store/run_json.c $s/store/atomic_file.c" ;;
        npy_fuzz) srcs="$s/store/npy.c $s/store/atomic_file.c" ;;
        *) echo "fuzz: unknown target '$target' (ckpt_fuzz, npy_fuzz)"; exit 2 ;;
    esac
    # shellcheck disable=SC2086
    "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -std=c11 -D_GNU_SOURCE -I"$s" -I"$s/core" $(pkg-config --cflags jansson openblas) \
        "$top/fuzz/$target.c" $srcs "$builddir/src/core/librecmem.a" \
        $(pkg-config --libs jansson openblas) -lm -lpthread -o "$w/$target"
    corpus=$w/corpus-$target
    mkdir "$corpus"
    cp "$top/fuzz/corpus/${target%_fuzz}"/* "$corpus/"
    # -max_len: a little above the largest seed, so mutations can grow them
    if OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=1 "$w/$target" "$corpus" -seed=1 \
        -runs="$runs" -max_len=16384 -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$w/$target-" > "$w/$target.log" 2>&1; then
        echo "fuzz: $target: $(grep -E '^stat::number_of_executed_units' "$w/$target.log" |
            sed 's/.*: *//') executions from $(ls "$top/fuzz/corpus/${target%_fuzz}" | wc -l) seeds, no problem found"
    else
        status=1
        tail -40 "$w/$target.log"
        for a in "$w/$target"-*; do
            [ -e "$a" ] || continue
            keep=$(mktemp /tmp/recmem-fuzz-input.XXXXXX)
            cp "$a" "$keep"
            echo "fuzz: $target: the failing input is kept in $keep (replay: $target $keep)"
        done
        echo "fuzz: $target: FAIL: the fuzzer found a problem"
    fi
done
exit $status
