/* plot_text.c: a figure description drawn as text for a terminal: the same panels, grid,
 * ranges, ticks and colour map as the figure files (plot_render.c and the kinds' files),
 * in character cells. A heatmap is half-block cells (two data rows per line: the upper in
 * the foreground colour, the lower in the background) with a colour bar and a grey NaN
 * swatch; lines and dot groups are braille dots (2 x 4 per cell) with the groups' means
 * and intervals as box-drawing marks; axes, ticks, titles and labels are text. Without
 * colour a heatmap becomes shade characters and the series differ by line style, so the
 * text stays readable with no escape sequence at all. The result has exactly the asked
 * number of lines, each exactly the asked number of cells wide (characters that a
 * terminal draws two cells wide become '?'), so callers can place it and tests can count.
 * Also what the front ends need to draw in a terminal: its size and colours, and the size a
 * figure is drawn at by default. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "plot/plot_int.h"

/* ---- cells ---- */

typedef struct { unsigned char r, g, b; } rgb8;

typedef struct {
    uint32_t cp;                     /* the character (a narrow code point) */
    unsigned char fg_on, bg_on, bold;
    rgb8 fg, bg;
} tcell;

typedef struct {
    tcell *c;
    int w, h;
    int colour;                      /* 0: plain text (colours are dropped) */
} canvas;

static const rgb8 GREY = {128, 128, 128};

static tcell *cell_at(canvas *cv, int x, int y) {
    if (x < 0 || y < 0 || x >= cv->w || y >= cv->h) return NULL;
    return &cv->c[(size_t)y * cv->w + x];
}

/* A character in the foreground colour fg (NULL: the terminal's) on the default
   background. */
static void put(canvas *cv, int x, int y, uint32_t cp, const rgb8 *fg, int bold) {
    tcell *t = cell_at(cv, x, y);
    if (!t) return;
    memset(t, 0, sizeof *t);
    t->cp = cp;
    t->bold = (unsigned char)bold;
    if (fg && cv->colour) t->fg_on = 1, t->fg = *fg;
}

/* Two colours in one cell: the upper half block over its background. */
static void put_halves(canvas *cv, int x, int y, rgb8 upper, rgb8 lower) {
    tcell *t = cell_at(cv, x, y);
    if (!t) return;
    memset(t, 0, sizeof *t);
    t->cp = 0x2580;
    t->fg_on = t->bg_on = 1;
    t->fg = upper, t->bg = lower;
}

static rgb8 inferno8(double t) {
    unsigned char c[3];
    plot_inferno(t, c);
    return (rgb8){c[0], c[1], c[2]};
}

static rgb8 series8(int k) {
    double c[3];
    plot_series_color(k, c);
    return (rgb8){(unsigned char)lround(c[0] * 255), (unsigned char)lround(c[1] * 255),
                  (unsigned char)lround(c[2] * 255)};
}

/* ---- text ---- */

/* The next code point of *s (advancing it); malformed bytes read as '?'. */
static uint32_t next_cp(const char **s) {
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    int n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3
            : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n == 0) {
        *s += 1;
        return '?';
    }
    if (n > 1) c &= 0x7f >> n;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *s += i;
            return '?';
        }
        c = c << 6 | (p[i] & 0x3f);
    }
    *s += n;
    return c;
}

/* What a code point becomes in a cell: 0 for one that takes none (combining marks,
   zero-width spaces), '?' for one a terminal draws two cells wide, a space for a control
   character, else itself. */
static uint32_t narrow(uint32_t c) {
    if ((c >= 0x300 && c < 0x370) || (c >= 0x200b && c < 0x2010) || (c >= 0xfe00 && c < 0xfe10))
        return 0;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return ' ';
    if ((c >= 0x1100 && c < 0x1160) || (c >= 0x2e80 && c < 0xa4d0) || (c >= 0xac00 && c < 0xd7a4) ||
        (c >= 0xf900 && c < 0xfb00) || (c >= 0xfe30 && c < 0xfe50) || (c >= 0xff00 && c < 0xff61) ||
        (c >= 0xffe0 && c < 0xffe7) || c >= 0x1f000)
        return '?';
    return c;
}

static int text_cells(const char *s) {
    int n = 0;
    while (s && *s) n += narrow(next_cp(&s)) != 0;
    return n;
}

/* Writes s from column x on row y, at most maxw cells (a cut text ends in an ellipsis)
   and never past the canvas. Returns the cells it took. */
static int text_put(canvas *cv, int x, int y, int maxw, const char *s, const rgb8 *fg, int bold) {
    int used = 0;
    while (s && *s && used < maxw) {
        uint32_t c = narrow(next_cp(&s));
        if (!c) continue;
        put(cv, x + used, y, c, fg, bold);
        used++;
    }
    if (used == maxw && used > 0 && text_cells(s) > 0) put(cv, x + used - 1, y, 0x2026, fg, bold);
    return used;
}

