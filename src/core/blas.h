/* blas.h: the one place that calls BLAS. rm_sgemm is row-major C = alpha op(A) op(B) +
 * beta C. With rm_blas_use_reference(1) it runs a plain triple loop instead, which the
 * tests cross-check against OpenBLAS. */
#ifndef RM_BLAS_H
#define RM_BLAS_H

#include <stddef.h>

void rm_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A,
              int lda, const float *B, int ldb, float beta, float *C, int ldc);
void rm_blas_use_reference(int on);
void rm_blas_set_threads(int n);

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
