/* pane_grid.c: the grid pane: a sweep's results over two of its axes (the paper's
 * Figure-2 map of λ0 × σ0) filling in while the sweep runs. recmem.sweep.watch(dir) (the
 * watch_sweep hook) opens the sweep; the pane then takes the heatmap's place and re-reads
 * the sweep's result files about once a second (only the files that changed: see
 * store/sweep_grid.c). Each cell is the mean SI of the kept networks among the points
 * that share its two axis values (seeds and other axes pooled), on the heatmap's colour
 * map; cells without a value are marked: x failed, · not kept, … running, blank missing.
 * Keys: arrows move the cell cursor (its numbers are shown under the map), t swaps the
 * axes, g switches between the grid and the activity heatmap, f saves the map as a PDF. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/plot.h"
#include "store/sweep_grid.h"
#include "tui/pane_figure.h"

#define GRID_REREAD_S 1.0

struct wb_grid {
    rm_sweep_grid *g;
    int shown;          /* the pane takes the heatmap's place */
    double last_read;
    size_t cx, cy;      /* the cursor: row (x value) and column (y value) */
};

int pane_grid_shown(wb *w) {
    return w->grid && w->grid->g && w->grid->shown;
}

void pane_grid_hide(wb *w) {
    if (!pane_grid_shown(w)) return;
    w->grid->shown = 0;
    if (w->focus == PANE_GRID) w->focus = PANE_HEAT;
}

void pane_grid_free(wb *w) {
    if (!w->grid) return;
    rm_sweep_grid_free(w->grid->g);
    free(w->grid);
    w->grid = NULL;
}

/* The watch_sweep hook (runs on the main thread, also while a script runs). */
int pane_grid_watch(void *ud, const char *dir, const char *x, const char *y, const char *z,
                    char *err, size_t n) {
    wb *w = ud;
    rm_sweep_grid *g;
    rm_err e;
    if (rm_sweep_grid_open(dir, x, y, z, &g, &e)) {
        snprintf(err, n, "%s", e.msg);
        return -1;
    }
    if (!w->grid && !(w->grid = calloc(1, sizeof *w->grid))) {
        rm_sweep_grid_free(g);
        snprintf(err, n, "out of memory");
        return -1;
    }
    rm_sweep_grid_free(w->grid->g);
    *w->grid = (struct wb_grid){.g = g, .shown = 1, .last_read = wb_now()};
    pane_view_hide(w);   /* one of them in the heatmap's place */
    wb_layout(w);
    wb_redraw_all(w);
    return 0;
}

void pane_grid_tick(wb *w) {
    struct wb_grid *s = w->grid;
    if (!s || !s->g) return;
    double now = wb_now();
    if (now - s->last_read < GRID_REREAD_S) return;
    s->last_read = now;
    if (rm_sweep_grid_refresh(s->g)) w->panes[PANE_GRID].dirty = 1;
}

static const char *value_name(const rm_sweep_grid *g) {
    return strcmp(g->zkey, "si") ? "test IL" : "SI";
}

/* The colour level of a cell value on the grid's range. Level 0 is left out: it is blank
   without colour (and black on a black background), so the lowest value would look like a
   missing cell. */
static int level_of(const rm_sweep_grid *g, double v) {
    int L = colors_heat_levels(), lo = L > 2 ? 1 : 0;
    double span = g->zmax - g->zmin;
    double t = span > 0 ? (v - g->zmin) / span : 0.5;
    int k = lo + (int)lround(t * (L - 1 - lo));
    return k < lo ? lo : k >= L ? L - 1 : k;
}

/* The colour bar with the value range, in the bottom border at the right. */
static void draw_colorbar(const rm_sweep_grid *g, wb_rect r) {
    if (!(g->zmin <= g->zmax)) return;
    int L = colors_heat_levels(), n = L < 12 ? L : 12;
    char lo[32], hi[32], left[48];
    fmt_num(lo, sizeof lo, g->zmin);
    fmt_num(hi, sizeof hi, g->zmax);
    snprintf(left, sizeof left, " %s %s ", value_name(g), lo);
    int lw = utf8_width(left), hw = (int)strlen(hi) + 2;
    int x = r.x + r.w - 2 - lw - n - hw;
    if (x < r.x + r.w / 2) return;
    int y = r.y + r.h - 1;
    draw_text(y, x, lw, C_AXIS, left);
    for (int i = 0; i < n; i++) {
        cchar_t cc;
        colors_heat_cell(&cc, level_of(g, g->zmin + (g->zmax - g->zmin) * i / (n > 1 ? n - 1 : 1)),
                         -1);
        mvadd_wch(y, x + lw + i, &cc);
    }
    draw_textf(y, x + lw + n, hw, C_AXIS, " %s ", hi);
}