/* s centred on column cx, kept within columns [lo, hi). */
static void text_centre(canvas *cv, int cx, int y, int lo, int hi, const char *s, int bold) {
    int n = text_cells(s), x = cx - n / 2;
    if (x + n > hi) x = hi - n;
    if (x < lo) x = lo;
    text_put(cv, x, y, hi - x, s, NULL, bold);
}

/* ---- braille dots ---- */

typedef struct {
    unsigned char *bits, *coloured;
    rgb8 *col;
    int w, h;       /* cells; the dots are 2w x 4h */
} dotgrid;

static int dots_init(dotgrid *d, int w, int h) {
    size_t n = (size_t)w * h;
    d->w = w, d->h = h;
    d->bits = calloc(n, 1);
    d->coloured = calloc(n, 1);
    d->col = calloc(n, sizeof *d->col);
    return d->bits && d->coloured && d->col ? 0 : -1;
}

static void dots_free(dotgrid *d) {
    free(d->bits), free(d->coloured), free(d->col);
}

static void dot(dotgrid *d, int x, int y, const rgb8 *c) {
    /* braille: dots 1-3 and 7 in the left column, 4-6 and 8 in the right */
    static const unsigned char bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    if (x < 0 || y < 0 || x >= 2 * d->w || y >= 4 * d->h) return;
    size_t i = (size_t)(y / 4) * d->w + x / 2;
    d->bits[i] |= bit[y % 4][x % 2];
    if (c) d->coloured[i] = 1, d->col[i] = *c;
}

/* Line styles that tell series apart without colour: solid, dashed, dotted. */
static int style_on(int style, int phase) {
    return style == 0 || (style == 1 ? phase % 6 < 4 : phase % 2 == 0);
}

static const char *const STYLE_SAMPLE[3] = {"━━", "╍╍", "┈┈"};

/* A line of dots from (x0, y0) to (x1, y1) in style, *phase counting dots along it (so a
   dashed line stays dashed across segments). Far-away ends are pulled in to keep the walk
   short; dots outside the grid are dropped. */
static void dots_line(dotgrid *d, int x0, int y0, int x1, int y1, const rgb8 *c, int style,
                      int *phase) {
    int X = 2 * d->w, Y = 4 * d->h;
#define PULL(v, n) ((v) < -(n) ? -(n) : (v) > 2 * (n) ? 2 * (n) : (v))
    x0 = PULL(x0, X), x1 = PULL(x1, X), y0 = PULL(y0, Y), y1 = PULL(y1, Y);
#undef PULL
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        if (style_on(style, (*phase)++)) dot(d, x0, y0, c);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * err;
        if (e2 >= dy) err += dy, x0 += sx;
        if (e2 <= dx) err += dx, y0 += sy;
    }
}

static void dots_blit(canvas *cv, const dotgrid *d, int x, int y) {
    for (int r = 0; r < d->h; r++)
        for (int c = 0; c < d->w; c++) {
            size_t i = (size_t)r * d->w + c;
            if (d->bits[i])
                put(cv, x + c, y + r, 0x2800u + d->bits[i], d->coloured[i] ? &d->col[i] : NULL, 0);
        }
}

/* ---- layout ---- */

/* A panel in its grid cell: where its data area and its rows of text go. */
typedef struct {
    int cx, cy, cw, ch;              /* the grid cell */
    int ax, ay, aw, ah;              /* the data area (0 x 0: no room) */
    int row_title, row_head, row_spans, row_xticks, row_xlabel, row_legend;  /* -1: none */
    int halves;                      /* heatmap: data rows per line (2 in colour) */
    double xlo, xhi, ylo, yhi, zlo, zhi;
    int has_nan;
    plot_ticks yt;                   /* numeric y ticks (unless the rows carry labels) */
} tlayout;

/* The y range and ticks of a panel, and the widest y label. */
static int y_axis(const plot_panel *p, tlayout *L) {
    int max_n = L->ah / 2 + 1;
    int w = 0;
    if (p->kind == PLOT_HEATMAP) {
        heatmap_extent(p, &L->xlo, &L->xhi, &L->ylo, &L->yhi);
        heatmap_zrange(p, &L->zlo, &L->zhi, &L->has_nan);
        if (p->row_labels) {
            for (int r = 0; r < p->rows; r++) {
                int n = text_cells(p->row_labels[r]);
                if (n > w) w = n;
            }
            L->yt.n = 0;
            return w;
        }
    } else if (p->kind == PLOT_LINES) {
        lines_xrange(p, &L->xlo, &L->xhi);
        lines_yrange(p, &L->ylo, &L->yhi);
    } else {
        L->xlo = 0.5, L->xhi = p->n_groups + 0.5;
        dots_yrange(p, &L->ylo, &L->yhi);
    }
    ticks_make(&L->yt, L->ylo, L->yhi, p->kind == PLOT_LINES && p->logy, max_n);
    for (int i = 0; i < L->yt.n; i++) {
        int n = text_cells(L->yt.label[i]);
        if (n > w) w = n;
    }
    return w;
}

