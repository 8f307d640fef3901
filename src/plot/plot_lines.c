/* plot_lines.c: line plots: several series in the Okabe-Ito colours, a legend outside the
 * data area (so it never hides a curve), an optional log y axis (values <= 0 break the
 * line there), markers, a reference line and task-period spans. */
#include <config.h>
#include <math.h>
#include "plot/plot_int.h"

#define SWATCH 18.0

void lines_xrange(const plot_panel *p, double *lo, double *hi) {
    double a = INFINITY, b = -INFINITY;
    for (int k = 0; k < p->n_series; k++)
        for (int i = 0; i < p->series[k].n; i++) {
            double x = p->series[k].x[i];
            if (!isfinite(x)) continue;
            if (x < a) a = x;
            if (x > b) b = x;
        }
    if (!isfinite(a)) a = 0, b = 1;
    if (!(b > a)) range_pad(&a, &b, 0, 0);
    range_limit(&a, &b, p->xmin, p->xmax, 0);
    *lo = a, *hi = b;
}

void lines_yrange(const plot_panel *p, double *lo, double *hi) {
    double a = INFINITY, b = -INFINITY;
    for (int k = 0; k < p->n_series; k++)
        for (int i = 0; i < p->series[k].n; i++) {
            double y = p->series[k].y[i];
            if (!isfinite(y) || (p->logy && y <= 0)) continue;
            if (y < a) a = y;
            if (y > b) b = y;
        }
    if (isfinite(p->hline) && !(p->logy && p->hline <= 0)) {
        if (p->hline < a) a = p->hline;
        if (p->hline > b) b = p->hline;
    }
    if (!isfinite(a)) a = p->logy ? 0.1 : 0, b = p->logy ? 10 : 1;
    range_pad(&a, &b, p->logy, 0.04);
    range_limit(&a, &b, p->ymin, p->ymax, p->logy);
    *lo = a, *hi = b;
}

int lines_has_legend(const plot_panel *p) {
    for (int k = 0; k < p->n_series; k++)
        if (p->series[k].label && p->series[k].label[0]) return 1;
    return 0;
}

void lines_margins(cairo_t *cr, const plot_panel *p, double area_h, plot_margins *m) {
    double lo, hi;
    lines_yrange(p, &lo, &hi);
    plot_ticks t;
    ticks_make(&t, lo, hi, p->logy, ticks_for_height(area_h));
    m->left = ticks_width(cr, &t, FONT_TICK);
    m->right = 0;
    if (lines_has_legend(p)) {
        double w = 0;
        for (int k = 0; k < p->n_series; k++) {
            double x = text_width(cr, FONT_TICK, 0, p->series[k].label);
            if (x > w) w = x;
        }
        m->right = PAD + SWATCH + 4 + w;
    }
}

static void series_path(cairo_t *cr, const plot_series *s, const plot_scale *xs,
                        const plot_scale *ys) {
    int pen = 0;
    for (int i = 0; i < s->n; i++) {
        double x = scale_map(xs, s->x[i]), y = scale_map(ys, s->y[i]);
        if (!isfinite(x) || !isfinite(y)) {
            pen = 0;
            continue;
        }
        if (pen) cairo_line_to(cr, x, y);
        else {
            cairo_move_to(cr, x, y);
            /* a lone point still shows: a zero-length segment with round caps */
            int next_ok = i + 1 < s->n && isfinite(scale_map(xs, s->x[i + 1])) &&
                          isfinite(scale_map(ys, s->y[i + 1]));
            if (!next_ok) cairo_line_to(cr, x, y);
        }
        pen = 1;
    }
}

void lines_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a) {
    double x0, x1, y0, y1;
    lines_xrange(p, &x0, &x1);
    lines_yrange(p, &y0, &y1);
    plot_scale xs = {x0, x1, 0, a->x, a->x + a->w};
    plot_scale ys = {y0, y1, p->logy, a->y + a->h, a->y};
    if (p->n_spans) spans_draw(cr, p, a, &xs, 0);
    cairo_save(cr);
    cairo_rectangle(cr, a->x, a->y, a->w, a->h);
    cairo_clip(cr);
    hline_draw(cr, a, &ys, p->hline);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (int k = 0; k < p->n_series; k++) {
        const plot_series *s = &p->series[k];
        double rgb[3];
        plot_series_color(k, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, 1.6);
        if (s->markers != 2) {
            series_path(cr, s, &xs, &ys);
            cairo_stroke(cr);
        }
        if (s->markers)
            for (int i = 0; i < s->n; i++) {
                double x = scale_map(&xs, s->x[i]), y = scale_map(&ys, s->y[i]);
                if (!isfinite(x) || !isfinite(y)) continue;
                cairo_new_sub_path(cr);
                cairo_arc(cr, x, y, 2.5, 0, 2 * M_PI);
                cairo_fill(cr);
            }
    }
    cairo_restore(cr);
    axis_draw_spines(cr, a);
    plot_ticks t;
    ticks_make(&t, x0, x1, 0, (int)(a->w / (FONT_TICK * 5)) + 1);
    axis_draw_x(cr, a, &xs, &t);
    ticks_make(&t, y0, y1, p->logy, ticks_for_height(a->h));
    axis_draw_y(cr, a, &ys, &t);
    if (!lines_has_legend(p)) return;
    double y = a->y + text_height(cr, FONT_TICK) / 2, lx = a->x + a->w + PAD;
    for (int k = 0; k < p->n_series; k++) {
        const plot_series *s = &p->series[k];
        if (!s->label || !s->label[0]) continue;
        double rgb[3];
        plot_series_color(k, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, 2.0);
        cairo_move_to(cr, lx, y);
        cairo_line_to(cr, lx + SWATCH, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_draw(cr, lx + SWATCH + 4, y, FONT_TICK, 0, s->label, 0, 0.5, 0);
        y += text_height(cr, FONT_TICK) * 1.4;
    }
}
