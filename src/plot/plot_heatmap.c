/* plot_heatmap.c: a 2-D array as coloured cells on the inferno map, with a colour bar,
 * numeric or per-cell axis labels, task-period spans and NaN cells in grey with a cross.
 * The cells go through one image scaled without smoothing, so every format shows sharp
 * cells and a 100 x 150 map stays small in a PDF or SVG. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "plot/plot_int.h"

#define BAR_W 12.0
#define BAR_GAP 10.0

void heatmap_zrange(const plot_panel *p, double *lo, double *hi, int *has_nan) {
    double a = INFINITY, b = -INFINITY;
    *has_nan = 0;
    for (long i = 0; i < (long)p->rows * p->cols; i++) {
        double v = p->z[i];
        if (isnan(v)) {
            *has_nan = 1;
            continue;
        }
        if (v < a) a = v;
        if (v > b) b = v;
    }
    if (!isnan(p->zmin)) a = p->zmin;
    if (!isnan(p->zmax)) b = p->zmax;
    if (!isfinite(a) || !isfinite(b)) a = 0, b = 1;   /* all NaN */
    if (!(b > a)) range_pad(&a, &b, 0, 0);
    *lo = a, *hi = b;
}

void heatmap_extent(const plot_panel *p, double *x0, double *x1, double *y0, double *y1) {
    *x0 = isnan(p->xmin) ? 0 : p->xmin;
    *x1 = isnan(p->xmax) ? p->cols : p->xmax;
    *y0 = isnan(p->ymin) ? 0 : p->ymin;
    *y1 = isnan(p->ymax) ? p->rows : p->ymax;
    if (!(*x1 > *x0)) *x1 = *x0 + p->cols;
    if (!(*y1 > *y0)) *y1 = *y0 + p->rows;
}

static double label_max_width(cairo_t *cr, char *const *l, int n) {
    double w = 0;
    for (int i = 0; i < n; i++) {
        double x = text_width(cr, FONT_TICK, 0, l[i]);
        if (x > w) w = x;
    }
    return w;
}

/* The colour bar spans the map's height, less room for the NaN swatch below it. */
static double bar_height(double area_h, int has_nan) {
    double h = area_h - (has_nan ? 2 * BAR_W : 0);
    return h > 10 ? h : 10;
}

void heatmap_margins(cairo_t *cr, const plot_panel *p, double area_h, plot_margins *m) {
    double y0, y1, x0, x1, zlo, zhi;
    int has_nan;
    heatmap_extent(p, &x0, &x1, &y0, &y1);
    heatmap_zrange(p, &zlo, &zhi, &has_nan);
    if (p->row_labels) {
        m->left = label_max_width(cr, p->row_labels, p->rows);
    } else {
        plot_ticks t;
        ticks_make(&t, y0, y1, 0, ticks_for_height(area_h));
        m->left = ticks_width(cr, &t, FONT_TICK);
    }
    plot_ticks zt;
    ticks_make(&zt, zlo, zhi, 0, ticks_for_height(bar_height(area_h, has_nan)));
    double tw = ticks_width(cr, &zt, FONT_TICK);
    if (has_nan) {
        double nw = text_width(cr, FONT_TICK, 0, "NaN");
        if (nw > tw) tw = nw;
    }
    m->right = BAR_GAP + BAR_W + TICK_LEN + 2 + tw + (p->zlabel ? PAD / 2 + text_height(cr, FONT_LABEL) : 0);
}

/* The cells as an image, one pixel per cell, row 0 at the top of the image unless the
   panel puts it at the bottom. */
