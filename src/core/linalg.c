/* linalg.c: the LAPACK call site (see linalg.h). Debian's libopenblas exports the Fortran
 * LAPACK routines; they are declared here with the Fortran calling convention (everything
 * by pointer, column-major, hidden string lengths last). Row-major inputs are copied
 * transposed into column-major work buffers, so callers' arrays are never touched. */
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

typedef struct {
    float mod;
    int idx;
} by_modulus;

static int cmp_modulus(const void *pa, const void *pb) {
    const by_modulus *a = pa, *b = pb;
    if (a->mod != b->mod) return a->mod > b->mod ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
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
    float *work = NULL;
    if (!A || !wr || !wi || !order || (want_v && !VR)) {
        rc = nomem(e, fn, n);
        goto done;
    }
    to_colmajor(A, n, a, n, n);
    int info, lwork = -1, one = 1;
    float q;
    rm_fpmode fp = rm_fpmode_fast();
    sgeev_("N", want_v ? "V" : "N", &n, A, &n, wr, wi, NULL, &one, VR, &n, &q, &lwork, &info,
           1, 1);
    lwork = work_size(q);
    work = malloc((size_t)lwork * sizeof *work);
    if (work)
        sgeev_("N", want_v ? "V" : "N", &n, A, &n, wr, wi, NULL, &one, VR, &n, work, &lwork,
               &info, 1, 1);
    rm_fpmode_restore(fp);
    if (!work) {
        rc = nomem(e, fn, n);
        goto done;
    }
    if (info > 0) {
        rc = rm_seterr(e, RM_EINVAL, "%s: the QR algorithm did not converge", fn);
        goto done;
    }
    if (info < 0) {
        rc = rm_seterr(e, RM_EINVAL, "%s: LAPACK rejected argument %d", fn, -info);
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
    free(work);
    return rc;
}

int rm_linalg_eigh(const float *a, int n, float *w, float *v, rm_err *e) {
    const char *fn = "eigh";
    int rc = check_size(e, fn, n, n);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)n * n);
    if (rc) return rc;
    float *A = malloc((size_t)n * n * sizeof *A), *wa = malloc((size_t)n * sizeof *wa);
    float *work = NULL;
    int *iwork = NULL;
    if (!A || !wa) {
        rc = nomem(e, fn, n);
        goto done;
    }
    /* row-major lower triangle = column-major upper triangle */
    memcpy(A, a, (size_t)n * n * sizeof *A);
    int info, lwork = -1, liwork = -1, qi;
    float q;
    const char *jobz = v ? "V" : "N";
    rm_fpmode fp = rm_fpmode_fast();
    ssyevd_(jobz, "U", &n, A, &n, wa, &q, &lwork, &qi, &liwork, &info, 1, 1);
    lwork = work_size(q);
    liwork = qi < 1 ? 1 : qi;
    work = malloc((size_t)lwork * sizeof *work);
    iwork = malloc((size_t)liwork * sizeof *iwork);
    if (work && iwork) ssyevd_(jobz, "U", &n, A, &n, wa, work, &lwork, iwork, &liwork, &info, 1, 1);
    rm_fpmode_restore(fp);
    if (!work || !iwork) {
        rc = nomem(e, fn, n);
        goto done;
    }
    if (info) {
        rc = rm_seterr(e, RM_EINVAL, "%s: %s", fn,
                       info > 0 ? "the eigenvalue algorithm did not converge" : "bad argument");
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
    free(work);
    free(iwork);
    return rc;
}

int rm_linalg_svd(const float *a, int m, int n, float *u, float *s, float *vt, rm_err *e) {
    const char *fn = "svd";
    int rc = check_size(e, fn, m, n);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)m * n);
    if (rc) return rc;
    const int k = m < n ? m : n;
    float *A = malloc((size_t)m * n * sizeof *A), *U = malloc((size_t)m * k * sizeof *U),
          *VT = malloc((size_t)k * n * sizeof *VT), *work = NULL;
    int *iwork = malloc((size_t)8 * k * sizeof *iwork);
    if (!A || !U || !VT || !iwork) {
        rc = nomem(e, fn, m > n ? m : n);
        goto done;
    }
    to_colmajor(A, m, a, m, n);
    int info, lwork = -1;
    float q;
    rm_fpmode fp = rm_fpmode_fast();
    sgesdd_("S", &m, &n, A, &m, s, U, &m, VT, &k, &q, &lwork, iwork, &info, 1);
    lwork = work_size(q);
    work = malloc((size_t)lwork * sizeof *work);
    if (work) sgesdd_("S", &m, &n, A, &m, s, U, &m, VT, &k, work, &lwork, iwork, &info, 1);
    rm_fpmode_restore(fp);
    if (!work) {
        rc = nomem(e, fn, m > n ? m : n);
        goto done;
    }
    if (info) {
        rc = rm_seterr(e, RM_EINVAL, "%s: %s", fn,
                       info > 0 ? "the SVD did not converge" : "bad argument");
        goto done;
    }
    from_colmajor(u, U, m, m, k);
    from_colmajor(vt, VT, k, k, n);
