/* blas.h: the one place that calls BLAS. rm_sgemm is row-major C = alpha op(A) op(B) +
 * beta C. With rm_blas_use_reference(1) it runs a plain triple loop instead, which the
 * tests cross-check against OpenBLAS. */
#ifndef RM_BLAS_H
#define RM_BLAS_H

#include <stddef.h>
#include "rm_err.h"

void rm_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A,
              int lda, const float *B, int ldb, float beta, float *C, int ldc);
void rm_blas_use_reference(int on);
void rm_blas_set_threads(int n);

/* The vector extensions of this CPU that OpenBLAS's kernels need. */
typedef struct {
    int avx, avx2, fma, avx512f;
} rm_cpu_flags;
void rm_cpu_flags_get(rm_cpu_flags *out);

/* What OpenBLAS runs on: the kernel it chose (e.g. "Haswell", "Zen", "SkylakeX") and its
   build configuration, as OpenBLAS reports them. */
const char *rm_blas_kernel(void);
const char *rm_blas_config(void);

/* An OPENBLAS_CORETYPE (NULL or "": none) that names a kernel needing instructions `cpu`
   lacks would die with SIGILL at the first GEMM: refused with a one-line reason naming
   what is missing and what to use instead (RM_EINVAL). Names OpenBLAS does not know are
   accepted: it ignores them and picks a kernel itself. */
int rm_blas_check_coretype(const char *coretype, const rm_cpu_flags *cpu, rm_err *e);

/* Optional recorder of every GEMM shape (for the benchmark's GEMM floor). */
typedef struct {
    int transA, transB, M, N, K, lda, ldb, ldc;
    float alpha, beta;
    const float *A, *B;
    float *C;
} rm_gemm_call;
/* While set, each rm_sgemm call is appended (up to cap); *n counts calls seen. */
void rm_blas_record(rm_gemm_call *buf, size_t cap, size_t *n);

#endif
