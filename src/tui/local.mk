# librmtui: the ncurses workbench (no Lua: it reaches the interpreter through rm_tui_script)
# and the REPL history shared with the plain REPL.
noinst_LIBRARIES += src/tui/librmtui.a
src_tui_librmtui_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) $(READLINE_CFLAGS) \
	-DRM_EXAMPLESDIR='"$(examplesdir)"' -DRM_SRC_EXAMPLESDIR='"$(abs_top_srcdir)/examples"'
src_tui_librmtui_a_SOURCES = src/tui/tui.h src/tui/tui_internal.h \
	src/tui/tui.c src/tui/term.c src/tui/colors.c src/tui/draw.c src/tui/runs.c \
	src/tui/chrome.c src/tui/pane_heat.c src/tui/pane_loss.c src/tui/pane_out.c \
	src/tui/prompt.c src/tui/script.c src/tui/history.h src/tui/history.c
# The teaching demo (`recmem --demo` runs it inside the workbench).
examplesdir = $(pkgdatadir)/examples
dist_examples_DATA = examples/teach.lua
# the pair it opens on (scripts/make-demo-nets.sh made them)
examplesdemodir = $(examplesdir)/demo
dist_examplesdemo_DATA = examples/demo/comp.safetensors examples/demo/2afc.safetensors
EXTRA_DIST += scripts/make-demo-nets.sh scripts/make-demo-nets.lua
# The workbench and demo guide (linked from the README).
EXTRA_DIST += docs/workbench.md
# `f`: the focused pane as a figure file (the plot layer, src/plot)
src_tui_librmtui_a_SOURCES += src/tui/pane_figure.c
# the grid pane: a watched sweep's results over two axes (recmem.sweep.watch)
src_tui_librmtui_a_SOURCES += src/tui/pane_grid.c src/tui/pane_figure.h
# the view pane: analysis results and figures given to recmem.show (issue 15)
src_tui_librmtui_a_SOURCES += src/tui/pane_view.c
# the panes' rectangles from the terminal's size (pure arithmetic: tests/test_layout.c)
src_tui_librmtui_a_SOURCES += src/tui/layout.c src/tui/layout.h
