# analyses of trained networks (issue 15) and the LAPACK wrappers they stand on.
src_core_librecmem_a_SOURCES += src/core/linalg.h src/core/linalg.c src/core/analysis.h \
	src/core/analysis_peak.c src/core/analysis_profile.c src/core/analysis_pca.c \
	src/core/analysis_decode.c src/core/analysis_fixed.c
