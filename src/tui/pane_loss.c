/* pane_loss.c: training loss (mean per plotted column of iterations) and the logged
 * information loss against iteration, on a braille canvas with labelled axes; `l`
 * switches the y axis to log10. In compare mode the compared run's loss is drawn too.
 * The x axis spans the run's target iteration so the curve grows across the pane. */
#include <config.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/tui_internal.h"

typedef struct {
    double lo, hi;
    int log;
} yscale;

static double ytr(const yscale *s, double v) {
    if (!s->log) return v;
    return log10(v > 1e-6 ? v : 1e-6);
}

/* Dot row (0 = top) of value v on a canvas of rows dot rows. */
static int ydot(const yscale *s, double v, int rows) {
    double f = (ytr(s, v) - s->lo) / (s->hi - s->lo);
    int y = (int)lround((1 - f) * (rows - 1));
    return y < 0 ? 0 : y >= rows ? rows - 1 : y;
}

/* Mean of hist over the iterations of dot column c (NaN if none). */
static double col_mean(const float *hist, long n, long xmax, int c, int cols) {
    long i0 = (long)((double)c * xmax / cols), i1 = (long)((double)(c + 1) * xmax / cols);
    if (i1 <= i0) i1 = i0 + 1;
    if (i0 >= n) return NAN;
    if (i1 > n) i1 = n;
    double s = 0;
    long k = 0;
    for (long i = i0; i < i1; i++)
        if (isfinite(hist[i])) s += hist[i], k++;
    return k ? s / k : NAN;
}

static void extend(yscale *s, double v) {
    if (!isfinite(v) || (s->log && v <= 0)) return;
    double t = ytr(s, v);
    if (t < s->lo) s->lo = t;
    if (t > s->hi) s->hi = t;
}

static void draw_loss_series(braille *b, const yscale *s, const float *hist, long n, long xmax,
                        wb_color color) {
    int cols = 2 * b->w, rows = 4 * b->h, px = -1, py = -1;
    for (int c = 0; c < cols; c++) {
        double v = col_mean(hist, n, xmax, c, cols);
        if (!isfinite(v)) {
            px = -1;
            continue;
        }
        int y = ydot(s, v, rows);
        if (px >= 0) braille_line(b, px, py, c, y, color);
        else braille_dot(b, c, y, color);
        px = c, py = y;
    }
}

/* The x axis ends at the run's target, or, while that is far off, at a round number a
   little past the current iteration so the curve fills the pane. */
static long x_extent(const rm_job_snapshot *s) {
    long n = s->n_loss, until = s->until > n ? s->until : n;
    long want = n + n / 4 + 1;
    long nice = 100;
    while (nice < want) {
        if (nice * 2 >= want) { nice *= 2; break; }
        if (nice * 5 >= want) { nice *= 5; break; }
        nice *= 10;
    }
    return nice < until ? nice : until > 0 ? until : 1;
}

static void label(char *buf, size_t n, const yscale *s, double t) {
    fmt_num(buf, n, s->log ? pow(10, t) : t);
}