done:
    free(A);
    free(U);
    free(VT);
    free(work);
    free(iwork);
    return rc;
}

int rm_linalg_solve(const float *a, int n, const float *b, int nrhs, float *x, rm_err *e) {
    const char *fn = "solve";
    int rc = check_size(e, fn, n, nrhs);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)n * n);
    if (!rc) rc = check_finite(e, fn, "the right-hand side", b, (size_t)n * nrhs);
    if (rc) return rc;
    float *A = malloc((size_t)n * n * sizeof *A), *B = malloc((size_t)n * nrhs * sizeof *B);
    int *ipiv = malloc((size_t)n * sizeof *ipiv);
    if (!A || !B || !ipiv) {
        rc = nomem(e, fn, n);
        goto done;
    }
    to_colmajor(A, n, a, n, n);
    to_colmajor(B, n, b, n, nrhs);
    int info;
    rm_fpmode fp = rm_fpmode_fast();
    sgesv_(&n, &nrhs, A, &n, ipiv, B, &n, &info);
    rm_fpmode_restore(fp);
    if (info > 0) {
        rc = rm_seterr(e, RM_EINVAL, "%s: the matrix is singular (pivot %d is zero)", fn, info);
        goto done;
    }
    if (info < 0) {
        rc = rm_seterr(e, RM_EINVAL, "%s: LAPACK rejected argument %d", fn, -info);
        goto done;
    }
    from_colmajor(x, B, n, n, nrhs);
done:
    free(A);
    free(B);
    free(ipiv);
    return rc;
}

int rm_linalg_solve_spd(const float *a, int n, const float *b, int nrhs, float *x,
                        rm_err *e) {
    const char *fn = "solve";
    int rc = check_size(e, fn, n, nrhs);
    if (!rc) rc = check_finite(e, fn, "the matrix", a, (size_t)n * n);
    if (!rc) rc = check_finite(e, fn, "the right-hand side", b, (size_t)n * nrhs);
    if (rc) return rc;
    float *A = malloc((size_t)n * n * sizeof *A), *B = malloc((size_t)n * nrhs * sizeof *B);
    if (!A || !B) {
        rc = nomem(e, fn, n);
        goto done;
    }
    memcpy(A, a, (size_t)n * n * sizeof *A); /* symmetric: either layout */
    to_colmajor(B, n, b, n, nrhs);
    int info;
    rm_fpmode fp = rm_fpmode_fast();
    sposv_("U", &n, &nrhs, A, &n, B, &n, &info, 1);
    rm_fpmode_restore(fp);
    if (info) {
        rc = rm_seterr(e, RM_EINVAL, "%s: %s", fn,
                       info > 0 ? "the matrix is not positive definite" : "bad argument");
        goto done;
    }
    from_colmajor(x, B, n, n, nrhs);
done:
    free(A);
    free(B);
    return rc;
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
          *s = malloc((size_t)k * sizeof *s), *work = NULL;
    int *iwork = NULL;
    if (!A || !B || !s) {
        rc = nomem(e, fn, ldb);
        goto done;
    }
    to_colmajor(A, m, a, m, n);
    to_colmajor(B, ldb, b, m, nrhs);
    float rc_f = rcond < 0 ? FLT_EPSILON * (float)ldb : (float)rcond;
    int info, lwork = -1, r = 0, qi = 0;
    float q;
    rm_fpmode fp = rm_fpmode_fast();
    sgelsd_(&m, &n, &nrhs, A, &m, B, &ldb, s, &rc_f, &r, &q, &lwork, &qi, &info);
    lwork = work_size(q);
    work = malloc((size_t)lwork * sizeof *work);
    iwork = malloc((size_t)(qi > 1 ? qi : 1) * sizeof *iwork);
    if (work && iwork)
        sgelsd_(&m, &n, &nrhs, A, &m, B, &ldb, s, &rc_f, &r, work, &lwork, iwork, &info);
    rm_fpmode_restore(fp);
    if (!work || !iwork) {
        rc = nomem(e, fn, ldb);
        goto done;
    }
    if (info) {
        rc = rm_seterr(e, RM_EINVAL, "%s: %s", fn,
                       info > 0 ? "the SVD did not converge" : "bad argument");
        goto done;
    }
    from_colmajor(x, B, ldb, n, nrhs);
    if (rank) *rank = r;
    if (sv) memcpy(sv, s, (size_t)k * sizeof *s);
done:
    free(A);
    free(B);
    free(s);
    free(work);
    free(iwork);
    return rc;
}
