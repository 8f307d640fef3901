# jobs: a training run in a worker thread with a telemetry snapshot (job.h).
src_core_librecmem_a_SOURCES += src/core/job.c
