# tests

# store: checkpoints, resume, registry, export, fuzzing the loader
TEST_CFLAGS_STORE = $(AM_CPPFLAGS) $(BLAS_CFLAGS) $(JANSSON_CFLAGS) $(SQLITE_CFLAGS) $(MATIO_CFLAGS)
check_PROGRAMS += tests/store/test_ckpt
TESTS += tests/store/test_ckpt
tests_store_test_ckpt_SOURCES = tests/store/test_ckpt.c tests/store/check.h
tests_store_test_ckpt_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_ckpt_LDADD = $(STORE_LIBS) $(CORE_LIBS)
