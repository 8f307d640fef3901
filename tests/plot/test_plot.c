/* test_plot.c: the plotting layer: files in each format (PNG read back and checked pixel by
 * pixel at known cells and points, the PDF's page size, the SVG's size), tick values, the
 * figures recmem builds (activity order, map cells, dot intervals), and the one-line errors
 * for bad arguments. Writes into a temporary directory it removes. */
#include <config.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plot/plot.h"
#include "plot/plot_int.h"
#include "testutil.h"

static char dir[64];

static const char *path_in(const char *name) {
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static char *slurp(const char *path, long *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)*n + 1);
    if (b && fread(b, 1, (size_t)*n, f) != (size_t)*n) *n = 0;
    if (b) b[*n] = 0;
    fclose(f);
    return b;
}

/* The RGB of pixel (x, y) of a PNG read back with cairo. */
static void pixel(cairo_surface_t *s, int x, int y, int rgb[3]) {
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned int v = *(unsigned int *)(d + (size_t)y * stride + 4 * x);
    rgb[0] = (v >> 16) & 255, rgb[1] = (v >> 8) & 255, rgb[2] = v & 255;
}

static int near(const int a[3], int r, int g, int b, int tol) {
    return abs(a[0] - r) <= tol && abs(a[1] - g) <= tol && abs(a[2] - b) <= tol;
}

static void test_heatmap_png(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, &e);
    /* 2 rows x 3 columns; row 0 at the top */
    double z[6] = {0, 0.5, 1, 0.25, NAN, 0.75};
    CHECK(plot_heatmap_set(p, z, 2, 3, &e) == RM_OK, "heatmap_set: %s", e.msg);
    p->zmin = 0, p->zmax = 1;
    plot_set_str(&p->title, "cells", &e);
    plot_set_str(&p->xlabel, "column", &e);
    plot_set_str(&p->ylabel, "row", &e);
    plot_set_str(&p->zlabel, "value", &e);
    f->width = 300, f->height = 200, f->dpi = 144;   /* 2 pixels per point */
    CHECK(plot_save(f, path_in("heat.png"), &e) == RM_OK, "save png: %s", e.msg);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path_in("heat.png"));
    CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, "png reads back");
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        CHECK(cairo_image_surface_get_width(s) == 600, "png width %d", cairo_image_surface_get_width(s));
        CHECK(cairo_image_surface_get_height(s) == 400, "png height %d", cairo_image_surface_get_height(s));
        double ax, ay, aw, ah;
        CHECK(plot_panel_area(f, 0, &ax, &ay, &aw, &ah, &e) == RM_OK, "area");
        CHECK(aw > 100 && ah > 60, "data area %gx%g leaves room for the cells", aw, ah);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++) {
                double v = z[r * 3 + c];
                /* NaN: off the centre, where the cross is not */
                double fx = isnan(v) ? 0.15 : 0.5, fy = isnan(v) ? 0.15 : 0.5;
                int px = (int)(2 * (ax + (c + fx) * aw / 3)), py = (int)(2 * (ay + (r + fy) * ah / 2));
                unsigned char want[3];
                plot_inferno(isnan(v) ? NAN : v, want);
                int got[3];
                pixel(s, px, py, got);
                CHECK(near(got, want[0], want[1], want[2], 2),
                      "cell (%d,%d) = %g: pixel (%d,%d) is %d,%d,%d, want %d,%d,%d", r, c, v, px, py,
                      got[0], got[1], got[2], want[0], want[1], want[2]);
            }
        /* the NaN cell's centre carries the cross (darker than the grey) */
        int got[3];
        pixel(s, (int)(2 * (ax + 1.5 * aw / 3)), (int)(2 * (ay + 1.5 * ah / 2)), got);
        CHECK(got[0] < 170, "NaN cell marked with a cross (centre %d)", got[0]);
        /* the colour bar right of the map: bright at the top, dark at the bottom */
        int top[3], bottom[3];
        pixel(s, (int)(2 * (ax + aw + 16)), (int)(2 * (ay + 3)), top);
        pixel(s, (int)(2 * (ax + aw + 16)), (int)(2 * (ay + ah - 2 * 12 - 3)), bottom);
        CHECK(top[0] > 230 && top[1] > 200, "colour bar top is bright yellow (%d,%d,%d)", top[0], top[1], top[2]);
        CHECK(bottom[0] < 40 && bottom[1] < 40, "colour bar bottom is dark (%d,%d,%d)", bottom[0], bottom[1], bottom[2]);
    }
    cairo_surface_destroy(s);
    plot_figure_free(f);
}

