/* pane_out.c: the network's output against the target over the probe trial (braille),
 * with the task periods marked on the time axis. For several output units each is drawn
 * in the same two colours; the legend says how many. */
#include <config.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tui/tui_internal.h"

static int ydot(double v, double lo, double hi, int rows) {
    int y = (int)lround((1 - (v - lo) / (hi - lo)) * (rows - 1));
    return y < 0 ? 0 : y >= rows ? rows - 1 : y;
}

static void plot(braille *b, const float *v, int T, int n_out, int ch, double lo, double hi,
                 wb_color c) {
    int cols = 2 * b->w, rows = 4 * b->h, px = -1, py = -1;
    for (int x = 0; x < cols; x++) {
        int t = (int)((long)x * T / cols);
        double val = v[(size_t)t * n_out + ch];
        if (!isfinite(val)) {
            px = -1;
            continue;
        }
        int y = ydot(val, lo, hi, rows);
        if (px >= 0) braille_line(b, px, py, x, y, c);
        else braille_dot(b, x, y, c);
        px = x, py = y;
    }
}

void pane_out_draw(wb *w, pane *p) {
    draw_fill(p->r, C_NORMAL);
    wb_probe pr;
    int have = runs_probe(w, 0, &pr) && pr.y && pr.target && pr.n_out > 0;
    char title[96];
    snprintf(title, sizeof title, "output vs target%s",
             have && pr.n_out > 1 ? " (all units)" : "");
    int lx = draw_box(p->r, title, w->focus == PANE_OUT) + 1;
    wb_rect in = rect_inner(p->r);
    if (!have) {
        draw_text(in.y + in.h / 2, in.x + 1, in.w - 2, C_AXIS, "no probe yet");
        return;
    }
    lx += draw_text(p->r.y, lx, p->r.x + p->r.w - 2 - lx, C_OUT_Y, " ━ output ");
    draw_text(p->r.y, lx, p->r.x + p->r.w - 2 - lx, C_OUT_TARGET, " ━ target ");

    int gutter = 7, pw = in.w - gutter, ph = in.h - 1;
    if (pw < 4 || ph < 2) return;
    int n_out = pr.n_out;
    double lo = DBL_MAX, hi = -DBL_MAX;
    for (size_t i = 0; i < (size_t)pr.T * n_out; i++) {
        double a = pr.y[i], b = pr.target[i];
        if (isfinite(a)) lo = a < lo ? a : lo, hi = a > hi ? a : hi;
        if (isfinite(b)) lo = b < lo ? b : lo, hi = b > hi ? b : hi;
    }
    if (lo > hi) lo = 0, hi = 1;
    if (hi - lo < 1e-9) lo -= 0.5, hi += 0.5;

    braille b;
    if (braille_init(&b, pw, ph) < 0) return;
    if (pr.stim) {   /* period boundaries as dotted verticals, drawn first */
        int bounds[2] = {pr.stim, pr.stim + pr.delay};
        for (int k = 0; k < 2; k++) {
            int x = (int)((long)bounds[k] * 2 * pw / pr.T);
            for (int y = 0; y < 4 * ph; y += 3) braille_dot(&b, x, y, C_PERIOD);
        }
    }
    for (int ch = 0; ch < n_out && ch < 4; ch++) {
        plot(&b, pr.target, pr.T, n_out, ch, lo, hi, C_OUT_TARGET);
        plot(&b, pr.y, pr.T, n_out, ch, lo, hi, C_OUT_Y);
    }
    braille_blit(&b, in.y, in.x + gutter);
    braille_free(&b);

    char buf[32];
    fmt_num(buf, sizeof buf, hi);
    draw_textf(in.y, in.x, gutter - 1, C_AXIS, "%6s", buf);
    fmt_num(buf, sizeof buf, lo);
    draw_textf(in.y + ph - 1, in.x, gutter - 1, C_AXIS, "%6s", buf);
    attrset((int)colors_attr(C_AXIS));
    mvvline(in.y, in.x + gutter - 1, ACS_VLINE, ph);
    attrset(A_NORMAL);
    int y = in.y + ph;
    if (pr.stim) {
        const char *names[3] = {"stim", "delay", "resp"};
        int starts[4] = {0, pr.stim, pr.stim + pr.delay, pr.T};
        for (int k = 0; k < 3; k++) {
            int c0 = (int)((long)starts[k] * pw / pr.T), c1 = (int)((long)starts[k + 1] * pw / pr.T);
            int len = (int)strlen(names[k]);
            if (c1 - c0 > len) draw_text(y, in.x + gutter + c0 + (c1 - c0 - len) / 2, len, C_PERIOD, names[k]);
        }
    } else {
        draw_textf(y, in.x + gutter, pw, C_AXIS, "t = 0 … %d", pr.T);
    }
}
