# The recmem program: command-line front end over every layer.
bin_PROGRAMS += src/recmem
src_recmem_CPPFLAGS = $(AM_CPPFLAGS) $(BLAS_CFLAGS) $(LUA_CFLAGS) $(JANSSON_CFLAGS) $(READLINE_CFLAGS)
src_recmem_SOURCES = src/main.c \
	src/cli/cli.h src/cli/args.c src/cli/cmd_train.c src/cli/cmd_sample.c \
	src/cli/cmd_si.c src/cli/cmd_bench.c src/cli/progress.h src/cli/progress.c
# store commands: the run registry, export, opening a checkpoint
src_recmem_SOURCES += src/cli/cmd_runs.c src/cli/cmd_export.c src/cli/cmd_open.c
# the modes (script, -e, -i, workbench, demo) and the workbench's adapter to Lua
src_recmem_SOURCES += src/cli/interp.c src/cli/wb_lua.h src/cli/wb_lua.c
# src/cli joins the workbench and Lua, which do not know each other
src_recmem_LDADD = src/tui/librmtui.a src/lua/librmlua.a \
	$(PLOT_LIBS) $(STORE_LIBS) $(CORE_LIBS) $(LUA_LIBS) $(READLINE_LIBS) $(CURSES_LIBS)
# figure files: recmem plot (the plot layer, src/plot)
src_recmem_SOURCES += src/cli/cmd_plot.c
include src/cli/sweep.mk
