/* test_infloss.c: each family of the fractional information loss (SPEC 4) on small
 * hand-worked batches: the answer read at the given step of a time-major output, mod pi
 * for estimation, Bernoulli KL with NaN trials (and ideal answers of exactly 0 or 1, which
 * the original's 0*log 0 makes NaN) left out for binary,
 * mean |y - target| over the response period for SINE. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "metrics.h"
#include "testutil.h"

static const double PI = 3.14159265358979323846;

/* A batch with only the fields the metric reads. */
static rm_batch fake_batch(int B, int T, int n_out, float *target, double *s, double *opt) {
    rm_batch b;
    memset(&b, 0, sizeof b);
    b.B = B;
    b.T = T;
    b.n_out = n_out;
    b.target = target;
    b.s = s;
    b.opt = opt;
    return b;
}

static rm_task fake_task(int T, int resp, int n_out) {
    rm_task t;
    memset(&t, 0, sizeof t);
    t.T = T;
    t.resp = resp;
    t.stim = 1;
    t.delay = T - 1 - resp;
    t.n_out = n_out;
    return t;
}

static void test_estimation(void) {
    enum { B = 3, T = 4, O = 2, READ = 2 };
    double s[B * O] = {1.0, 0.5, 3.0, 0.25, 2.0, 1.0};
    double opt[B * O] = {1.125, 0.75, 2.5, 0.5, NAN, 1.5};
    float net[B * O] = {1.25f, 4.0f, 2.0f, 0.25f, 2.0f, 0.5f};
    float y[T * B * O];
    for (int i = 0; i < T * B * O; i++)
        y[i] = 100.0f;  /* other steps must not be read */
    memcpy(y + READ * B * O, net, sizeof net);
    rm_task t = fake_task(T, 1, O);
    rm_batch b = fake_batch(B, T, O, NULL, s, opt);

    rm_infloss acc;
    rm_infloss_reset(&acc, RM_LOSS_CIRCULAR);
    check("empty accumulator is NaN", isnan(rm_infloss_value(&acc)));
    rm_infloss_add(&acc, &t, &b, y, READ);
    /* |s - n| mod pi: 0.25, 3.5 - pi, 1, 0, (NaN-opt term left out), 0.5
       |s - opt| mod pi: 0.125, 0.25, 0.5, 0.25, 0.5 */
    double num = 0.25 + (3.5 - PI) + 1.0 + 0.0 + 0.5;
    double den = 0.125 + 0.25 + 0.5 + 0.25 + 0.5;
    check("estimation count skips the NaN trial", acc.count == 5);
    check_close("estimation num", acc.num, num, 1e-12);
    check_close("estimation den", acc.den, den, 1e-12);
    check_close("estimation value", rm_infloss_value(&acc), (num - den) / den, 1e-12);
    /* A second identical batch leaves the ratio unchanged. */
    rm_infloss_add(&acc, &t, &b, y, READ);
    check("estimation accumulates", acc.count == 10);
    check_close("estimation value after two batches", rm_infloss_value(&acc),
                (num - den) / den, 1e-12);
    /* A network as good as the truth itself scores (0 - den) / den = -1. */
    memcpy(y + READ * B * O, (float[B * O]){1.0f, 0.5f, 3.0f, 0.25f, 2.0f, 1.0f},
           sizeof net);
    rm_infloss_reset(&acc, RM_LOSS_CIRCULAR);
    rm_infloss_add(&acc, &t, &b, y, READ);
    check_close("estimation perfect answer", rm_infloss_value(&acc), -1.0, 1e-12);
}

static double kl(double o, double n) {
    double a = o == 0.0 ? 0.0 : o * log(o / n);
    double c = o == 1.0 ? 0.0 : (1.0 - o) * log((1.0 - o) / (1.0 - n));
    return a + c;
}

static void test_binary(void) {
    enum { B = 5, T = 3, READ = 1 };
    double s[B] = {1, 0, 1, 0, 1};
    double opt[B] = {0.75, 0.25, NAN, 0.0, 1.0};
    float net[B] = {0.5f, 0.25f, 0.9f, 0.125f, 1.0f};
    float y[T * B];
    for (int i = 0; i < T * B; i++)
        y[i] = 0.01f;
    memcpy(y + READ * B, net, sizeof net);
    rm_task t = fake_task(T, 1, 1);
    rm_batch b = fake_batch(B, T, 1, NULL, s, opt);
    rm_infloss acc;
    rm_infloss_reset(&acc, RM_LOSS_BCE);
    rm_infloss_add(&acc, &t, &b, y, READ);
    /* KL(0.75||0.5) = 0.75 log 1.5 + 0.25 log 0.5; KL(0.25||0.25) = 0; the trials whose
       ideal answer is exactly 0 or 1 are left out, as the original's 0*log(0) = NaN is. */
    double k75 = 0.75 * log(1.5) + 0.25 * log(0.5);
    double num = k75 + 0.0;
    double den = k75 + k75;
    check("binary count skips NaN, 0 and 1 ideal answers", acc.count == 2);
    check_close("binary num", acc.num, num, 1e-12);
    check_close("binary den", acc.den, den, 1e-12);
    check_close("binary value", rm_infloss_value(&acc), num / den, 1e-12);
    check_close("kl helper agrees", kl(0.75, 0.5), k75, 1e-15);
    /* An answer of exactly 0 against opt 0.5 stays finite thanks to the clip. */
    double opt2[1] = {0.5};
    float y2[T] = {0.0f, 0.0f, 0.0f};
    rm_batch b2 = fake_batch(1, T, 1, NULL, s, opt2);
    rm_infloss_reset(&acc, RM_LOSS_BCE);
    rm_infloss_add(&acc, &t, &b2, y2, READ);
    check("binary zero answer finite", isfinite(acc.num));
    check_close("binary zero answer value", acc.num, kl(0.5, 1e-6), 1e-12);
}

static void test_sine(void) {
    enum { B = 2, T = 6, RESP = 3 };
    float target[B * T] = {0, 0, 0, 0.0f, 0.5f, 1.0f,   /* trial 0 */
                           0, 0, 0, 0.0f, 0.5f, 1.0f};  /* trial 1 */
    /* y is time-major [T][B]; steps 0..2 are off the response period and ignored. */
    float y[T * B] = {9, 9, 9, 9, 9, 9,
                      0.25f, 0.0f,    /* step 3: |.25-0|, |0-0| */
                      0.5f, 1.0f,     /* step 4: 0, .5 */
                      0.75f, 1.0f};   /* step 5: .25, 0 */
    rm_task t = fake_task(T, RESP, 1);
    rm_batch b = fake_batch(B, T, 1, target, NULL, NULL);
    rm_infloss acc;
    rm_infloss_reset(&acc, RM_LOSS_L1);
    rm_infloss_add(&acc, &t, &b, y, T - 5);  /* the read step does not matter for SINE */
    check("sine count", acc.count == B * RESP);
    check_close("sine value", rm_infloss_value(&acc), (0.25 + 0 + 0 + 0.5 + 0.25 + 0) / 6,
                1e-12);
}

int main(void) {
    test_estimation();
    test_binary();
    test_sine();
    return test_result("test_infloss");
}
