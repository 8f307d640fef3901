/* task_sine.c: produce a sine wave after the delay (SPEC 1, SINE). Not Poisson: the input is
 * Gaussian noise during the delay only; there is no latent stimulus and no ideal observer. */
#include <math.h>
#include "task_fill.h"

static int sine_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                     rm_err *e) {
    int rc = rm_fixed_check(t, fix, 0, 0.0, 0.0, 0, e);
    if (rc) return rc;
    for (int k = 0; k < b->B; k++) {
        for (int step = 0; step < t->T; step++) {
            rm_period p = rm_task_period(t, b->delay[k], step);
            if (p == RM_PERIOD_DELAY) {
                float *row = rm_x_row(b, k, step);
                for (int c = t->ch0; c < t->n_chan; c++)
                    row[c] = (float)(0.1 * rm_rng_normal(rng));
            } else if (p == RM_PERIOD_RESP) {
                int j = step - (t->T - t->resp); /* 0 .. resp-1 */
                double denom = t->resp > 1 ? t->resp - 1 : 1;
                rm_target_row(b, k, step)[0] = (float)sin(0.25 * RM_PI * j / denom);
            }
        }
    }
    return RM_OK;
}

/* SPEC gives SINE no dynamic-input range; it uses the von Mises layout [0, pi], gain 1. */
const rm_task_def rm_task_SINE = {
    .name = "SINE", .code = 7, .n_loc = 1, .n_out = 1, .out = RM_OUT_LINEAR,
    .loss = RM_LOSS_L1, .poisson = 0,
    .dyn_lo = 0.0, .dyn_hi = RM_PI, .dyn_gain = 1.0, .phi = rm_vm_phi,
    .fill = sine_fill, .observe = NULL,
};
