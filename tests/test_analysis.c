/* test_analysis.c: the core's analysis and linear-algebra API called from C, as core
 * analyses and benchmarks use it: status codes and messages on bad input, eigenvalue
 * ordering with conjugate pairs, the decoding index on constructed score matrices, weight
 * profile binning, and fixed points with deduplication. (The numbers themselves are
 * checked against NumPy in tests/analysis_reference.sh.) */
#include <math.h>
#include <string.h>
#include "analysis.h"
#include "linalg.h"
#include "rm_err.h"
#include "testutil.h"

static void test_linalg_errors(void) {
    rm_err e = {0};
    float sing[4] = {1, 2, 2, 4}, b[2] = {1, 1}, x[2];
    CHECK(rm_linalg_solve(sing, 2, b, 1, x, &e) == RM_EINVAL, "singular solve: %d", e.code);
    CHECK(strstr(e.msg, "singular") != NULL, "singular message: %s", e.msg);
    float notpd[4] = {1, 0, 0, -1};
    CHECK(rm_linalg_solve_spd(notpd, 2, b, 1, x, &e) == RM_EINVAL &&
              strstr(e.msg, "not positive definite"), "spd: %s", e.msg);
    float nan_m[4] = {1, NAN, 0, 1};
    float re[2], im[2];
    CHECK(rm_linalg_eig(nan_m, 2, re, im, NULL, NULL, &e) == RM_EINVAL &&
              strstr(e.msg, "non-finite"), "eig NaN: %s", e.msg);
    CHECK(rm_linalg_eig(nan_m, 0, re, im, NULL, NULL, &e) == RM_EINVAL, "eig of 0x0");
    float ok[4] = {4, 0, 0, 2};
    CHECK(rm_linalg_solve(ok, 2, b, 1, x, &e) == RM_OK && fabsf(x[0] - 0.25f) < 1e-7f &&
              fabsf(x[1] - 0.5f) < 1e-7f, "solve diag");
    /* {{4, 1}, {1, 3}} x = {1, 2}: x = {1/11, 7/11} by Cholesky and by LU alike */
    float spd[4] = {4, 1, 1, 3}, rhs[2] = {1, 2};
    CHECK(rm_linalg_solve_spd(spd, 2, rhs, 1, x, &e) == RM_OK &&
              fabsf(x[0] - 1.0f / 11) < 1e-6f && fabsf(x[1] - 7.0f / 11) < 1e-6f,
          "solve spd: %s", e.msg);
    CHECK(rm_linalg_solve(spd, 2, rhs, 1, x, &e) == RM_OK && fabsf(x[0] - 1.0f / 11) < 1e-6f &&
              fabsf(x[1] - 7.0f / 11) < 1e-6f, "solve general: %s", e.msg);
}

static void test_eig_order(void) {
    /* block diag: rotation-scaling (0.3 +- 0.4i, |.| = 0.5), then 0.9, then -0.1 */
    float a[16] = {0.9f, 0, 0, 0, 0, 0.3f, -0.4f, 0, 0, 0.4f, 0.3f, 0, 0, 0, 0, -0.1f};
    float re[4], im[4], vre[16], vim[16];
    rm_err e = {0};
    CHECK(rm_linalg_eig(a, 4, re, im, vre, vim, &e) == RM_OK, "eig: %s", e.msg);
    check_close("eig 1 = 0.9", re[0], 0.9, 1e-6);
    check_close("eig 2 re", re[1], 0.3, 1e-6);
    check_close("eig 2 im > 0 first", im[1], 0.4, 1e-6);
    check_close("eig 3 conjugate", im[2], -0.4, 1e-6);
    check_close("eig 4 = -0.1", re[3], -0.1, 1e-6);
    /* A v = lambda v for the complex pair (column 1) */
    for (int r = 0; r < 4; r++) {
        double avr = 0, avi = 0;
        for (int c = 0; c < 4; c++) {
            avr += a[r * 4 + c] * vre[c * 4 + 1];
            avi += a[r * 4 + c] * vim[c * 4 + 1];
        }
        double lr = re[1] * vre[r * 4 + 1] - im[1] * vim[r * 4 + 1];
        double li = re[1] * vim[r * 4 + 1] + im[1] * vre[r * 4 + 1];
        check_close("A v = lambda v (re)", avr, lr, 1e-5);
        check_close("A v = lambda v (im)", avi, li, 1e-5);
    }
}

