# reliability (issue 11): refusals of bad files and data, Lua memory safety, registry
# owners, the failing-allocator loops
TESTS += tests/cli_reliability.sh
dist_noinst_SCRIPTS += tests/cli_reliability.sh
EXTRA_DIST += tests/reliability/npy.sh
TESTS += tests/lua/safety.lua
EXTRA_DIST += tests/lua/safety.lua
