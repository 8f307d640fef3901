# plot: the figure layer (C test of files, pixels, ticks and errors; shell tests for the
# command line and Lua)
check_PROGRAMS += tests/plot/test_plot
TESTS += tests/plot/test_plot tests/lua/plot.lua
EXTRA_DIST += tests/lua/plot.lua
tests_plot_test_plot_SOURCES = tests/plot/test_plot.c tests/testutil.h
tests_plot_test_plot_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/tests $(CAIRO_CFLAGS)
tests_plot_test_plot_LDADD = $(PLOT_LIBS) $(STORE_LIBS) $(CORE_LIBS)
TESTS += tests/plot_cli.sh
dist_noinst_SCRIPTS += tests/plot_cli.sh
EXTRA_DIST += tests/plot/check_figure.py
TESTS += tests/tui_figure.sh
dist_noinst_SCRIPTS += tests/tui_figure.sh
# the views of analysis results (issue 15): summaries and figures in Lua, the workbench's
# view pane
TESTS += tests/lua/views.lua tests/tui_views.sh
EXTRA_DIST += tests/lua/views.lua
dist_noinst_SCRIPTS += tests/tui_views.sh
