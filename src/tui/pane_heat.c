/* pane_heat.c: the activity heatmap, hidden units (rows) x time (columns) of the selected
 * run's last probe (or of the compared run, or of a pinned trace: up to four panes draw
 * with it). Units are ordered by peak time (a sequence shows as a diagonal ridge,
 * persistent activity as horizontal bars) or by index; with colour and Unicode every cell
 * shows two units (upper half block: foreground above, background below). Task periods
 * are named above the map and their boundaries drawn through its dark cells. The SI shown
 * is the one the trainer computed; this file only orders and scales for display. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/plot.h"
#include "tui/tui_internal.h"

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* A unit whose peak is under PLOT_ACTIVE_FRAC (5%) of the largest is drawn on the common
   scale (dark) rather than stretched to full brightness, and sorted after the active ones:
   otherwise its noise would look like a response. The figures use the same rule. */

static int heat_active(const wb_heat_cache *c, int u) {
    return c->umax[u] > 0 && c->umax[u] >= PLOT_ACTIVE_FRAC * c->gmax;
}

/* (Re)builds the order and scales for probe p if it changed. */
static int heat_cache_update(wb_heat *hs, wb_heat_cache *c, const wb_probe *p) {
    if (c->key == p->key && c->n == p->N && c->sorted_peak == hs->sort_peak && c->order)
        return 0;
    int N = p->N, T = p->T;
    if (c->n < N || !c->order) {
        int *o = realloc(c->order, sizeof *o * (size_t)N);
        if (o) c->order = o;
        float *m = realloc(c->umax, sizeof *m * (size_t)N);
        if (m) c->umax = m;
        if (!o || !m) return -1;
    }
    long *keys = malloc(sizeof *keys * (size_t)N);
    if (!keys) return -1;
    c->gmax = 0;
    int *peak = malloc(sizeof *peak * (size_t)N);
    if (!peak) {
        free(keys);
        return -1;
    }
    for (int u = 0; u < N; u++) {
        float best = p->h[u];
        peak[u] = 0;
        for (int t = 1; t < T; t++)
            if (p->h[(size_t)t * N + u] > best) best = p->h[(size_t)t * N + u], peak[u] = t;
        c->umax[u] = best;
        if (best > c->gmax) c->gmax = best;
    }
    c->n_active = 0;
    for (int u = 0; u < N; u++) {
        c->n_active += heat_active(c, u);
        /* nearly silent units go last, in index order */
        long rank = hs->sort_peak ? (heat_active(c, u) ? peak[u] : T + 1) : 0;
        keys[u] = rank * N + u;
    }
    free(peak);
    qsort(keys, (size_t)N, sizeof *keys, cmp_long);
    for (int i = 0; i < N; i++) c->order[i] = (int)(keys[i] % N);
    free(keys);
    c->n = N;
    c->key = p->key;
    c->sorted_peak = hs->sort_peak;
    return 0;
}

