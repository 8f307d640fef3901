/* task_2afc.c: two-alternative forced choice after Harvey et al. 2012 (SPEC 1, 2AFC): a
 * stimulus at -15 or +15 seen through Gaussian tuning curves, with its Bayesian observer. */
#include <math.h>
#include <stdlib.h>
#include "task_fill.h"

#define AFC_SIG 15.0
#define AFC_S 15.0

/* phi_i = linspace(-40, 40, n). */
static void afc_phi(double *phi, int n) {
    for (int i = 0; i < n; i++) phi[i] = n > 1 ? -40.0 + 80.0 * i / (n - 1) : 0.0;
}

/* fix: s[0] is the stimulus, -15 or +15 (the class). */
static int afc_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                    rm_err *e) {
    int n_in = t->n_in;
    int rc = rm_fixed_check(t, fix, 1, -AFC_S, AFC_S, 0, e);
    if (rc) return rc;
    if (fix && fix->n_s && fabs(fix->s[0]) != AFC_S)
        return rm_seterr(e, RM_EINVAL, "task %s: stimulus must be %g or %g, got %g",
                         t->def->name, -AFC_S, AFC_S, fix->s[0]);
    double *phi = malloc(n_in * sizeof *phi), *stim = malloc(n_in * sizeof *stim);
    if (!phi || !stim) {
        free(phi);
        free(stim);
        return rm_seterr(e, RM_ENOMEM, "out of memory for task %s", t->def->name);
    }
    afc_phi(phi, n_in);
    double tau = 1.0 / (AFC_SIG * AFC_SIG), gain = 1.0 / t->stim;
    for (int k = 0; k < b->B; k++) {
        double c = rm_rng_bernoulli(rng, 0.5);
        if (fix && fix->n_s) c = fix->s[0] > 0.0;
        double s = c == 1.0 ? AFC_S : -AFC_S;
        for (int i = 0; i < n_in; i++)
            stim[i] = gain * exp(-0.5 * tau * (s - phi[i]) * (s - phi[i]));
        rm_fill_rates(t, b, k, stim, NULL);
        rm_fill_target_const(b, k, &c);
        b->s[k] = c;
    }
    free(phi);
    free(stim);
    return RM_OK;
}

/* Posterior of s = +15 from the summed stimulus counts; NaN with no stimulus spike. */
static void afc_observe(const rm_task *t, rm_batch *b) {
    int n_in = t->n_in;
    double *phi = malloc(n_in * sizeof *phi), *r = malloc(n_in * sizeof *r);
    if (phi && r) {
        afc_phi(phi, n_in);
        double tau = 1.0 / (AFC_SIG * AFC_SIG);
        for (int k = 0; k < b->B; k++) {
            rm_batch_sum_counts(b, k, t->ch0, n_in, 0, t->stim, r);
            double sum = 0.0, dot = 0.0;
            for (int i = 0; i < n_in; i++) {
                sum += r[i];
                dot += r[i] * phi[i];
            }
            if (sum <= 0.0) continue; /* opt stays NaN */
            double prec = tau * sum, mu = tau * dot / prec;
            double d = 0.5 * prec * ((-AFC_S - mu) * (-AFC_S - mu) - (AFC_S - mu) * (AFC_S - mu));
            b->opt[k] = 1.0 / (1.0 + exp(-d));
        }
    }
    free(phi);
    free(r);
}

const rm_task_def rm_task_2AFC = {
    .name = "2AFC", .code = 6, .n_loc = 1, .n_out = 1, .out = RM_OUT_SIGMOID,
    .loss = RM_LOSS_BCE, .poisson = 1,
    .dyn_lo = -40.0, .dyn_hi = 40.0, .dyn_gain = 1.0, .phi = afc_phi,
    .fill = afc_fill, .observe = afc_observe,
};
