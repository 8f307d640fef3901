/* pane_figure.h: what the panes that save figures share with pane_figure.c (apart from
 * tui_internal.h, because it needs the plot layer's types). */
#ifndef RM_TUI_PANE_FIGURE_H
#define RM_TUI_PANE_FIGURE_H

#include "plot/plot.h"
#include "tui/tui_internal.h"

/* Saves f as the first free recmem-<kind>-<n>.pdf in the current directory and says so in
   the status line and the scrollback; when rc is not 0 (the figure could not be made),
   reports e instead. */
void pane_figure_write(wb *w, const char *kind, const plot_figure *f, int rc, rm_err *e);

#endif
