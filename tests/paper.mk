# The paper's factor scripts (examples/paper/, lua/recmem/paper.lua) end to end in quick mode;
# two files so that make -j2 runs them side by side.
TESTS += tests/paper_a.sh tests/paper_b.sh
dist_noinst_SCRIPTS += tests/paper_a.sh tests/paper_b.sh
EXTRA_DIST += tests/paper_check.sh examples/paper/coupling.lua examples/paper/delay.lua \
	examples/paper/dynamic.lua examples/paper/hebbian.lua examples/paper/multitask.lua \
	examples/paper/rho.lua examples/paper/task.lua examples/paper/tethered.lua
# the measured tables under docs/paper/ recompute from their per-network rows, and
# docs/paper.md quotes them
TESTS += tests/lua/paper_docs.lua
EXTRA_DIST += tests/lua/paper_docs.lua docs/paper.md docs/paper
EXTRA_DIST += scripts/analysis/paper-si-parts.lua
