/* test_plot_text.c: figures drawn as text for a terminal (src/plot/plot_text.c). The text is
 * read back into a grid of cells (character, foreground and background colour from the
 * escape sequences) and checked where it could go wrong: exact size in cells, heatmap cells
 * coloured by their values on the colour map (a higher value nearer the map's top end),
 * the NaN cell grey, the colour bar from the map's top to its bottom, the plain mode free of
 * escape bytes and shaded by value, a line rising where its data rises, a dot group's mean
 * and interval marks at the rows of their values, and the errors for bad sizes. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/plot.h"
#include "testutil.h"

/* ---- reading the text back ---- */

typedef struct {
    uint32_t cp;
    int fg, bg;        /* 0xRRGGBB, or a palette index + 0x1000000 (256 colours); -1 none */
} cell;

typedef struct {
    cell *c;
    int w, h;          /* h lines; w the widest line's cells */
    int widths[600];   /* cells in each line */
    int esc;           /* escape bytes seen */
} screen;

static uint32_t next_cp(const unsigned char **s) {
    const unsigned char *p = *s;
    uint32_t c = p[0];
    int n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (n > 1) c &= 0x7f >> n;
    for (int i = 1; i < n; i++) c = c << 6 | (p[i] & 0x3f);
    *s += n;
    return c;
}

/* Parses SGR sequences (0 reset, 1 bold, 38/48 with ;2;r;g;b or ;5;n) and characters. */
static void read_screen(const char *text, screen *sc, int maxw) {
    memset(sc, 0, sizeof *sc);
    sc->c = calloc((size_t)maxw * 600, sizeof *sc->c);
    const unsigned char *s = (const unsigned char *)text;
    int fg = -1, bg = -1, x = 0;
    while (*s) {
        if (*s == 0x1b) {
            sc->esc++;
            s += 2;   /* ESC [ */
            int par[16], np = 0;
            par[0] = 0;
            while (*s && *s != 'm') {
                if (*s == ';') {
                    if (np < 15) par[++np] = 0;
                } else par[np] = par[np] * 10 + (*s - '0');
                s++;
            }
            if (*s) s++;
            np++;
            for (int i = 0; i < np; i++) {
                if (par[i] == 0) fg = bg = -1;
                else if ((par[i] == 38 || par[i] == 48) && i + 1 < np) {
                    int *t = par[i] == 38 ? &fg : &bg;
                    if (par[i + 1] == 2 && i + 4 < np) *t = par[i + 2] << 16 | par[i + 3] << 8 | par[i + 4], i += 4;
                    else if (par[i + 1] == 5 && i + 2 < np) *t = 0x1000000 + par[i + 2], i += 2;
                }
            }
            continue;
        }
        if (*s == '\n') {
            if (sc->h < 600) sc->widths[sc->h] = x;
            sc->h++, x = 0, s++;
            continue;
        }
        uint32_t cp = next_cp(&s);
        if (x < maxw && sc->h < 600) sc->c[(size_t)sc->h * maxw + x] = (cell){cp, fg, bg};
        x++;
        if (x > sc->w) sc->w = x;
    }
    sc->w = maxw;
}

static const cell *at(const screen *sc, int x, int y) {
    static const cell none = {0, -1, -1};
    if (x < 0 || y < 0 || x >= sc->w || y >= sc->h) return &none;
    return &sc->c[(size_t)y * sc->w + x];
}

static int rgb_int(const unsigned char c[3]) { return c[0] << 16 | c[1] << 8 | c[2]; }

static int inferno_at(double t) {
    unsigned char c[3];
    plot_inferno(t, c);
    return rgb_int(c);
}

static double luminance(int c) {
    return 0.2126 * (c >> 16 & 255) + 0.7152 * (c >> 8 & 255) + 0.0722 * (c & 255);
}

/* The row of screen text y, from column x0 to x1, as UTF-8 (for label searches). */
static const char *row_text(const screen *sc, int y, int x0, int x1) {
    static char buf[4096];
    size_t k = 0;
    for (int x = x0; x < x1 && k + 4 < sizeof buf; x++) {
        uint32_t c = at(sc, x, y)->cp;
        if (c < 0x80) buf[k++] = (char)c;
        else if (c < 0x800) buf[k++] = (char)(0xc0 | c >> 6), buf[k++] = (char)(0x80 | (c & 0x3f));
        else buf[k++] = (char)(0xe0 | c >> 12), buf[k++] = (char)(0x80 | (c >> 6 & 0x3f)),
             buf[k++] = (char)(0x80 | (c & 0x3f));
    }
    buf[k] = 0;
    return buf;
}

