/* test_blas_env.c: a kernel forced with OPENBLAS_CORETYPE is refused, with the missing
 * instructions named, exactly when the CPU cannot run it (it would die with SIGILL); the
 * CPU flags are constructed, so every case runs on any x86-64. */
#include <string.h>
#include "blas.h"
#include "testutil.h"

static int refused(const char *coretype, rm_cpu_flags cpu, const char *must_name) {
    rm_err e = {0};
    int rc = rm_blas_check_coretype(coretype, &cpu, &e);
    if (rc && must_name && !strstr(e.msg, must_name)) {
        fprintf(stderr, "message for %s does not name %s: %s\n", coretype, must_name, e.msg);
        return -1;
    }
    if (rc && strchr(e.msg, '\n')) return -1;
    return rc != 0;
}

int main(void) {
    const rm_cpu_flags avx512 = {1, 1, 1, 1}, avx2 = {1, 1, 1, 0}, avx = {1, 0, 0, 0},
                       sse = {0, 0, 0, 0};
    CHECK(refused("SkylakeX", avx2, "AVX-512") == 1, "SkylakeX on an AVX2 CPU");
    CHECK(refused("skylakex", avx2, "AVX-512") == 1, "names are case-insensitive");
    CHECK(refused("SapphireRapids", avx, "AVX-512") == 1, "SapphireRapids on an AVX CPU");
    CHECK(refused("SkylakeX", avx512, NULL) == 0, "SkylakeX on an AVX-512 CPU");
    CHECK(refused("Haswell", avx, "AVX2") == 1, "Haswell on an AVX-only CPU");
    CHECK(refused("Zen", avx2, NULL) == 0, "Zen on an AVX2 CPU");
    CHECK(refused("Haswell", avx512, NULL) == 0, "Haswell on an AVX-512 CPU");
    CHECK(refused("SandyBridge", sse, "AVX") == 1, "SandyBridge without AVX");
    CHECK(refused("Prescott", sse, NULL) == 0, "an SSE kernel runs anywhere");
    CHECK(refused("NoSuchKernel", sse, NULL) == 0, "OpenBLAS ignores names it does not know");
    CHECK(refused(NULL, sse, NULL) == 0 && refused("", sse, NULL) == 0, "unset");

    /* this machine: the flags read must be consistent (AVX2 implies AVX; AVX-512 implies
       AVX2 on every x86-64 that has it), and the kernel OpenBLAS chose is named */
    rm_cpu_flags here;
    rm_cpu_flags_get(&here);
    CHECK(!here.avx2 || here.avx, "AVX2 without AVX");
    CHECK(!here.avx512f || here.avx2, "AVX-512 without AVX2");
    CHECK(rm_blas_kernel() && *rm_blas_kernel(), "OpenBLAS names its kernel");
    CHECK(refused(rm_blas_kernel(), here, NULL) == 0, "the kernel OpenBLAS chose itself is "
          "accepted (%s)", rm_blas_kernel());
    return test_result("test_blas_env");
}
