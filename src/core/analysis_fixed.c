/* analysis_fixed.c: fixed and slow points of the ReLU RNN's one-step map under a constant
 * input, F(h) = relu(W h + u) with u = W_in x + b_in + b_hh (Sussillo & Barak 2013): the
 * speed q(h) = 1/2 ||F(h) - h||^2 is minimised from given starts by Levenberg-Marquardt on
 * the residual F(h) - h with F's analytic Jacobian, then polished by solving the linear
 * system of the final activation pattern exactly; nearby results are merged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis.h"
#include "blas.h"
#include "linalg.h"

/* a = W h + u (double), G = relu(a) - h; returns q = 1/2 ||G||^2. */
static double residual(const float *W, const float *u, int N, const float *h, double *a,
                       float *G) {
    double q = 0;
    for (int i = 0; i < N; i++) {
        const float *w = W + (size_t)i * N;
        double s = u[i];
        for (int j = 0; j < N; j++) s += (double)w[j] * h[j];
        if (a) a[i] = s;
        double g = (s > 0 ? s : 0) - h[i];
        if (G) G[i] = (float)g;
        q += g * g;
    }
    return 0.5 * q;
}

double rm_relu_speed(const float *W, const float *u, int N, const float *h) {
    return residual(W, u, N, h, NULL, NULL);
}

void rm_relu_jacobian(const float *W, const float *u, int N, const float *h, float *J) {
    for (int i = 0; i < N; i++) {
        const float *w = W + (size_t)i * N;
        double s = u[i];
        for (int j = 0; j < N; j++) s += (double)w[j] * h[j];
        if (s > 0) memcpy(J + (size_t)i * N, w, (size_t)N * sizeof *J);
        else memset(J + (size_t)i * N, 0, (size_t)N * sizeof *J);
    }
}

typedef struct {
    float *J, *JtJ, *A, *g, *G, *delta, *htry, *Waa, *ua, *ha;
    double *a;
    int *act;
} fp_work;

static void work_free(fp_work *w) {
    free(w->J), free(w->JtJ), free(w->A), free(w->g), free(w->G), free(w->delta);
    free(w->htry), free(w->Waa), free(w->ua), free(w->ha), free(w->a), free(w->act);
}

/* The exact fixed point of the activation pattern of h (units with W h + u > 0), written
   to w->htry; returns its q, or INFINITY if that system is singular. */
static double polish(const float *W, const float *u, int N, const float *h, fp_work *w) {
    residual(W, u, N, h, w->a, NULL);
    int n = 0;
    for (int i = 0; i < N; i++)
        if (w->a[i] > 0) w->act[n++] = i;
    memset(w->htry, 0, (size_t)N * sizeof *w->htry);
    if (n) {
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++)
                w->Waa[(size_t)r * n + c] = (r == c) - W[(size_t)w->act[r] * N + w->act[c]];
            w->ua[r] = u[w->act[r]];
        }
        rm_err e;
        if (rm_linalg_solve(w->Waa, n, w->ua, 1, w->ha, &e)) return INFINITY;
        for (int r = 0; r < n; r++) w->htry[w->act[r]] = w->ha[r];
    }
    return residual(W, u, N, w->htry, NULL, NULL);
}

/* Levenberg-Marquardt from h (updated in place); returns q, sets *used. */
static double minimise(const float *W, const float *u, int N, float *h, const rm_fixed_cfg *cfg,
                       fp_work *w, int *used, rm_err *e, int *rc) {
    double q = residual(W, u, N, h, w->a, w->G);
    double mu = -1;
    int it = 0, stalled = 0;
    for (; it < cfg->iters && q > cfg->tol && stalled < 5; it++) {
        if (cfg->stop && atomic_load(cfg->stop)) {
            *rc = RM_ESTOPPED;
            break;
        }
        /* J = D W - I, the residual's Jacobian */
        for (int i = 0; i < N; i++) {
            float *row = w->J + (size_t)i * N;
            if (w->a[i] > 0) memcpy(row, W + (size_t)i * N, (size_t)N * sizeof *row);
            else memset(row, 0, (size_t)N * sizeof *row);
            row[i] -= 1.0f;
        }
        rm_sgemm(1, 0, N, N, N, 1.0f, w->J, N, w->J, N, 0.0f, w->JtJ, N);
        rm_sgemm(1, 0, N, 1, N, -1.0f, w->J, N, w->G, 1, 0.0f, w->g, 1);
        if (mu < 0) {
            double dmax = 0;
            for (int i = 0; i < N; i++)
                if (w->JtJ[(size_t)i * N + i] > dmax) dmax = w->JtJ[(size_t)i * N + i];
            mu = 1e-3 * (dmax > 0 ? dmax : 1);
        }
        int accepted = 0;
        while (!accepted && mu < 1e12) {
            memcpy(w->A, w->JtJ, (size_t)N * N * sizeof *w->A);
            for (int i = 0; i < N; i++) w->A[(size_t)i * N + i] += (float)mu;
            int src = rm_linalg_solve_spd(w->A, N, w->g, 1, w->delta, e);
            if (src == RM_ENOMEM) {
                *rc = RM_ENOMEM;
                return q;
            }
            if (src) { /* not positive definite in float: damp more */
                mu *= 4;
                continue;
            }
            for (int i = 0; i < N; i++) w->htry[i] = h[i] + w->delta[i];
            double qt = residual(W, u, N, w->htry, NULL, NULL);
            if (qt < q) {
                stalled = qt > q * (1 - 1e-6) ? stalled + 1 : 0;
                memcpy(h, w->htry, (size_t)N * sizeof *h);
                q = residual(W, u, N, h, w->a, w->G);
                mu = mu / 3 > 1e-15 ? mu / 3 : 1e-15;
                accepted = 1;
            } else {
                mu *= 4;
            }
        }
        if (!accepted) break; /* no step lowers q: a local minimum (a slow point) */
    }
    *used = it;
    return q;
}

