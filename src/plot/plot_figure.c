/* plot_figure.c: building figure descriptions: panels, their data (always copied, so the
 * figure owns it), labels, and the checks that a figure can be drawn. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/plot.h"

plot_figure *plot_figure_new(rm_err *e) {
    plot_figure *f = calloc(1, sizeof *f);
    if (!f) rm_seterr(e, RM_ENOMEM, "out of memory for a figure");
    return f;
}

static void free_labels(char **l, int n) {
    if (!l) return;
    for (int i = 0; i < n; i++) free(l[i]);
    free(l);
}

static void panel_free(plot_panel *p) {
    free(p->title), free(p->xlabel), free(p->ylabel), free(p->zlabel);
    for (int i = 0; i < p->n_spans; i++) free(p->spans[i].label);
    free(p->spans);
    free(p->z);
    free_labels(p->col_labels, p->cols);
    free_labels(p->row_labels, p->rows);
    for (int i = 0; i < p->n_series; i++) {
        free(p->series[i].label), free(p->series[i].x), free(p->series[i].y);
    }
    free(p->series);
    for (int i = 0; i < p->n_groups; i++) free(p->groups[i].label), free(p->groups[i].v);
    free(p->groups);
}

void plot_figure_free(plot_figure *f) {
    if (!f) return;
    for (int i = 0; i < f->n_panels; i++) panel_free(&f->panels[i]);
    free(f->panels);
    free(f->title);
    free(f);
}

int plot_set_str(char **dst, const char *s, rm_err *e) {
    char *c = NULL;
    if (s && !(c = strdup(s))) return rm_seterr(e, RM_ENOMEM, "out of memory for a label");
    free(*dst);
    *dst = c;
    return RM_OK;
}

static void *grow(void *p, int n, size_t size) {
    return realloc(p, (size_t)(n + 1) * size);
}

plot_panel *plot_figure_add(plot_figure *f, plot_kind kind, rm_err *e) {
    plot_panel *ps = grow(f->panels, f->n_panels, sizeof *ps);
    if (!ps) {
        rm_seterr(e, RM_ENOMEM, "out of memory for a panel");
        return NULL;
    }
    f->panels = ps;
    plot_panel *p = &ps[f->n_panels++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->xmin = p->xmax = p->ymin = p->ymax = NAN;
    p->zmin = p->zmax = p->hline = NAN;
    return p;
}

static double *copy_doubles(const double *v, int n) {
    double *c = malloc((size_t)n * sizeof *c);
    if (c) memcpy(c, v, (size_t)n * sizeof *c);
    return c;
}

int plot_heatmap_set(plot_panel *p, const double *z, int rows, int cols, rm_err *e) {
    if (rows < 1 || cols < 1)
        return rm_seterr(e, RM_EINVAL, "empty heatmap data (%d x %d)", rows, cols);
    if ((double)rows * cols > 1e8) return rm_seterr(e, RM_EINVAL, "heatmap data %d x %d is too large", rows, cols);
    for (long i = 0; i < (long)rows * cols; i++)
        if (isinf(z[i])) return rm_seterr(e, RM_EINVAL, "heatmap value %ld is infinite", i + 1);
    double *c = copy_doubles(z, rows * cols);
    if (!c) return rm_seterr(e, RM_ENOMEM, "out of memory for the heatmap's data");
    free(p->z);
    free_labels(p->col_labels, p->cols);
    free_labels(p->row_labels, p->rows);
    p->col_labels = p->row_labels = NULL;
    p->z = c;
    p->rows = rows;
    p->cols = cols;
    return RM_OK;
}

int plot_heatmap_labels(plot_panel *p, int axis_rows, const char *const *labels, int n,
                        rm_err *e) {
    int want = axis_rows ? p->rows : p->cols;
    if (n != want)
        return rm_seterr(e, RM_EINVAL, "%d %s labels for %d %s", n,
                         axis_rows ? "row" : "column", want, axis_rows ? "rows" : "columns");
    char **l = calloc((size_t)n, sizeof *l);
    if (!l) return rm_seterr(e, RM_ENOMEM, "out of memory for labels");
    for (int i = 0; i < n; i++)
        if (!(l[i] = strdup(labels[i] ? labels[i] : ""))) {
            free_labels(l, n);
            return rm_seterr(e, RM_ENOMEM, "out of memory for labels");
        }
    char ***dst = axis_rows ? &p->row_labels : &p->col_labels;
    free_labels(*dst, n);
    *dst = l;
    return RM_OK;
}

int plot_lines_add(plot_panel *p, const char *label, const double *x, const double *y, int n,
                   rm_err *e) {
    if (n < 1) return rm_seterr(e, RM_EINVAL, "series %d is empty", p->n_series + 1);
    plot_series *s = grow(p->series, p->n_series, sizeof *s);
    if (!s) return rm_seterr(e, RM_ENOMEM, "out of memory for a series");
    p->series = s;
    plot_series *d = &s[p->n_series];
    memset(d, 0, sizeof *d);
    d->n = n;
    d->y = copy_doubles(y, n);
    d->x = malloc((size_t)n * sizeof *d->x);
    if (d->x) for (int i = 0; i < n; i++) d->x[i] = x ? x[i] : i + 1;
    if (!d->x || !d->y || plot_set_str(&d->label, label, e)) {
        free(d->x), free(d->y), free(d->label);
        return rm_seterr(e, RM_ENOMEM, "out of memory for a series");
    }
    p->n_series++;
    return RM_OK;
}

/* Two-sided 97.5% quantile of Student's t with df degrees of freedom. */
static double t975(int df) {
    static const double q[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
                                 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
                                 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
                                 2.048, 2.045, 2.042};
    if (df <= 30) return q[df - 1];
    return 1.95996 + 2.3724 / df;   /* close to the exact value beyond 30 */
}

