/* blas.c: the single BLAS call site (row-major sgemm), a plain-loop reference for tests,
 * and a recorder of GEMM shapes used to time the benchmark's GEMM floor. */
#include <cblas.h>
#include <stddef.h>
#include "blas.h"
#include "fpmode.h"

static int use_reference;
static rm_gemm_call *rec_buf;
static size_t rec_cap, *rec_n;

void rm_blas_use_reference(int on) { use_reference = on; }

void rm_blas_set_threads(int n) { openblas_set_num_threads(n > 0 ? n : 1); }

void rm_blas_record(rm_gemm_call *buf, size_t cap, size_t *n) {
    rec_buf = buf;
    rec_cap = cap;
    rec_n = n;
    if (n) *n = 0;
}

static void sgemm_reference(int tA, int tB, int M, int N, int K, float alpha,
                            const float *A, int lda, const float *B, int ldb, float beta,
                            float *C, int ldc) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double acc = 0;
            for (int k = 0; k < K; k++) {
                float a = tA ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k];
                float b = tB ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j];
                acc += (double)a * b;
            }
            float *c = &C[(size_t)i * ldc + j];
            *c = (float)(alpha * acc + (beta == 0.0f ? 0.0f : beta * *c));
        }
}

void rm_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A,
              int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    if (rec_n) {
        if (*rec_n < rec_cap)
            rec_buf[*rec_n] = (rm_gemm_call){transA, transB, M, N, K, lda, ldb, ldc, alpha, beta, A, B, C};
        (*rec_n)++;
    }
    if (M == 0 || N == 0) return;
    rm_fpmode fp = rm_fpmode_fast(); /* the benchmark's floor replays through here too */
    if (use_reference)
        sgemm_reference(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    else
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda, B, ldb, beta,
                    C, ldc);
    rm_fpmode_restore(fp);
}