void pane_loss_draw(wb *w, pane *p) {
    draw_fill(p->r, C_NORMAL);
    wb_run *a = runs_selected(w);
    wb_run *bq = w->compare ? runs_other(w) : NULL;
    char title[160];
    snprintf(title, sizeof title, "loss%s", w->log_scale ? " (log)" : "");
    int lx = draw_box(p->r, title, w->focus == PANE_LOSS) + 1;
    wb_rect in = rect_inner(p->r);
    if (!a || !a->have || a->snap.n_loss == 0) {
        draw_text(in.y + in.h / 2, in.x + 1, in.w - 2, C_AXIS, "no iterations yet");
        return;
    }
    const rm_job_snapshot *sa = &a->snap, *sb = bq && bq->have ? &bq->snap : NULL;
    /* legend in the top border, after the title */
    lx += draw_text(p->r.y, lx, p->r.x + p->r.w - 2 - lx, C_LOSS, sb ? " ━ loss " : " ━ train ");
    if (sb) lx += draw_text(p->r.y, lx, p->r.x + p->r.w - 2 - lx, C_RUN_B, " ━ compared ");
    draw_text(p->r.y, lx, p->r.x + p->r.w - 2 - lx, C_IL, " ━ info loss ");

    int gutter = 7, pw = in.w - gutter, ph = in.h - 1;
    if (pw < 4 || ph < 2) return;
    long xmax = x_extent(sa);
    if (sb && x_extent(sb) > xmax) xmax = x_extent(sb);

    yscale s = {DBL_MAX, -DBL_MAX, w->log_scale};
    int cols = 2 * pw;
    for (int c = 0; c < cols; c++) {
        extend(&s, col_mean(sa->loss_hist, sa->n_loss, xmax, c, cols));
        if (sb) extend(&s, col_mean(sb->loss_hist, sb->n_loss, xmax, c, cols));
    }
    for (long i = 0; i < sa->n_il; i++) extend(&s, sa->il_hist[i]);
    if (s.lo > s.hi) s.lo = 0, s.hi = 1;
    if (s.hi - s.lo < 1e-9) s.lo -= 0.5, s.hi += 0.5;
    if (!s.log && s.lo > 0 && s.lo < 0.25 * s.hi) s.lo = 0;  /* anchor at zero when close */

    braille b;
    if (braille_init(&b, pw, ph) < 0) return;
    if (sb) draw_loss_series(&b, &s, sb->loss_hist, sb->n_loss, xmax, C_RUN_B);
    draw_loss_series(&b, &s, sa->loss_hist, sa->n_loss, xmax, C_LOSS);
    int px = -1, py = -1;
    for (long i = 0; i < sa->n_il; i++) {
        double v = sa->il_hist[i];
        if (!isfinite(v)) continue;
        int x = (int)((double)sa->il_iter[i] / xmax * (cols - 1));
        int y = ydot(&s, v, 4 * ph);
        if (px >= 0) braille_line(&b, px, py, x, y, C_IL);
        braille_dot(&b, x, y, C_IL);
        px = x, py = y;
    }
    braille_blit(&b, in.y, in.x + gutter);
    braille_free(&b);

    /* y labels: top, middle, bottom */
    char buf[32];
    for (int k = 0; k < 3; k++) {
        int row = k == 0 ? 0 : k == 1 ? (ph - 1) / 2 : ph - 1;
        double t = s.hi - (s.hi - s.lo) * (row * 4 + 1.5) / (4.0 * ph - 1);
        if (k == 0) t = s.hi;
        if (k == 2) t = s.lo;
        label(buf, sizeof buf, &s, t);
        draw_textf(in.y + row, in.x, gutter - 1, C_AXIS, "%6s", buf);
    }
    attrset((int)colors_attr(C_AXIS));
    mvvline(in.y, in.x + gutter - 1, ACS_VLINE, ph);
    attrset(A_NORMAL);
    /* x labels */
    int y = in.y + ph;
    draw_text(y, in.x + gutter, 8, C_AXIS, "0");
    fmt_count(buf, sizeof buf, (double)xmax / 2);
    draw_text(y, in.x + gutter + pw / 2 - (int)strlen(buf) / 2, 8, C_AXIS, buf);
    fmt_count(buf, sizeof buf, (double)xmax);
    int len = (int)strlen(buf);
    draw_text(y, in.x + in.w - len, len, C_AXIS, buf);
    if (pw > 40) draw_text(y, in.x + gutter + pw / 4 - 2, 5, C_AXIS, "iter");
}

int pane_loss_key(wb *w, pane *p, int ch) {
    (void)p;
    if (ch != 'l') return K_UNHANDLED;
    w->log_scale = !w->log_scale;
    w->panes[PANE_LOSS].dirty = 1;
    return K_HANDLED | K_REDRAW;
}
