# jobs: a training run in a worker thread with a telemetry snapshot (job.h).
src_core_librecmem_a_SOURCES += src/core/job.c
# the session's list of jobs (joblist.h): Lua adds to it, the workbench reads it
src_core_librecmem_a_SOURCES += src/core/joblist.h src/core/joblist.c
