# interventions: the core (every model, every task's fixed latents) and the Lua API
check_PROGRAMS += tests/test_intervene
TESTS += tests/test_intervene tests/lua/intervene.lua
tests_test_intervene_SOURCES = tests/test_intervene.c tests/testutil.h
tests_test_intervene_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_intervene_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/lua/intervene.lua
