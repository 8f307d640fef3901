# a sweep's results over two axes (store/sweep_grid.c) on a hand-made sweep directory
check_PROGRAMS += tests/store/test_sweep_grid
TESTS += tests/store/test_sweep_grid
tests_store_test_sweep_grid_SOURCES = tests/store/test_sweep_grid.c tests/store/check.h
tests_store_test_sweep_grid_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_sweep_grid_LDADD = $(STORE_LIBS) $(CORE_LIBS)