/* The colour bar's ticks (of a heatmap laid out in L) and their widest label. */
static int bar_ticks(const tlayout *L, plot_ticks *t) {
    int bar_h = L->ah - (L->has_nan ? 2 : 0);
    ticks_make(t, L->zlo, L->zhi, 0, (bar_h < 1 ? 1 : bar_h) / 2 + 1);
    int w = L->has_nan ? 3 : 0;
    for (int i = 0; i < t->n; i++) {
        int n = text_cells(t->label[i]);
        if (n > w) w = n;
    }
    return w;
}

#define BAR_COLS 2

static void panel_layout(const plot_panel *p, int colour, int cx, int cy, int cw, int ch,
                         tlayout *L) {
    memset(L, 0, sizeof *L);
    L->cx = cx, L->cy = cy, L->cw = cw, L->ch = ch;
    L->halves = p->kind == PLOT_HEATMAP && colour ? 2 : 1;
    int y = cy;
    L->row_title = p->title && ch >= 1 ? y++ : -1;
    L->row_head = p->ylabel || (p->kind == PLOT_HEATMAP && p->zlabel) ? y++ : -1;
    L->row_spans = p->n_spans ? y++ : -1;
    int bottom = p->kind == PLOT_HEATMAP ? 1 : 2;   /* lines and dots: an axis line too */
    bottom += p->xlabel != NULL;
    bottom += p->kind == PLOT_LINES && lines_has_legend(p);
    L->ay = y;
    L->ah = cy + ch - y - bottom;
    if (L->ah < 1) {
        L->ah = L->aw = 0;
        return;
    }
    int gutter = y_axis(p, L) + 1;          /* the labels and the axis column */
    int right = 1;                          /* a space before the next panel */
    if (p->kind == PLOT_HEATMAP) {
        plot_ticks t;
        right += 1 + BAR_COLS + 1 + bar_ticks(L, &t);
    }
    L->ax = cx + gutter;
    L->aw = cw - gutter - right;
    if (L->aw < 4) {
        L->ah = L->aw = 0;
        return;
    }
    int b = L->ay + L->ah;
    if (p->kind != PLOT_HEATMAP) b++;       /* the axis line */
    L->row_xticks = b++;
    L->row_xlabel = p->xlabel ? b++ : -1;
    L->row_legend = p->kind == PLOT_LINES && lines_has_legend(p) ? b++ : -1;
}

/* ---- axes ---- */

/* Column (0 .. aw-1) of x on a heatmap (cells split the extent evenly) or a plot (dot
   columns, two per cell). -1 if outside. */
static int x_col(const plot_panel *p, const tlayout *L, double v) {
    double f = (v - L->xlo) / (L->xhi - L->xlo);
    if (!(f >= -1e-9 && f <= 1 + 1e-9)) return -1;
    if (p->kind == PLOT_HEATMAP) {
        int c = (int)floor(f * L->aw);
        return c < 0 ? 0 : c >= L->aw ? L->aw - 1 : c;
    }
    return (int)lround(f * (2 * L->aw - 1)) / 2;
}

/* Row (0 .. ah-1) of y: on a plot through its dot rows, on a heatmap by the cells. */
static int y_row(const plot_panel *p, const tlayout *L, double v) {
    if (p->kind == PLOT_HEATMAP) {
        double f = (v - L->ylo) / (L->yhi - L->ylo);
        if (!(f >= -1e-9 && f <= 1 + 1e-9)) return -1;
        int r = (int)floor((p->row0_bottom ? 1 - f : f) * L->ah);
        return r < 0 ? 0 : r >= L->ah ? L->ah - 1 : r;
    }
    plot_scale ys = {L->ylo, L->yhi, p->kind == PLOT_LINES && p->logy, 4.0 * L->ah - 1, 0};
    double d = scale_map(&ys, v);
    if (!(d >= -0.5 && d <= 4.0 * L->ah - 0.5)) return -1;
    return (int)lround(d) / 4;
}

/* The y axis: a line left of the area with a tick and a label at each tick row. */
static void draw_y_axis(canvas *cv, const plot_panel *p, const tlayout *L) {
    int x = L->ax - 1;
    for (int r = 0; r < L->ah; r++) put(cv, x, L->ay + r, 0x2502, NULL, 0);   /* │ */
    if (p->kind == PLOT_HEATMAP && p->row_labels) {
        int step = (int)ceil(p->rows / (double)L->ah - 1e-9);
        if (step < 1) step = 1;
        for (int i = 0; i < p->rows; i += step) {
            double f = (i + 0.5) / p->rows;
            int r = (int)floor((p->row0_bottom ? 1 - f : f) * L->ah);
            if (r >= L->ah) r = L->ah - 1;
            int n = text_cells(p->row_labels[i]);
            put(cv, x, L->ay + r, 0x2524, NULL, 0);                            /* ┤ */
            text_put(cv, x - n, L->ay + r, n, p->row_labels[i], NULL, 0);
        }
        return;
    }
    int last = -1;
    for (int i = 0; i < L->yt.n; i++) {
        int r = y_row(p, L, L->yt.v[i]);
        if (r < 0 || r == last) continue;
        int n = text_cells(L->yt.label[i]);
        put(cv, x, L->ay + r, 0x2524, NULL, 0);
        text_put(cv, x - n, L->ay + r, n, L->yt.label[i], NULL, 0);
        last = r;
    }
}

