# sweeps: the local pool (interrupt and resume, failures, collect, expansion, refusals) and
# a real one-node SLURM cluster (exits 77 only without root or the slurm packages; .ci/run
# calls it explicitly so it always runs there)
TESTS += tests/sweep_local.sh tests/slurm_sweep.sh
dist_noinst_SCRIPTS += tests/sweep_local.sh tests/slurm_sweep.sh
EXTRA_DIST += .ci/slurm-ci.sh
