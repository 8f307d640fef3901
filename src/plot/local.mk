# librmplot: figures (heatmap, lines, dots, grids) rendered by cairo to PDF, SVG and PNG.
noinst_LIBRARIES += src/plot/librmplot.a
src_plot_librmplot_a_CPPFLAGS = $(AM_CPPFLAGS) $(CAIRO_CFLAGS)
src_plot_librmplot_a_SOURCES = src/plot/plot.h src/plot/plot_int.h src/plot/plot_figure.c \
	src/plot/plot_colors.c src/plot/plot_axis.c src/plot/plot_render.c \
	src/plot/plot_heatmap.c src/plot/plot_lines.c src/plot/plot_dots.c \
	src/plot/plot_recmem.c
# the same figures as text for a terminal (fig:print, the paper scripts on a tty)
src_plot_librmplot_a_SOURCES += src/plot/plot_text.c
PLOT_LIBS = src/plot/librmplot.a $(CAIRO_LIBS)
# the figure example and the README's figure it makes
EXTRA_DIST += examples/figures.lua docs/figure-example.png