/* Every line exactly w cells, exactly h lines. */
static void check_size(const char *what, const screen *sc, int w, int h) {
    CHECK(sc->h == h, "%s: %d lines, want %d", what, sc->h, h);
    for (int y = 0; y < sc->h && y < 600; y++)
        CHECK(sc->widths[y] == w, "%s: line %d is %d cells, want %d", what, y + 1, sc->widths[y], w);
}

/* ---- figures ---- */

static const double Z[6] = {1, 2, 3, 4, NAN, 6};   /* 2 x 3, row 0 on top */

static plot_figure *heatmap_figure(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, &e);
    CHECK(p && plot_heatmap_set(p, Z, 2, 3, &e) == RM_OK, "heatmap: %s", e.msg);
    plot_set_str(&p->title, "cells", &e);
    plot_set_str(&p->xlabel, "column", &e);
    plot_set_str(&p->zlabel, "value", &e);
    return f;
}

static void test_heatmap_colour(void) {
    plot_figure *f = heatmap_figure();
    enum { W = 60, H = 16 };
    char *s = NULL;
    rm_err e = {0};
    CHECK(plot_text(f, W, H, PLOT_TEXT_24BIT, &s, &e) == RM_OK, "text: %s", e.msg);
    screen sc;
    read_screen(s, &sc, W + 8);
    check_size("heatmap 24-bit", &sc, W, H);
    CHECK(sc.esc > 0, "24-bit text has no escape sequences");
    int ax, ay, aw, ah;
    CHECK(plot_text_panel_area(f, W, H, PLOT_TEXT_24BIT, 0, &ax, &ay, &aw, &ah, &e) == RM_OK, "area: %s", e.msg);
    CHECK(aw >= 30 && ah >= 8, "area %dx%d is too small for a 60x16 text", aw, ah);
    CHECK(strstr(row_text(&sc, 0, 0, W), "cells") != NULL, "title missing: '%s'", row_text(&sc, 0, 0, W));
    /* each data cell at the middle of its block: both halves of the character */
    int colour[6];
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++) {
            const cell *k = at(&sc, ax + (int)((c + 0.5) * aw / 3), ay + (int)((r + 0.5) * ah / 2));
            CHECK(k->cp == 0x2580, "cell %d,%d: U+%04X, want the upper half block", r, c, k->cp);
            CHECK(k->fg == k->bg, "cell %d,%d: halves %06x and %06x differ", r, c, k->fg, k->bg);
            colour[r * 3 + c] = k->fg;
        }
    /* the colour range is the data's, 1..6: the ends are the map's ends */
    for (int i = 0; i < 6; i++)
        if (!isnan(Z[i]))
            CHECK(colour[i] == inferno_at((Z[i] - 1) / 5), "value %g: colour %06x, want %06x", Z[i],
                  colour[i], inferno_at((Z[i] - 1) / 5));
    CHECK(colour[0] == inferno_at(0) && colour[5] == inferno_at(1), "the lowest/highest values are not the map's ends");
    const int order[5] = {0, 1, 2, 3, 5};   /* values 1, 2, 3, 4, 6 */
    for (int i = 1; i < 5; i++)
        CHECK(luminance(colour[order[i]]) > luminance(colour[order[i - 1]]),
              "value %g is not brighter than %g", Z[order[i]], Z[order[i - 1]]);
    unsigned char grey[3];
    plot_inferno(NAN, grey);
    CHECK(colour[4] == rgb_int(grey), "NaN cell %06x, want grey %06x", colour[4], rgb_int(grey));
    /* the colour bar: right of the area, the map's top at its top, its bottom above the
       NaN swatch, ticks labelled beside it */
    int bx = ax + aw + 1, bar_h = ah - 2;
    for (int k = 0; k < 2; k++) {
        CHECK(at(&sc, bx + k, ay)->fg == inferno_at(1), "colour bar top %06x", at(&sc, bx + k, ay)->fg);
        CHECK(at(&sc, bx + k, ay + bar_h - 1)->bg == inferno_at(0), "colour bar bottom %06x",
              at(&sc, bx + k, ay + bar_h - 1)->bg);
        CHECK(at(&sc, bx + k, ay + ah - 1)->fg == rgb_int(grey), "no grey NaN swatch under the bar");
    }
    for (int y = ay + 1; y < ay + bar_h; y++)
        CHECK(luminance(at(&sc, bx, y)->fg) < luminance(at(&sc, bx, y - 1)->fg), "colour bar not darker downwards at line %d", y);
    CHECK(strstr(row_text(&sc, ay, bx + 2, W), "6") != NULL, "top of the bar not labelled 6: '%s'", row_text(&sc, ay, bx + 2, W));
    CHECK(strstr(row_text(&sc, ay + bar_h - 1, bx + 2, W), "1") != NULL, "bottom of the bar not labelled 1");
    CHECK(strstr(row_text(&sc, ay + ah - 1, bx + 2, W), "NaN") != NULL, "NaN swatch not labelled");
    CHECK(strstr(row_text(&sc, ay - 1, 0, W), "value") != NULL, "zlabel missing");
    CHECK(strstr(row_text(&sc, H - 1, 0, W), "column") != NULL, "xlabel missing on the last line");
    free(s);
    free(sc.c);

    /* 256 colours: the palette entries of the same colours */
    CHECK(plot_text(f, W, H, PLOT_TEXT_256, &s, &e) == RM_OK, "text 256: %s", e.msg);
    read_screen(s, &sc, W + 8);
    check_size("heatmap 256", &sc, W, H);
    const cell *k = at(&sc, ax + (int)(2.5 * aw / 3), ay + (int)(1.5 * ah / 2));
    unsigned char top[3];
    plot_inferno(1, top);
    CHECK(k->fg == 0x1000000 + plot_xterm256(top), "256: highest cell colour %d, want %d", k->fg - 0x1000000,
          plot_xterm256(top));
    k = at(&sc, ax + (int)(1.5 * aw / 3), ay + (int)(1.5 * ah / 2));
    CHECK(k->fg == 0x1000000 + plot_xterm256(grey), "256: NaN cell colour %d", k->fg - 0x1000000);
    free(s);
    free(sc.c);
    plot_figure_free(f);
}

