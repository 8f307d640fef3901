# metrics: fractional information loss and the sequentiality index (SPEC 4).
src_core_librecmem_a_SOURCES += src/core/infloss.c src/core/si.c