/* Labels centred on columns pos[i] of the area, each only where it clears the one before. */
static void x_labels(canvas *cv, const tlayout *L, const int *pos, char *const *labels, int n,
                     int ticks) {
    int next_free = L->cx;
    for (int i = 0; i < n; i++) {
        if (pos[i] < 0) continue;
        int w = text_cells(labels[i]), x = L->ax + pos[i] - w / 2;
        if (x + w > L->cx + L->cw) x = L->cx + L->cw - w;
        if (x < next_free) continue;
        text_put(cv, x, L->row_xticks, w, labels[i], NULL, 0);
        if (ticks) put(cv, L->ax + pos[i], L->ay + L->ah, 0x252c, NULL, 0);  /* ┬ */
        next_free = x + w + 1;
    }
}

/* Categorical labels at the centres of n equal slots, thinned so none collide. */
static void x_categories(canvas *cv, const tlayout *L, char *const *labels, int n, int ticks) {
    int wmax = 0;
    for (int i = 0; i < n; i++) {
        int w = text_cells(labels[i]);
        if (w > wmax) wmax = w;
    }
    double spacing = (double)L->aw / n;
    int step = (int)ceil((wmax + 1) / spacing - 1e-9);
    if (step < 1) step = 1;
    int *pos = malloc((size_t)n * sizeof *pos);
    if (!pos) return;
    for (int i = 0; i < n; i++) pos[i] = i % step ? -1 : (int)((i + 0.5) * spacing);
    x_labels(cv, L, pos, labels, n, ticks);
    free(pos);
}

static void x_numeric(canvas *cv, const plot_panel *p, const tlayout *L, int ticks) {
    plot_ticks t;
    ticks_make(&t, L->xlo, L->xhi, 0, L->aw / 8 + 1);
    int pos[MAX_TICKS];
    char *labels[MAX_TICKS];
    for (int i = 0; i < t.n; i++) pos[i] = x_col(p, L, t.v[i]), labels[i] = t.label[i];
    x_labels(cv, L, pos, labels, t.n, ticks);
}

/* The x axis line of a plot (lines, dots) under its area. */
static void draw_x_line(canvas *cv, const tlayout *L) {
    int y = L->ay + L->ah;
    put(cv, L->ax - 1, y, 0x2514, NULL, 0);                                  /* └ */
    for (int c = 0; c < L->aw; c++) put(cv, L->ax + c, y, 0x2500, NULL, 0);   /* ─ */
}

/* Task periods: names over their stretch, a mark at each inner boundary. */
static void draw_spans(canvas *cv, const plot_panel *p, const tlayout *L) {
    for (int k = 0; k < p->n_spans; k++) {
        const plot_span *s = &p->spans[k];
        double f0 = (s->x0 - L->xlo) / (L->xhi - L->xlo), f1 = (s->x1 - L->xlo) / (L->xhi - L->xlo);
        int c0 = (int)lround(fmax(0, fmin(1, f0)) * L->aw), c1 = (int)lround(fmax(0, fmin(1, f1)) * L->aw);
        if (c1 <= c0) continue;
        if (c0 > 0) put(cv, L->ax + c0, L->row_spans, 0x250a, &GREY, 0);      /* ┊ */
        int lo = L->ax + c0 + (c0 > 0), hi = L->ax + c1;
        if (s->label && hi - lo >= 3) text_centre(cv, (lo + hi) / 2, L->row_spans, lo, hi, s->label, 0);
    }
}

/* ---- heatmaps ---- */

/* The data rows (or columns) [*a, *b) that slot i of n covers, of m. */
static void slot_range(int i, int n, int m, int *a, int *b) {
    *a = (int)((long)i * m / n);
    *b = (int)((long)(i + 1) * m / n);
    if (*b <= *a) *b = *a + 1;
    if (*b > m) *b = m;
}

double plot_heatmap_cell(const plot_panel *p, int row, int n_rows, int col, int n_cols) {
    int r0, r1, c0, c1;
    slot_range(p->row0_bottom ? n_rows - 1 - row : row, n_rows, p->rows, &r0, &r1);
    slot_range(col, n_cols, p->cols, &c0, &c1);
    double s = 0;
    int n = 0;
    for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++) {
            double v = p->z[(size_t)r * p->cols + c];
            if (isfinite(v)) s += v, n++;
        }
    return n ? s / n : NAN;
}

