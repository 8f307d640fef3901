/* npy.h: NumPy .npy files. Writes float32/float64/int32 arrays of any rank (format 1.0,
 * little-endian, C order) atomically; reads float32/float64 arrays (format 1.0, 2.0, 3.0)
 * and rejects anything else with a one-line message naming the problem. */
#ifndef RM_NPY_H
#define RM_NPY_H

#include <stddef.h>
#include "rm_err.h"

typedef enum { RM_NPY_F32 = 0, RM_NPY_F64 = 1, RM_NPY_I32 = 2 } rm_npy_dtype;

/* numpy's own limit on dimensions. */
#define RM_NPY_MAXDIM 32

/* Writes data (count = product of shape, C order, native byte order) to path: written to
   a temporary file in the same directory, fsync'd, then renamed over path, so a failure
   never leaves a torn file. ndim 0 is a scalar. */
int rm_npy_write(const char *path, rm_npy_dtype dtype, int ndim, const size_t *shape,
                 const void *data, rm_err *e);

/* An array read from a file; data is malloc'd, in native byte order. */
typedef struct {
    rm_npy_dtype dtype;   /* RM_NPY_F32 or RM_NPY_F64 */
    int ndim;
    size_t shape[RM_NPY_MAXDIM];
    size_t count;         /* number of elements */
    void *data;
} rm_npy;

/* Reads a float32 or float64 .npy file. On failure *a is left empty and e names the
   problem (RM_EIO: cannot open or read; RM_EFORMAT: not a usable .npy file). */
int rm_npy_read(const char *path, rm_npy *a, rm_err *e);
/* Frees a's data; safe on an empty or already freed array. */
void rm_npy_free(rm_npy *a);

#endif
