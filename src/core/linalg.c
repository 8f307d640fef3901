/* linalg.c: the LAPACK call site (see linalg.h). Debian's libopenblas exports the Fortran
 * LAPACK routines; they are declared here with the Fortran calling convention (everything
 * by pointer, column-major, hidden string lengths last). Row-major inputs are copied
 * transposed into column-major work buffers, so callers' arrays are never touched. The
 * routines that take a workspace all go through lapack_run (size query, buffers, call). */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fpmode.h"
#include "linalg.h"

void sgeev_(const char *jobvl, const char *jobvr, const int *n, float *a, const int *lda,
            float *wr, float *wi, float *vl, const int *ldvl, float *vr, const int *ldvr,
            float *work, const int *lwork, int *info, size_t l1, size_t l2);
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda,
             float *w, float *work, const int *lwork, int *iwork, const int *liwork,
             int *info, size_t l1, size_t l2);
void sgesdd_(const char *jobz, const int *m, const int *n, float *a, const int *lda,
             float *s, float *u, const int *ldu, float *vt, const int *ldvt, float *work,
             const int *lwork, int *iwork, int *info, size_t l1);
void sgesv_(const int *n, const int *nrhs, float *a, const int *lda, int *ipiv, float *b,
            const int *ldb, int *info);
void sposv_(const char *uplo, const int *n, const int *nrhs, float *a, const int *lda,
            float *b, const int *ldb, int *info, size_t l1);
void sgelsd_(const int *m, const int *n, const int *nrhs, float *a, const int *lda, float *b,
             const int *ldb, float *s, const float *rcond, int *rank, float *work,
             const int *lwork, int *iwork, int *info);

/* Column-major copy (leading dimension ld >= rows) of row-major src[rows][cols]. */
static void to_colmajor(float *dst, int ld, const float *src, int rows, int cols) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) dst[(size_t)c * ld + r] = src[(size_t)r * cols + c];
}

static void from_colmajor(float *dst, const float *src, int ld, int rows, int cols) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) dst[(size_t)r * cols + c] = src[(size_t)c * ld + r];
}

static int nomem(rm_err *e, const char *what, int n) {
    return rm_seterr(e, RM_ENOMEM, "%s: out of memory for a %dx%d matrix", what, n, n);
}

static int check_size(rm_err *e, const char *what, int m, int n) {
    if (m < 1 || n < 1 || (double)m * n > 1e9)
        return rm_seterr(e, RM_EINVAL, "%s: a %dx%d matrix cannot be decomposed", what, m, n);
    return RM_OK;
}

/* LAPACK may iterate without end on NaN or infinity: refuse them first. */
static int check_finite(rm_err *e, const char *what, const char *which, const float *a,
                        size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a[i]))
            return rm_seterr(e, RM_EINVAL, "%s: %s has a non-finite entry (element %zu)", what,
                             which, i + 1);
    return RM_OK;
}

/* LAPACK's optimal work size from a query (lwork = -1) answer. */
static int work_size(float w) { return w < 1 ? 1 : (int)w + 1; }

/* One LAPACK routine as lapack_run calls it: ctx holds its arguments, work and iwork its
   workspace. A call with *lwork == -1 is LAPACK's size query: the routine leaves the float
   count it wants in work[0] and the integer count in iwork[0] (an adapter whose routine
   does not report one writes the size its documentation gives). */
typedef void (*lapack_routine)(void *ctx, float *work, const int *lwork, int *iwork,
                               const int *liwork, int *info);

/* LAPACK's workspace protocol, once for every routine that has one: a size query, then the
   call with buffers of those sizes, both in the fast FP mode. Returns RM_OK with the
   routine's status in *info, or RM_ENOMEM (the routine then has not run). */
