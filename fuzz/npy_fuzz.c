/* npy_fuzz.c: a libFuzzer target for the .npy reader (`recmem si` reads recorded neural
 * data with it). Every input must either load as a float32/float64 array whose element
 * count matches its shape and whose values can all be read, or be refused with one line
 * naming the file; it must never crash, leak or read out of bounds. The reader takes a
 * path, so each input goes through an in-memory file (memfd). Built and run by
 * fuzz/run.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "store/npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = memfd_create("npy_fuzz", 0);
    if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size)) abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rm_npy a;
    rm_err e = {0};
    int rc = rm_npy_read(path, &a, &e);
    close(fd);
    if (rc != RM_OK) {
        if (a.data || !e.msg[0] || strchr(e.msg, '\n') || !strstr(e.msg, path)) abort();
        return 0;
    }
    size_t n = 1;
    for (int i = 0; i < a.ndim; i++) n *= a.shape[i];
    if (n != a.count || (a.dtype != RM_NPY_F32 && a.dtype != RM_NPY_F64)) abort();
    volatile double sum = 0; /* every element readable (ASan checks the bounds) */
    for (size_t i = 0; i < a.count; i++)
        sum += a.dtype == RM_NPY_F32 ? ((float *)a.data)[i] : ((double *)a.data)[i];
    rm_npy_free(&a);
    return 0;
}