static void test_lines_png(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    double x[2] = {0, 1}, y[2] = {0, 1}, y2[3] = {1, NAN, 0}, x2[3] = {0, 0.5, 1};
    CHECK(plot_lines_add(p, "rising", x, y, 2, &e) == RM_OK, "lines_add: %s", e.msg);
    CHECK(plot_lines_add(p, "falling, broken", x2, y2, 3, &e) == RM_OK, "lines_add 2: %s", e.msg);
    p->xmin = 0, p->xmax = 1, p->ymin = 0, p->ymax = 1;
    f->width = 320, f->height = 240, f->dpi = 72;
    CHECK(plot_save(f, path_in("lines.png"), &e) == RM_OK, "save: %s", e.msg);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path_in("lines.png"));
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        double ax, ay, aw, ah;
        plot_panel_area(f, 0, &ax, &ay, &aw, &ah, &e);
        double rgb[3];
        plot_series_color(0, rgb);
        int got[3];
        for (int k = 1; k <= 3; k++) {   /* y = x at x = 0.25, 0.5, 0.75 */
            double t = k / 4.0;
            /* antialiasing spreads the 1.6 pt line over two pixels: one of the 3x3 around
               the point carries the series colour */
            int hit = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    pixel(s, (int)(ax + t * aw) + dx, (int)(ay + (1 - t) * ah) + dy, got);
                    hit |= near(got, (int)(rgb[0] * 255), (int)(rgb[1] * 255), (int)(rgb[2] * 255), 30);
                }
            CHECK(hit, "rising line at x=%g has the series colour", t);
        }
        /* the second series is broken at its NaN: nothing drawn around its middle */
        pixel(s, (int)(ax + 0.5 * aw), (int)(ay + 0.15 * ah), got);
        CHECK(near(got, 255, 255, 255, 0), "gap at NaN is white: %d,%d,%d", got[0], got[1], got[2]);
        pixel(s, (int)(ax + 0.5 * aw), (int)(ay + 0.85 * ah), got);
        CHECK(near(got, 255, 255, 255, 0), "empty area is white: %d,%d,%d", got[0], got[1], got[2]);
        /* the legend sits right of the data area, not on it */
        CHECK(ax + aw < 320 - 60, "legend room right of the data (area ends at %g)", ax + aw);
    } else {
        CHECK(0, "lines png reads back");
    }
    cairo_surface_destroy(s);
    plot_figure_free(f);
}

static void test_vector_formats(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    plot_panel *p = plot_figure_add(f, PLOT_DOTS, &e);
    double a[4] = {1, 2, 3, NAN}, b[2] = {-1, 0.5};
    plot_dots_add(p, "a", a, 4, &e);
    plot_dots_add(p, "b", b, 2, &e);
    p->hline = 0;
    f->width = 300, f->height = 200;
    CHECK(plot_save(f, path_in("dots.pdf"), &e) == RM_OK, "save pdf: %s", e.msg);
    CHECK(plot_save(f, path_in("dots.SVG"), &e) == RM_OK, "save svg (upper-case extension): %s", e.msg);
    long n;
    char *pdf = slurp(path_in("dots.pdf"), &n);
    CHECK(pdf && n > 100 && !memcmp(pdf, "%PDF", 4), "pdf starts with %%PDF");
    CHECK(pdf && memmem(pdf, (size_t)n, "/MediaBox [ 0 0 300 200 ]", 25), "pdf page is 300x200 pt");
    free(pdf);
    char *svg = slurp(path_in("dots.SVG"), &n);
    CHECK(svg && strstr(svg, "<svg") && strstr(svg, "width=\"300pt\"") && strstr(svg, "height=\"200pt\""),
          "svg is 300x200 pt");
    free(svg);
    /* mean and 95%% t interval of {1, 2, 3}: 2 +- 4.303 / sqrt(3) */
    check_close("dots mean", p->groups[0].mean, 2, 1e-12);
    check_close("dots interval", p->groups[0].hi - 2, 4.303 / sqrt(3), 1e-9);
    CHECK(p->groups[0].n == 4, "NaN kept in the data, ignored in the mean");
    plot_figure_free(f);
}

