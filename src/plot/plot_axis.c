/* plot_axis.c: axes of every panel kind: scales, tick values on 1-2-5 steps (decades on a
 * log axis), their labels, tick marks, categorical labels thinned so they never overlap,
 * task-period spans, the spines and the dashed reference line of the lines and dots
 * panels, and the text helpers all of them use. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot/plot_int.h"

double scale_map(const plot_scale *s, double v) {
    double lo = s->lo, hi = s->hi;
    if (s->log) {
        if (!(v > 0)) return NAN;
        v = log10(v), lo = log10(lo), hi = log10(hi);
    }
    return s->p0 + (v - lo) / (hi - lo) * (s->p1 - s->p0);
}

void range_pad(double *lo, double *hi, int log, double frac) {
    double a = *lo, b = *hi;
    if (log) a = log10(a), b = log10(b);
    if (!(b > a)) {
        double c = a;
        double d = log ? 0.5 : (fabs(c) > 0 ? fabs(c) * 0.1 : 0.5);
        a = c - d, b = c + d;
    } else {
        double d = (b - a) * frac;
        a -= d, b += d;
    }
    if (log) a = pow(10, a), b = pow(10, b);
    *lo = a, *hi = b;
}

void range_limit(double *lo, double *hi, double min, double max, int log) {
    if (!isnan(min)) *lo = min;
    if (!isnan(max)) *hi = max;
    if (!(*hi > *lo)) *hi = log ? *lo * 10 : *lo + 1;
}

/* A label for v on an axis whose ticks are step apart. */
static void tick_label(char *buf, size_t n, double v, double step) {
    if (fabs(v) < step * 1e-9) v = 0;
    double a = fabs(v);
    if (v != 0 && (a >= 1e5 || a < 1e-4)) {
        snprintf(buf, n, "%.3g", v);
        return;
    }
    int dec = step > 0 ? (int)ceil(-log10(step) - 1e-9) : 0;
    if (dec < 0) dec = 0;
    if (dec > 8) dec = 8;
    snprintf(buf, n, "%.*f", dec, v);
}

static void ticks_linear(plot_ticks *t, double lo, double hi, int max_n) {
    static const double mult[3] = {1, 2, 5};
    /* the smallest 1-2-5 step that gives at most max_n ticks inside [lo, hi] */
    double mag = pow(10, floor(log10((hi - lo) / max_n)) - 1), step = mag;
    for (int k = 0; k < 12; k++) {
        step = mult[k % 3] * mag * pow(10, k / 3);
        double count = floor(hi / step + 1e-9) - ceil(lo / step - 1e-9) + 1;
        if (count <= max_n) break;
    }
    t->n = 0;
    double first = ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9 && t->n < MAX_TICKS; v = first + t->n * step)
        t->v[t->n++] = v;
    for (int i = 0; i < t->n; i++) tick_label(t->label[i], sizeof t->label[i], t->v[i], step);
}

static void ticks_log(plot_ticks *t, double lo, double hi, int max_n) {
    int d0 = (int)ceil(log10(lo) - 1e-9), d1 = (int)floor(log10(hi) + 1e-9);
    int decades = d1 - d0 + 1;
    t->n = 0;
    if (decades >= 2) {
        int every = (decades + max_n - 1) / (max_n > 0 ? max_n : 1);
        if (every < 1) every = 1;
        for (int d = d0; d <= d1 && t->n < MAX_TICKS; d++)
            if ((d - d0) % every == 0) t->v[t->n++] = pow(10, d);
    } else {
        static const double mult[3] = {1, 2, 5};
        for (int d = d0 - 1; d <= d1 && t->n < MAX_TICKS; d++)
            for (int k = 0; k < 3; k++) {
                double v = mult[k] * pow(10, d);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && t->n < MAX_TICKS) t->v[t->n++] = v;
            }
        if (t->n < 2) {     /* a narrow range: linear ticks read better */
            ticks_linear(t, lo, hi, max_n);
            return;
        }
    }
    for (int i = 0; i < t->n; i++) snprintf(t->label[i], sizeof t->label[i], "%g", t->v[i]);
}

void ticks_make(plot_ticks *t, double lo, double hi, int log, int max_n) {
    if (max_n < 2) max_n = 2;
    if (max_n > 12) max_n = 12;
    if (!(hi > lo)) {
        t->n = 1;
        t->v[0] = lo;
        snprintf(t->label[0], sizeof t->label[0], "%g", lo);
        return;
    }
    if (log && lo > 0) ticks_log(t, lo, hi, max_n);
    else ticks_linear(t, lo, hi, max_n);
}

int ticks_for_height(double h) {
    int n = (int)(h / (2.6 * FONT_TICK)) + 1;
    return n < 2 ? 2 : n > 8 ? 8 : n;
}

/* ---- text ---- */

static void font(cairo_t *cr, double size, int bold) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double text_width(cairo_t *cr, double size, int bold, const char *s) {
    if (!s || !*s) return 0;
    font(cr, size, bold);
    cairo_text_extents_t te;
    cairo_text_extents(cr, s, &te);
    return te.x_advance;
}

double text_height(cairo_t *cr, double size) {
    font(cr, size, 0);
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    return fe.ascent + fe.descent;
}

void text_draw(cairo_t *cr, double x, double y, double size, int bold, const char *s,
               double ha, double va, double angle) {
    if (!s || !*s) return;
    font(cr, size, bold);
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    cairo_text_extents_t te;
    cairo_text_extents(cr, s, &te);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -angle);
    cairo_move_to(cr, -ha * te.x_advance, -va * (fe.ascent + fe.descent) + fe.ascent);
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

