/* plot.h: figures as plain C data, rendered by cairo to PDF, SVG and PNG. A figure is a
 * grid of panels; a panel is a heatmap (a 2-D array on the inferno colour map with a
 * colour bar), line series (optionally on a log y axis) or dot groups (each group's values
 * with its mean and interval). The figure owns everything in it: every setter copies its
 * arguments. Errors are rm_err records naming the problem; nothing here prints or exits.
 * Layer: above core/store, below the Lua binding and the workbench (no lua.h, no curses). */
#ifndef RM_PLOT_H
#define RM_PLOT_H

#include "core/rm_err.h"

typedef enum { PLOT_HEATMAP = 0, PLOT_LINES, PLOT_DOTS } plot_kind;

typedef struct {
    char *label;           /* legend entry (NULL: none) */
    double *x, *y;         /* [n]; a NaN (or y <= 0 on a log axis) breaks the line */
    int n;
    int markers;           /* 1: a dot at every point as well; 2: dots only (a scatter) */
} plot_series;

#define PLOT_MAX_GROUPS 64     /* dot groups in one panel (each needs room for its label) */

typedef struct {
    char *label;           /* the group's tick label */
    double *v;             /* [n] values (NaN ignored) */
    int n;
    double mean, lo, hi;   /* the mean and its interval (95% t interval unless set) */
} plot_group;

/* A named stretch of the x axis (a task period): boundaries drawn as dashed lines, the
   name above the plot area. */
typedef struct {
    double x0, x1;
    char *label;
} plot_span;

typedef struct {
    plot_kind kind;
    char *title, *xlabel, *ylabel;
    /* axes: a NaN limit is taken from the data */
    double xmin, xmax, ymin, ymax;
    int logy;                      /* lines: log10 y axis */
    double hline;                  /* a reference line at this y (dots, lines); NaN none */
    plot_span *spans;
    int n_spans;
    /* PLOT_HEATMAP: z[r * cols + c]; row 0 at the top unless row0_bottom; column c covers
       x in [xmin + c*dx, xmin + (c+1)*dx] (xmin, xmax default 0, cols), rows likewise */
    double *z;
    int rows, cols;
    int row0_bottom;
    double zmin, zmax;             /* colour range; NaN: from the data */
    char *zlabel;
    char **col_labels, **row_labels; /* optional: a label per column / row at its centre */
    /* PLOT_LINES */
    plot_series *series;
    int n_series;
    /* PLOT_DOTS */
    plot_group *groups;
    int n_groups;
} plot_panel;

typedef struct {
    plot_panel *panels;
    int n_panels;
    int ncols;                     /* grid columns (0: as many as fit in a square-ish grid) */
    char *title;
    double width, height;          /* points (1/72 inch); 0: a default for the grid */
    double dpi;                    /* PNG resolution; 0: 150 */
} plot_figure;

/* ---- building (plot_figure.c) ---- */
plot_figure *plot_figure_new(rm_err *e);           /* NULL + RM_ENOMEM */
void plot_figure_free(plot_figure *f);             /* NULL is fine */
/* Appends an empty panel of the kind (all limits NaN); returns it (valid until the next
   add) or NULL. */
plot_panel *plot_figure_add(plot_figure *f, plot_kind kind, rm_err *e);
/* A deep copy of f (panels, title, size), or NULL with e set. */
plot_figure *plot_figure_copy(const plot_figure *f, rm_err *e);
/* Copies src's panels into dst (a grid of figures). */
int plot_figure_append(plot_figure *dst, const plot_figure *src, rm_err *e);
/* *dst = copy of s (NULL s frees *dst). */
int plot_set_str(char **dst, const char *s, rm_err *e);
/* Heatmap data: copies z[rows * cols]; RM_EINVAL if empty or not all finite-or-NaN. */
int plot_heatmap_set(plot_panel *p, const double *z, int rows, int cols, rm_err *e);
/* Tick labels at the centres of the columns (or rows): n must equal cols (rows). */
int plot_heatmap_labels(plot_panel *p, int axis_rows, const char *const *labels, int n,
                        rm_err *e);
/* Adds a series (copies x and y; x NULL means 1..n). RM_EINVAL if n < 1. */
int plot_lines_add(plot_panel *p, const char *label, const double *x, const double *y, int n,
                   rm_err *e);
/* Adds a group of values with the mean and 95% t interval of its finite values; the
   interval is NaN for fewer than two. RM_EINVAL if n < 1. */
int plot_dots_add(plot_panel *p, const char *label, const double *v, int n, rm_err *e);
int plot_span_add(plot_panel *p, double x0, double x1, const char *label, rm_err *e);
/* Checks a figure can be drawn (panels present, data present, limits sane). */
int plot_figure_check(const plot_figure *f, rm_err *e);
/* A one-line summary ("figure 480x360 pt: heatmap 100x150") into buf. */
void plot_figure_summary(const plot_figure *f, char *buf, int n);

/* ---- rendering (plot_render.c) ---- */
typedef enum { PLOT_FMT_NONE = 0, PLOT_FMT_PDF, PLOT_FMT_SVG, PLOT_FMT_PNG } plot_format;
/* The format named by path's extension (.pdf, .svg, .png, any case); NONE if other. */
plot_format plot_format_of(const char *path);
/* Checks that path names a known format and that a file can be created beside it (by
   creating and removing a temporary file): commands call this before long work. */
int plot_check_output(const char *path, rm_err *e);
/* Renders f to path (format from the extension), atomically: a failure leaves any old
   file intact. */