/* Plain text: a shade for t in [0, 1], a cross for NaN. */
static uint32_t shade(double t) {
    static const uint32_t shades[5] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};   /* ░▒▓█ */
    if (isnan(t)) return 0x00d7;                                               /* × */
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return shades[lround(t * 4)];
}

static void draw_heatmap(canvas *cv, const plot_panel *p, const tlayout *L) {
    int S = L->ah * L->halves;
    double span = L->zhi - L->zlo;
    for (int col = 0; col < L->aw; col++)
        for (int row = 0; row < L->ah; row++) {
            double t[2];
            for (int h = 0; h < L->halves; h++) {
                double v = plot_heatmap_cell(p, row * L->halves + h, S, col, L->aw);
                t[h] = isnan(v) ? NAN : (v - L->zlo) / span;
            }
            if (cv->colour) put_halves(cv, L->ax + col, L->ay + row, inferno8(t[0]), inferno8(t[1]));
            else put(cv, L->ax + col, L->ay + row, shade(t[0]), NULL, 0);
        }
    /* the colour bar: the map from the top of the range down, ticks on its right */
    int bx = L->ax + L->aw + 1, bar_h = L->ah - (L->has_nan ? 2 : 0);
    if (bar_h < 1) bar_h = 1;
    int slots = bar_h * L->halves;
    for (int r = 0; r < bar_h; r++)
        for (int k = 0; k < BAR_COLS; k++) {
            if (cv->colour) {
                double up = slots > 1 ? 1 - (2.0 * r) / (slots - 1) : 1;
                double lo = slots > 1 ? 1 - (2.0 * r + 1) / (slots - 1) : 1;
                put_halves(cv, bx + k, L->ay + r, inferno8(up), inferno8(lo));
            } else {
                put(cv, bx + k, L->ay + r, shade(bar_h > 1 ? 1 - (double)r / (bar_h - 1) : 1), NULL, 0);
            }
        }
    plot_ticks t;
    bar_ticks(L, &t);
    int last = -1;
    for (int i = 0; i < t.n; i++) {
        int r = (int)lround((L->zhi - t.v[i]) / span * (bar_h - 1));
        if (r < 0 || r >= bar_h || r == last) continue;
        text_put(cv, bx + BAR_COLS + 1, L->ay + r, cv->w, t.label[i], NULL, 0);
        last = r;
    }
    if (L->has_nan && L->ah >= 3) {
        int y = L->ay + L->ah - 1;
        for (int k = 0; k < BAR_COLS; k++) {
            if (cv->colour) put_halves(cv, bx + k, y, inferno8(NAN), inferno8(NAN));
            else put(cv, bx + k, y, shade(NAN), NULL, 0);
        }
        text_put(cv, bx + BAR_COLS + 1, y, 3, "NaN", NULL, 0);
    }
    draw_y_axis(cv, p, L);
    if (p->col_labels) x_categories(cv, L, p->col_labels, p->cols, 0);
    else x_numeric(cv, p, L, 0);
}

/* ---- lines ---- */

static void dotted_hline(dotgrid *d, const plot_panel *p, const tlayout *L) {
    if (!isfinite(p->hline)) return;
    plot_scale ys = {L->ylo, L->yhi, p->kind == PLOT_LINES && p->logy, 4.0 * L->ah - 1, 0};
    double y = scale_map(&ys, p->hline);
    if (!(y >= -0.5 && y <= 4.0 * L->ah - 0.5)) return;
    for (int x = 0; x < 2 * L->aw; x += 3) dot(d, x, (int)lround(y), &GREY);
}

