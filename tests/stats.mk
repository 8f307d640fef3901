# Paired statistics (recmem.stats) and the analysis scripts built on it: the module's
# hand-made cases, its agreement with SciPy, and paired.lua / demo-contrast.lua end to end.
TESTS += tests/lua/stats.lua tests/stats_scipy.sh tests/paired_csv.sh
EXTRA_DIST += tests/lua/stats.lua
dist_noinst_SCRIPTS += tests/stats_scipy.sh tests/paired_csv.sh
# the scripts that measured docs/demo-contrast.md, and their measurements
EXTRA_DIST += scripts/analysis/paired.lua scripts/analysis/demo-contrast.lua \
	scripts/analysis/demo-contrast.sh scripts/analysis/si-parts.lua \
	docs/demo-contrast.md docs/measurements/kernels.txt docs/measurements/si-parts.seed1.txt \
	docs/measurements/task-comp-2afc.default.csv docs/measurements/task-comp-2afc.Sandybridge.csv \
	docs/measurements/delay-2afc.default.csv docs/measurements/de1-coupling.default.csv