static void test_heatmap_plain(void) {
    plot_figure *f = heatmap_figure();
    enum { W = 50, H = 12 };
    char *s = NULL;
    rm_err e = {0};
    CHECK(plot_text(f, W, H, PLOT_TEXT_PLAIN, &s, &e) == RM_OK, "plain: %s", e.msg);
    CHECK(strchr(s, 0x1b) == NULL, "plain text holds an escape byte");
    screen sc;
    read_screen(s, &sc, W + 8);
    check_size("heatmap plain", &sc, W, H);
    int ax, ay, aw, ah;
    plot_text_panel_area(f, W, H, PLOT_TEXT_PLAIN, 0, &ax, &ay, &aw, &ah, &e);
    /* shades by value: the lowest blank, the highest full, NaN a cross, darker to lighter */
    static const uint32_t shades[5] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};
    for (int i = 0; i < 6; i++) {
        const cell *k = at(&sc, ax + (int)((i % 3 + 0.5) * aw / 3), ay + (int)((i / 3 + 0.5) * ah / 2));
        uint32_t want = isnan(Z[i]) ? 0xd7 : shades[lround((Z[i] - 1) / 5 * 4)];
        CHECK(k->cp == want, "plain value %g: U+%04X, want U+%04X", Z[i], k->cp, want);
    }
    CHECK(at(&sc, ax + aw + 1, ay)->cp == 0x2588, "plain colour bar top is not full");
    CHECK(at(&sc, ax + aw + 1, ay + ah - 1)->cp == 0xd7, "plain NaN swatch is not a cross");
    free(s);
    free(sc.c);
    plot_figure_free(f);
}

