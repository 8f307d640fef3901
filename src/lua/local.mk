# librmlua: the `recmem` Lua module, line-at-a-time evaluation and completion (the modes
# that use them live in src/cli/interp.c).
noinst_LIBRARIES += src/lua/librmlua.a
src_lua_librmlua_a_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) $(BLAS_CFLAGS)
src_lua_librmlua_a_SOURCES = src/lua/rmlua.h src/lua/rmlua_int.h \
	src/lua/state.c src/lua/tensor.c src/lua/repl.c src/lua/complete.c \
	src/lua/bind_rng.c src/lua/bind_task.c src/lua/bind_batch.c src/lua/bind_net.c \
	src/lua/bind_trace.c src/lua/bind_run.c src/lua/jobs.c src/lua/bind_train.c
# recmem.conditions is built from the core's table (core/condition.c), not a Lua file.
# Lua files the program loads (require "recmem.stats"), installed with it.
luarecmemdir = $(luadatadir)/recmem
dist_luarecmem_DATA = lua/recmem/stats.lua
dist_luarecmem_DATA += lua/recmem/paper.lua
# constructed networks with known answers (a chain, an identity recurrence): tests, examples
dist_luarecmem_DATA += lua/recmem/toy.lua
# the store's Lua bindings (recmem.load, net:save, recmem.runs): written by the store area,
# registered by main() with rmlua_add_opener(rmlua_open_store)
src_lua_librmlua_a_SOURCES += src/lua/lstore.h src/lua/lstore.c
src_lua_librmlua_a_CPPFLAGS += $(JANSSON_CFLAGS)
# Manual pages: the command line and REPL (recmem.1), the Lua API (recmem-lua.3).
dist_man_MANS += man/recmem.1 man/recmem-lua.3
# Example scripts (examples/teach.lua belongs to the workbench's fragment).
EXTRA_DIST += examples/quickstart.lua examples/conditions.lua examples/explore.lua \
	examples/custom_task.lua examples/multitask.lua examples/sweep.lua \
	examples/cd2_curriculum.lua
# analyses of issue 15: tensor operations and .npy I/O, recmem.linalg, and the trace and
# network analyses (peak order, weight profile, PCA, decoding, fixed points)
src_lua_librmlua_a_SOURCES += src/lua/tensor_ops.c src/lua/tensor_io.c src/lua/bind_linalg.c \
	src/lua/bind_analysis.c src/lua/bind_dynamics.c
# figures in Lua (recmem.plot, tr:plot, run:plot) over the plot layer (src/plot)
src_lua_librmlua_a_SOURCES += src/lua/bind_plot.c
# sweep description files and recmem.sweep.load (registered by main() like lstore)
src_lua_librmlua_a_SOURCES += src/lua/lsweep.h src/lua/lsweep.c
# recmem.show of analysis results and recmem.plot.figure_of (issue 15's views)
src_lua_librmlua_a_SOURCES += src/lua/bind_views.c
# interventions: net:probe's fixed stimulus and lesion/clamp/noise/perturb, net:lesioned,
# net:lesion_curve
src_lua_librmlua_a_SOURCES += src/lua/bind_intervene.c
# figures drawn in the terminal (fig:text, fig:print, recmem.plot.terminal, recmem.show
# on a terminal) through src/plot/plot_text.c
src_lua_librmlua_a_SOURCES += src/lua/bind_plot_text.c
