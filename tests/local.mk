# tests: each area keeps its block; C tests link the core.
TEST_CFLAGS_CORE = $(AM_CPPFLAGS) $(BLAS_CFLAGS)

# core: gradients, Adam, BLAS, trainer
check_PROGRAMS += tests/test_grad tests/test_adam tests/test_train
TESTS += tests/test_grad tests/test_adam tests/test_train
tests_test_grad_SOURCES = tests/test_grad.c tests/testutil.h
tests_test_grad_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_grad_LDADD = $(CORE_LIBS)
tests_test_adam_SOURCES = tests/test_adam.c tests/testutil.h
tests_test_adam_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_adam_LDADD = $(CORE_LIBS)
tests_test_train_SOURCES = tests/test_train.c tests/testutil.h
tests_test_train_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_train_LDADD = $(CORE_LIBS)
check_PROGRAMS += tests/test_fpmode
TESTS += tests/test_fpmode
tests_test_fpmode_SOURCES = tests/test_fpmode.c tests/testutil.h
tests_test_fpmode_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_fpmode_LDADD = $(CORE_LIBS)

# metrics, npy, si and sample
check_PROGRAMS += tests/test_si tests/test_infloss tests/test_npy
TESTS += tests/test_si tests/test_infloss tests/test_npy
tests_test_si_SOURCES = tests/test_si.c tests/testutil.h
tests_test_si_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_si_LDADD = $(CORE_LIBS)
tests_test_infloss_SOURCES = tests/test_infloss.c tests/testutil.h
tests_test_infloss_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_infloss_LDADD = $(CORE_LIBS)
tests_test_npy_SOURCES = tests/test_npy.c
tests_test_npy_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_npy_LDADD = $(STORE_LIBS) $(CORE_LIBS)
TESTS += tests/cli_si_sample.sh
dist_noinst_SCRIPTS += tests/cli_si_sample.sh
EXTRA_DIST += tests/si_reference.py

# store: checkpoints, resume, registry, export, fuzzing the loader
TEST_CFLAGS_STORE = $(AM_CPPFLAGS) $(BLAS_CFLAGS) $(JANSSON_CFLAGS) $(SQLITE_CFLAGS) $(MATIO_CFLAGS)
check_PROGRAMS += tests/store/test_ckpt
TESTS += tests/store/test_ckpt
tests_store_test_ckpt_SOURCES = tests/store/test_ckpt.c tests/store/check.h
tests_store_test_ckpt_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_ckpt_LDADD = $(STORE_LIBS) $(CORE_LIBS)
check_PROGRAMS += tests/store/test_registry tests/store/ckpt_tool
TESTS += tests/store/test_registry
tests_store_test_registry_SOURCES = tests/store/test_registry.c tests/store/check.h
tests_store_test_registry_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_registry_LDADD = $(STORE_LIBS) $(CORE_LIBS)
# ckpt_tool: a helper the shell tests drive (kill -9 mid-save, C-side dumps, fuzz seeds)
tests_store_ckpt_tool_SOURCES = tests/store/ckpt_tool.c
tests_store_ckpt_tool_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_ckpt_tool_LDADD = $(STORE_LIBS) $(CORE_LIBS)
TESTS += tests/store_cli.sh tests/store_kill.sh tests/store_fuzz.sh tests/store_lua.sh
dist_noinst_SCRIPTS += tests/store_cli.sh tests/store_kill.sh tests/store_fuzz.sh tests/store_lua.sh \
	tests/store/st_reader.py tests/store/check_mat.py
EXTRA_DIST += fuzz/ckpt_fuzz.c fuzz/npy_fuzz.c fuzz/run.sh fuzz/make-corpus.sh fuzz/corpus \
	tests/lsan.supp

# core CLI: train and bench
TESTS += tests/cli_train.sh
dist_noinst_SCRIPTS += tests/cli_train.sh
TESTS += tests/cli_warmup.sh tests/cli_init_from.sh
dist_noinst_SCRIPTS += tests/cli_warmup.sh tests/cli_init_from.sh
EXTRA_DIST += tests/find_python.sh tests/cli_refuse.sh