static void test_lines(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    const double y[5] = {1, 2, 3, 4, 5};
    plot_lines_add(p, "rise", NULL, y, 5, &e);
    enum { W = 40, H = 14 };
    char *s = NULL;
    CHECK(plot_text(f, W, H, PLOT_TEXT_PLAIN, &s, &e) == RM_OK, "lines: %s", e.msg);
    screen sc;
    read_screen(s, &sc, W + 8);
    check_size("lines", &sc, W, H);
    int ax, ay, aw, ah;
    plot_text_panel_area(f, W, H, PLOT_TEXT_PLAIN, 0, &ax, &ay, &aw, &ah, &e);
    /* the line rises: in its first column the dots are low, in its last high */
    int first = -1, last = -1;
    for (int r = 0; r < ah; r++) {
        uint32_t a = at(&sc, ax, ay + r)->cp, b = at(&sc, ax + aw - 1, ay + r)->cp;
        if (a >= 0x2800 && a < 0x2900) first = r;
        if (b >= 0x2800 && b < 0x2900 && last < 0) last = r;
    }
    CHECK(first == ah - 1, "the line starts in row %d of %d, want the bottom", first, ah);
    CHECK(last == 0, "the line ends in row %d, want the top", last);
    int dots = 0;
    for (int r = 0; r < ah; r++)
        for (int c = 0; c < aw; c++) dots += at(&sc, ax + c, ay + r)->cp >= 0x2800 && at(&sc, ax + c, ay + r)->cp < 0x2900;
    CHECK(dots >= aw, "the line has %d braille cells over %d columns", dots, aw);
    CHECK(at(&sc, ax - 1, ay + ah)->cp == 0x2514, "no axis corner under the plot");
    CHECK(strstr(row_text(&sc, ay + ah + 1, 0, W), "5") != NULL, "x ticks not labelled");
    CHECK(strstr(row_text(&sc, H - 1, 0, W), "rise") != NULL, "legend missing");
    free(s);
    free(sc.c);
    /* in colour, the series' colour */
    CHECK(plot_text(f, W, H, PLOT_TEXT_24BIT, &s, &e) == RM_OK, "lines 24-bit: %s", e.msg);
    read_screen(s, &sc, W + 8);
    double c[3];
    plot_series_color(0, c);
    int want = (int)lround(c[0] * 255) << 16 | (int)lround(c[1] * 255) << 8 | (int)lround(c[2] * 255);
    CHECK(at(&sc, ax + aw - 1, ay)->fg == want, "series colour %06x, want %06x", at(&sc, ax + aw - 1, ay)->fg, want);
    free(s);
    free(sc.c);
    plot_figure_free(f);
}

static void test_dots(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    plot_panel *p = plot_figure_add(f, PLOT_DOTS, &e);
    const double v[5] = {1, 2, 3, 4, 5};
    plot_dots_add(p, "a - b", v, 5, &e);
    p->hline = 0;
    enum { W = 40, H = 24 };
    char *s = NULL;
    CHECK(plot_text(f, W, H, PLOT_TEXT_PLAIN, &s, &e) == RM_OK, "dots: %s", e.msg);
    screen sc;
    read_screen(s, &sc, W + 8);
    check_size("dots", &sc, W, H);
    int ax, ay, aw, ah;
    plot_text_panel_area(f, W, H, PLOT_TEXT_PLAIN, 0, &ax, &ay, &aw, &ah, &e);
    /* the axis shows 0 (the reference line) to the interval's top */
    double lo = 0, hi = fmax(5, p->groups[0].hi);
    double pad = (hi - lo) * 0.06;
    lo -= pad, hi += pad;
    int cx = ax + aw / 2;
    int row_mean = -1, row_top = -1, row_bottom = -1, bars = 0;
    for (int r = 0; r < ah; r++) {
        uint32_t k = at(&sc, cx, ay + r)->cp;
        if (k == 0x253f) row_mean = r;
        if (k == 0x252c) row_top = r;
        if (k == 0x2534) row_bottom = r;
        bars += k == 0x2502;
    }
    /* rows through the braille dot rows: value v at dot (4ah - 1) * (hi - v) / (hi - lo) */
#define ROW(v) ((int)lround((4.0 * ah - 1) * (hi - (v)) / (hi - lo)) / 4)
    CHECK(row_mean == ROW(3), "mean mark in row %d, want %d", row_mean, ROW(3));
    CHECK(row_top == ROW(p->groups[0].hi), "interval top in row %d, want %d", row_top, ROW(p->groups[0].hi));
    CHECK(row_bottom == ROW(p->groups[0].lo), "interval bottom in row %d, want %d", row_bottom, ROW(p->groups[0].lo));
    CHECK(bars >= row_bottom - row_top - 2, "the interval is broken: %d bars between rows %d and %d", bars, row_top, row_bottom);
    CHECK(at(&sc, cx - 1, ay + row_mean)->cp == 0x2501 && at(&sc, cx + 1, ay + row_mean)->cp == 0x2501,
          "the mean is not a bar across the group");
    /* every value is a dot somewhere in its group's strip */
    int dots = 0;
    for (int r = 0; r < ah; r++)
        for (int c = 0; c < aw; c++) {
            uint32_t k = at(&sc, ax + c, ay + r)->cp;
            dots += k > 0x2800 && k < 0x2900 && r != ROW(0);
        }
    CHECK(dots >= 4, "%d dot cells for 5 values", dots);
    CHECK(strstr(row_text(&sc, ay + ah + 1, 0, W), "a - b") != NULL, "group label missing");
#undef ROW
    free(s);
    free(sc.c);
    plot_figure_free(f);
}

