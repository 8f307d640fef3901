/* analysis_decode.c: cross-temporal decoding. A ridge decoder trained at each step on
 * one set of trials is tested on the other (held-out) trials at every step; the T x T
 * matrix of scores separates a dynamic code (only the diagonal decodes: a sequence) from
 * a stable one (the whole delay block decodes: persistent activity). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis.h"
#include "blas.h"
#include "linalg.h"

#define PI 3.14159265358979323846

/* Angle in [0, pi) coded by (cos 2s, sin 2s). */
static double angle_of(double c, double s) {
    double a = 0.5 * atan2(s, c);
    return a < 0 ? a + PI : a;
}

static double circ_err(double a, double b) {
    double d = fmod(fabs(a - b), PI);
    return d > PI / 2 ? PI - d : d;
}

int rm_decode_cross(const float *h, int trials, int T, int N, const float *y, int q,
                    int circular, double lambda, int n_train, float *score, float *err,
                    atomic_int *stop, rm_err *e) {
    const int n_test = trials - n_train;
    if (n_train < 2 || n_test < 2)
        return rm_seterr(e, RM_EINVAL, "decode: %d training and %d test trials (2 each at least)",
                         n_train, n_test);
    if (!(lambda > 0) || !isfinite(lambda))
        return rm_seterr(e, RM_EINVAL, "decode: lambda must be > 0 (got %g)", lambda);
    if (q < 1 || (circular && q != 2))
        return rm_seterr(e, RM_EINVAL, "decode: %d targets (an angle needs cos and sin)", q);
    if (T < 1 || N < 1) return rm_seterr(e, RM_EINVAL, "decode: no activity to decode");
    for (size_t i = 0; i < (size_t)trials * T * N; i++)
        if (!isfinite(h[i])) return rm_seterr(e, RM_EINVAL, "decode: the activity is not finite");
    for (size_t i = 0; i < (size_t)trials * q; i++)
        if (!isfinite(y[i])) return rm_seterr(e, RM_EINVAL, "decode: a target is not finite");
    const int m = N <= n_train ? N : n_train; /* primal or dual (kernel) ridge */
    const size_t rows = (size_t)n_test * T;
    float *xc = malloc((size_t)n_train * N * sizeof *xc), *yc = malloc((size_t)n_train * q * sizeof *yc);
    float *gram = malloc((size_t)m * m * sizeof *gram), *rhs = malloc((size_t)m * q * sizeof *rhs);
    float *sol = malloc((size_t)m * q * sizeof *sol), *wt = malloc((size_t)N * q * sizeof *wt);
    float *pred = malloc(rows * q * sizeof *pred);
    double *mx = malloc((size_t)N * sizeof *mx), *my = calloc((size_t)q, sizeof *my);
    double *truth = malloc((size_t)n_test * sizeof *truth), *icpt = malloc((size_t)q * sizeof *icpt);
    int rc = RM_OK;
    if (!xc || !yc || !gram || !rhs || !sol || !wt || !pred || !mx || !my || !truth || !icpt) {
        rc = rm_seterr(e, RM_ENOMEM, "decode: out of memory");
        goto done;
    }
    for (int b = 0; b < n_train; b++)
        for (int c = 0; c < q; c++) my[c] += y[(size_t)b * q + c];
    for (int c = 0; c < q; c++) my[c] /= n_train;
    for (int b = 0; b < n_train; b++)
        for (int c = 0; c < q; c++) yc[(size_t)b * q + c] = (float)(y[(size_t)b * q + c] - my[c]);
    /* the test set's truth: angles, or the total sum of squares about its own mean */
    double ss_tot = 0;
    const float *yt = y + (size_t)n_train * q;
    if (circular) {
        for (int b = 0; b < n_test; b++) truth[b] = angle_of(yt[b * 2], yt[b * 2 + 1]);
    } else {
        for (int c = 0; c < q; c++) {
            double mu = 0;
            for (int b = 0; b < n_test; b++) mu += yt[(size_t)b * q + c];
            mu /= n_test;
            for (int b = 0; b < n_test; b++) {
                double d = yt[(size_t)b * q + c] - mu;
                ss_tot += d * d;
            }
        }
    }
    const float *htest = h + (size_t)n_train * T * N; /* rows (trial, step) */
    for (int t = 0; t < T; t++) {
        if (stop && atomic_load(stop)) {
            rc = rm_seterr(e, RM_ESTOPPED, "decoding stopped");
            goto done;
        }
        for (int j = 0; j < N; j++) mx[j] = 0;
        for (int b = 0; b < n_train; b++) {
            const float *row = h + ((size_t)b * T + t) * N;
            for (int j = 0; j < N; j++) mx[j] += row[j];
        }
        for (int j = 0; j < N; j++) mx[j] /= n_train;
        for (int b = 0; b < n_train; b++) {
            const float *row = h + ((size_t)b * T + t) * N;
            for (int j = 0; j < N; j++) xc[(size_t)b * N + j] = (float)(row[j] - mx[j]);
        }
        if (m == N) { /* (Xc^T Xc + lambda I) w = Xc^T Yc */
            rm_sgemm(1, 0, N, N, n_train, 1.0f, xc, N, xc, N, 0.0f, gram, N);
            rm_sgemm(1, 0, N, q, n_train, 1.0f, xc, N, yc, q, 0.0f, rhs, q);
        } else { /* w = Xc^T (Xc Xc^T + lambda I)^-1 Yc */
            rm_sgemm(0, 1, m, m, N, 1.0f, xc, N, xc, N, 0.0f, gram, m);
            memcpy(rhs, yc, (size_t)m * q * sizeof *rhs);
        }
        for (int j = 0; j < m; j++) gram[(size_t)j * m + j] += (float)lambda;
        /* activity of very different scales can leave the float Gram matrix short of
           positive definite despite lambda: then the same system by least squares */
        if ((rc = rm_linalg_solve_spd(gram, m, rhs, q, sol, e)) == RM_EINVAL)
            rc = rm_linalg_lstsq(gram, m, m, rhs, q, -1, sol, NULL, NULL, e);
        if (rc) goto done;
        if (m == N) memcpy(wt, sol, (size_t)N * q * sizeof *wt);
        else rm_sgemm(1, 0, N, q, m, 1.0f, xc, N, sol, q, 0.0f, wt, q);
        for (int c = 0; c < q; c++) {
            double s = my[c];
            for (int j = 0; j < N; j++) s -= mx[j] * wt[(size_t)j * q + c];
            icpt[c] = s;
        }
        rm_sgemm(0, 0, (int)rows, q, N, 1.0f, htest, N, wt, q, 0.0f, pred, q);
        for (size_t r = 0; r < rows; r++)
            for (int c = 0; c < q; c++) pred[r * q + c] += (float)icpt[c];
        for (int s = 0; s < T; s++) {
            double acc = 0;
            for (int b = 0; b < n_test; b++) {
                const float *p = pred + ((size_t)b * T + s) * q;
                if (circular) {
                    acc += circ_err(angle_of(p[0], p[1]), truth[b]);
                } else {
                    for (int c = 0; c < q; c++) {
                        double d = p[c] - yt[(size_t)b * q + c];
                        acc += d * d;
                    }
                }
            }
            double sc, er;
            if (circular) {
                er = acc / n_test;
                sc = 1 - er / (PI / 4);
            } else {
                er = acc / ((double)n_test * q);
                sc = ss_tot > 0 ? 1 - acc / ss_tot : NAN;
            }
            score[(size_t)t * T + s] = (float)sc;
            if (err) err[(size_t)t * T + s] = (float)er;
        }
    }
done:
    free(xc);
    free(yc);
    free(gram);
    free(rhs);
    free(sol);
    free(wt);
    free(pred);
    free(mx);
    free(my);
    free(truth);
    free(icpt);
    return rc;
}

double rm_decode_index(const float *score, int T, int from, int to, double *diag,
                       double *off) {
    if (from < 0) from = 0;
    if (to > T - 1) to = T - 1;
    double d = 0, o = 0;
    long nd = 0, no = 0;
    for (int t = from; t <= to; t++)
        for (int s = from; s <= to; s++) {
            double v = score[(size_t)t * T + s];
            if (isnan(v)) continue;
            v = v > 0 ? v : 0;
            if (s == t) d += v, nd++;
            else o += v, no++;
        }
    d = nd ? d / nd : NAN;
    o = no ? o / no : NAN;
    if (diag) *diag = d;
    if (off) *off = o;
    return d > 0 ? o / d : NAN;
}