/* One cell's mark (no value): failed, not kept, running; missing stays blank. */
static void draw_mark(const rm_grid_cell *c, int y, int x, int cw) {
    const char *m = NULL;
    wb_color col = C_AXIS;
    int utf8 = colors_utf8();
    switch (c->state) {
    case RM_CELL_FAILED: m = "x", col = C_ERR; break;
    case RM_CELL_NOT_KEPT: m = utf8 ? "·" : ".", col = C_AXIS; break;
    case RM_CELL_RUNNING: m = utf8 ? "…" : "~", col = C_INFO; break;
    default: return;
    }
    draw_text(y, x + (cw - 1) / 2, 1, col, m);
}

/* What the cursor's cell holds, in the pane's last row. */
static void draw_readout(const rm_sweep_grid *g, size_t cx, size_t cy, int y, int x, int w) {
    const rm_grid_cell *c = &g->cells[cx * g->ny + cy];
    char v[32], what[96];
    fmt_num(v, sizeof v, c->value);
    if (c->n_value)
        snprintf(what, sizeof what, "%s %s, mean of %d %s", value_name(g), v, c->n_value,
                 strcmp(g->zkey, "si") ? "finished" : "kept");
    else
        snprintf(what, sizeof what, "%s", c->state == RM_CELL_FAILED ? "failed"
                                          : c->state == RM_CELL_NOT_KEPT ? "none kept"
                                          : c->state == RM_CELL_RUNNING ? "running" : "missing");
    char more[64] = "";
    if (c->running) snprintf(more, sizeof more, ", %d running", c->running);
    size_t m = strlen(more);
    if (c->failed) snprintf(more + m, sizeof more - m, ", %d failed", c->failed);
    draw_textf(y, x, w, C_NORMAL, "%s %s, %s %s: %s │ %d/%zu done%s", g->xkey, g->xlab[cx],
               g->ykey, g->ylab[cy], what, c->done, g->per_cell, more);
}

void pane_grid_draw(wb *w, pane *p) {
    int focus = w->focus == PANE_GRID;
    draw_fill(p->r, C_NORMAL);
    struct wb_grid *s = w->grid;
    if (!s || !s->g) {
        draw_box(p->r, "sweep", focus);
        return;
    }
    const rm_sweep_grid *g = s->g;
    /* the longest title that fits: the counts matter more than the names */
    char title[400], counts[128];
    snprintf(counts, sizeof counts, "%zu done, %zu running, %zu failed, %zu left",
             g->count[RM_POINT_DONE], g->count[RM_POINT_RUNNING], g->count[RM_POINT_FAILED],
             g->count[RM_POINT_MISSING]);
    int room = p->r.w - 8;
    snprintf(title, sizeof title, "sweep %s: %s, %s × %s │ %s", g->sweep->name, value_name(g),
             g->xkey, g->ykey, counts);
    if (utf8_width(title) > room)
        snprintf(title, sizeof title, "%s │ %s", g->sweep->name, counts);
    if (utf8_width(title) > room) snprintf(title, sizeof title, "%s", counts);
    draw_box(p->r, title, focus);
    draw_colorbar(g, p->r);
    if (g->per_cell > 1)   /* the other axes, pooled: in the bottom border, left */
        draw_textf(p->r.y + p->r.h - 1, p->r.x + 2, p->r.w / 2 - 2, C_AXIS,
                   " %zu points per cell, pooled ", g->per_cell);
    wb_rect in = rect_inner(p->r);
    if (g->nx == 0 || g->ny == 0) return;
    int gutter = (int)strlen(g->xkey);
    for (size_t i = 0; i < g->nx; i++)
        if (utf8_width(g->xlab[i]) > gutter) gutter = utf8_width(g->xlab[i]);
    if (gutter > 10) gutter = 10;
    gutter++;
    int avail_w = in.w - gutter, avail_h = in.h - 2;
    int cw = avail_w / (int)g->ny, ch = avail_h / (int)g->nx;
    /* near-square cells (a terminal cell is about twice as high as wide), at most 16 wide */
    if (cw > 16) cw = 16;
    if (cw > 2 * ch + 2) cw = 2 * ch + 2;
    if (ch > cw / 2 + 1) ch = cw / 2 + 1;
    if (cw < 1 || ch < 1) {
        draw_textf(in.y + in.h / 2, in.x + 1, in.w - 2, C_AXIS, "the %zu × %zu grid needs a "
                   "larger pane (%d × %d cells at least)", g->nx, g->ny, (int)g->ny + gutter,
                   (int)g->nx + 2);
        return;
    }
    if (s->cx >= g->nx) s->cx = g->nx - 1;
    if (s->cy >= g->ny) s->cy = g->ny - 1;
    /* column labels where they fit without touching the previous one */
    draw_text(in.y, in.x, gutter - 1, C_AXIS, g->xkey);
    int next_free = 0;
    for (size_t j = 0; j < g->ny; j++) {
        int c0 = (int)j * cw, len = utf8_width(g->ylab[j]);
        if (c0 < next_free || c0 + len > avail_w) continue;
        draw_text(in.y, in.x + gutter + c0, len, C_AXIS, g->ylab[j]);
        next_free = c0 + len + 1;
    }
    int right = gutter + (int)g->ny * cw + 1;
    if (right + utf8_width(g->ykey) <= in.w)
        draw_text(in.y, in.x + right, in.w - right, C_AXIS, g->ykey);
    for (size_t i = 0; i < g->nx; i++) {
        int y0 = in.y + 1 + (int)i * ch;
        draw_text(y0 + (ch - 1) / 2, in.x, gutter - 1, C_AXIS, g->xlab[i]);
        for (size_t j = 0; j < g->ny; j++) {
            const rm_grid_cell *c = &g->cells[i * g->ny + j];
            int x0 = in.x + gutter + (int)j * cw;
            int fill = cw >= 4 ? cw - 1 : cw;   /* a gap between wide cells */
            for (int r = 0; r < ch; r++)
                for (int k = 0; k < fill; k++) {
                    if (c->state == RM_CELL_VALUE) {
                        cchar_t cc;
                        colors_heat_cell(&cc, level_of(g, c->value), -1);
                        mvadd_wch(y0 + r, x0 + k, &cc);
                    }
                }
            if (c->state != RM_CELL_VALUE) draw_mark(c, y0 + (ch - 1) / 2, x0, fill);
            if (focus && i == s->cx && j == s->cy && fill >= 3) {
                draw_text(y0 + (ch - 1) / 2, x0, 1, C_TITLE, "[");
                draw_text(y0 + (ch - 1) / 2, x0 + fill - 1, 1, C_TITLE, "]");
            }
        }
    }
    draw_readout(g, s->cx, s->cy, in.y + in.h - 1, in.x, in.w);
}

