# tests of the layering, the job list and the workbench's run handling (issue 10, item 4-6)
check_PROGRAMS += tests/test_joblist
TESTS += tests/test_joblist
tests_test_joblist_SOURCES = tests/test_joblist.c tests/testutil.h
tests_test_joblist_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_joblist_LDADD = $(CORE_LIBS)
TESTS += tests/lua/runs.lua tests/layers.sh
dist_noinst_SCRIPTS += tests/layers.sh
EXTRA_DIST += tests/lua/runs.lua
# the workbench keeps drawing while Lua waits for a run, and lists any number of runs
# (tmux; 77 only without tmux)
TESTS += tests/tui_wait.sh tests/tui_runs.sh
dist_noinst_SCRIPTS += tests/tui_wait.sh tests/tui_runs.sh
# the models' structs of views agree with the named look-ups
check_PROGRAMS += tests/test_views
TESTS += tests/test_views
tests_test_views_SOURCES = tests/test_views.c tests/testutil.h
tests_test_views_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_views_LDADD = $(CORE_LIBS)
# the grid pane follows a sweep directory as its results appear (tmux; 77 only without it)
TESTS += tests/tui_grid.sh
dist_noinst_SCRIPTS += tests/tui_grid.sh
# the workbench's layout arithmetic, incl. the pinned pair above the compared one
check_PROGRAMS += tests/test_layout
TESTS += tests/test_layout
tests_test_layout_SOURCES = tests/test_layout.c tests/testutil.h src/tui/layout.c src/tui/layout.h
tests_test_layout_CPPFLAGS = $(AM_CPPFLAGS)
# net:train's probe options (how often the workbench's heatmap updates, over how many trials)
TESTS += tests/lua/train_probe.lua
EXTRA_DIST += tests/lua/train_probe.lua
