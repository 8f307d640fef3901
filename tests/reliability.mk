# reliability (issue 11): refusals of bad files and data, Lua memory safety, registry
# owners, the failing-allocator loops
TESTS += tests/cli_reliability.sh
dist_noinst_SCRIPTS += tests/cli_reliability.sh
EXTRA_DIST += tests/reliability/npy.sh
TESTS += tests/lua/safety.lua
EXTRA_DIST += tests/lua/safety.lua
check_PROGRAMS += tests/test_membudget
TESTS += tests/test_membudget
tests_test_membudget_SOURCES = tests/test_membudget.c tests/testutil.h
tests_test_membudget_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_membudget_LDADD = $(CORE_LIBS)
check_PROGRAMS += tests/store/test_registry_owner
TESTS += tests/store/test_registry_owner
tests_store_test_registry_owner_SOURCES = tests/store/test_registry_owner.c tests/store/check.h
tests_store_test_registry_owner_CPPFLAGS = $(TEST_CFLAGS_STORE)
tests_store_test_registry_owner_LDADD = $(STORE_LIBS) $(CORE_LIBS)
# every allocation of the run set-up and of a Lua script fails once (malloc, calloc and
# realloc wrapped at link time; Lua's allocator replaced)
check_PROGRAMS += tests/test_failalloc
TESTS += tests/test_failalloc
tests_test_failalloc_SOURCES = tests/test_failalloc.c
tests_test_failalloc_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) $(BLAS_CFLAGS)
tests_test_failalloc_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
tests_test_failalloc_LDADD = src/lua/librmlua.a $(PLOT_LIBS) $(STORE_LIBS) $(CORE_LIBS) $(LUA_LIBS)
