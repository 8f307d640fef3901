# figures as text for a terminal: the renderer (C: sizes, colours, marks, errors), fig:text
# and fig:print in Lua, and the paper scripts drawing their figures on a pseudo-terminal
check_PROGRAMS += tests/plot/test_plot_text
TESTS += tests/plot/test_plot_text
tests_plot_test_plot_text_SOURCES = tests/plot/test_plot_text.c tests/testutil.h
tests_plot_test_plot_text_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/tests
tests_plot_test_plot_text_LDADD = $(PLOT_LIBS) $(STORE_LIBS) $(CORE_LIBS)
TESTS += tests/lua/plot_text.lua
EXTRA_DIST += tests/lua/plot_text.lua
TESTS += tests/plot_text_tty.sh
dist_noinst_SCRIPTS += tests/plot_text_tty.sh
