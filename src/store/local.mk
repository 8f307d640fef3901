# librmstore: files (npy, safetensors checkpoints, SQLite registry, .mat export).
noinst_LIBRARIES += src/store/librmstore.a
src_store_librmstore_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(SQLITE_CFLAGS) $(MATIO_CFLAGS)
src_store_librmstore_a_SOURCES = src/store/npy.h src/store/npy.c
STORE_LIBS = src/store/librmstore.a $(JANSSON_LIBS) $(SQLITE_LIBS) $(MATIO_LIBS)
# checkpoints: crash-safe file replacement, the safetensors container, recmem's layout in it
src_store_librmstore_a_SOURCES += src/store/atomic_file.h src/store/atomic_file.c \
	src/store/safetensors.h src/store/safetensors.c \
	src/store/ckpt.h src/store/ckpt.c \
	src/store/run_json.h src/store/run_json.c
# the run registry (SQLite) and the persistence side of a training session
src_store_librmstore_a_SOURCES += src/store/registry.h src/store/registry.c \
	src/store/runfile.h src/store/runfile.c
# `recmem train` records runs in ./recmem.db by default, also when tests run it
CLEANFILES += recmem.db recmem.db-wal recmem.db-shm
# export in the original's MATLAB layout (matio) and as .npy
src_store_librmstore_a_SOURCES += src/store/export.h src/store/export.c
# sweep directories: description, points, per-point results (recmem sweep)
src_store_librmstore_a_SOURCES += src/store/sweep_dir.h src/store/sweep_dir.c
# a sweep's results over two axes, re-read as they change (status --grid, the grid pane)
src_store_librmstore_a_SOURCES += src/store/sweep_grid.h src/store/sweep_grid.c
