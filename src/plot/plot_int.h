/* plot_int.h: what the renderer's files share: the drawing context, a panel's layout, axis
 * scales and ticks, text helpers. Only src/plot includes this. */
#ifndef RM_PLOT_INT_H
#define RM_PLOT_INT_H

#include <cairo.h>
#include <stddef.h>
#include "plot/plot.h"

/* Font sizes in points: readable when a 6-inch figure fills half a slide. */
#define FONT_TICK 10.0
#define FONT_LABEL 11.0
#define FONT_TITLE 12.0
#define FONT_FIGTITLE 13.0
#define PAD 6.0          /* points between neighbouring elements */
#define TICK_LEN 4.0

typedef struct { double x, y, w, h; } plot_rect;

/* A data axis: lo..hi mapped linearly (log: in log10) onto a pixel range. */
typedef struct {
    double lo, hi;       /* data units (not logged) */
    int log;
    double p0, p1;       /* points: where lo and hi land */
} plot_scale;

double scale_map(const plot_scale *s, double v);  /* NaN if v cannot be shown (log, v<=0) */

#define MAX_TICKS 64
typedef struct {
    double v[MAX_TICKS];
    char label[MAX_TICKS][32];
    int n;
} plot_ticks;

/* plot_axis.c */
/* Ticks on the smallest 1-2-5 step that puts at most max_n of them inside [lo, hi]; log:
   decades (or 1-2-5 within a decade, or linear ticks for a narrow range). */
void ticks_make(plot_ticks *t, double lo, double hi, int log, int max_n);
/* Widens [*lo, *hi] by frac of its span on each side (in log10 for log axes); a zero span
   gets a unit around it. */
void range_pad(double *lo, double *hi, int log, double frac);
/* The panel's explicit limits (NaN: none) replace *lo and *hi; a range that is then empty
   or reversed becomes one unit (log: one decade) above *lo. */
void range_limit(double *lo, double *hi, double min, double max, int log);

/* Text: size in points, anchored at (x, y) by ha (0 left .. 1 right) and va (0 top ..
   1 bottom) of its box, rotated by angle (radians, counter-clockwise on the page). */
void text_draw(cairo_t *cr, double x, double y, double size, int bold, const char *s,
               double ha, double va, double angle);
double text_width(cairo_t *cr, double size, int bold, const char *s);
double text_height(cairo_t *cr, double size);      /* ascent + descent */
/* The widest of the ticks' labels. */
double ticks_width(cairo_t *cr, const plot_ticks *t, double size);

/* Axes: tick marks and labels outside the area on the bottom (x) or left (y) side.
   ticks' values are in data units mapped with s. */
void axis_draw_x(cairo_t *cr, const plot_rect *a, const plot_scale *s, const plot_ticks *t);
void axis_draw_y(cairo_t *cr, const plot_rect *a, const plot_scale *s, const plot_ticks *t);
/* The left and bottom spines of an area. */
void axis_draw_spines(cairo_t *cr, const plot_rect *a);
/* A dashed grey line across the area at y = v (mapped with ys); nothing where v cannot be
   shown (NaN for "no line", or v <= 0 on a log axis). */
void hline_draw(cairo_t *cr, const plot_rect *a, const plot_scale *ys, double v);
/* Categorical ticks at positions pos[i] (points) with labels, thinned so none overlap. */
void axis_draw_categories_x(cairo_t *cr, const plot_rect *a, const double *pos,
                            char *const *labels, int n);
void axis_draw_categories_y(cairo_t *cr, const plot_rect *a, const double *pos,
                            char *const *labels, int n);
/* Task-period spans over an area: dashed boundaries (light over a heatmap, grey
   otherwise) and names above it. */
void spans_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a, const plot_scale *xs,
                int on_dark);

/* Per-kind layout and drawing (plot_heatmap.c, plot_lines.c, plot_dots.c): the space a
   panel needs around its data area (margins in points) and the drawing itself. */
typedef struct {
    double left, right, top, bottom;
} plot_margins;

void heatmap_margins(cairo_t *cr, const plot_panel *p, double area_h, plot_margins *m);
void heatmap_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a);
void lines_margins(cairo_t *cr, const plot_panel *p, double area_h, plot_margins *m);
void lines_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a);
void dots_margins(cairo_t *cr, const plot_panel *p, double area_h, plot_margins *m);
void dots_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a);

/* The y range a lines or dots panel shows (explicit limits, else data padded). */
void lines_yrange(const plot_panel *p, double *lo, double *hi);
void dots_yrange(const plot_panel *p, double *lo, double *hi);

/* How many y ticks suit an area of height h. */
int ticks_for_height(double h);

/* Shared with the text renderer (plot_text.c), so both draw the same ranges and grid:
   the grid's columns and rows (plot_render.c); a heatmap's colour range (NaN cells noted
   in *has_nan) and its x/y extent (plot_heatmap.c); a lines panel's x range and whether
   it has a legend (plot_lines.c). */
int figure_grid_cols(const plot_figure *f);
int figure_grid_rows(const plot_figure *f);
void heatmap_zrange(const plot_panel *p, double *lo, double *hi, int *has_nan);
void heatmap_extent(const plot_panel *p, double *x0, double *x1, double *y0, double *y1);
void lines_xrange(const plot_panel *p, double *lo, double *hi);
int lines_has_legend(const plot_panel *p);

#endif