int plot_dots_add(plot_panel *p, const char *label, const double *v, int n, rm_err *e) {
    if (n < 1) return rm_seterr(e, RM_EINVAL, "group %d is empty", p->n_groups + 1);
    plot_group *g = grow(p->groups, p->n_groups, sizeof *g);
    if (!g) return rm_seterr(e, RM_ENOMEM, "out of memory for a group");
    p->groups = g;
    plot_group *d = &g[p->n_groups];
    memset(d, 0, sizeof *d);
    d->n = n;
    d->v = copy_doubles(v, n);
    if (!d->v || plot_set_str(&d->label, label, e)) {
        free(d->v), free(d->label);
        return rm_seterr(e, RM_ENOMEM, "out of memory for a group");
    }
    int k = 0;
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) s += v[i], k++;
    d->mean = k ? s / k : NAN;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) ss += (v[i] - d->mean) * (v[i] - d->mean);
    double half = k > 1 ? t975(k - 1) * sqrt(ss / (k - 1) / k) : NAN;
    d->lo = d->mean - half;
    d->hi = d->mean + half;
    p->n_groups++;
    return RM_OK;
}

int plot_span_add(plot_panel *p, double x0, double x1, const char *label, rm_err *e) {
    if (!(x1 > x0)) return rm_seterr(e, RM_EINVAL, "span '%s': end %g is not after start %g",
                                     label ? label : "", x1, x0);
    plot_span *s = grow(p->spans, p->n_spans, sizeof *s);
    if (!s) return rm_seterr(e, RM_ENOMEM, "out of memory for a span");
    p->spans = s;
    memset(&s[p->n_spans], 0, sizeof *s);
    s[p->n_spans].x0 = x0;
    s[p->n_spans].x1 = x1;
    if (plot_set_str(&s[p->n_spans].label, label, e)) return e ? e->code : RM_ENOMEM;
    p->n_spans++;
    return RM_OK;
}

/* Deep copy of a panel (for grids). */
static int panel_copy(plot_panel *d, const plot_panel *s, rm_err *e) {
    memset(d, 0, sizeof *d);
    d->kind = s->kind;
    d->xmin = s->xmin, d->xmax = s->xmax, d->ymin = s->ymin, d->ymax = s->ymax;
    d->logy = s->logy, d->hline = s->hline, d->row0_bottom = s->row0_bottom;
    d->zmin = s->zmin, d->zmax = s->zmax;
    if (plot_set_str(&d->title, s->title, e) || plot_set_str(&d->xlabel, s->xlabel, e) ||
        plot_set_str(&d->ylabel, s->ylabel, e) || plot_set_str(&d->zlabel, s->zlabel, e))
        return RM_ENOMEM;
    for (int i = 0; i < s->n_spans; i++)
        if (plot_span_add(d, s->spans[i].x0, s->spans[i].x1, s->spans[i].label, e)) return RM_ENOMEM;
    if (s->z) {
        if (plot_heatmap_set(d, s->z, s->rows, s->cols, e)) return RM_ENOMEM;
        if (s->col_labels && plot_heatmap_labels(d, 0, (const char *const *)s->col_labels, s->cols, e))
            return RM_ENOMEM;
        if (s->row_labels && plot_heatmap_labels(d, 1, (const char *const *)s->row_labels, s->rows, e))
            return RM_ENOMEM;
    }
    for (int i = 0; i < s->n_series; i++) {
        const plot_series *q = &s->series[i];
        if (plot_lines_add(d, q->label, q->x, q->y, q->n, e)) return RM_ENOMEM;
        d->series[i].markers = q->markers;
    }
    for (int i = 0; i < s->n_groups; i++) {
        const plot_group *q = &s->groups[i];
        if (plot_dots_add(d, q->label, q->v, q->n, e)) return RM_ENOMEM;
        d->groups[i].mean = q->mean, d->groups[i].lo = q->lo, d->groups[i].hi = q->hi;
    }
    return RM_OK;
}