static int lapack_run(lapack_routine call, void *ctx, int *info) {
    float qwork = 0;
    int qiwork = 0, query = -1;
    rm_fpmode fp = rm_fpmode_fast();
    call(ctx, &qwork, &query, &qiwork, &query, info);
    int lwork = work_size(qwork), liwork = qiwork < 1 ? 1 : qiwork;
    float *work = malloc((size_t)lwork * sizeof *work);
    int *iwork = malloc((size_t)liwork * sizeof *iwork);
    const int ok = work && iwork;
    if (ok) call(ctx, work, &lwork, iwork, &liwork, info);
    rm_fpmode_restore(fp);
    free(work);
    free(iwork);
    return ok ? RM_OK : RM_ENOMEM;
}

/* The error for a non-zero LAPACK status: why says what info > 0 means for the routine;
   info < 0 (an argument the checks above should have refused) names the argument. */
static int lapack_error(rm_err *e, const char *fn, int info, const char *why) {
    if (info > 0) return rm_seterr(e, RM_EINVAL, "%s: %s", fn, why);
    return rm_seterr(e, RM_EINVAL, "%s: LAPACK rejected argument %d", fn, -info);
}

typedef struct {
    float mod;
    int idx;
} by_modulus;

static int cmp_modulus(const void *pa, const void *pb) {
    const by_modulus *a = pa, *b = pb;
    if (a->mod != b->mod) return a->mod > b->mod ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

typedef struct {
    int n;
    const char *jobvr;
    float *A, *wr, *wi, *VR;
} geev_args;

static void geev_routine(void *ctx, float *work, const int *lwork, int *iwork,
                         const int *liwork, int *info) {
    geev_args *g = ctx;
    int one = 1;
    (void)iwork, (void)liwork;
    sgeev_("N", g->jobvr, &g->n, g->A, &g->n, g->wr, g->wi, NULL, &one, g->VR, &g->n, work,
           lwork, info, 1, 1);
}

int rm_linalg_eig(const float *a, int n, float *re, float *im, float *vre, float *vim,
                  rm_err *e) {
    const char *fn = "eig";
    int rc = check_size(e, fn, n, n);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)n * n);
    if (rc) return rc;
    const int want_v = vre && vim;
    size_t nn = (size_t)n * n;
    float *A = malloc(nn * sizeof *A), *wr = malloc((size_t)n * sizeof *wr),
          *wi = malloc((size_t)n * sizeof *wi), *VR = want_v ? malloc(nn * sizeof *VR) : NULL;
    by_modulus *order = malloc((size_t)n * sizeof *order);
    if (!A || !wr || !wi || !order || (want_v && !VR)) {
        rc = nomem(e, fn, n);
        goto done;
    }
    to_colmajor(A, n, a, n, n);
    geev_args g = {n, want_v ? "V" : "N", A, wr, wi, VR};
    int info;
    if (lapack_run(geev_routine, &g, &info)) {
        rc = nomem(e, fn, n);
        goto done;
    }
    if (info) {
        rc = lapack_error(e, fn, info, "the QR algorithm did not converge");
        goto done;
    }
    for (int k = 0; k < n; k++) order[k] = (by_modulus){hypotf(wr[k], wi[k]), k};
    qsort(order, (size_t)n, sizeof *order, cmp_modulus);
    for (int k = 0; k < n; k++) {
        int j = order[k].idx;
        re[k] = wr[j];
        im[k] = wi[j];
        if (!want_v) continue;
        /* a complex pair (j, j+1) is stored as real part in column j, imaginary part in
           column j+1, the second member being the conjugate */
        int col_re = j, col_im = -1;
        float sign = 1;
        if (wi[j] != 0) {
            if (j + 1 < n && wi[j] > 0) col_im = j + 1;
            else {
                col_re = j - 1;
                col_im = j;
                sign = -1;
            }
        }
        for (int r = 0; r < n; r++) {
            vre[(size_t)r * n + k] = VR[(size_t)col_re * n + r];
            vim[(size_t)r * n + k] = col_im < 0 ? 0.0f : sign * VR[(size_t)col_im * n + r];
        }
    }
done:
    free(A);
    free(wr);
    free(wi);
    free(VR);
    free(order);
    return rc;
}