/* The map as a figure: the plot layer's heatmap of the cell values, grey where a cell
   has none (failed, not kept, missing). */
static int grid_figure(const rm_sweep_grid *g, plot_figure *f, rm_err *e) {
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, e);
    if (!p) return RM_ENOMEM;
    size_t n = g->nx * g->ny;
    double *z = malloc(n * sizeof *z);
    if (!z) return rm_seterr(e, RM_ENOMEM, "out of memory for the figure");
    for (size_t k = 0; k < n; k++) z[k] = g->cells[k].value;
    int rc = plot_heatmap_set(p, z, (int)g->nx, (int)g->ny, e);
    free(z);
    char title[200];
    snprintf(title, sizeof title, "sweep %s: mean %s (NaN: failed, none kept or missing)",
             g->sweep->name,
             strcmp(g->zkey, "si") ? "test information loss" : "SI of the kept networks");
    if (!rc) rc = plot_heatmap_labels(p, 1, (const char *const *)g->xlab, (int)g->nx, e);
    if (!rc) rc = plot_heatmap_labels(p, 0, (const char *const *)g->ylab, (int)g->ny, e);
    if (!rc) rc = plot_set_str(&p->title, title, e);
    if (!rc) rc = plot_set_str(&p->ylabel, g->xkey, e);
    if (!rc) rc = plot_set_str(&p->xlabel, g->ykey, e);
    if (!rc) rc = plot_set_str(&p->zlabel, value_name(g), e);
    return rc;
}

int pane_grid_key(wb *w, pane *p, int ch) {
    struct wb_grid *s = w->grid;
    if (!s || !s->g) return K_UNHANDLED;
    if (ch == 'g') {   /* from any pane: the grid or the heatmap in the big place */
        s->shown = !s->shown;
        if (s->shown) pane_view_hide(w);   /* one of them in the heatmap's place */
        if (!s->shown && w->focus == PANE_GRID) w->focus = PANE_HEAT;
        else if (s->shown && w->focus == PANE_HEAT) w->focus = PANE_GRID;
        return K_HANDLED | K_LAYOUT | K_REDRAW;
    }
    if (w->focus != PANE_GRID || p != &w->panes[PANE_GRID]) return K_UNHANDLED;
    rm_sweep_grid *g = s->g;
    switch (ch) {
    case KEY_UP: if (s->cx > 0) s->cx--; break;
    case KEY_DOWN: if (s->cx + 1 < g->nx) s->cx++; break;
    case KEY_LEFT: if (s->cy > 0) s->cy--; break;
    case KEY_RIGHT: if (s->cy + 1 < g->ny) s->cy++; break;
    case 't': {   /* swap the axes: the same sweep, rows and columns exchanged */
        char err[256], x[64], y[64], z[32], *dir = strdup(g->sweep->dir);
        snprintf(x, sizeof x, "%s", g->ykey);
        snprintf(y, sizeof y, "%s", g->xkey);
        snprintf(z, sizeof z, "%s", g->zkey);
        size_t cx = s->cy, cy = s->cx;
        if (!dir || pane_grid_watch(w, dir, x, y, z, err, sizeof err))
            wb_message(w, "grid: %s", dir ? err : "out of memory");
        else
            s->cx = cx, s->cy = cy;
        free(dir);
        break;
    }
    case 'f': {
        rm_err e = {0};
        plot_figure *f = plot_figure_new(&e);
        int rc = f ? grid_figure(g, f, &e) : RM_ENOMEM;
        pane_figure_write(w, "grid", f, rc, &e);
        plot_figure_free(f);
        return K_HANDLED;
    }
    default: return K_UNHANDLED;
    }
    p->dirty = 1;
    return K_HANDLED;
}
