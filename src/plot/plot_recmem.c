/* plot_recmem.c: recmem's own figures, built the same way from every front end (Lua, the
 * command line, the workbench): the sorted activity heatmap of a probe, the training curves
 * of a run, and a map of a registry column over two others (an SI map over lambda0 x sigma0). */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/plot.h"


static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int plot_activity_figure(plot_figure *f, const float *h, int trials, int T, int N, int stim,
                         int delay, int resp, const plot_activity_opts *o, const char *title,
                         rm_err *e) {
    if (trials < 1 || T < 1 || N < 1)
        return rm_seterr(e, RM_EINVAL, "activity: empty trace (%d trials, %d steps, %d units)",
                         trials, T, N);
    plot_activity_opts def = {1, 0, 0};
    if (!o) o = &def;
    double *avg = calloc((size_t)T * N, sizeof *avg);
    double *umax = malloc((size_t)N * sizeof *umax);
    int *peak = malloc((size_t)N * sizeof *peak);
    long *keys = malloc((size_t)N * sizeof *keys);
    double *z = malloc((size_t)T * N * sizeof *z);
    int rc = RM_OK;
    if (!avg || !umax || !peak || !keys || !z) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory for the activity heatmap");
        goto out;
    }
    for (int k = 0; k < trials; k++)
        for (size_t i = 0; i < (size_t)T * N; i++) avg[i] += h[(size_t)k * T * N + i];
    for (size_t i = 0; i < (size_t)T * N; i++) avg[i] /= trials;
    double gmax = 0;
    for (int u = 0; u < N; u++) {
        umax[u] = avg[u], peak[u] = 0;
        for (int t = 1; t < T; t++)
            if (avg[(size_t)t * N + u] > umax[u]) umax[u] = avg[(size_t)t * N + u], peak[u] = t;
        if (umax[u] > gmax) gmax = umax[u];
    }
    int rows = 0;
    for (int u = 0; u < N; u++) {
        int active = umax[u] > 0 && umax[u] >= PLOT_ACTIVE_FRAC * gmax;
        if (o->active_only && !active) continue;
        long rank = o->sort_peak ? (active ? peak[u] : T + 1) : 0;
        keys[rows++] = rank * N + u;
    }
    if (rows == 0) {
        rc = rm_seterr(e, RM_EINVAL, "activity: no unit is active");
        goto out;
    }
    qsort(keys, (size_t)rows, sizeof *keys, cmp_long);
    for (int r = 0; r < rows; r++) {
        int u = (int)(keys[r] % N);
        int active = umax[u] > 0 && umax[u] >= PLOT_ACTIVE_FRAC * gmax;
        double scale = o->global_norm || !active ? gmax : umax[u];
        for (int t = 0; t < T; t++)
            z[(size_t)r * T + t] = scale > 0 ? avg[(size_t)t * N + u] / scale : 0;
    }
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, e);
    if (!p || (rc = plot_heatmap_set(p, z, rows, T, e))) {
        rc = rc ? rc : RM_ENOMEM;
        goto out;
    }
    p->xmin = 0, p->xmax = T;
    p->ymin = 0.5, p->ymax = rows + 0.5;   /* integer ticks at unit centres */
    p->zmin = 0, p->zmax = 1;
    char ylabel[64];
    snprintf(ylabel, sizeof ylabel, "unit (%s%s)", o->sort_peak ? "sorted by peak time" : "index",
             o->active_only && rows < N ? ", active" : "");
    if ((rc = plot_set_str(&p->xlabel, "time step", e)) || (rc = plot_set_str(&p->ylabel, ylabel, e)) ||
        (rc = plot_set_str(&p->zlabel, o->global_norm ? "activity / largest peak"
                                                      : "activity / unit's peak", e)) ||
        (rc = plot_set_str(&p->title, title, e)))
        goto out;
    if (stim > 0 && stim + delay <= T) {
        if ((rc = plot_span_add(p, 0, stim, "stim", e))) goto out;
        if (delay > 0 && (rc = plot_span_add(p, stim, stim + delay, "delay", e))) goto out;
        if (resp > 0 && stim + delay < T && (rc = plot_span_add(p, stim + delay, T, "resp", e))) goto out;
    }
out:
    free(avg), free(umax), free(peak), free(keys), free(z);
    return rc;
}

/* Long histories are drawn as the mean of each of at most this many bins: a PDF with one
   vertex per iteration of a 100,000-iteration run is large and looks no different. */
#define MAX_POINTS 1000