typedef struct {
    int n;
    const char *jobz;
    float *A, *w;
} syevd_args;

static void syevd_routine(void *ctx, float *work, const int *lwork, int *iwork,
                          const int *liwork, int *info) {
    syevd_args *s = ctx;
    ssyevd_(s->jobz, "U", &s->n, s->A, &s->n, s->w, work, lwork, iwork, liwork, info, 1, 1);
}

int rm_linalg_eigh(const float *a, int n, float *w, float *v, rm_err *e) {
    const char *fn = "eigh";
    int rc = check_size(e, fn, n, n);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)n * n);
    if (rc) return rc;
    float *A = malloc((size_t)n * n * sizeof *A), *wa = malloc((size_t)n * sizeof *wa);
    if (!A || !wa) {
        rc = nomem(e, fn, n);
        goto done;
    }
    /* row-major lower triangle = column-major upper triangle */
    memcpy(A, a, (size_t)n * n * sizeof *A);
    syevd_args s = {n, v ? "V" : "N", A, wa};
    int info;
    if (lapack_run(syevd_routine, &s, &info)) {
        rc = nomem(e, fn, n);
        goto done;
    }
    if (info) {
        rc = lapack_error(e, fn, info, "the eigenvalue algorithm did not converge");
        goto done;
    }
    /* ascending from LAPACK; eigenvector k is column k of A (column-major) */
    for (int k = 0; k < n; k++) {
        int j = n - 1 - k;
        w[k] = wa[j];
        if (!v) continue;
        const float *col = A + (size_t)j * n;
        int big = 0;
        for (int r = 1; r < n; r++)
            if (fabsf(col[r]) > fabsf(col[big])) big = r;
        float sign = col[big] < 0 ? -1.0f : 1.0f;
        for (int r = 0; r < n; r++) v[(size_t)k * n + r] = sign * col[r];
    }
done:
    free(A);
    free(wa);
    return rc;
}

typedef struct {
    int m, n, k;
    float *A, *s, *U, *VT;
} gesdd_args;

static void gesdd_routine(void *ctx, float *work, const int *lwork, int *iwork,
                          const int *liwork, int *info) {
    gesdd_args *g = ctx;
    (void)liwork;
    sgesdd_("S", &g->m, &g->n, g->A, &g->m, g->s, g->U, &g->m, g->VT, &g->k, work, lwork,
            iwork, info, 1);
    if (*lwork == -1) iwork[0] = 8 * g->k;   /* not queried: LAPACK documents 8 min(m, n) */
}

int rm_linalg_svd(const float *a, int m, int n, float *u, float *s, float *vt, rm_err *e) {
    const char *fn = "svd";
    int rc = check_size(e, fn, m, n);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)m * n);
    if (rc) return rc;
    const int k = m < n ? m : n;
    float *A = malloc((size_t)m * n * sizeof *A), *U = malloc((size_t)m * k * sizeof *U),
          *VT = malloc((size_t)k * n * sizeof *VT);
    if (!A || !U || !VT) {
        rc = nomem(e, fn, m > n ? m : n);
        goto done;
    }
    to_colmajor(A, m, a, m, n);
    gesdd_args g = {m, n, k, A, s, U, VT};
    int info;
    if (lapack_run(gesdd_routine, &g, &info)) {
        rc = nomem(e, fn, m > n ? m : n);
        goto done;
    }
    if (info) {
        rc = lapack_error(e, fn, info, "the SVD did not converge");
        goto done;
    }
    from_colmajor(u, U, m, m, k);
    from_colmajor(vt, VT, k, k, n);
done:
    free(A);
    free(U);
    free(VT);
    return rc;
}

