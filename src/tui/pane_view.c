/* pane_view.c: the view pane: the figure last given to recmem.show (an analysis result
 * turned into a figure description of the plot layer by the Lua side, or a figure of
 * lines) drawn in the terminal, in the heatmap pane's place. A heatmap panel is drawn in
 * half-block cells on the heatmap pane's colour ramp with its x spans (task periods) named
 * above it; a lines panel on a braille canvas, a colour per series, dots for markers and
 * scatters, a dotted reference line. Only the first panel of a figure is drawn. `v`
 * switches between the view and the activity heatmap; `f` (pane_figure.c) saves the same
 * figure through cairo. This file only maps numbers to cells. */
#include <config.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/tui_internal.h"

/* Series colours, in series order (the figure files use the Okabe-Ito order). */
static const wb_color SERIES_COLORS[] = {C_OUT_Y, C_IL, C_RUN_B, C_LOSS, C_OUT_TARGET, C_PERIOD};
#define N_SERIES_COLORS ((int)(sizeof SERIES_COLORS / sizeof SERIES_COLORS[0]))

/* The range lo..hi of the data widened by frac of it on each side; fixed limits win. */
static void data_range(double fixed_lo, double fixed_hi, double lo, double hi, double frac,
                       double *out_lo, double *out_hi) {
    if (lo > hi) lo = 0, hi = 1;
    if (hi - lo < 1e-12) lo -= 0.5, hi += 0.5;
    double pad = frac * (hi - lo);
    *out_lo = isnan(fixed_lo) ? lo - pad : fixed_lo;
    *out_hi = isnan(fixed_hi) ? hi + pad : fixed_hi;
    if (!(*out_hi > *out_lo)) *out_hi = *out_lo + 1;
}

/* x (or, axis 1, y) extent of the series' finite points. */
static void series_extent(const plot_panel *p, int axis, double *lo, double *hi) {
    *lo = DBL_MAX, *hi = -DBL_MAX;
    for (int k = 0; k < p->n_series; k++)
        for (int i = 0; i < p->series[k].n; i++) {
            double x = p->series[k].x[i], y = p->series[k].y[i];
            if (!isfinite(x) || !isfinite(y)) continue;
            double v = axis ? y : x;
            if (v < *lo) *lo = v;
            if (v > *hi) *hi = v;
        }
}

/* Dot coordinate of v in lo..hi over n dots (flip: 0 at the top); -1 outside. */
static int to_dot(double v, double lo, double hi, int n, int flip) {
    double f = (v - lo) / (hi - lo);
    if (!(f >= -1e-9 && f <= 1 + 1e-9)) return -1;
    int d = (int)lround(f * (n - 1));
    return flip ? n - 1 - d : d;
}

static void draw_x_axis(const plot_panel *p, int y, int x, int w, double lo, double hi) {
    char a[32], b[32];
    fmt_num(a, sizeof a, lo);
    fmt_num(b, sizeof b, hi);
    draw_text(y, x, w, C_AXIS, a);
    int lb = (int)strlen(b);
    draw_text(y, x + w - lb, lb, C_AXIS, b);
    if (p->xlabel) {
        int lw = utf8_width(p->xlabel), room = w - (int)strlen(a) - lb - 4;
        if (room > 4) draw_text(y, x + (int)strlen(a) + 2 + (lw < room ? (room - lw) / 2 : 0), room, C_AXIS, p->xlabel);
    }
}

static void draw_y_labels(int y_top, int y_bottom, int x, int gutter, double lo, double hi) {
    char buf[32];
    fmt_num(buf, sizeof buf, hi);
    draw_textf(y_top, x, gutter - 1, C_AXIS, "%*s", gutter - 1, buf);
    fmt_num(buf, sizeof buf, lo);
    draw_textf(y_bottom, x, gutter - 1, C_AXIS, "%*s", gutter - 1, buf);
    attrset((int)colors_attr(C_AXIS));
    mvvline(y_top, x + gutter - 1, ACS_VLINE, y_bottom - y_top + 1);
    attrset(A_NORMAL);
}

/* Legend in the bottom border: a coloured bar and the label of each named series. */
static void draw_legend(const plot_panel *p, wb_rect r) {
    int x = r.x + 2, end = r.x + r.w - 2;
    for (int k = 0; k < p->n_series && x < end; k++) {
        const char *l = p->series[k].label;
        if (!l || !l[0]) continue;
        char buf[80];
        snprintf(buf, sizeof buf, " %s %s ", p->series[k].markers == 2 ? "•" : "━", l);
        x += draw_text(r.y + r.h - 1, x, end - x, SERIES_COLORS[k % N_SERIES_COLORS], buf);
    }
}