static void draw_lines(canvas *cv, const plot_panel *p, const tlayout *L) {
    dotgrid d;
    if (dots_init(&d, L->aw, L->ah)) {
        dots_free(&d);
        return;
    }
    int X = 2 * L->aw, Y = 4 * L->ah;
    plot_scale xs = {L->xlo, L->xhi, 0, 0, X - 1};
    plot_scale ys = {L->ylo, L->yhi, p->logy, Y - 1, 0};
    for (int k = 0; k < p->n_spans; k++)     /* task-period boundaries, dotted */
        for (int end = 0; end < 2; end++) {
            double x = scale_map(&xs, end ? p->spans[k].x1 : p->spans[k].x0);
            if (x > 0.5 && x < X - 1.5)
                for (int y = 0; y < Y; y += 2) dot(&d, (int)lround(x), y, &GREY);
        }
    dotted_hline(&d, p, L);
    for (int k = 0; k < p->n_series; k++) {
        const plot_series *s = &p->series[k];
        rgb8 c = series8(k);
        int style = cv->colour ? 0 : k % 3, phase = 0, pen = 0, px = 0, py = 0;
        for (int i = 0; i < s->n; i++) {
            double fx = scale_map(&xs, s->x[i]), fy = scale_map(&ys, s->y[i]);
            if (!isfinite(fx) || !isfinite(fy)) {
                pen = 0;
                continue;
            }
            fx = fmax(-4.0 * X, fmin(5.0 * X, fx)), fy = fmax(-4.0 * Y, fmin(5.0 * Y, fy));
            int x = (int)lround(fx), y = (int)lround(fy);
            if (s->markers != 2 && pen) dots_line(&d, px, py, x, y, &c, style, &phase);
            dot(&d, x, y, &c);
            if (s->markers == 2) dot(&d, x + 1, y, &c), dot(&d, x, y + 1, &c), dot(&d, x + 1, y + 1, &c);
            px = x, py = y, pen = 1;
        }
    }
    dots_blit(cv, &d, L->ax, L->ay);
    dots_free(&d);
    draw_y_axis(cv, p, L);
    draw_x_line(cv, L);
    x_numeric(cv, p, L, 1);
    if (L->row_legend < 0) return;
    int x = L->cx, end = L->cx + L->cw;
    for (int k = 0; k < p->n_series && x < end; k++) {
        const char *l = p->series[k].label;
        if (!l || !l[0]) continue;
        rgb8 c = series8(k);
        x += text_put(cv, x, L->row_legend, end - x, STYLE_SAMPLE[cv->colour ? 0 : k % 3], &c, 0);
        x += text_put(cv, x, L->row_legend, end - x, " ", NULL, 0);
        x += text_put(cv, x, L->row_legend, end - x, l, NULL, 0);
        x += text_put(cv, x, L->row_legend, end - x, "  ", NULL, 0);
    }
}

/* ---- dot groups ---- */

static void draw_dots(canvas *cv, const plot_panel *p, const tlayout *L) {
    dotgrid d;
    if (dots_init(&d, L->aw, L->ah)) {
        dots_free(&d);
        return;
    }
    int n = p->n_groups, Y = 4 * L->ah;
    double slot = (double)L->aw / n;                 /* cells per group */
    double spread = fmin(slot, 16);                  /* dots: half the slot, at most 8 cells */
    plot_scale ys = {L->ylo, L->yhi, 0, Y - 1, 0};
    dotted_hline(&d, p, L);
    for (int g = 0; g < n; g++) {
        const plot_group *q = &p->groups[g];
        rgb8 c = series8(g);
        int gc = (int)((g + 0.5) * slot);
        for (int i = 0; i < q->n; i++) {
            double y = scale_map(&ys, q->v[i]);
            if (!(y >= -0.5 && y <= Y - 0.5)) continue;
            /* golden-ratio offsets spread the dots evenly and reproducibly, as in the files;
               the centre column is left to the interval */
            double off = (fmod(i * 0.6180339887, 1.0) - 0.5) * spread;
            int x = 2 * gc + 1 + (int)lround(off);
            if (x / 2 == gc) x += off >= 0 ? 2 : -2;
            dot(&d, x, (int)lround(y), &c);
        }
    }
    dots_blit(cv, &d, L->ax, L->ay);
    dots_free(&d);
    /* each group's interval as a bar with caps and its mean across it */
    for (int g = 0; g < n; g++) {
        const plot_group *q = &p->groups[g];
        int x = L->ax + (int)((g + 0.5) * slot);
        int hi = isfinite(q->hi) ? y_row(p, L, q->hi) : -1, lo = isfinite(q->lo) ? y_row(p, L, q->lo) : -1;
        int have = isfinite(q->lo) && isfinite(q->hi);
        if (have) {
            /* ends outside the area are clipped: no cap there */
            double top = scale_map(&ys, q->hi), bot = scale_map(&ys, q->lo);
            int r0 = top < -0.5 ? 0 : hi, r1 = bot > Y - 0.5 ? L->ah - 1 : lo;
            if (r0 >= 0 && r1 >= 0)
                for (int r = r0; r <= r1; r++)
                    put(cv, x, L->ay + r, r == hi && r == lo ? 0x253c      /* ┼ */
                                          : r == hi           ? 0x252c      /* ┬ */
                                          : r == lo           ? 0x2534      /* ┴ */
                                                              : 0x2502,     /* │ */
                        NULL, 1);
        }
        int m = isfinite(q->mean) ? y_row(p, L, q->mean) : -1;
        if (m < 0) continue;
        int hw = (int)fmin(slot * 0.3, 3);
        for (int k = -hw; k <= hw; k++) put(cv, x + k, L->ay + m, 0x2501, NULL, 1);   /* ━ */
        if (have && hi >= 0 && lo >= 0 && hi < lo)
            put(cv, x, L->ay + m, m == hi ? 0x252f : m == lo ? 0x2537 : 0x253f, NULL, 1);   /* ┯ ┷ ┿ */
    }
    draw_y_axis(cv, p, L);
    draw_x_line(cv, L);
    char *labels[PLOT_MAX_GROUPS];
    char nums[PLOT_MAX_GROUPS][12];
    int k = n < PLOT_MAX_GROUPS ? n : PLOT_MAX_GROUPS;
    for (int g = 0; g < k; g++) {
        snprintf(nums[g], sizeof nums[g], "%d", g + 1);
        labels[g] = p->groups[g].label ? p->groups[g].label : nums[g];
    }
    x_categories(cv, L, labels, k, 1);
}

