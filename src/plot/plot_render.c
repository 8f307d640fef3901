/* plot_render.c: from a figure description to a file: the grid layout of the panels (the
 * room each needs for its title, labels, ticks, colour bar or legend), the common parts
 * of every panel, and the three output formats (PDF and SVG as vector surfaces, PNG as
 * an image at the figure's dpi), written atomically through store/atomic_file. */
#include <config.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "plot/plot_int.h"
#include "store/atomic_file.h"

#define DEFAULT_DPI 150.0

plot_format plot_format_of(const char *path) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/')) return PLOT_FMT_NONE;
    if (!strcasecmp(dot, ".pdf")) return PLOT_FMT_PDF;
    if (!strcasecmp(dot, ".svg")) return PLOT_FMT_SVG;
    if (!strcasecmp(dot, ".png")) return PLOT_FMT_PNG;
    return PLOT_FMT_NONE;
}

int figure_grid_cols(const plot_figure *f) {
    int n = f->n_panels > 0 ? f->n_panels : 1;
    if (f->ncols > 0) return f->ncols < n ? f->ncols : n;
    int c = (int)ceil(sqrt((double)n));
    return c;
}

int figure_grid_rows(const plot_figure *f) {
    int c = figure_grid_cols(f), n = f->n_panels > 0 ? f->n_panels : 1;
    return (n + c - 1) / c;
}

void plot_figure_size(const plot_figure *f, double *w, double *h) {
    int c = figure_grid_cols(f), r = figure_grid_rows(f);
    /* one panel: 6 x 4.5 inches; in a grid 5 x 3.75 inches each */
    double pw = c * r == 1 ? 432 : 360, ph = c * r == 1 ? 324 : 270;
    *w = f->width > 0 ? f->width : pw * c;
    *h = f->height > 0 ? f->height : ph * r + (f->title ? 2 * PAD + 14 : 0);
}

/* Text is measured without hinting so that a figure lays out the same in every format
   and at every resolution. */
