/* ckpt_fuzz.c: a libFuzzer target for the checkpoint loader (checkpoints are untrusted
 * files: downloaded, shared, cut short by a full disk). Every input must either load, or
 * be refused with a one-line message; a loaded checkpoint must survive save -> load
 * unchanged. Build and run:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I src -I src/core fuzz/ckpt_fuzz.c \
 *     src/store/safetensors.c src/store/ckpt.c src/store/run_json.c src/store/atomic_file.c \
 *     BUILD/src/core/librecmem.a $(pkg-config --libs jansson openblas) -lm -o ckpt_fuzz
 *   ./ckpt_fuzz CORPUS_DIR        (seeds: tests/store/ckpt_tool seeds CORPUS_DIR)
 * fuzz/run.sh builds and runs it from the committed corpus (fuzz/corpus/ckpt); make check
 * runs it briefly (tests/store_fuzz.sh), CI for longer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "store/ckpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rm_ckpt *c = NULL;
    rm_err e = {0};
    int rc = rm_ckpt_load_mem(data, size, "fuzz", &c, &e);
    if (rc != RM_OK) {
        /* refused: a message, one line, naming the source */
        if (c || !e.msg[0] || strchr(e.msg, '\n') || strncmp(e.msg, "fuzz", 4)) abort();
        return 0;
    }
    unsigned char *buf = NULL;
    size_t n = 0;
    if (rm_ckpt_encode(&c->tr, &c->meta, &buf, &n, &e) != RM_OK) abort();
    rm_ckpt *d = NULL;
    if (rm_ckpt_load_mem(buf, n, "re-encoded", &d, &e) != RM_OK) abort();
    if (d->net.n_params != c->net.n_params || d->tr.iter != c->tr.iter ||
        memcmp(d->net.params, c->net.params, c->net.n_params * sizeof(float)) ||
        memcmp(d->tr.adam.m, c->tr.adam.m, 2 * c->net.n_params * sizeof(float)) ||
        memcmp(d->tr.rng.s, c->tr.rng.s, sizeof c->tr.rng.s))
        abort();
    rm_ckpt_free(d);
    free(buf);
    rm_ckpt_free(c);
    return 0;
}
