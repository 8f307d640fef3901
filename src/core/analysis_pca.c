/* analysis_pca.c: principal components of activity (samples x units): the covariance by
 * one GEMM, its eigenvectors by LAPACK, and projections onto the leading axes (the
 * state-space trajectories of a trace). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis.h"
#include "blas.h"
#include "linalg.h"

int rm_pca(const float *x, size_t rows, int N, int k, float *mean, float *components,
           float *variance, double *total, rm_err *e) {
    if (rows < 2 || N < 1)
        return rm_seterr(e, RM_EINVAL, "pca needs at least 2 samples (got %zu)", rows);
    if (k < 1 || k > N) return rm_seterr(e, RM_EINVAL, "pca: k = %d is not in 1..%d", k, N);
    if (rows > (size_t)0x7fffffff) return rm_seterr(e, RM_EINVAL, "pca: too many samples");
    for (size_t i = 0; i < rows * N; i++)
        if (!isfinite(x[i])) return rm_seterr(e, RM_EINVAL, "pca: the activity is not finite");
    /* the covariance accumulates over blocks of centred rows: memory stays at one block
       however many trials the trace has */
    const size_t blk = rows < 4096 ? rows : 4096;
    double *m = calloc((size_t)N, sizeof *m);
    float *xc = malloc(blk * N * sizeof *xc), *cov = malloc((size_t)N * N * sizeof *cov);
    float *w = malloc((size_t)N * sizeof *w), *v = malloc((size_t)N * N * sizeof *v);
    int rc = RM_OK;
    if (!m || !xc || !cov || !w || !v) {
        rc = rm_seterr(e, RM_ENOMEM, "pca: out of memory for %zu x %d samples", rows, N);
        goto done;
    }
    for (size_t r = 0; r < rows; r++)
        for (int j = 0; j < N; j++) m[j] += x[r * N + j];
    for (int j = 0; j < N; j++) mean[j] = (float)(m[j] / (double)rows);
    for (size_t r0 = 0; r0 < rows; r0 += blk) {
        size_t nr = rows - r0 < blk ? rows - r0 : blk;
        for (size_t r = 0; r < nr; r++)
            for (int j = 0; j < N; j++) xc[r * N + j] = x[(r0 + r) * N + j] - mean[j];
        rm_sgemm(1, 0, N, N, (int)nr, 1.0f / (float)(rows - 1), xc, N, xc, N, r0 ? 1.0f : 0.0f,
                 cov, N);
    }
    double tr = 0;
    for (int j = 0; j < N; j++) tr += cov[(size_t)j * N + j];
    *total = tr;
    if ((rc = rm_linalg_eigh(cov, N, w, v, e))) goto done;
    memcpy(variance, w, (size_t)k * sizeof *w);
    memcpy(components, v, (size_t)k * N * sizeof *v);
done:
    free(m);
    free(xc);
    free(cov);
    free(w);
    free(v);
    return rc;
}

void rm_pca_project(const float *x, size_t rows, int N, int k, const float *mean,
                    const float *components, float *proj) {
    /* centred in double row by row: no cancellation when the mean is large */
    for (size_t r = 0; r < rows; r++)
        for (int c = 0; c < k; c++) {
            const float *row = x + r * N, *axis = components + (size_t)c * N;
            double s = 0;
            for (int j = 0; j < N; j++) s += ((double)row[j] - mean[j]) * axis[j];
            proj[r * k + c] = (float)s;
        }
}