/* a x = b by LU with partial pivoting (sgesv), or, spd, by Cholesky (sposv). */
static int solve(const float *a, int n, const float *b, int nrhs, float *x, int spd,
                 rm_err *e) {
    const char *fn = "solve";
    int rc = check_size(e, fn, n, nrhs);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)n * n);
    if (!rc) rc = check_finite(e, fn, "the right-hand side", b, (size_t)n * nrhs);
    if (rc) return rc;
    float *A = malloc((size_t)n * n * sizeof *A), *B = malloc((size_t)n * nrhs * sizeof *B);
    int *ipiv = spd ? NULL : malloc((size_t)n * sizeof *ipiv);
    if (!A || !B || (!spd && !ipiv)) {
        rc = nomem(e, fn, n);
        goto done;
    }
    if (spd) memcpy(A, a, (size_t)n * n * sizeof *A); /* symmetric: either layout */
    else to_colmajor(A, n, a, n, n);
    to_colmajor(B, n, b, n, nrhs);
    int info;
    rm_fpmode fp = rm_fpmode_fast();
    if (spd) sposv_("U", &n, &nrhs, A, &n, B, &n, &info, 1);
    else sgesv_(&n, &nrhs, A, &n, ipiv, B, &n, &info);
    rm_fpmode_restore(fp);
    if (info > 0 && !spd) {
        rc = rm_seterr(e, RM_EINVAL, "%s: the matrix is singular (pivot %d is zero)", fn, info);
        goto done;
    }
    if (info) {
        rc = lapack_error(e, fn, info, "the matrix is not positive definite");
        goto done;
    }
    from_colmajor(x, B, n, n, nrhs);
done:
    free(A);
    free(B);
    free(ipiv);
    return rc;
}

int rm_linalg_solve(const float *a, int n, const float *b, int nrhs, float *x, rm_err *e) {
    return solve(a, n, b, nrhs, x, 0, e);
}

int rm_linalg_solve_spd(const float *a, int n, const float *b, int nrhs, float *x,
                        rm_err *e) {
    return solve(a, n, b, nrhs, x, 1, e);
}

typedef struct {
    int m, n, nrhs, ldb, rank;
    float *A, *B, *s, rcond;
} gelsd_args;

static void gelsd_routine(void *ctx, float *work, const int *lwork, int *iwork,
                          const int *liwork, int *info) {
    gelsd_args *g = ctx;
    (void)liwork;
    sgelsd_(&g->m, &g->n, &g->nrhs, g->A, &g->m, g->B, &g->ldb, g->s, &g->rcond, &g->rank,
            work, lwork, iwork, info);
}

int rm_linalg_lstsq(const float *a, int m, int n, const float *b, int nrhs, double rcond,
                    float *x, int *rank, float *sv, rm_err *e) {
    const char *fn = "lstsq";
    int rc = check_size(e, fn, m, n);
    if (!rc) rc = check_size(e, fn, m, nrhs);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)m * n);
    if (!rc) rc = check_finite(e, fn, "the right-hand side", b, (size_t)m * nrhs);
    if (rc) return rc;
    const int k = m < n ? m : n, ldb = m > n ? m : n;
    float *A = malloc((size_t)m * n * sizeof *A), *B = calloc((size_t)ldb * nrhs, sizeof *B),
          *s = malloc((size_t)k * sizeof *s);
    if (!A || !B || !s) {
        rc = nomem(e, fn, ldb);
        goto done;
    }
    to_colmajor(A, m, a, m, n);
    to_colmajor(B, ldb, b, m, nrhs);
    gelsd_args g = {m, n, nrhs, ldb, 0, A, B, s,
                    rcond < 0 ? FLT_EPSILON * (float)ldb : (float)rcond};
    int info;
    if (lapack_run(gelsd_routine, &g, &info)) {
        rc = nomem(e, fn, ldb);
        goto done;
    }
    if (info) {
        rc = lapack_error(e, fn, info, "the SVD did not converge");
        goto done;
    }
    from_colmajor(x, B, ldb, n, nrhs);
    if (rank) *rank = g.rank;
    if (sv) memcpy(sv, s, (size_t)k * sizeof *s);
done:
    free(A);
    free(B);
    free(s);
    return rc;
}
