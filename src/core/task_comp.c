/* task_comp.c: comparison of two successive scalar stimuli (SPEC 1, COMP): is the first
 * larger than the second? With the Gaussian ideal observer. */
#include <math.h>
#include <stdlib.h>
#include "task_fill.h"

#define COMP_SIG 10.0

/* phi_i = linspace(-50, 50, n). */
static void comp_phi(double *phi, int n) {
    for (int i = 0; i < n; i++) phi[i] = n > 1 ? -50.0 + 100.0 * i / (n - 1) : 0.0;
}

/* fix: s[0] and s[1] are the first and second scalar. */
static int comp_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                     rm_err *e) {
    int n_in = t->n_in;
    int rc = rm_fixed_check(t, fix, 2, -40.0, 40.0, 0, e);
    if (rc) return rc;
    double *phi = malloc(n_in * sizeof *phi);
    double *stim = malloc(n_in * sizeof *stim), *probe = malloc(n_in * sizeof *probe);
    if (!phi || !stim || !probe) {
        free(phi);
        free(stim);
        free(probe);
        return rm_seterr(e, RM_ENOMEM, "out of memory for task %s", t->def->name);
    }
    comp_phi(phi, n_in);
    double G = 1.0 / t->stim, H = 1.0 / t->resp, w = 1.0 / (2.0 * COMP_SIG * COMP_SIG);
    for (int k = 0; k < b->B; k++) {
        double s1 = rm_rng_uniform_range(rng, -40.0, 40.0);
        double s2 = rm_rng_uniform_range(rng, -40.0, 40.0);
        if (fix && fix->n_s) s1 = fix->s[0], s2 = fix->s[1];
        double c = s1 > s2;
        for (int i = 0; i < n_in; i++) {
            stim[i] = G * exp(-w * (s1 - phi[i]) * (s1 - phi[i]));
            probe[i] = H * exp(-w * (s2 - phi[i]) * (s2 - phi[i]));
        }
        rm_fill_rates(t, b, k, stim, probe);
        rm_fill_target_const(b, k, &c);
        b->s[k] = c;
    }
    free(phi);
    free(stim);
    free(probe);
    return RM_OK;
}

/* P(s1 > s2 | counts) = Phi((mx - my) / sqrt(vx + vy)); NaN if either period is silent. */
static void comp_observe(const rm_task *t, rm_batch *b) {
    int n_in = t->n_in;
    double *phi = malloc(n_in * sizeof *phi);
    double *r = malloc(n_in * sizeof *r), *q = malloc(n_in * sizeof *q);
    if (phi && r && q) {
        comp_phi(phi, n_in);
        for (int k = 0; k < b->B; k++) {
            rm_batch_sum_counts(b, k, t->ch0, n_in, 0, t->stim, r);
            rm_batch_sum_counts(b, k, t->ch0, n_in, t->T - t->resp, t->T, q);
            double sr = 0.0, sq = 0.0, dr = 0.0, dq = 0.0;
            for (int i = 0; i < n_in; i++) {
                sr += r[i];
                dr += r[i] * phi[i];
                sq += q[i];
                dq += q[i] * phi[i];
            }
            if (sr <= 0.0 || sq <= 0.0) continue; /* opt stays NaN */
            double mx = dr / sr, my = dq / sq;
            double v = COMP_SIG * COMP_SIG / sr + COMP_SIG * COMP_SIG / sq;
            b->opt[k] = 0.5 * erfc(-(mx - my) / sqrt(2.0 * v));
        }
    }
    free(phi);
    free(r);
    free(q);
}

const rm_task_def rm_task_COMP = {
    .name = "COMP", .code = 8, .n_loc = 1, .n_out = 1, .out = RM_OUT_SIGMOID,
    .loss = RM_LOSS_BCE, .poisson = 1,
    .dyn_lo = -50.0, .dyn_hi = 50.0, .dyn_gain = 0.1, .phi = comp_phi,
    .fill = comp_fill, .observe = comp_observe,
};