int rm_relu_fixed_points(const float *W, const float *u, int N, const float *starts, int K,
                         const rm_fixed_cfg *cfg, float *points, double *q, int *iters_used,
                         rm_err *e) {
    if (N < 1 || K < 1) return rm_seterr(e, RM_EINVAL, "fixed points: no units or no starts");
    if (cfg->iters < 0 || !(cfg->tol >= 0))
        return rm_seterr(e, RM_EINVAL, "fixed points: iters must be >= 0 and tol >= 0");
    fp_work w = {0};
    size_t nn = (size_t)N * N;
    w.J = malloc(nn * sizeof(float)), w.JtJ = malloc(nn * sizeof(float));
    w.A = malloc(nn * sizeof(float)), w.Waa = malloc(nn * sizeof(float));
    w.g = malloc((size_t)N * sizeof(float)), w.G = malloc((size_t)N * sizeof(float));
    w.delta = malloc((size_t)N * sizeof(float)), w.htry = malloc((size_t)N * sizeof(float));
    w.ua = malloc((size_t)N * sizeof(float)), w.ha = malloc((size_t)N * sizeof(float));
    w.a = malloc((size_t)N * sizeof(double)), w.act = malloc((size_t)N * sizeof(int));
    if (!w.J || !w.JtJ || !w.A || !w.Waa || !w.g || !w.G || !w.delta || !w.htry || !w.ua ||
        !w.ha || !w.a || !w.act) {
        work_free(&w);
        return rm_seterr(e, RM_ENOMEM, "fixed points: out of memory for %d units", N);
    }
    int rc = RM_OK;
    for (int k = 0; k < K && !rc; k++) {
        float *h = points + (size_t)k * N;
        memcpy(h, starts + (size_t)k * N, (size_t)N * sizeof *h);
        int used = 0;
        double qk = minimise(W, u, N, h, cfg, &w, &used, e, &rc);
        if (rc) break;
        double qp = polish(W, u, N, h, &w);
        if (qp < qk) {
            memcpy(h, w.htry, (size_t)N * sizeof *h);
            qk = qp;
        }
        q[k] = qk;
        if (iters_used) iters_used[k] = used;
    }
    work_free(&w);
    if (rc == RM_ESTOPPED) return rm_seterr(e, rc, "fixed point search stopped");
    if (rc) return rm_seterr(e, rc, "fixed points: out of memory");
    return RM_OK;
}

typedef struct {
    double q;
    int idx;
} by_q;

static int cmp_q(const void *pa, const void *pb) {
    const by_q *a = pa, *b = pb;
    if (a->q != b->q) return a->q < b->q ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

int rm_fixed_dedupe(float *points, double *q, int K, int N, double radius) {
    by_q *o = malloc((size_t)K * sizeof *o);
    float *copy = malloc((size_t)K * N * sizeof *copy);
    double *qc = malloc((size_t)K * sizeof *qc);
    if (!o || !copy || !qc) { /* keep everything rather than fail */
        free(o), free(copy), free(qc);
        return K;
    }
    memcpy(copy, points, (size_t)K * N * sizeof *copy);
    memcpy(qc, q, (size_t)K * sizeof *qc);
    for (int k = 0; k < K; k++) o[k] = (by_q){isnan(q[k]) ? INFINITY : q[k], k};
    qsort(o, (size_t)K, sizeof *o, cmp_q);
    int kept = 0;
    for (int r = 0; r < K; r++) {
        const float *p = copy + (size_t)o[r].idx * N;
        int dup = 0;
        for (int s = 0; s < kept && !dup; s++) {
            const float *pk = points + (size_t)s * N;
            double d = 0;
            for (int j = 0; j < N; j++) d += ((double)p[j] - pk[j]) * ((double)p[j] - pk[j]);
            dup = sqrt(d) <= radius;
        }
        if (dup) continue;
        memcpy(points + (size_t)kept * N, p, (size_t)N * sizeof *p);
        q[kept++] = qc[o[r].idx];
    }
    free(o), free(copy), free(qc);
    return kept;
}