int plot_save(const plot_figure *f, const char *path, rm_err *e);
/* The figure's size in points (defaults filled in). */
void plot_figure_size(const plot_figure *f, double *w, double *h);
/* Where panel i's data area lies in a figure of its size, in points from the top left
   (tests use it to find cells and lines in a PNG). RM_EINVAL if i is out of range. */
int plot_panel_area(const plot_figure *f, int i, double *x, double *y, double *w, double *h,
                    rm_err *e);

/* ---- colours (plot_colors.c) ---- */
/* inferno at t in [0, 1] (clamped; NaN gives the NaN-cell grey) as 0..255 RGB */
void plot_inferno(double t, unsigned char rgb[3]);
/* the line colour of series k (Okabe-Ito, colour-blind safe), 0..1 RGB */
void plot_series_color(int k, double rgb[3]);

/* the xterm-256 palette entry (16..255: colour cube or grey ramp) nearest to rgb */
int plot_xterm256(const unsigned char rgb[3]);

/* ---- text for a terminal (plot_text.c) ---- */
typedef enum {
    PLOT_TEXT_PLAIN = 0,   /* no escape sequences: shades for heatmaps, line styles */
    PLOT_TEXT_256,         /* xterm-256 colours (SGR 38;5 / 48;5) */
    PLOT_TEXT_24BIT        /* 24-bit colours (SGR 38;2 / 48;2) */
} plot_text_color;
#define PLOT_TEXT_MIN_W 20
#define PLOT_TEXT_MAX_W 1000
#define PLOT_TEXT_MIN_H 5
#define PLOT_TEXT_MAX_H 500
/* Draws f as exactly height lines of exactly width terminal cells (each line ends in
   '\n'; in colour, with its attributes reset first): every panel in the figure's grid,
   heatmaps in half-block cells with a colour bar (shades without colour), lines and dot
   groups on braille dots with their axes, ticks, labels, legends and task periods.
   *out is malloc'd (the caller frees it). RM_EINVAL for a size outside the limits above or
   a figure plot_figure_check refuses. */
int plot_text(const plot_figure *f, int width, int height, plot_text_color color, char **out,
              rm_err *e);
/* The terminal on file descriptor fd (fd < 0: none) for drawing figures in it. Returns 1 if
   fd is a terminal. *term_cols, *term_lines: COLUMNS and LINES when set (also when fd is
   no terminal), else the terminal's own size, else 0. *color: the colours a terminal takes
   (none under NO_COLOR, https://no-color.org, or without TERM or with TERM=dumb; 24-bit
   where COLORTERM is truecolor or 24bit; else the xterm-256 palette). */
int plot_text_terminal(int fd, int *term_cols, int *term_lines, plot_text_color *color);
/* The size to draw f at on a terminal of term_cols x term_lines (0: unknown): as wide as
   the terminal (80 when unknown; within the limits above) and as tall as the figure's
   proportions make it (a cell is about twice as tall as wide), at most 36 lines and at most
   term_lines - 1. */
void plot_text_size(const plot_figure *f, int term_cols, int term_lines, int *width, int *height);
/* The value a heatmap panel shows in a grid of n_rows x n_cols cells (a terminal's; row 0
   at the top, with the panel's origin): the mean of the finite data cells that cell (row,
   col) covers, or the one data cell it falls in when the grid is finer; NaN if none is
   finite. The workbench's view pane and plot_text sample heatmaps with it. */
double plot_heatmap_cell(const plot_panel *p, int row, int n_rows, int col, int n_cols);
/* Where panel i's data area lies in that text, in cells from the top left (0-based). */
int plot_text_panel_area(const plot_figure *f, int width, int height, plot_text_color color,
                         int i, int *x, int *y, int *w, int *h, rm_err *e);

/* ---- recmem's own figures (plot_recmem.c) ---- */
/* Units whose peak is under this fraction of the largest count as quiet: they are sorted
   last and drawn on the common scale, so their noise does not look like a response. The
   workbench's heatmap pane uses the same rule. */
#define PLOT_ACTIVE_FRAC 0.05
typedef struct {
    int sort_peak;     /* 1: units by peak time (quiet ones last), 0: by index */
    int global_norm;   /* 1: one scale for all units, 0: each unit to its own peak */
    int active_only;   /* 1: leave out units whose peak is under 5% of the largest */
} plot_activity_opts;
/* The activity heatmap of h[trials][T][N] (trial average), units as rows, with the task
   periods (stim, delay, resp; 0 = unknown) marked. title may be NULL. */
int plot_activity_figure(plot_figure *f, const float *h, int trials, int T, int N, int stim,
                         int delay, int resp, const plot_activity_opts *o, const char *title,
                         rm_err *e);
/* Training loss per iteration (loss[n_loss], iterations 1..n_loss after start) and the
   logged information loss (il[n_il] at il_iter) as two series of one panel. */
int plot_training_figure(plot_figure *f, const float *loss, long n_loss, long start,
                         const float *il, const long *il_iter, long n_il, int logy,
                         const char *title, rm_err *e);
/* A map of z over the distinct values of x (columns) and y (rows, lowest at the bottom):
   z averaged over the points that share a cell (seeds), NaN where none. Points whose x or
   y is NaN are skipped; RM_EINVAL if none remain. */
int plot_map_figure(plot_figure *f, const double *x, const double *y, const double *z, int n,
                    const char *xname, const char *yname, const char *zname, rm_err *e);

#endif
