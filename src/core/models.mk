# Models beyond model 0 (each one file; registered by one line in net.c's models[]).
src_core_librecmem_a_SOURCES += src/core/model_hebbian.c src/core/model_ortho.c src/core/model_gru.c