int plot_figure_append(plot_figure *dst, const plot_figure *src, rm_err *e) {
    for (int i = 0; i < src->n_panels; i++) {
        plot_panel *p = plot_figure_add(dst, src->panels[i].kind, e);
        if (!p) return RM_ENOMEM;
        if (panel_copy(p, &src->panels[i], e)) {
            panel_free(p);
            dst->n_panels--;
            return rm_seterr(e, RM_ENOMEM, "out of memory copying a panel");
        }
    }
    return RM_OK;
}

plot_figure *plot_figure_copy(const plot_figure *f, rm_err *e) {
    plot_figure *c = plot_figure_new(e);
    if (!c) return NULL;
    c->ncols = f->ncols, c->width = f->width, c->height = f->height, c->dpi = f->dpi;
    if (plot_figure_append(c, f, e) || plot_set_str(&c->title, f->title, e)) {
        plot_figure_free(c);
        return NULL;
    }
    return c;
}

static const char *kind_name(plot_kind k) {
    return k == PLOT_HEATMAP ? "heatmap" : k == PLOT_LINES ? "lines" : "dots";
}

int plot_figure_check(const plot_figure *f, rm_err *e) {
    if (!f || f->n_panels < 1) return rm_seterr(e, RM_EINVAL, "figure has no panels");
    if (f->width < 0 || f->height < 0 || (f->width > 0 && f->width < 72) ||
        (f->height > 0 && f->height < 72) || f->width > 14400 || f->height > 14400)
        return rm_seterr(e, RM_EINVAL, "figure size %gx%g pt is outside 72..14400", f->width,
                         f->height);
    if (f->dpi < 0 || (f->dpi > 0 && (f->dpi < 10 || f->dpi > 1200)))
        return rm_seterr(e, RM_EINVAL, "dpi %g is outside 10..1200", f->dpi);
    for (int i = 0; i < f->n_panels; i++) {
        const plot_panel *p = &f->panels[i];
        const char *k = kind_name(p->kind);
        if (p->kind == PLOT_HEATMAP && !p->z)
            return rm_seterr(e, RM_EINVAL, "panel %d (%s) has no data", i + 1, k);
        if (p->kind == PLOT_LINES && p->n_series < 1)
            return rm_seterr(e, RM_EINVAL, "panel %d (%s) has no series", i + 1, k);
        if (p->kind == PLOT_DOTS && p->n_groups < 1)
            return rm_seterr(e, RM_EINVAL, "panel %d (%s) has no groups", i + 1, k);
        if (p->kind == PLOT_DOTS && p->n_groups > PLOT_MAX_GROUPS)
            return rm_seterr(e, RM_EINVAL, "panel %d (%s) has %d groups (at most %d)", i + 1, k,
                             p->n_groups, PLOT_MAX_GROUPS);
        if (!isnan(p->xmin) && !isnan(p->xmax) && !(p->xmax > p->xmin))
            return rm_seterr(e, RM_EINVAL, "panel %d: xmax %g is not above xmin %g", i + 1,
                             p->xmax, p->xmin);
        if (!isnan(p->ymin) && !isnan(p->ymax) && !(p->ymax > p->ymin))
            return rm_seterr(e, RM_EINVAL, "panel %d: ymax %g is not above ymin %g", i + 1,
                             p->ymax, p->ymin);
        if (p->logy && !isnan(p->ymin) && p->ymin <= 0)
            return rm_seterr(e, RM_EINVAL, "panel %d: a log axis needs ymin > 0, not %g", i + 1,
                             p->ymin);
        if (!isnan(p->zmin) && !isnan(p->zmax) && !(p->zmax > p->zmin))
            return rm_seterr(e, RM_EINVAL, "panel %d: zmax %g is not above zmin %g", i + 1,
                             p->zmax, p->zmin);
    }
    return RM_OK;
}

void plot_figure_summary(const plot_figure *f, char *buf, int n) {
    double w, h;
    plot_figure_size(f, &w, &h);
    int k = snprintf(buf, (size_t)n, "figure %.0fx%.0f pt:", w, h);
    for (int i = 0; i < f->n_panels && k < n; i++) {
        const plot_panel *p = &f->panels[i];
        const char *sep = i ? "," : "";
        if (p->kind == PLOT_HEATMAP)
            k += snprintf(buf + k, (size_t)(n - k), "%s heatmap %dx%d", sep, p->rows, p->cols);
        else if (p->kind == PLOT_LINES)
            k += snprintf(buf + k, (size_t)(n - k), "%s lines (%d series)", sep, p->n_series);
        else
            k += snprintf(buf + k, (size_t)(n - k), "%s dots (%d groups)", sep, p->n_groups);
        if (p->title && k < n) k += snprintf(buf + k, (size_t)(n - k), " \"%s\"", p->title);
    }
}
