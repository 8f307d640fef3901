/* blas.c: the single BLAS call site (row-major sgemm), a plain-loop reference for tests,
 * a recorder of GEMM shapes used to time the benchmark's GEMM floor, and what OpenBLAS
 * runs on (its kernel, and whether a kernel forced by OPENBLAS_CORETYPE fits the CPU). */
#include <cblas.h>
#include <stddef.h>
#include <strings.h>
#include "blas.h"
#include "fpmode.h"

static int use_reference;
static rm_gemm_call *rec_buf;
static size_t rec_cap, *rec_n;

void rm_blas_use_reference(int on) { use_reference = on; }

void rm_blas_set_threads(int n) { openblas_set_num_threads(n > 0 ? n : 1); }

void rm_cpu_flags_get(rm_cpu_flags *out) {
    __builtin_cpu_init();
    out->avx = __builtin_cpu_supports("avx") != 0;
    out->avx2 = __builtin_cpu_supports("avx2") != 0;
    out->fma = __builtin_cpu_supports("fma") != 0;
    out->avx512f = __builtin_cpu_supports("avx512f") != 0;
}

const char *rm_blas_kernel(void) { return openblas_get_corename(); }
const char *rm_blas_config(void) { return openblas_get_config(); }

/* OpenBLAS's x86-64 kernels that need more than SSE, with what they execute. */
static const struct {
    const char *name;
    int avx, avx2, fma, avx512f;
} kernels[] = {
    {"SkylakeX", 1, 1, 1, 1},   {"CooperLake", 1, 1, 1, 1}, {"SapphireRapids", 1, 1, 1, 1},
    {"Haswell", 1, 1, 1, 0},    {"Zen", 1, 1, 1, 0},        {"Excavator", 1, 1, 1, 0},
    {"SandyBridge", 1, 0, 0, 0}, {"Bulldozer", 1, 0, 0, 0}, {"Piledriver", 1, 0, 1, 0},
    {"Steamroller", 1, 0, 1, 0},
};

int rm_blas_check_coretype(const char *coretype, const rm_cpu_flags *cpu, rm_err *e) {
    if (!coretype || !*coretype) return RM_OK;
    for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++) {
        if (strcasecmp(coretype, kernels[i].name)) continue;
        const char *missing = kernels[i].avx512f && !cpu->avx512f ? "AVX-512"
                              : kernels[i].avx2 && !cpu->avx2     ? "AVX2"
                              : kernels[i].fma && !cpu->fma       ? "FMA"
                              : kernels[i].avx && !cpu->avx       ? "AVX"
                                                                  : NULL;
        if (!missing) return RM_OK;
        return rm_seterr(e, RM_EINVAL,
                         "OPENBLAS_CORETYPE=%s needs %s, which this CPU lacks (it would stop "
                         "with an illegal instruction): unset it%s", coretype, missing,
                         cpu->avx2 && cpu->fma ? ", or use Haswell (AVX2)" : "");
    }
    return RM_OK;
}

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
