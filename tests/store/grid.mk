# a sweep's results over two axes (store/sweep_grid.c) on a hand-made sweep directory
check_PROGRAMS += tests/store/test_sweep_grid
TESTS += tests/store/test_sweep_grid
tests_store_test_sweep_grid_SOURCES = tests/store/test_sweep_grid.c tests/store/check.h
tests_store_test_sweep_grid_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_sweep_grid_LDADD = $(STORE_LIBS) $(CORE_LIBS)
# recmem.sweep.watch and recmem.show(sweep) outside the workbench; the sweep the grid
# tests share (tests/tui_grid.sh too)
TESTS += tests/sweep_watch.sh
dist_noinst_SCRIPTS += tests/sweep_watch.sh tests/store/grid_sweep.sh