static void view_lines(const plot_panel *p, wb_rect r, wb_rect in) {
    int gutter = 7, pw = in.w - gutter, ph = in.h - 1;
    if (pw < 4 || ph < 2) return;
    double dlo, dhi, x0, x1, y0, y1;
    series_extent(p, 0, &dlo, &dhi);
    data_range(p->xmin, p->xmax, dlo, dhi, 0, &x0, &x1);   /* x: the data's own ends */
    series_extent(p, 1, &dlo, &dhi);
    if (isfinite(p->hline) && dlo <= dhi) dlo = fmin(dlo, p->hline), dhi = fmax(dhi, p->hline);
    data_range(p->ymin, p->ymax, dlo, dhi, 0.04, &y0, &y1);
    braille b;
    if (braille_init(&b, pw, ph) < 0) return;
    int X = 2 * pw, Y = 4 * ph;
    if (isfinite(p->hline)) {
        int hy = to_dot(p->hline, y0, y1, Y, 1);
        for (int x = 0; hy >= 0 && x < X; x += 3) braille_dot(&b, x, hy, C_AXIS);
    }
    for (int k = 0; k < p->n_series; k++) {
        const plot_series *s = &p->series[k];
        wb_color c = SERIES_COLORS[k % N_SERIES_COLORS];
        int px = -1, py = -1;
        for (int i = 0; i < s->n; i++) {
            int x = isfinite(s->x[i]) ? to_dot(s->x[i], x0, x1, X, 0) : -1;
            int y = isfinite(s->y[i]) ? to_dot(s->y[i], y0, y1, Y, 1) : -1;
            if (x < 0 || y < 0) {
                px = -1;
                continue;
            }
            if (s->markers != 2 && px >= 0) braille_line(&b, px, py, x, y, c);
            braille_dot(&b, x, y, c);
            if (s->markers == 2) {   /* a scatter point: a 2x2 block of dots */
                braille_dot(&b, x + 1, y, c);
                braille_dot(&b, x, y + 1, c);
                braille_dot(&b, x + 1, y + 1, c);
            }
            px = x, py = y;
        }
    }
    braille_blit(&b, in.y, in.x + gutter);
    braille_free(&b);
    draw_y_labels(in.y, in.y + ph - 1, in.x, gutter, y0, y1);
    draw_x_axis(p, in.y + ph, in.x + gutter, pw, x0, x1);
    draw_legend(p, r);
}

static int heat_level(double v, double lo, double hi) {
    if (!isfinite(v)) return 0;
    double f = (v - lo) / (hi - lo);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return (int)lround(f * (colors_heat_levels() - 1));
}

/* The spans' names above the map, with a bar at each boundary. */
static void draw_spans(const plot_panel *p, int y, int x, int w, double x0, double x1) {
    for (int k = 0; k < p->n_spans; k++) {
        const plot_span *s = &p->spans[k];
        int c0 = (int)lround((s->x0 - x0) / (x1 - x0) * w), c1 = (int)lround((s->x1 - x0) / (x1 - x0) * w);
        if (c0 < 0) c0 = 0;
        if (c1 > w) c1 = w;
        if (c1 <= c0) continue;
        if (c0 > 0) {
            attrset((int)colors_attr(C_PERIOD));
            mvaddch(y, x + c0, colors_utf8() ? ACS_VLINE : '|');
            attrset(A_NORMAL);
            c0++;
        }
        int len = s->label ? utf8_width(s->label) : 0, width = c1 - c0;
        if (len && width >= 1)
            draw_text(y, x + c0 + (width > len ? (width - len) / 2 : 0), width, C_PERIOD, s->label);
    }
}