static void test_ticks(void) {
    plot_ticks t;
    ticks_make(&t, 0, 1, 0, 6);
    CHECK(t.n == 6 && fabs(t.v[1] - 0.2) < 1e-12 && !strcmp(t.label[1], "0.2") &&
          !strcmp(t.label[5], "1.0"), "0..1: 6 ticks by 0.2 (n %d, %s)", t.n, t.label[1]);
    ticks_make(&t, 0, 9500, 0, 5);
    CHECK(t.n == 5 && t.v[1] == 2000 && !strcmp(t.label[4], "8000"), "0..9500: by 2000 (n %d)", t.n);
    ticks_make(&t, -0.3, 0.3, 0, 4);
    CHECK(t.n >= 3 && !strcmp(t.label[t.n / 2], "0.0"), "symmetric range has a tick at 0.0 (%s)", t.label[t.n / 2]);
    ticks_make(&t, 0.001, 10, 1, 8);
    CHECK(t.n == 5 && fabs(t.v[0] - 0.001) < 1e-15 && !strcmp(t.label[4], "10"), "log: decades (n %d)", t.n);
    ticks_make(&t, 0.2, 0.9, 1, 6);
    CHECK(t.n >= 2 && fabs(t.v[0] - 0.2) < 1e-12 && fabs(t.v[1] - 0.5) < 1e-12, "log within a decade: 0.2, 0.5");
}

static void test_recmem_figures(void) {
    rm_err e = {0};
    /* 3 units, 4 steps, peaks at t = 2, 0, 3: sorted order 1, 0, 2 */
    float h[12] = {0};
    h[2 * 3 + 0] = 2, h[0 * 3 + 1] = 1, h[3 * 3 + 2] = 4, h[1 * 3 + 2] = 1;
    plot_figure *f = plot_figure_new(&e);
    plot_activity_opts o = {1, 0, 0};
    CHECK(plot_activity_figure(f, h, 1, 4, 3, 1, 2, 1, &o, "t", &e) == RM_OK, "activity: %s", e.msg);
    plot_panel *p = &f->panels[0];
    CHECK(p->rows == 3 && p->cols == 4, "activity is units x time");
    CHECK(p->z[0 * 4 + 0] == 1 && p->z[1 * 4 + 2] == 1 && p->z[2 * 4 + 3] == 1,
          "rows in peak order, each unit at 1 at its peak");
    check_close("unit 2 at t=1 on its own scale", p->z[2 * 4 + 1], 0.25, 1e-12);
    CHECK(p->n_spans == 3 && !strcmp(p->spans[1].label, "delay") && p->spans[1].x0 == 1 &&
          p->spans[1].x1 == 3, "task periods marked");
    plot_figure_free(f);

    double x[5] = {1, 1, 2, 2, NAN}, y[5] = {0, 1, 0, 0, 0}, z[5] = {1, 2, 3, 5, 9};
    f = plot_figure_new(&e);
    CHECK(plot_map_figure(f, x, y, z, 5, "lambda0", "sigma0", "si", &e) == RM_OK, "map: %s", e.msg);
    p = &f->panels[0];
    CHECK(p->rows == 2 && p->cols == 2, "map 2x2 (%dx%d)", p->rows, p->cols);
    CHECK(p->z[0] == 1 && p->z[1] == 4 && p->z[2] == 2 && isnan(p->z[3]),
          "map cells: mean over seeds, NaN where no run");
    CHECK(p->row0_bottom && !strcmp(p->col_labels[1], "2") && !strcmp(p->row_labels[1], "1"),
          "map labels and orientation");
    CHECK(!strcmp(p->zlabel, "mean si"), "map colour bar names the mean");
    CHECK(plot_save(f, path_in("map.png"), &e) == RM_OK, "map saves: %s", e.msg);
    plot_figure_free(f);

    float loss[5] = {1, 0.5, 0.25, 0.2, 0.1}, il[2] = {0.8, 0.3};
    long it[2] = {2, 5};
    f = plot_figure_new(&e);
    CHECK(plot_training_figure(f, loss, 5, 0, il, it, 2, 1, NULL, &e) == RM_OK, "training: %s", e.msg);
    CHECK(f->panels[0].n_series == 2 && f->panels[0].series[0].x[0] == 1 && f->panels[0].logy,
          "training curves: two series from iteration 1, log axis");
    plot_figure *g = plot_figure_new(&e);
    CHECK(plot_figure_append(g, f, &e) == RM_OK && plot_figure_append(g, f, &e) == RM_OK, "grid append");
    CHECK(g->n_panels == 2 && g->panels[1].series[1].y[1] == (double)il[1], "grid copies panels");
    g->ncols = 2;
    CHECK(plot_save(g, path_in("grid.svg"), &e) == RM_OK, "grid saves: %s", e.msg);
    plot_figure_free(f);
    plot_figure_free(g);
}