# models and conditions
check_PROGRAMS += tests/test_models
TESTS += tests/test_models tests/cli_conditions.sh
tests_test_models_SOURCES = tests/test_models.c tests/testutil.h
tests_test_models_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_models_LDADD = $(CORE_LIBS)
dist_noinst_SCRIPTS += tests/cli_conditions.sh

# tasks and rng
check_PROGRAMS += tests/test_rng tests/test_tasks
TESTS += tests/test_rng tests/test_tasks
tests_test_rng_SOURCES = tests/test_rng.c
tests_test_rng_CPPFLAGS = $(AM_CPPFLAGS) $(BLAS_CFLAGS)
tests_test_rng_LDADD = $(CORE_LIBS)
tests_test_tasks_SOURCES = tests/test_tasks.c
tests_test_tasks_CPPFLAGS = $(AM_CPPFLAGS) $(BLAS_CFLAGS)
tests_test_tasks_LDADD = $(CORE_LIBS)

# lua: the Lua API suite run by the built binary, the Lua layer's C contracts (REPL,
# completion, interrupt, jobs), and the command-line tests of scripts, -e, the REPL and
# SIGINT during training
LUA_LOG_COMPILER = $(abs_top_builddir)/src/recmem
TESTS += tests/lua/tensor.lua tests/lua/api.lua tests/lua/train.lua
EXTRA_DIST += tests/lua/check.lua tests/lua/tensor.lua tests/lua/api.lua tests/lua/train.lua
check_PROGRAMS += tests/lua/test_rmlua
TESTS += tests/lua/test_rmlua
tests_lua_test_rmlua_SOURCES = tests/lua/test_rmlua.c
tests_lua_test_rmlua_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) $(BLAS_CFLAGS)
tests_lua_test_rmlua_LDADD = src/lua/librmlua.a $(PLOT_LIBS) $(STORE_LIBS) $(CORE_LIBS) $(LUA_LIBS)
TESTS += tests/cli_lua.sh tests/cli_lua_sigint.sh
dist_noinst_SCRIPTS += tests/cli_lua.sh tests/cli_lua_sigint.sh
EXTRA_DIST += tests/sigint_lib.sh
TESTS += tests/cli_lua_tty.sh
dist_noinst_SCRIPTS += tests/cli_lua_tty.sh
EXTRA_DIST += tests/lua/tty_repl.py

# tui: the workbench driven in tmux (send-keys, capture-pane); exit 77 only without tmux
TESTS += tests/tui_workbench.sh tests/tui_prompt.sh tests/tui_terminal.sh tests/tui_demo.sh
dist_noinst_SCRIPTS += tests/tui_workbench.sh tests/tui_prompt.sh tests/tui_terminal.sh \
	tests/tui_demo.sh
EXTRA_DIST += tests/tui/lib.sh tests/tui/measure_ui_cost.sh

# OpenBLAS kernels: OPENBLAS_CORETYPE checked against the CPU; the command line refuses one
# that would die with SIGILL and names the kernel in --version
check_PROGRAMS += tests/test_blas_env
TESTS += tests/test_blas_env tests/cli_blas_env.sh
dist_noinst_SCRIPTS += tests/cli_blas_env.sh
tests_test_blas_env_SOURCES = tests/test_blas_env.c tests/testutil.h
tests_test_blas_env_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_blas_env_LDADD = $(CORE_LIBS)

include tests/workbench.mk

# one run description for every front end (src/core/run.h, src/store/run_json.h)
TESTS += tests/runcfg.sh tests/cli_outputs.sh
dist_noinst_SCRIPTS += tests/runcfg.sh tests/cli_outputs.sh
check_PROGRAMS += tests/store/test_run_json
TESTS += tests/store/test_run_json
tests_store_test_run_json_SOURCES = tests/store/test_run_json.c tests/store/check.h
tests_store_test_run_json_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_run_json_LDADD = $(STORE_LIBS) $(CORE_LIBS)

include tests/analysis.mk
include tests/reliability.mk
include tests/sweep.mk
include tests/store/grid.mk
include tests/intervene.mk