static void view_heatmap(const plot_panel *p, wb_rect r, wb_rect in) {
    int gutter = 6, top = p->n_spans ? 1 : 0;
    int pw = in.w - gutter, rows = in.h - 1 - top;
    if (pw < 4 || rows < 1 || !p->z) return;
    double zlo = DBL_MAX, zhi = -DBL_MAX;
    for (size_t i = 0; i < (size_t)p->rows * p->cols; i++)
        if (isfinite(p->z[i])) zlo = fmin(zlo, p->z[i]), zhi = fmax(zhi, p->z[i]);
    if (zlo > zhi) zlo = 0, zhi = 1;
    if (!isnan(p->zmin)) zlo = p->zmin;
    if (!isnan(p->zmax)) zhi = p->zmax;
    if (!(zhi > zlo)) zhi = zlo + 1;
    double x0 = isnan(p->xmin) ? 0 : p->xmin, x1 = isnan(p->xmax) ? p->cols : p->xmax;
    double y0 = isnan(p->ymin) ? 0 : p->ymin, y1 = isnan(p->ymax) ? p->rows : p->ymax;
    if (top) draw_spans(p, in.y, in.x + gutter, pw, x0, x1);
    int halves = colors_heat_halves(), slots = rows * halves;
    /* a small matrix is not stretched taller than it is: cells stay square-ish */
    if (slots > p->rows * 2) slots = p->rows * 2 > halves ? p->rows * 2 : halves;
    int used_rows = (slots + halves - 1) / halves;
    for (int row = 0; row < used_rows; row++) {
        int lv[2] = {0, -1};
        for (int col = 0; col < pw; col++) {
            for (int h = 0; h < halves; h++) {
                int slot = row * halves + h;
                lv[h] = slot < slots ? heat_level(plot_heatmap_cell(p, slot, slots, col, pw), zlo, zhi) : 0;
            }
            cchar_t cc;
            colors_heat_cell(&cc, lv[0], halves == 2 ? lv[1] : -1);
            mvadd_wch(in.y + top + row, in.x + gutter + col, &cc);
        }
    }
    /* the top row's value first: the axis runs upwards if row 0 is at the bottom */
    if (p->row0_bottom) draw_y_labels(in.y + top, in.y + top + used_rows - 1, in.x, gutter, y0, y1);
    else draw_y_labels(in.y + top, in.y + top + used_rows - 1, in.x, gutter, y1, y0);
    draw_x_axis(p, in.y + top + used_rows, in.x + gutter, pw, x0, x1);
    /* colour key in the bottom border */
    int L = colors_heat_levels(), n = L < 12 ? L : 12;
    char a[32], b[32];
    fmt_num(a, sizeof a, zlo);
    fmt_num(b, sizeof b, zhi);
    int x = r.x + r.w - 2 - n - (int)strlen(a) - (int)strlen(b) - 4;
    if (x < r.x + 2) return;
    x += draw_textf(r.y + r.h - 1, x, 16, C_AXIS, " %s ", a);
    for (int i = 0; i < n; i++) {
        cchar_t cc;
        colors_heat_cell(&cc, i * (L - 1) / (n > 1 ? n - 1 : 1), -1);
        mvadd_wch(r.y + r.h - 1, x + i, &cc);
    }
    draw_textf(r.y + r.h - 1, x + n, 16, C_AXIS, " %s ", b);
}

void pane_view_draw(wb *w, pane *p) {
    draw_fill(p->r, C_NORMAL);
    const plot_figure *f = w->view;
    const plot_panel *pn = f && f->n_panels > 0 ? &f->panels[0] : NULL;
    char title[256];
    snprintf(title, sizeof title, "view: %s",
             pn && pn->title ? pn->title : f && f->title ? f->title : "figure");
    draw_box(p->r, title, w->focus == PANE_VIEW);
    wb_rect in = rect_inner(p->r);
    if (!pn) {
        draw_text(in.y + in.h / 2, in.x + 1, in.w - 2, C_AXIS, "nothing shown yet");
        return;
    }
    if (pn->kind == PLOT_HEATMAP) view_heatmap(pn, p->r, in);
    else if (pn->kind == PLOT_LINES) view_lines(pn, p->r, in);
    else draw_text(in.y + in.h / 2, in.x + 1, in.w - 2, C_AXIS,
                   "dot plots are drawn only in figure files: f saves this one");
    if (f->n_panels > 1)
        draw_textf(p->r.y, p->r.x + p->r.w - 16, 14, C_AXIS, " panel 1 of %d ", f->n_panels);
}

int pane_view_key(wb *w, pane *p, int ch) {
    (void)p;
    if (ch != 'v') return K_UNHANDLED;
    if (!w->view) {
        wb_message(w, "no view yet: recmem.show(result) of an analysis shows one");
        return K_HANDLED;
    }
    w->view_on = !w->view_on;
    if (w->view_on) pane_grid_hide(w);   /* one of them in the heatmap's place */
    if (w->view_on && w->focus == PANE_HEAT) w->focus = PANE_VIEW;
    else if (!w->view_on && w->focus == PANE_VIEW) w->focus = PANE_HEAT;
    return K_HANDLED | K_LAYOUT | K_REDRAW;
}

void pane_view_show(void *ud, const plot_figure *fig) {
    wb *w = ud;
    rm_err e = {0};
    plot_figure *c = fig ? plot_figure_copy(fig, &e) : NULL;
    if (!c) {
        prompt_notice(w, "show: %s", e.msg[0] ? e.msg : "no figure");
        return;
    }
    plot_figure_free(w->view);
    w->view = c;
    pane_grid_hide(w);
    if (w->focus == PANE_HEAT || w->focus == PANE_GRID) w->focus = PANE_VIEW;
    w->view_on = 1;
    wb_layout(w);
    wb_redraw_all(w);
}

void pane_view_hide(wb *w) {
    if (!w->view_on) return;
    w->view_on = 0;
    if (w->focus == PANE_VIEW) w->focus = PANE_HEAT;
    wb_layout(w);
    wb_redraw_all(w);
}

void pane_view_free(wb *w) {
    plot_figure_free(w->view);
    w->view = NULL;
}
