/* sweep_grid.h: a sweep's results as a map over two of its axes (the paper's Figure-2 view
 * of λ0 × σ0), as plain C data for the workbench's grid pane, `recmem sweep status --grid`
 * and recmem.sweep.watch. Each cell pools the points that share its two axis values (the
 * other axes, e.g. seeds): its value is the mean of z over the kept networks ("si") or over
 * the finished ones ("test_infloss"). A grid follows a running sweep: rm_sweep_grid_refresh
 * re-reads only the result files that changed since the last call. */
#ifndef RM_SWEEP_GRID_H
#define RM_SWEEP_GRID_H

#include <stddef.h>
#include <stdio.h>
#include "core/rm_err.h"
#include "store/sweep_dir.h"

/* What a cell shows when it has no value, in this order of precedence (a cell with a
   value is RM_CELL_VALUE whatever else its points are doing). */
typedef enum {
    RM_CELL_VALUE,      /* at least one point gave a value */
    RM_CELL_RUNNING,    /* a point is being trained */
    RM_CELL_MISSING,    /* a point has no result yet */
    RM_CELL_NOT_KEPT,   /* finished, but no network was kept (z = si) */
    RM_CELL_FAILED,     /* every point failed */
} rm_cell_state;

typedef struct {
    double value;       /* mean of z over the points that count; NaN if none */
    int n_value;        /* the points that count (kept ones for si) */
    int done, running, failed, missing;
    rm_cell_state state;
} rm_grid_cell;

typedef struct rm_grid_point rm_grid_point;   /* sweep_grid.c: per-point cache */

typedef struct {
    rm_sweep *sweep;
    char xkey[64], ykey[64], zkey[32];   /* x: rows, y: columns */
    size_t nx, ny;
    char **xlab, **ylab;      /* each axis value as text */
    double *xval, *yval;      /* each axis value as a number, NaN if it is not one */
    rm_grid_cell *cells;      /* [nx][ny] */
    size_t per_cell;          /* points per cell (the product of the other axes) */
    size_t count[4];          /* points per rm_point_state */
    double zmin, zmax;        /* range of the cell values (NaN if none) */
    unsigned long gen;        /* changes whenever a refresh changed anything */
    rm_grid_point *pts;       /* private */
} rm_sweep_grid;

/* Opens the sweep in dir and makes its grid over axes x and y (NULL: lambda and sigma if
   the sweep has both, otherwise its first two axes) of z ("si" or "test_infloss"; NULL:
   "si"), reading every result once. RM_EINVAL naming the problem if x or y is not an axis,
   they are the same, or the sweep has fewer than two axes. */
int rm_sweep_grid_open(const char *dir, const char *x, const char *y, const char *z,
                       rm_sweep_grid **out, rm_err *e);
void rm_sweep_grid_free(rm_sweep_grid *g);   /* NULL is fine */
/* Re-reads the points whose result or claim file changed (and the claims, whose process
   may have gone) and recomputes the cells. Returns 1 if anything changed, 0 if not. */
int rm_sweep_grid_refresh(rm_sweep_grid *g);
/* The grid as text: rows x, columns y, each cell "0.412 (3)" (value and count) or its
   state ("running", "missing", "not kept", "failed"), then a line of counts. */
void rm_sweep_grid_print(const rm_sweep_grid *g, FILE *out);

#endif