/* A bad argument returns RM_EINVAL (or RM_EIO) with a one-line message mentioning pat. */
static void expect_err(const char *what, int rc, const rm_err *e, const char *pat) {
    CHECK(rc != RM_OK && strstr(e->msg, pat) && !strchr(e->msg, '\n'),
          "%s: rc %d, message '%s' (want '%s')", what, rc, e->msg, pat);
}

static void test_errors(void) {
    rm_err e = {0};
    plot_figure *f = plot_figure_new(&e);
    expect_err("no panels", plot_save(f, path_in("x.png"), &e), &e, "no panels");
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, &e);
    double z[4] = {0, 1, 2, 3};
    expect_err("empty heatmap", plot_heatmap_set(p, z, 0, 4, &e), &e, "empty");
    expect_err("heatmap without data", plot_save(f, path_in("x.png"), &e), &e, "no data");
    double inf[2] = {0, INFINITY};
    expect_err("infinite cell", plot_heatmap_set(p, inf, 1, 2, &e), &e, "infinite");
    plot_heatmap_set(p, z, 2, 2, &e);
    const char *three[3] = {"a", "b", "c"};
    expect_err("label count", plot_heatmap_labels(p, 0, three, 3, &e), &e, "3 column labels for 2");
    expect_err("unknown format", plot_save(f, path_in("x.jpg"), &e), &e, ".pdf, .svg or .png");
    expect_err("unwritable", plot_save(f, "/nonexistent-dir/x.png", &e), &e, "nonexistent-dir");
    expect_err("directory", plot_check_output(dir, &e), &e, "must end in");
    f->width = 10;
    expect_err("tiny figure", plot_save(f, path_in("x.png"), &e), &e, "size");
    f->width = 0, f->dpi = 5000;
    expect_err("dpi", plot_save(f, path_in("x.png"), &e), &e, "dpi");
    f->dpi = 0;
    p->zmin = 2, p->zmax = 1;
    expect_err("colour range", plot_save(f, path_in("x.png"), &e), &e, "zmax");
    p->zmin = p->zmax = NAN;
    CHECK(access(path_in("x.png"), F_OK) != 0, "no file left after refused saves");
    plot_panel *l = plot_figure_add(f, PLOT_LINES, &e);
    expect_err("empty series", plot_lines_add(l, "s", z, z, 0, &e), &e, "empty");
    expect_err("lines without series", plot_save(f, path_in("x.png"), &e), &e, "no series");
    plot_lines_add(l, "s", z, z, 4, &e);
    l->logy = 1, l->ymin = -1;
    expect_err("log axis below zero", plot_figure_check(f, &e), &e, "log axis");
    plot_panel *d = plot_figure_add(f, PLOT_DOTS, &e);
    expect_err("empty group", plot_dots_add(d, "g", z, 0, &e), &e, "empty");
    plot_figure_free(f);
    f = plot_figure_new(&e);
    float h[4] = {0};
    plot_activity_opts active = {1, 0, 1};
    expect_err("silent trace, active units only",
               plot_activity_figure(f, h, 1, 2, 2, 0, 0, 0, &active, NULL, &e), &e, "no unit is active");
    expect_err("empty trace", plot_activity_figure(f, h, 0, 2, 2, 0, 0, 0, NULL, NULL, &e), &e, "empty");
    double nx[1] = {NAN};
    expect_err("map without coordinates", plot_map_figure(f, nx, nx, nx, 1, "a", "b", "c", &e), &e,
               "no row has both a and b");
    plot_figure_free(f);
}

int main(void) {
    snprintf(dir, sizeof dir, "/tmp/test_plot.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_heatmap_png();
    test_lines_png();
    test_vector_formats();
    test_ticks();
    test_recmem_figures();
    test_errors();
    const char *names[] = {"heat.png", "lines.png", "dots.pdf", "dots.SVG", "map.png", "grid.svg"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) unlink(path_in(names[i]));
    if (rmdir(dir) != 0) CHECK(0, "stray files left in %s", dir);
    return test_result("test_plot");
}