/* ---- the figure ---- */

static void cell_of(const plot_figure *f, int i, int width, int height, int *x, int *y, int *w,
                    int *h) {
    int top = f->title ? 1 : 0, cols = figure_grid_cols(f), rows = figure_grid_rows(f);
    int c = i % cols, r = i / cols, H = height - top;
    *x = c * width / cols;
    *w = (c + 1) * width / cols - *x;
    *y = top + r * H / rows;
    *h = top + (r + 1) * H / rows - *y;
}

static void draw_panel(canvas *cv, const plot_panel *p, const tlayout *L) {
    if (L->row_title >= 0)
        text_centre(cv, L->aw ? L->ax + L->aw / 2 : L->cx + L->cw / 2, L->row_title, L->cx,
                    L->cx + L->cw, p->title, 1);
    if (!L->aw) {
        int y = L->row_title >= 0 ? L->row_title + 1 : L->cy;
        if (y < L->cy + L->ch) text_put(cv, L->cx, y, L->cw - 1, "(too small)", NULL, 0);
        return;
    }
    if (L->row_head >= 0) {
        int zx = L->cx + L->cw;
        if (p->kind == PLOT_HEATMAP && p->zlabel) {
            int n = text_cells(p->zlabel);
            zx = L->cx + L->cw - 1 - n;
            if (zx < L->cx) zx = L->cx;
            text_put(cv, zx, L->row_head, L->cx + L->cw - 1 - zx, p->zlabel, NULL, 0);
        }
        if (p->ylabel) text_put(cv, L->cx, L->row_head, zx - 1 - L->cx, p->ylabel, NULL, 0);
    }
    if (L->row_spans >= 0) draw_spans(cv, p, L);
    if (p->kind == PLOT_HEATMAP) draw_heatmap(cv, p, L);
    else if (p->kind == PLOT_LINES) draw_lines(cv, p, L);
    else draw_dots(cv, p, L);
    if (L->row_xlabel >= 0)
        text_centre(cv, L->ax + L->aw / 2, L->row_xlabel, L->cx, L->cx + L->cw, p->xlabel, 0);
}

static int check_size(const plot_figure *f, int width, int height, rm_err *e) {
    if (width < PLOT_TEXT_MIN_W || width > PLOT_TEXT_MAX_W)
        return rm_seterr(e, RM_EINVAL, "text width %d is outside %d..%d cells", width,
                         PLOT_TEXT_MIN_W, PLOT_TEXT_MAX_W);
    if (height < PLOT_TEXT_MIN_H || height > PLOT_TEXT_MAX_H)
        return rm_seterr(e, RM_EINVAL, "text height %d is outside %d..%d lines", height,
                         PLOT_TEXT_MIN_H, PLOT_TEXT_MAX_H);
    return plot_figure_check(f, e);
}

static void layout_of(const plot_figure *f, int i, int width, int height, int colour, tlayout *L) {
    int x, y, w, h;
    cell_of(f, i, width, height, &x, &y, &w, &h);
    panel_layout(&f->panels[i], colour, x, y, w, h, L);
}

int plot_text_panel_area(const plot_figure *f, int width, int height, plot_text_color color,
                         int i, int *x, int *y, int *w, int *h, rm_err *e) {
    if (check_size(f, width, height, e)) return e ? e->code : RM_EINVAL;
    if (i < 0 || i >= f->n_panels)
        return rm_seterr(e, RM_EINVAL, "panel %d: the figure has %d", i + 1, f->n_panels);
    tlayout L;
    layout_of(f, i, width, height, color != PLOT_TEXT_PLAIN, &L);
    *x = L.ax, *y = L.ay, *w = L.aw, *h = L.ah;
    return RM_OK;
}

/* ---- output ---- */

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
        char *t = realloc(b->s, cap);
        if (!t) return -1;
        b->s = t, b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
    return 0;
}

/* Appends c as UTF-8. */
static int sb_cp(sbuf *b, uint32_t c) {
    static const unsigned char lead[5] = {0, 0, 0xc0, 0xe0, 0xf0};
    char u[4];
    size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (size_t i = n - 1; i > 0; i--, c >>= 6) u[i] = (char)(0x80 | (c & 0x3f));
    u[0] = (char)(lead[n] | c);
    return sb_add(b, u, n);
}

static int same_style(const tcell *a, const tcell *b) {
    return a->bold == b->bold && a->fg_on == b->fg_on && a->bg_on == b->bg_on &&
           (!a->fg_on || !memcmp(&a->fg, &b->fg, sizeof a->fg)) &&
           (!a->bg_on || !memcmp(&a->bg, &b->bg, sizeof a->bg));
}

