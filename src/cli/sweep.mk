# recmem sweep: a grid of networks on the local cores or as a SLURM job array
src_recmem_SOURCES += src/cli/sweep.h src/cli/cmd_sweep.c src/cli/sweep_spec.c \
	src/cli/sweep_point.c src/cli/sweep_pool.c src/cli/sweep_slurm.c \
	src/cli/sweep_status.c src/cli/sweep_collect.c
# The pool's throughput (-j 1 vs -j 2) and its per-point overhead (minutes; not make check):
#   make sweep-bench [SWEEP_BENCH_ARGS="POINTS ITERS"]
EXTRA_DIST += scripts/sweep-bench.sh
sweep-bench: src/recmem
	bash $(srcdir)/scripts/sweep-bench.sh $(abs_builddir)/src/recmem $(SWEEP_BENCH_ARGS)
.PHONY: sweep-bench
