# librecmem: the numeric core (C11 + libm + CBLAS only).
noinst_LIBRARIES += src/core/librecmem.a
src_core_librecmem_a_CPPFLAGS = $(AM_CPPFLAGS) $(BLAS_CFLAGS)
src_core_librecmem_a_SOURCES = \
	src/core/rm_err.h src/core/err.c src/core/rm_limits.h \
	src/core/rng.h src/core/rng.c \
	src/core/blas.h src/core/blas.c src/core/fpmode.h src/core/fpmode.c \
	src/core/task.h src/core/net.h src/core/net.c src/core/model_rnn.h src/core/model_rnn.c src/core/job.h \
	src/core/net_transfer.c \
	src/core/loss.h src/core/loss.c \
	src/core/adam.h src/core/adam.c \
	src/core/metrics.h \
	src/core/train.h src/core/train.c src/core/probe.c \
	src/core/condition.h src/core/condition.c \
	src/core/run.h src/core/run.c \
	src/core/membudget.h src/core/membudget.c
CORE_LIBS = src/core/librecmem.a $(BLAS_LIBS) $(LIBS)
# Tasks (task*.c) and metrics (infloss.c, si.c) list their files in their own fragments.
include src/core/tasks.mk
include src/core/metrics.mk
include src/core/job.mk
include src/core/models.mk
include src/core/analysis.mk
include src/core/intervene.mk
