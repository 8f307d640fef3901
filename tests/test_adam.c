/* test_adam.c: Adam against steps worked by hand, and the BLAS wrapper against its
 * plain-loop reference. */
#include <math.h>
#include <stdlib.h>
#include "adam.h"
#include "blas.h"
#include "testutil.h"

static void test_adam_steps(void) {
    rm_adam a;
    rm_err e;
    CHECK(rm_adam_init(&a, 2, 0.1, &e) == 0, "%s", e.msg);
    float p[2] = {1.0f, -2.0f};
    /* Step 1: m = 0.1 g, v = 0.001 g^2, mhat = g, vhat = g^2: p -= lr * g / (|g| + eps),
       i.e. a step of exactly lr against the gradient's sign. */
    float g1[2] = {0.5f, -4.0f};
    rm_adam_update(&a, p, g1);
    CHECK(fabsf(p[0] - 0.9f) < 1e-6f, "step 1: p0 = %.8f, want 0.9", p[0]);
    CHECK(fabsf(p[1] - -1.9f) < 1e-6f, "step 1: p1 = %.8f, want -1.9", p[1]);
    /* Step 2 with g = 0.25 for p0: m = 0.9*0.05 + 0.1*0.25 = 0.07, v = 0.999*0.00025 +
       0.001*0.0625 = 0.00031225; mhat = 0.07/0.19 = 0.368421..., vhat = 0.00031225/0.001999
       = 0.156203...; step = 0.1 * 0.368421 / (0.395225 + 1e-8) = 0.0932180 */
    float g2[2] = {0.25f, 0.0f};
    rm_adam_update(&a, p, g2);
    CHECK(fabsf(p[0] - (0.9f - 0.0932180f)) < 2e-6f, "step 2: p0 = %.8f, want %.8f", p[0],
          0.9f - 0.0932180f);
    /* p1: m = 0.9*(-0.4) = -0.36, v = 0.999*0.016 = 0.015984; mhat = -1.894737,
       vhat = 7.995998, sqrt = 2.827719; step = 0.1 * -1.894737 / 2.827719 = -0.0670058 */
    CHECK(fabsf(p[1] - (-1.9f + 0.0670058f)) < 2e-6f, "step 2: p1 = %.8f, want %.8f", p[1],
          -1.9f + 0.0670058f);
    CHECK(a.step == 2, "step count %ld", a.step);
    rm_adam_free(&a);
}

static void test_blas_reference(void) {
    int M = 13, N = 7, K = 11;
    float *A = malloc(sizeof(float) * 20 * 20), *B = malloc(sizeof(float) * 20 * 20);
    float C1[20 * 20], C2[20 * 20];
    for (int i = 0; i < 400; i++) {
        A[i] = (float)sin(i * 0.37), B[i] = (float)cos(i * 0.11);
        C1[i] = C2[i] = (float)(i % 5);
    }
    for (int ta = 0; ta <= 1; ta++)
        for (int tb = 0; tb <= 1; tb++) {
            rm_blas_use_reference(0);
            rm_sgemm(ta, tb, M, N, K, 0.5f, A, 17, B, 19, 1.0f, C1, 20);
            rm_blas_use_reference(1);
            rm_sgemm(ta, tb, M, N, K, 0.5f, A, 17, B, 19, 1.0f, C2, 20);
            double worst = 0;
            for (int i = 0; i < 400; i++) worst = fmax(worst, fabs(C1[i] - C2[i]));
            CHECK(worst < 1e-4, "sgemm trans %d%d differs from the reference by %g", ta, tb, worst);
        }
    rm_blas_use_reference(0);
    free(A);
    free(B);
}

int main(void) {
    test_adam_steps();
    test_blas_reference();
    return test_result("test_adam");
}
