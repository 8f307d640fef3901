/* test_fpmode.c: the compute calls flush denormals to zero while they run and give the
 * caller back its own floating-point mode. */
#include <float.h>
#include <stdio.h>
#include "blas.h"
#include "fpmode.h"
#include "testutil.h"

/* volatile keeps the compiler from folding the products at compile time */
static volatile float tiny = 1e-20f;

int main(void) {
    float denormal = tiny * tiny; /* 1e-40: below FLT_MIN, a denormal under IEEE */
    CHECK(denormal > 0.0f && denormal < FLT_MIN, "the caller's mode keeps denormals (%g)",
          (double)denormal);

    /* a GEMM whose every product is 1e-40: flushed to 0 where the CPU can */
    float A[4] = {1e-20f, 1e-20f, 1e-20f, 1e-20f}, B[4] = {1e-20f, 0, 0, 1e-20f}, C[4];
    for (int ref = 0; ref <= 1; ref++) {
        rm_blas_use_reference(ref);
        rm_sgemm(0, 0, 2, 2, 2, 1.0f, A, 2, B, 2, 0.0f, C, 2);
        if (rm_fpmode_supported())
            CHECK(C[0] == 0.0f && C[3] == 0.0f, "%s sgemm flushed 1e-40 to 0 (got %g)",
                  ref ? "reference" : "BLAS", (double)C[0]);
        else
            CHECK(C[0] > 0.0f, "without a flush mode the product stays (got %g)", (double)C[0]);
    }
    rm_blas_use_reference(0);

    denormal = tiny * tiny;
    CHECK(denormal > 0.0f, "rm_sgemm restored the caller's mode (got %g)", (double)denormal);

    rm_fpmode old = rm_fpmode_fast();
    float flushed = tiny * tiny;
    rm_fpmode_restore(old);
    if (rm_fpmode_supported()) CHECK(flushed == 0.0f, "fast mode flushes (got %g)", (double)flushed);
    denormal = tiny * tiny;
    CHECK(denormal > 0.0f, "restore brings denormals back (got %g)", (double)denormal);
    return test_result("fpmode");
}