/* A grid of all three kinds with a figure title and labels wider than a cell: the size
   holds, and a panel without room says so instead of drawing out of its cell. */
static void test_grid_and_errors(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e), *h = heatmap_figure();
    plot_figure_append(f, h, &e);
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    const double y[3] = {1, NAN, 3};
    plot_lines_add(p, "λ0 = 0.98 — σ0 0", NULL, y, 3, &e);
    plot_set_str(&p->title, "宽字符 wide characters in a long title that does not fit", &e);
    p = plot_figure_add(f, PLOT_DOTS, &e);
    plot_dots_add(p, NULL, y, 3, &e);
    plot_set_str(&f->title, "a grid of three", &e);
    for (int c = 0; c < 3; c++) {
        static const int sizes[][2] = {{20, 5}, {33, 9}, {80, 24}, {157, 41}};
        for (int k = 0; k < 4; k++) {
            char *s = NULL;
            CHECK(plot_text(f, sizes[k][0], sizes[k][1], (plot_text_color)c, &s, &e) == RM_OK, "grid: %s", e.msg);
            screen sc;
            read_screen(s ? s : "", &sc, sizes[k][0] + 8);
            char what[64];
            snprintf(what, sizeof what, "grid %dx%d mode %d", sizes[k][0], sizes[k][1], c);
            check_size(what, &sc, sizes[k][0], sizes[k][1]);
            if (k == 0) CHECK(s && strstr(s, "(too"), "%s: no '(too small)'", what);
            free(s);
            free(sc.c);
        }
    }
    /* more panels than lines: every panel without room, the size still exact */
    plot_figure *many = plot_figure_new(&e);
    for (int i = 0; i < 40; i++) {
        plot_figure_append(many, f, &e);
        plot_set_str(&many->panels[many->n_panels - 1].title, "a title", &e);
    }
    char *t = NULL;
    CHECK(plot_text(many, 20, 5, PLOT_TEXT_24BIT, &t, &e) == RM_OK, "120 panels: %s", e.msg);
    screen sm;
    read_screen(t ? t : "", &sm, 28);
    check_size("120 panels in 20x5", &sm, 20, 5);
    free(t);
    free(sm.c);
    plot_figure_free(many);
    char *s = (char *)1;
    CHECK(plot_text(f, 0, 20, PLOT_TEXT_PLAIN, &s, &e) == RM_EINVAL && s == NULL, "width 0 accepted");
    CHECK(strstr(e.msg, "width 0") != NULL, "width 0: '%s'", e.msg);
    CHECK(plot_text(f, 5000, 20, PLOT_TEXT_PLAIN, &s, &e) == RM_EINVAL, "width 5000 accepted");
    CHECK(plot_text(f, 80, 4, PLOT_TEXT_PLAIN, &s, &e) == RM_EINVAL, "height 4 accepted");
    CHECK(plot_text(f, 80, 100000, PLOT_TEXT_PLAIN, &s, &e) == RM_EINVAL, "height 100000 accepted");
    int x, yy, w, hh;
    CHECK(plot_text_panel_area(f, 80, 24, PLOT_TEXT_PLAIN, 3, &x, &yy, &w, &hh, &e) == RM_EINVAL, "panel 4 of 3 accepted");
    plot_figure *empty = plot_figure_new(&e);
    CHECK(plot_text(empty, 80, 24, PLOT_TEXT_PLAIN, &s, &e) == RM_EINVAL, "empty figure accepted");
    CHECK(strstr(e.msg, "no panels") != NULL, "empty figure: '%s'", e.msg);
    plot_figure_free(empty);
    plot_figure_free(h);
    plot_figure_free(f);
}

int main(void) {
    test_heatmap_colour();
    test_heatmap_plain();
    test_lines();
    test_dots();
    test_grid_and_errors();
    return test_result("test_plot_text");
}