/* Mean activity of units order[k0..k1) over steps [t0, t1), scaled to [0, 1]. */
static double heat_value(const wb_heat *hs, const wb_heat_cache *c, const wb_probe *p,
                         int k0, int k1, int shown, int t0, int t1) {
    double sum = 0;
    int n = 0;
    for (int k = k0; k < k1 && k < shown; k++) {
        int u = c->order[k];
        double scale = hs->global_norm || !heat_active(c, u) ? c->gmax : c->umax[u];
        if (scale <= 0) {
            n++;
            continue;
        }
        double s = 0;
        for (int t = t0; t < t1; t++) s += p->h[(size_t)t * p->N + u];
        sum += s / (t1 - t0) / scale;
        n++;
    }
    double v = n ? sum / n : 0;
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static int level_of(double v) {
    int L = colors_heat_levels();
    return (int)lround(v * (L - 1));
}

/* Column c of pw columns -> time steps [t0, t1). */
static void col_steps(int c, int pw, int T, int *t0, int *t1) {
    *t0 = (int)((long)c * T / pw);
    *t1 = (int)((long)(c + 1) * T / pw);
    if (*t1 <= *t0) *t1 = *t0 + 1;
    if (*t1 > T) *t1 = T;
}

/* The column whose steps include step t. */
static int col_of_step(int t, int pw, int T) {
    int c = (int)((long)t * pw / T);
    if (c >= pw) c = pw - 1;
    for (;;) {
        int t0, t1;
        col_steps(c, pw, T, &t0, &t1);
        if (t < t0 && c > 0) c--;
        else if (t >= t1 && c < pw - 1) c++;
        else return c;
    }
}

static int is_boundary(const wb_probe *p, int t0, int t1) {
    if (!p->stim) return 0;
    int b1 = p->stim, b2 = p->stim + p->delay;
    return (t0 <= b1 && b1 < t1 && t0 > 0) || (t0 <= b2 && b2 < t1);
}

static void draw_periods(const wb_probe *p, int y, int x, int pw) {
    if (!p->stim) {
        draw_text(y, x, pw, C_AXIS, "time →");
        return;
    }
    const char *names[3] = {"stim", "delay", "resp"};
    int starts[4] = {0, p->stim, p->stim + p->delay, p->T};
    for (int k = 0; k < 3; k++) {
        int c0 = col_of_step(starts[k], pw, p->T);
        int c1 = k < 2 ? col_of_step(starts[k + 1], pw, p->T) : pw;
        int width = c1 - c0;
        if (k > 0) {
            attrset((int)colors_attr(C_PERIOD));
            mvaddch(y, x + c0, ACS_VLINE);
            attrset(A_NORMAL);
            c0++, width--;
        }
        int len = (int)strlen(names[k]);
        if (width >= len) draw_text(y, x + c0 + (width - len) / 2, width, C_PERIOD, names[k]);
        else if (width >= 1) draw_text(y, x + c0, width, C_PERIOD, names[k]);
    }
}

static void draw_time_axis(const wb_probe *p, int y, int x, int pw) {
    int ticks[4] = {0, p->stim, p->stim + p->delay, p->T};
    int n = p->stim ? 4 : 2;
    if (!p->stim) ticks[1] = p->T;
    int next_free = 0;
    for (int k = 0; k < n; k++) {
        char b[16];
        snprintf(b, sizeof b, "%d", ticks[k]);
        int c = ticks[k] < p->T ? col_of_step(ticks[k], pw, p->T) : pw;
        int len = (int)strlen(b);
        if (c + len > pw) c = pw - len;
        if (c < next_free) continue;
        draw_text(y, x + c, len, C_AXIS, b);
        next_free = c + len + 1;
    }
}

static void draw_legend(wb_rect r) {
    int L = colors_heat_levels(), n = L < 16 ? L : 16;
    int x = r.x + r.w - n - 13;
    if (x < r.x + 2) return;
    draw_text(r.y + r.h - 1, x, 5, C_AXIS, " low ");
    for (int i = 0; i < n; i++) {
        cchar_t cc;
        colors_heat_cell(&cc, i * (L - 1) / (n > 1 ? n - 1 : 1), -1);
        mvadd_wch(r.y + r.h - 1, x + 5 + i, &cc);
    }
    draw_text(r.y + r.h - 1, x + 5 + n, 6, C_AXIS, " high ");
}

/* Which heatmap p is (its cache slot): 0 the selected run or shown trace, 1 the compared
   one, 2 and 3 the pinned pair's left and right; fills pr, or returns -1-slot when there
   is nothing to draw yet. */
static int heat_source(wb *w, const pane *p, wb_probe *pr) {
    int slot = p == &w->panes[PANE_HEAT_B] ? 1 : p == &w->panes[PANE_PIN_A] ? 2
             : p == &w->panes[PANE_PIN_B] ? 3 : 0;
    int ok = slot < 2 ? runs_probe(w, slot, pr) : runs_pinned_probe(w, slot - 2, pr);
    return ok ? slot : -1 - slot;
}

void pane_heat_draw(wb *w, pane *p) {
    wb_heat *hs = &w->heat;
    int focus = w->focus == PANE_HEAT || w->focus == PANE_HEAT_B;
    wb_probe pr;
    draw_fill(p->r, C_NORMAL);
    int slot = heat_source(w, p, &pr);
    int which = slot < 0 ? -1 - slot : slot;
    if (slot < 0 && which >= 2) {   /* the pinned pair was taken away meanwhile */
        draw_box(p->r, "activity (pinned)", focus);
        return;
    }
    if (slot < 0) {
        wb_run *r = which ? runs_other(w) : runs_selected(w);
        char title[128];
        if (r && r->have) snprintf(title, sizeof title, "activity: %s", r->snap.name);
        else snprintf(title, sizeof title, "activity");
        draw_box(p->r, title, focus);
        wb_rect in = rect_inner(p->r);
        const char *msg = w->n_runs ? "waiting for the first probe of this run…"
                                    : "no run yet: start one from the prompt (F1 for help)";
        draw_text(in.y + in.h / 2, in.x + 1, in.w - 2, C_AXIS, msg);
        return;
    }
    wb_heat_cache *c = &hs->cache[which];
    if (heat_cache_update(hs, c, &pr) < 0) {
        draw_box(p->r, "activity", focus);
        return;
    }
    /* the longest title that fits: the view settings and SI matter more than the label,
       except with four heatmaps on screen, where the label says which is which (and all
       four drop "activity:", so their titles align) */
    char title[200], si[32], what[96], view[32];
    fmt_num(si, sizeof si, pr.si);
    if (pr.iter >= 0) snprintf(what, sizeof what, "%s @ iter %ld", pr.name, pr.iter);
    else snprintf(what, sizeof what, "%s", pr.name);
    snprintf(view, sizeof view, "%s%s", hs->sort_peak ? "by peak" : "by index", hs->fit ? ", fit" : "");
    int room = p->r.w - 8;
    snprintf(title, sizeof title, "activity: %s │ SI %s │ %s", what, si, view);
    int four = w->panes[PANE_PIN_B].visible;
    if (utf8_width(title) > room || four)
        snprintf(title, sizeof title, "%s │ SI %s │ %s", what, si, view);
    if (utf8_width(title) > room && four) snprintf(title, sizeof title, "%s │ SI %s", what, si);
    if (utf8_width(title) > room) snprintf(title, sizeof title, "SI %s │ %s │ %s", si, view, what);
    draw_box(p->r, title, focus);
    draw_legend(p->r);

    wb_rect in = rect_inner(p->r);
    int gutter = 5;
    int pw = in.w - gutter, rows = in.h - 2;
    if (pw < 4 || rows < 1) return;
    int halves = colors_heat_halves();
    int slots = rows * halves;               /* unit slots on screen */
    /* fit + peak order: squeeze only the active units in, so a sequence among a dozen
       units fills the pane instead of a few rows; the quiet ones are counted below */
    int shown = hs->fit && hs->sort_peak && c->n_active > 0 ? c->n_active : pr.N;
    int group = hs->fit ? (shown + slots - 1) / slots : 1;
    if (group < 1) group = 1;
    if (which == 0) {
        hs->page_units = slots;
        hs->n_units = pr.N;
    }
    int max_off = hs->fit ? 0 : pr.N - slots;
    if (max_off < 0) max_off = 0;
    if (hs->offset > max_off) hs->offset = max_off;
    if (hs->offset < 0) hs->offset = 0;
    int off = hs->fit ? 0 : hs->offset;

    draw_periods(&pr, in.y, in.x + gutter, pw);
    for (int r = 0; r < rows; r++) {
        int k_top = off + r * halves * group;
        if (k_top >= shown) break;
        int y = in.y + 1 + r;
        if (!hs->fit || r % 2 == 0) draw_textf(y, in.x, gutter - 1, C_AXIS, "%4d", k_top + 1);
        for (int col = 0; col < pw; col++) {
            int t0, t1;
            col_steps(col, pw, pr.T, &t0, &t1);
            int up = level_of(heat_value(hs, c, &pr, k_top, k_top + group, shown, t0, t1));
            int lo = -1;
            if (halves == 2) {
                int k_low = k_top + group;
                lo = k_low < shown ? level_of(heat_value(hs, c, &pr, k_low, k_low + group, shown, t0, t1))
                                   : 0;
            }
            if (is_boundary(&pr, t0, t1) && up == 0 && lo <= 0) {
                attrset((int)colors_attr(C_PERIOD));
                mvaddch(y, in.x + gutter + col, colors_utf8() ? ACS_VLINE : '|');
                attrset(A_NORMAL);
                continue;
            }
            cchar_t cc;
            colors_heat_cell(&cc, up, lo);
            mvadd_wch(y, in.x + gutter + col, &cc);
        }
    }
    draw_time_axis(&pr, in.y + in.h - 1, in.x + gutter, pw);
    if (shown < pr.N)   /* in the bottom border, left of the colour legend */
        draw_textf(p->r.y + p->r.h - 1, p->r.x + 2, p->r.w - 30, C_AXIS,
                   " %d active, %d quiet units not shown ", shown, pr.N - shown);
    if (!hs->fit && pr.N > slots)
        draw_textf(in.y + in.h - 1, in.x, gutter, C_AXIS, "%3d%%",
                   (int)(100L * (off + slots < pr.N ? off + slots : pr.N) / pr.N));
}

int pane_heat_key(wb *w, pane *p, int ch) {
    wb_heat *hs = &w->heat;
    int step = colors_heat_halves();
    int page = hs->page_units > step ? hs->page_units - step : step;
    switch (ch) {
    case KEY_UP: hs->offset -= step; break;
    case KEY_DOWN: hs->offset += step; break;
    case KEY_PPAGE: hs->offset -= page; break;
    case KEY_NPAGE: hs->offset += page; break;
    case KEY_HOME: hs->offset = 0; break;
    case KEY_END: hs->offset = hs->n_units; break;
    case 's': hs->sort_peak = !hs->sort_peak; break;
    case 'z': hs->fit = !hs->fit; break;
    case 'n': hs->global_norm = !hs->global_norm; break;
    default: return K_UNHANDLED;
    }
    if (hs->offset < 0) hs->offset = 0;
    if (hs->offset > hs->n_units) hs->offset = hs->n_units;  /* the draw clamps further */
    w->panes[PANE_HEAT].dirty = w->panes[PANE_HEAT_B].dirty = 1;
    w->panes[PANE_PIN_A].dirty = w->panes[PANE_PIN_B].dirty = 1;
    return K_HANDLED | K_REDRAW;
}

void pane_heat_free(wb *w) {
    for (int i = 0; i < 4; i++) {
        free(w->heat.cache[i].order);
        free(w->heat.cache[i].umax);
        memset(&w->heat.cache[i], 0, sizeof w->heat.cache[i]);
    }
}
