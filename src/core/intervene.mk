# interventions on the hidden state during a probe, lesioned copies and the lesion curve.
src_core_librecmem_a_SOURCES += src/core/intervene.h src/core/intervene.c src/core/lesion.c
