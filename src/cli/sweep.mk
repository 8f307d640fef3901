# recmem sweep: a grid of networks on the local cores or as a SLURM job array
src_recmem_SOURCES += src/cli/sweep.h src/cli/cmd_sweep.c src/cli/sweep_spec.c \
	src/cli/sweep_point.c src/cli/sweep_pool.c src/cli/sweep_slurm.c
