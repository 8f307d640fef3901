# tests: each area keeps its block; C tests link the core.
TEST_CFLAGS_CORE = $(AM_CPPFLAGS) $(BLAS_CFLAGS)

# metrics, npy, si and sample
check_PROGRAMS += tests/test_si tests/test_infloss tests/test_npy
TESTS += tests/test_si tests/test_infloss tests/test_npy
tests_test_si_SOURCES = tests/test_si.c
tests_test_si_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_si_LDADD = $(CORE_LIBS)
tests_test_infloss_SOURCES = tests/test_infloss.c
tests_test_infloss_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_infloss_LDADD = $(CORE_LIBS)
tests_test_npy_SOURCES = tests/test_npy.c
tests_test_npy_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_npy_LDADD = $(STORE_LIBS) $(CORE_LIBS)
TESTS += tests/cli_si_sample.sh
dist_noinst_SCRIPTS += tests/cli_si_sample.sh
EXTRA_DIST += tests/si_reference.py