static void unhinted(cairo_t *cr) {
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

static void panel_margins(cairo_t *cr, const plot_panel *p, double cell_h, plot_margins *m) {
    double top = PAD + text_height(cr, FONT_TICK) / 2, bottom = PAD;   /* half a label: the top tick label stays on the page */
    if (p->title) top += text_height(cr, FONT_TITLE) + PAD;
    if (p->n_spans) top += text_height(cr, FONT_TICK) + 2;
    bottom += TICK_LEN + 2 + text_height(cr, FONT_TICK);
    if (p->xlabel) bottom += PAD / 2 + text_height(cr, FONT_LABEL);
    double area_h = cell_h - top - bottom;
    if (area_h < 10) area_h = 10;
    plot_margins k = {0, 0, 0, 0};
    if (p->kind == PLOT_HEATMAP) heatmap_margins(cr, p, area_h, &k);
    else if (p->kind == PLOT_LINES) lines_margins(cr, p, area_h, &k);
    else dots_margins(cr, p, area_h, &k);
    m->top = top;
    m->bottom = bottom;
    m->left = PAD + (p->ylabel ? text_height(cr, FONT_LABEL) + PAD / 2 : 0) + k.left + TICK_LEN + 2;
    m->right = PAD + k.right;
}

/* Panel i's cell in the grid and its data area. */
static void layout(cairo_t *cr, const plot_figure *f, int i, plot_rect *cell, plot_rect *area) {
    double w, h;
    plot_figure_size(f, &w, &h);
    double top = f->title ? text_height(cr, FONT_FIGTITLE) + 2 * PAD : 0;
    int c = figure_grid_cols(f), r = figure_grid_rows(f);
    cell->w = w / c;
    cell->h = (h - top) / r;
    cell->x = (i % c) * cell->w;
    cell->y = top + (i / c) * cell->h;
    plot_margins m;
    panel_margins(cr, &f->panels[i], cell->h, &m);
    area->x = cell->x + m.left;
    area->y = cell->y + m.top;
    area->w = cell->w - m.left - m.right;
    area->h = cell->h - m.top - m.bottom;
    if (area->w < 10) area->w = 10;
    if (area->h < 10) area->h = 10;
}

static void panel_draw(cairo_t *cr, const plot_figure *f, int i) {
    const plot_panel *p = &f->panels[i];
    plot_rect cell, a;
    layout(cr, f, i, &cell, &a);
    cairo_save(cr);
    if (p->kind == PLOT_HEATMAP) heatmap_draw(cr, p, &a);
    else if (p->kind == PLOT_LINES) lines_draw(cr, p, &a);
    else dots_draw(cr, p, &a);
    cairo_restore(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (p->title) {
        double y = cell.y + PAD;
        text_draw(cr, a.x + a.w / 2, y, FONT_TITLE, 1, p->title, 0.5, 0, 0);
    }
    if (p->xlabel)
        text_draw(cr, a.x + a.w / 2, cell.y + cell.h - PAD, FONT_LABEL, 0, p->xlabel, 0.5, 1, 0);
    if (p->ylabel)
        text_draw(cr, cell.x + PAD, a.y + a.h / 2, FONT_LABEL, 0, p->ylabel, 0.5, 0, M_PI / 2);
}

static void figure_draw(cairo_t *cr, const plot_figure *f) {
    double w, h;
    plot_figure_size(f, &w, &h);
    unhinted(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    if (f->title) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_draw(cr, w / 2, PAD, FONT_FIGTITLE, 1, f->title, 0.5, 0, 0);
    }
    for (int i = 0; i < f->n_panels; i++) panel_draw(cr, f, i);
}

int plot_panel_area(const plot_figure *f, int i, double *x, double *y, double *w, double *h,
                    rm_err *e) {
    if (i < 0 || i >= f->n_panels)
        return rm_seterr(e, RM_EINVAL, "panel %d: the figure has %d", i + 1, f->n_panels);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    unhinted(cr);
    plot_rect cell, a;
    layout(cr, f, i, &cell, &a);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    *x = a.x, *y = a.y, *w = a.w, *h = a.h;
    return RM_OK;
}

/* ---- output ---- */

typedef struct {
    rm_afile file;
    rm_err err;
    int failed;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int n) {
    sink *k = closure;
    if (k->failed) return CAIRO_STATUS_WRITE_ERROR;
    if (rm_afile_write(&k->file, data, n, &k->err)) {
        k->failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

int plot_check_output(const char *path, rm_err *e) {
    if (!path || !*path) return rm_seterr(e, RM_EINVAL, "no output file given");
    if (plot_format_of(path) == PLOT_FMT_NONE)
        return rm_seterr(e, RM_EINVAL, "%s: the file name must end in .pdf, .svg or .png", path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return rm_seterr(e, RM_EINVAL, "%s is a directory", path);
    rm_afile f;
    if (rm_afile_open(&f, path, e)) return e ? e->code : RM_EIO;
    rm_afile_abort(&f);
    return RM_OK;
}

int plot_save(const plot_figure *f, const char *path, rm_err *e) {
    if (plot_figure_check(f, e)) return e ? e->code : RM_EINVAL;
    plot_format fmt = plot_format_of(path);
    if (plot_check_output(path, e)) return e ? e->code : RM_EINVAL;
    double w, h;
    plot_figure_size(f, &w, &h);
    sink k = {.failed = 0};
    if (rm_afile_open(&k.file, path, e)) return e ? e->code : RM_EIO;
    cairo_surface_t *s;
    double dpi = f->dpi > 0 ? f->dpi : DEFAULT_DPI;
    if (fmt == PLOT_FMT_PDF) {
        s = cairo_pdf_surface_create_for_stream(sink_write, &k, w, h);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "recmem " PACKAGE_VERSION);
    } else if (fmt == PLOT_FMT_SVG) {
        s = cairo_svg_surface_create_for_stream(sink_write, &k, w, h);
    } else {
        int pw = (int)lround(w * dpi / 72), ph = (int)lround(h * dpi / 72);
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    }
    cairo_status_t st = cairo_surface_status(s);
    if (st == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(s);
        if (fmt == PLOT_FMT_PNG) cairo_scale(cr, dpi / 72, dpi / 72);
        figure_draw(cr, f);
        st = cairo_status(cr);
        cairo_destroy(cr);
        if (st == CAIRO_STATUS_SUCCESS && fmt == PLOT_FMT_PNG)
            st = cairo_surface_write_to_png_stream(s, sink_write, &k);
        cairo_surface_finish(s);
        if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
    }
    cairo_surface_destroy(s);
    if (k.failed) {
        rm_afile_abort(&k.file);
        return rm_seterr(e, k.err.code ? k.err.code : RM_EIO, "%s", k.err.msg);
    }
    if (st != CAIRO_STATUS_SUCCESS) {
        rm_afile_abort(&k.file);
        return rm_seterr(e, st == CAIRO_STATUS_NO_MEMORY ? RM_ENOMEM : RM_EIO, "%s: drawing failed: %s",
                         path, cairo_status_to_string(st));
    }
    return rm_afile_commit(&k.file, e);
}