static void test_decode_index(void) {
    enum { T = 6 };
    float diag[T * T], square[T * T];
    for (int t = 0; t < T; t++)
        for (int s = 0; s < T; s++) {
            diag[t * T + s] = t == s ? 0.8f : -0.3f; /* below chance counts as 0 */
            square[t * T + s] = 0.5f;
        }
    double d, o;
    check_close("diagonal matrix: index 0", rm_decode_index(diag, T, 0, T - 1, &d, &o), 0, 0);
    check_close("diagonal matrix: diag", d, 0.8, 1e-6);
    check_close("square matrix: index 1", rm_decode_index(square, T, 1, 4, &d, &o), 1, 1e-12);
    float zero[T * T] = {0};
    CHECK(isnan(rm_decode_index(zero, T, 0, T - 1, NULL, NULL)), "nothing decodes: NaN");
    /* bad arguments and the stop flag */
    float h[8 * 2 * 3] = {0}, y[8] = {0}, score[4], err[4];
    rm_err e = {0};
    CHECK(rm_decode_cross(h, 8, 2, 3, y, 1, 0, 0.0, 4, score, err, NULL, &e) == RM_EINVAL &&
              strstr(e.msg, "lambda"), "lambda 0: %s", e.msg);
    CHECK(rm_decode_cross(h, 8, 2, 3, y, 1, 0, 1.0, 7, score, err, NULL, &e) == RM_EINVAL &&
              strstr(e.msg, "1 test"), "one test trial: %s", e.msg);
    atomic_int stop = 1;
    CHECK(rm_decode_cross(h, 8, 2, 3, y, 1, 0, 1.0, 4, score, err, &stop, &e) == RM_ESTOPPED,
          "a set stop flag stops decoding");
    stop = 0;
    CHECK(rm_decode_cross(h, 8, 2, 3, y, 1, 0, 1.0, 4, score, err, &stop, &e) == RM_OK &&
              isnan(score[0]), "constant targets: R^2 is NaN (%s)", e.msg);
}

static void test_profile_bins(void) {
    /* 3 units peaking at 0, 2, 5; W[i][j] = 10 i + j */
    float W[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) W[i * 3 + j] = (float)(10 * i + j);
    double key[3] = {0, 2, 5};
    rm_weight_profile_t p;
    rm_err e = {0};
    CHECK(rm_weight_profile(W, 3, key, 3, -1, &p, &e) == RM_OK, "profile: %s", e.msg);
    /* lags -5..5 in bins of 3 centred on 0: k = floor((d + 1) / 3), k from -2 to 2 */
    CHECK(p.n_bins == 5 && p.k0 == -2, "bins %d, k0 %d", p.n_bins, p.k0);
    /* bin 0 (d in -1..1): the three diagonal pairs: mean (0 + 11 + 22) / 3 */
    check_close("bin 0", p.w[2], 11, 1e-9);
    /* bin +1 (d in 2..4): (1,0) d=2 -> 10, (2,1) d=3 -> 21 */
    check_close("bin +1", p.w[3], 15.5, 1e-9);
    check_close("bin +2 (d = 5: (2,0))", p.w[4], 20, 1e-9);
    check_close("asymmetry", p.asymmetry, ((10 + 21 + 20) - (1 + 12 + 2)) / 66.0, 1e-12);
    rm_weight_profile_free(&p);
    double silent[3] = {NAN, NAN, NAN};
    CHECK(rm_weight_profile(W, 3, silent, 1, -1, &p, &e) == RM_EINVAL && strstr(e.msg, "silent"),
          "all silent: %s", e.msg);
}

static void test_fixed_points(void) {
    /* F(h) = relu(0.5 h + u), u = (1, -1): fixed point (2, 0), Jacobian diag(0.5, 0) */
    float W[4] = {0.5f, 0, 0, 0.5f}, u[2] = {1, -1};
    float starts[6] = {0, 0, 10, 10, 2.001f, 0.5f}, pts[6];
    double q[3];
    rm_fixed_cfg cfg = {.iters = 50, .tol = 1e-12};
    rm_err e = {0};
    CHECK(rm_relu_fixed_points(W, u, 2, starts, 3, &cfg, pts, q, NULL, &e) == RM_OK, "fp: %s", e.msg);
    int m = rm_fixed_dedupe(pts, q, 3, 2, 1e-4);
    CHECK(m == 1, "three starts, one point (got %d)", m);
    check_close("fixed point x", pts[0], 2, 1e-5);
    check_close("fixed point y", pts[1], 0, 1e-6);
    CHECK(q[0] <= cfg.tol, "q %g", q[0]);
    float J[4];
    rm_relu_jacobian(W, u, 2, pts, J);
    CHECK(J[0] == 0.5f && J[1] == 0 && J[2] == 0 && J[3] == 0, "jacobian of the inactive unit is 0");
    atomic_int stop = 1;
    cfg.stop = &stop;
    CHECK(rm_relu_fixed_points(W, u, 2, starts, 3, &cfg, pts, q, NULL, &e) == RM_ESTOPPED,
          "a set stop flag stops the search");
}

int main(void) {
    test_linalg_errors();
    test_eig_order();
    test_decode_index();
    test_profile_bins();
    test_fixed_points();
    return test_result("test_analysis");
}