int plot_training_figure(plot_figure *f, const float *loss, long n_loss, long start,
                         const float *il, const long *il_iter, long n_il, int logy,
                         const char *title, rm_err *e) {
    if (n_loss < 1 && n_il < 1) return rm_seterr(e, RM_EINVAL, "training curves: no iterations yet");
    long bins = n_loss < MAX_POINTS ? n_loss : MAX_POINTS;
    long m = bins > n_il ? bins : n_il;
    double *x = malloc((size_t)(m > 0 ? m : 1) * sizeof *x), *y = malloc((size_t)(m > 0 ? m : 1) * sizeof *y);
    int rc = RM_OK;
    plot_panel *p = NULL;
    if (!x || !y) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory for the training curves");
        goto out;
    }
    if (!(p = plot_figure_add(f, PLOT_LINES, e))) {
        rc = RM_ENOMEM;
        goto out;
    }
    p->logy = logy;
    if (bins > 0) {
        for (long b = 0; b < bins; b++) {
            long i0 = b * n_loss / bins, i1 = (b + 1) * n_loss / bins;
            double s = 0;
            long k = 0;
            for (long i = i0; i < i1; i++)
                if (isfinite(loss[i])) s += loss[i], k++;
            x[b] = start + (i0 + i1 + 1) / 2.0;   /* iterations are numbered from 1 */
            y[b] = k ? s / k : NAN;
        }
        if ((rc = plot_lines_add(p, "training loss", x, y, (int)bins, e))) goto out;
    }
    if (n_il > 0) {
        for (long i = 0; i < n_il; i++) x[i] = (double)il_iter[i], y[i] = il[i];
        if ((rc = plot_lines_add(p, "information loss", x, y, (int)n_il, e))) goto out;
        p->series[p->n_series - 1].markers = n_il <= 60;
    }
    if ((rc = plot_set_str(&p->xlabel, "iteration", e)) ||
        (rc = plot_set_str(&p->ylabel, logy ? "loss (log scale)" : "loss", e)) ||
        (rc = plot_set_str(&p->title, title, e)))
        goto out;
out:
    free(x), free(y);
    return rc;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct values of v (NaN skipped) into out; returns how many. */
static int distinct(const double *v, int n, double *out) {
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i])) out[k++] = v[i];
    qsort(out, (size_t)k, sizeof *out, cmp_double);
    int m = 0;
    for (int i = 0; i < k; i++)
        if (m == 0 || fabs(out[i] - out[m - 1]) > 1e-9 * fmax(1, fabs(out[i]))) out[m++] = out[i];
    return m;
}

static int index_of(const double *u, int m, double v) {
    for (int i = 0; i < m; i++)
        if (fabs(u[i] - v) <= 1e-9 * fmax(1, fabs(v))) return i;
    return -1;
}

int plot_map_figure(plot_figure *f, const double *x, const double *y, const double *z, int n,
                    const char *xname, const char *yname, const char *zname, rm_err *e) {
    if (n < 1) return rm_seterr(e, RM_EINVAL, "map: no rows");
    double *ux = malloc((size_t)n * sizeof *ux), *uy = malloc((size_t)n * sizeof *uy);
    double *sum = NULL, *grid = NULL;
    int *cnt = NULL;
    char **lx = NULL, **ly = NULL;
    int mx = 0, my = 0, rc = RM_OK, used = 0;
    if (!ux || !uy) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory for the map");
        goto out;
    }
    /* only points with both coordinates count towards the axes */
    double *xs = ux, *ys = uy;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) xs[used] = x[i], ys[used] = y[i], used++;
    if (used == 0) {
        rc = rm_seterr(e, RM_EINVAL, "map: no row has both %s and %s", xname, yname);
        goto out;
    }
    mx = distinct(xs, used, ux);
    my = distinct(ys, used, uy);
    sum = calloc((size_t)mx * my, sizeof *sum);
    cnt = calloc((size_t)mx * my, sizeof *cnt);
    grid = malloc((size_t)mx * my * sizeof *grid);
    lx = calloc((size_t)mx, sizeof *lx);
    ly = calloc((size_t)my, sizeof *ly);
    if (!sum || !cnt || !grid || !lx || !ly) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory for the map");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i]) || !isfinite(z[i])) continue;
        int c = index_of(ux, mx, x[i]), r = index_of(uy, my, y[i]);
        sum[(size_t)r * mx + c] += z[i];
        cnt[(size_t)r * mx + c]++;
    }
    for (int i = 0; i < mx * my; i++) grid[i] = cnt[i] ? sum[i] / cnt[i] : NAN;
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, e);
    if (!p || (rc = plot_heatmap_set(p, grid, my, mx, e))) {
        rc = rc ? rc : RM_ENOMEM;
        goto out;
    }
    p->row0_bottom = 1;
    char buf[32];
    for (int c = 0; c < mx; c++) snprintf(buf, sizeof buf, "%g", ux[c]), lx[c] = strdup(buf);
    for (int r = 0; r < my; r++) snprintf(buf, sizeof buf, "%g", uy[r]), ly[r] = strdup(buf);
    for (int c = 0; c < mx; c++) if (!lx[c]) rc = RM_ENOMEM;
    for (int r = 0; r < my; r++) if (!ly[r]) rc = RM_ENOMEM;
    if (rc) {
        rm_seterr(e, rc, "out of memory for the map's labels");
        goto out;
    }
    char zl[96];
    int maxn = 0;
    for (int i = 0; i < mx * my; i++) if (cnt[i] > maxn) maxn = cnt[i];
    snprintf(zl, sizeof zl, maxn > 1 ? "mean %s" : "%s", zname);
    if ((rc = plot_heatmap_labels(p, 0, (const char *const *)lx, mx, e)) ||
        (rc = plot_heatmap_labels(p, 1, (const char *const *)ly, my, e)) ||
        (rc = plot_set_str(&p->xlabel, xname, e)) || (rc = plot_set_str(&p->ylabel, yname, e)) ||
        (rc = plot_set_str(&p->zlabel, zl, e)))
        goto out;
out:
    if (lx) for (int c = 0; c < mx; c++) free(lx[c]);
    if (ly) for (int r = 0; r < my; r++) free(ly[r]);
    free(lx), free(ly), free(ux), free(uy), free(sum), free(cnt), free(grid);
    return rc;
}