static cairo_surface_t *cells_image(const plot_panel *p, double zlo, double zhi) {
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, p->cols, p->rows);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) return img;
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int r = 0; r < p->rows; r++) {
        int row = p->row0_bottom ? p->rows - 1 - r : r;
        uint32_t *px = (uint32_t *)(data + (size_t)row * stride);
        for (int c = 0; c < p->cols; c++) {
            double v = p->z[(size_t)r * p->cols + c];
            unsigned char rgb[3];
            plot_inferno(isnan(v) ? NAN : (v - zlo) / (zhi - zlo), rgb);
            px[c] = (uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | rgb[2];
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

static void paint_image(cairo_t *cr, cairo_surface_t *img, const plot_rect *a, int iw, int ih) {
    cairo_save(cr);
    cairo_rectangle(cr, a->x, a->y, a->w, a->h);
    cairo_clip(cr);
    cairo_translate(cr, a->x, a->y);
    cairo_scale(cr, a->w / iw, a->h / ih);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_paint(cr);
    cairo_restore(cr);
}

/* A cross over each NaN cell big enough to hold one. */
static void nan_marks(cairo_t *cr, const plot_panel *p, const plot_rect *a) {
    double cw = a->w / p->cols, ch = a->h / p->rows;
    if (cw < 5 || ch < 5) return;
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 0.8);
    for (int r = 0; r < p->rows; r++)
        for (int c = 0; c < p->cols; c++) {
            if (!isnan(p->z[(size_t)r * p->cols + c])) continue;
            int row = p->row0_bottom ? p->rows - 1 - r : r;
            double x = a->x + c * cw, y = a->y + row * ch, m = (cw < ch ? cw : ch) * 0.25;
            cairo_move_to(cr, x + cw / 2 - m, y + ch / 2 - m);
            cairo_line_to(cr, x + cw / 2 + m, y + ch / 2 + m);
            cairo_move_to(cr, x + cw / 2 + m, y + ch / 2 - m);
            cairo_line_to(cr, x + cw / 2 - m, y + ch / 2 + m);
            cairo_stroke(cr);
        }
}

static void colour_bar(cairo_t *cr, const plot_panel *p, const plot_rect *a, double zlo,
                       double zhi, int has_nan) {
    plot_rect b = {a->x + a->w + BAR_GAP, a->y, BAR_W, bar_height(a->h, has_nan)};
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 256);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(img);
        unsigned char *data = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        for (int i = 0; i < 256; i++) {
            unsigned char rgb[3];
            plot_inferno((255 - i) / 255.0, rgb);
            *(uint32_t *)(data + (size_t)i * stride) =
                (uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | rgb[2];
        }
        cairo_surface_mark_dirty(img);
        cairo_save(cr);
        cairo_rectangle(cr, b.x, b.y, b.w, b.h);
        cairo_clip(cr);
        cairo_translate(cr, b.x, b.y);
        cairo_scale(cr, b.w, b.h / 256);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
        cairo_paint(cr);
        cairo_restore(cr);
    }
    cairo_surface_destroy(img);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    cairo_stroke(cr);
    plot_scale zs = {zlo, zhi, 0, b.y + b.h, b.y};
    plot_ticks t;
    ticks_make(&t, zlo, zhi, 0, ticks_for_height(b.h));
    /* ticks and labels on the bar's right (the y-axis helper draws on the left) */
    double bx = b.x + b.w;
    double last = 1e18, hgt = text_height(cr, FONT_TICK);
    for (int i = 0; i < t.n; i++) {
        double y = scale_map(&zs, t.v[i]);
        if (y < b.y - 0.5 || y > b.y + b.h + 0.5) continue;
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_move_to(cr, bx, y);
        cairo_line_to(cr, bx + TICK_LEN, y);
        cairo_stroke(cr);
        if (fabs(y - last) < hgt * 1.1) continue;
        text_draw(cr, bx + TICK_LEN + 2, y, FONT_TICK, 0, t.label[i], 0, 0.5, 0);
        last = y;
    }
    double tw = ticks_width(cr, &t, FONT_TICK);
    if (has_nan) {
        double y = a->y + a->h - BAR_W;
        unsigned char g[3];
        plot_inferno(NAN, g);
        cairo_set_source_rgb(cr, g[0] / 255.0, g[1] / 255.0, g[2] / 255.0);
        cairo_rectangle(cr, b.x, y, BAR_W, BAR_W);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_stroke(cr);
        text_draw(cr, b.x + b.w + TICK_LEN + 2, y + BAR_W / 2, FONT_TICK, 0, "NaN", 0, 0.5, 0);
        double nw = text_width(cr, FONT_TICK, 0, "NaN");
        if (nw > tw) tw = nw;
    }
    if (p->zlabel) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_draw(cr, b.x + b.w + TICK_LEN + 2 + tw + PAD / 2, b.y + b.h / 2, FONT_LABEL, 0,
                  p->zlabel, 0.5, 1, -M_PI / 2);
    }
}

void heatmap_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a) {
    double x0, x1, y0, y1, zlo, zhi;
    int has_nan;
    heatmap_extent(p, &x0, &x1, &y0, &y1);
    heatmap_zrange(p, &zlo, &zhi, &has_nan);
    cairo_surface_t *img = cells_image(p, zlo, zhi);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) paint_image(cr, img, a, p->cols, p->rows);
    cairo_surface_destroy(img);
    if (has_nan) nan_marks(cr, p, a);
    plot_scale xs = {x0, x1, 0, a->x, a->x + a->w};
    plot_scale ys = {y0, y1, 0, p->row0_bottom ? a->y + a->h : a->y, p->row0_bottom ? a->y : a->y + a->h};
    if (p->n_spans) spans_draw(cr, p, a, &xs, 1);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, a->x, a->y, a->w, a->h);
    cairo_stroke(cr);
    if (p->col_labels) {
        double *pos = malloc((size_t)p->cols * sizeof *pos);
        if (pos) {
            for (int c = 0; c < p->cols; c++) pos[c] = a->x + (c + 0.5) * a->w / p->cols;
            axis_draw_categories_x(cr, a, pos, p->col_labels, p->cols);
        }
        free(pos);
    } else {
        plot_ticks t;
        int max_n = (int)(a->w / (FONT_TICK * 5)) + 1;
        ticks_make(&t, x0, x1, 0, max_n);
        axis_draw_x(cr, a, &xs, &t);
    }
    if (p->row_labels) {
        double *pos = malloc((size_t)p->rows * sizeof *pos);
        if (pos) {
            for (int r = 0; r < p->rows; r++) {
                int row = p->row0_bottom ? p->rows - 1 - r : r;
                pos[r] = a->y + (row + 0.5) * a->h / p->rows;
            }
            axis_draw_categories_y(cr, a, pos, p->row_labels, p->rows);
        }
        free(pos);
    } else {
        plot_ticks t;
        ticks_make(&t, y0, y1, 0, ticks_for_height(a->h));
        axis_draw_y(cr, a, &ys, &t);
    }
    colour_bar(cr, p, a, zlo, zhi, has_nan);
}
