# analyses of issue 15: tensor operations and linalg with known answers, constructed
# networks (chain, identity, linear fixed points), and every analysis against NumPy/SciPy
TESTS += tests/lua/tensor_ops.lua tests/lua/analysis.lua tests/analysis_reference.sh
EXTRA_DIST += tests/lua/tensor_ops.lua tests/lua/analysis.lua tests/analysis_reference.py
dist_noinst_SCRIPTS += tests/analysis_reference.sh
check_PROGRAMS += tests/test_analysis
TESTS += tests/test_analysis
tests_test_analysis_SOURCES = tests/test_analysis.c tests/testutil.h
tests_test_analysis_CPPFLAGS = $(TEST_CFLAGS_CORE)
tests_test_analysis_LDADD = $(CORE_LIBS)
EXTRA_DIST += scripts/analysis/mechanism.lua
EXTRA_DIST += docs/explore.md
TESTS += tests/analysis_sigint.sh
dist_noinst_SCRIPTS += tests/analysis_sigint.sh