/* One SGR sequence that sets t's attributes from scratch. */
static int sb_style(sbuf *b, const tcell *t, plot_text_color m) {
    char buf[80];
    int k = snprintf(buf, sizeof buf, "\x1b[0%s", t->bold ? ";1" : "");
    for (int layer = 0; layer < 2; layer++) {
        if (!(layer ? t->bg_on : t->fg_on)) continue;
        rgb8 c = layer ? t->bg : t->fg;
        if (m == PLOT_TEXT_24BIT)
            k += snprintf(buf + k, sizeof buf - (size_t)k, ";%d;2;%d;%d;%d", layer ? 48 : 38, c.r, c.g, c.b);
        else
            k += snprintf(buf + k, sizeof buf - (size_t)k, ";%d;5;%d", layer ? 48 : 38,
                          plot_xterm256((unsigned char[3]){c.r, c.g, c.b}));
    }
    k += snprintf(buf + k, sizeof buf - (size_t)k, "m");
    return sb_add(b, buf, (size_t)k);
}

int plot_text(const plot_figure *f, int width, int height, plot_text_color color, char **out,
              rm_err *e) {
    *out = NULL;
    if (check_size(f, width, height, e)) return e ? e->code : RM_EINVAL;
    canvas cv = {calloc((size_t)width * height, sizeof(tcell)), width, height, color != PLOT_TEXT_PLAIN};
    if (!cv.c) return rm_seterr(e, RM_ENOMEM, "out of memory for %dx%d text", width, height);
    for (size_t i = 0; i < (size_t)width * height; i++) cv.c[i].cp = ' ';
    if (f->title) text_centre(&cv, width / 2, 0, 0, width, f->title, 1);
    for (int i = 0; i < f->n_panels; i++) {
        tlayout L;
        layout_of(f, i, width, height, cv.colour, &L);
        draw_panel(&cv, &f->panels[i], &L);
    }
    sbuf b = {0};
    int fail = 0;
    static const tcell plain_cell = {' ', 0, 0, 0, {0, 0, 0}, {0, 0, 0}};
    for (int y = 0; y < height && !fail; y++) {
        const tcell *cur = &plain_cell;
        for (int x = 0; x < width && !fail; x++) {
            const tcell *t = &cv.c[(size_t)y * width + x];
            if (cv.colour && !same_style(t, cur)) {
                fail |= same_style(t, &plain_cell) ? sb_add(&b, "\x1b[0m", 4) : sb_style(&b, t, color);
                cur = t;
            }
            fail |= sb_cp(&b, t->cp);
        }
        if (!same_style(cur, &plain_cell)) fail |= sb_add(&b, "\x1b[0m", 4);
        fail |= sb_add(&b, "\n", 1);
    }
    free(cv.c);
    if (fail) {
        free(b.s);
        return rm_seterr(e, RM_ENOMEM, "out of memory for %dx%d text", width, height);
    }
    *out = b.s;
    return RM_OK;
}

/* ---- the terminal ---- */

/* The default height's ceiling: a wide terminal still shows a figure and some text. */
#define DEFAULT_MAX_H 36

int plot_text_terminal(int fd, int *cols, int *lines, plot_text_color *color) {
    struct winsize ws;
    int tty = fd >= 0 && isatty(fd);
    int have = tty && ioctl(fd, TIOCGWINSZ, &ws) == 0;
    const char *c = getenv("COLUMNS"), *l = getenv("LINES");
    *cols = c && atoi(c) > 0 ? atoi(c) : have ? ws.ws_col : 0;
    *lines = l && atoi(l) > 0 ? atoi(l) : have ? ws.ws_row : 0;
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM"), *ct = getenv("COLORTERM");
    if ((nc && *nc) || !term || !*term || !strcmp(term, "dumb")) *color = PLOT_TEXT_PLAIN;
    else if (ct && (!strcmp(ct, "truecolor") || !strcmp(ct, "24bit"))) *color = PLOT_TEXT_24BIT;
    else *color = PLOT_TEXT_256;
    return tty;
}

void plot_text_size(const plot_figure *f, int cols, int lines, int *width, int *height) {
    int w = cols <= 0 ? 80 : cols;
    w = w < PLOT_TEXT_MIN_W ? PLOT_TEXT_MIN_W : w > PLOT_TEXT_MAX_W ? PLOT_TEXT_MAX_W : w;
    double fw, fh;
    plot_figure_size(f, &fw, &fh);
    int h = (int)(w * fh / fw * 0.5 + 0.5) + (f->title ? 1 : 0);
    if (h > DEFAULT_MAX_H) h = DEFAULT_MAX_H;
    if (lines > 1 && h > lines - 1) h = lines - 1;
    if (h < PLOT_TEXT_MIN_H) h = PLOT_TEXT_MIN_H;
    *width = w, *height = h;
}
