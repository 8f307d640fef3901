# task generators (SPEC 1): registry + sampler, shared helpers, one file per task family.
src_core_librecmem_a_SOURCES += \
	src/core/task.c src/core/task_util.c src/core/task_fill.h \
	src/core/task_de.c src/core/task_cd.c src/core/task_gde.c \
	src/core/task_2afc.c src/core/task_sine.c src/core/task_comp.c
