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
