/* infloss.c: fractional information loss (SPEC 4), accumulated batch by batch so that a
 * log window or a whole test set is one running sum.
 *
 * Estimation: (E|s-n| mod pi - E|s-opt| mod pi) / E|s-opt| mod pi.
 * Binary:     E[KL(opt||n)] / E[KL(opt||1/2)] (Bernoulli KL).
 * SINE:       mean |y - target| over the response period (SPEC's fix).
 * Terms whose truth, ideal answer or network answer is NaN are left out of both sums, as
 * the original's nanmean leaves them out. For binary tasks that includes trials whose ideal
 * answer is exactly 0 or 1: the original's KL is 0*log(0) = NaN there (common in 2AFC and
 * COMP, where the observer saturates), and SPEC asks to match the original. */
#include <math.h>
#include "metrics.h"

/* The original scores the clipped sigmoid it trains on (SPEC 3), so a saturated output
   costs a large but finite KL instead of infinity. */
#define ANSWER_CLIP 1e-6

static const double PI = 3.14159265358979323846;

void rm_infloss_reset(rm_infloss *acc, rm_loss_kind kind) {
    acc->kind = kind;
    acc->num = 0.0;
    acc->den = 0.0;
    acc->count = 0;
}

/* Bernoulli KL(o || n) for 0 < o < 1 (add_binary leaves out o = 0 and o = 1). */
static double bernoulli_kl(double o, double n) {
    return o * log(o / n) + (1.0 - o) * log((1.0 - o) / (1.0 - n));
}

static void add_estimation(rm_infloss *acc, const rm_batch *b, const float *yr) {
    for (int i = 0; i < b->B; i++)
        for (int o = 0; o < b->n_out; o++) {
            double s = b->s[(size_t)i * b->n_out + o];
            double opt = b->opt[(size_t)i * b->n_out + o];
            double n = yr[(size_t)i * b->n_out + o];
            if (isnan(s) || isnan(opt) || isnan(n))
                continue;
            acc->num += fmod(fabs(s - n), PI);
            acc->den += fmod(fabs(s - opt), PI);
            acc->count++;
        }
}

static void add_binary(rm_infloss *acc, const rm_batch *b, const float *yr) {
    for (int i = 0; i < b->B; i++)
        for (int o = 0; o < b->n_out; o++) {
            double opt = b->opt[(size_t)i * b->n_out + o];
            double n = yr[(size_t)i * b->n_out + o];
            if (isnan(opt) || isnan(n) || opt == 0.0 || opt == 1.0)
                continue;
            n = n < ANSWER_CLIP ? ANSWER_CLIP : n > 1.0 - ANSWER_CLIP ? 1.0 - ANSWER_CLIP : n;
            acc->num += bernoulli_kl(opt, n);
            acc->den += bernoulli_kl(opt, 0.5);
            acc->count++;
        }
}

/* y is time-major [T][B][n_out], the target trial-major [B][T][n_out]. */
static void add_l1(rm_infloss *acc, const rm_task *t, const rm_batch *b, const float *y) {
    int T = b->T, B = b->B, n_out = b->n_out;
    int t0 = T - t->resp < 0 ? 0 : T - t->resp;
    for (int step = t0; step < T; step++)
        for (int i = 0; i < B; i++)
            for (int o = 0; o < n_out; o++) {
                double yv = y[((size_t)step * B + i) * n_out + o];
                double tv = b->target[((size_t)i * T + step) * n_out + o];
                if (isnan(yv))
                    continue;
                acc->num += fabs(yv - tv);
                acc->den += 1.0;
                acc->count++;
            }
}

void rm_infloss_add(rm_infloss *acc, const rm_task *t, const rm_batch *b, const float *y,
                    int read_step) {
    if (acc->kind == RM_LOSS_L1) {
        add_l1(acc, t, b, y);
        return;
    }
    if (read_step < 0 || read_step >= b->T)
        return;
    const float *yr = y + (size_t)read_step * b->B * b->n_out;
    if (acc->kind == RM_LOSS_CIRCULAR)
        add_estimation(acc, b, yr);
    else
        add_binary(acc, b, yr);
}

double rm_infloss_value(const rm_infloss *acc) {
    if (acc->count == 0)
        return NAN;
    if (acc->kind == RM_LOSS_CIRCULAR)
        return (acc->num - acc->den) / acc->den;
    return acc->num / acc->den;
}