double ticks_width(cairo_t *cr, const plot_ticks *t, double size) {
    double w = 0;
    for (int i = 0; i < t->n; i++) {
        double x = text_width(cr, size, 0, t->label[i]);
        if (x > w) w = x;
    }
    return w;
}

/* ---- axes ---- */

static void ink(cairo_t *cr) { cairo_set_source_rgb(cr, 0.15, 0.15, 0.15); }

void axis_draw_x(cairo_t *cr, const plot_rect *a, const plot_scale *s, const plot_ticks *t) {
    double y = a->y + a->h, next_free = -1e9;
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < t->n; i++) {
        double x = scale_map(s, t->v[i]);
        if (!isfinite(x) || x < a->x - 0.5 || x > a->x + a->w + 0.5) continue;
        ink(cr);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + TICK_LEN);
        cairo_stroke(cr);
        double w = text_width(cr, FONT_TICK, 0, t->label[i]);
        if (x - w / 2 < next_free) continue;   /* never overlap the previous label */
        text_draw(cr, x, y + TICK_LEN + 2, FONT_TICK, 0, t->label[i], 0.5, 0, 0);
        next_free = x + w / 2 + FONT_TICK * 0.6;
    }
}

void axis_draw_y(cairo_t *cr, const plot_rect *a, const plot_scale *s, const plot_ticks *t) {
    double x = a->x, last = 1e18;
    double hgt = text_height(cr, FONT_TICK);
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < t->n; i++) {
        double y = scale_map(s, t->v[i]);
        if (!isfinite(y) || y < a->y - 0.5 || y > a->y + a->h + 0.5) continue;
        ink(cr);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x - TICK_LEN, y);
        cairo_stroke(cr);
        if (fabs(y - last) < hgt * 1.1) continue;
        text_draw(cr, x - TICK_LEN - 2, y, FONT_TICK, 0, t->label[i], 1, 0.5, 0);
        last = y;
    }
}

void axis_draw_spines(cairo_t *cr, const plot_rect *a) {
    ink(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, a->x, a->y);
    cairo_line_to(cr, a->x, a->y + a->h);
    cairo_line_to(cr, a->x + a->w, a->y + a->h);
    cairo_stroke(cr);
}

void hline_draw(cairo_t *cr, const plot_rect *a, const plot_scale *ys, double v) {
    double y = scale_map(ys, v), dash[2] = {3, 3};
    if (!isfinite(y)) return;
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, a->x, y);
    cairo_line_to(cr, a->x + a->w, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* Every k-th label, k the smallest that keeps neighbours apart. */
static int thin_step(double spacing, double need) {
    if (spacing <= 0) return 1;
    int k = (int)ceil(need / spacing - 1e-9);
    return k < 1 ? 1 : k;
}

void axis_draw_categories_x(cairo_t *cr, const plot_rect *a, const double *pos,
                            char *const *labels, int n) {
    double wmax = 0;
    for (int i = 0; i < n; i++) {
        double w = text_width(cr, FONT_TICK, 0, labels[i]);
        if (w > wmax) wmax = w;
    }
    double spacing = n > 1 ? fabs(pos[1] - pos[0]) : a->w;
    int k = thin_step(spacing, wmax + FONT_TICK * 0.6);
    double y = a->y + a->h;
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < n; i += k) {
        ink(cr);
        cairo_move_to(cr, pos[i], y);
        cairo_line_to(cr, pos[i], y + TICK_LEN);
        cairo_stroke(cr);
        text_draw(cr, pos[i], y + TICK_LEN + 2, FONT_TICK, 0, labels[i], 0.5, 0, 0);
    }
}

void axis_draw_categories_y(cairo_t *cr, const plot_rect *a, const double *pos,
                            char *const *labels, int n) {
    double spacing = n > 1 ? fabs(pos[1] - pos[0]) : a->h;
    int k = thin_step(spacing, text_height(cr, FONT_TICK) * 1.1);
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < n; i += k) {
        ink(cr);
        cairo_move_to(cr, a->x, pos[i]);
        cairo_line_to(cr, a->x - TICK_LEN, pos[i]);
        cairo_stroke(cr);
        text_draw(cr, a->x - TICK_LEN - 2, pos[i], FONT_TICK, 0, labels[i], 1, 0.5, 0);
    }
}

void spans_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a, const plot_scale *xs,
                int on_dark) {
    double lo = a->x + 0.5, hi = a->x + a->w - 0.5;
    double dash[2] = {4, 3};
    cairo_save(cr);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 1.0);
    if (on_dark) cairo_set_source_rgba(cr, 1, 1, 1, 0.75);
    else cairo_set_source_rgba(cr, 0.4, 0.4, 0.4, 0.8);
    for (int i = 0; i < p->n_spans; i++)
        for (int end = 0; end < 2; end++) {
            double x = scale_map(xs, end ? p->spans[i].x1 : p->spans[i].x0);
            if (!(x > lo && x < hi)) continue;
            cairo_move_to(cr, x, a->y);
            cairo_line_to(cr, x, a->y + a->h);
            cairo_stroke(cr);
        }
    cairo_restore(cr);
    /* names centred over their span, left out where they would not fit */
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    for (int i = 0; i < p->n_spans; i++) {
        double x0 = scale_map(xs, p->spans[i].x0), x1 = scale_map(xs, p->spans[i].x1);
        if (!isfinite(x0) || !isfinite(x1)) continue;
        if (x0 < a->x) x0 = a->x;
        if (x1 > a->x + a->w) x1 = a->x + a->w;
        double w = text_width(cr, FONT_TICK, 0, p->spans[i].label);
        if (w + 2 > x1 - x0) continue;
        text_draw(cr, (x0 + x1) / 2, a->y - 2, FONT_TICK, 0, p->spans[i].label, 0.5, 1, 0);
    }
}
