/* task_gde.c: gated delayed estimation (SPEC 1, GDE): two orientations are shown, a cue in
 * the response period says which one to report. */
#include <math.h>
#include <stdlib.h>
#include "task_fill.h"

/* fill records the cue in b->cue: the observer knows which location is asked for, as in
   the original, rather than guessing it from the response-period counts. */
/* fix: s[l] is the orientation at location l, cue the location asked for. */
static int gde_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                    rm_err *e) {
    int n_in = t->n_in;
    int rc = rm_fixed_check(t, fix, 2, 0.0, RM_PI, RM_FIXED_OPEN | RM_FIXED_CUE, e);
    if (rc) return rc;
    double *phi = malloc(n_in * sizeof *phi);
    double *stim = malloc(2 * (size_t)n_in * sizeof *stim);
    double *resp = malloc(2 * (size_t)n_in * sizeof *resp);
    if (!phi || !stim || !resp) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory for task %s", t->def->name);
        goto out;
    }
    rm_vm_phi(phi, n_in);
    double G = 1.0 / t->stim, spon = RM_SPON / t->resp;
    for (int k = 0; k < b->B; k++) {
        int cue = rm_rng_bernoulli(rng, 0.5);
        if (fix && fix->cue != -1) cue = fix->cue;
        double s[2];
        for (int l = 0; l < 2; l++) {
            s[l] = rm_rng_uniform_range(rng, 0.0, RM_PI);
            if (fix && fix->n_s) s[l] = fix->s[l];
            for (int i = 0; i < n_in; i++) {
                stim[l * n_in + i] = G * rm_vm_rate(s[l], phi[i]);
                resp[l * n_in + i] = (l == cue ? 5.0 : 1.0) * spon;
            }
        }
        rm_fill_rates(t, b, k, stim, resp);
        rm_fill_target_const(b, k, &s[cue]);
        b->s[k] = s[cue];
        b->cue[k] = cue;
    }
out:
    free(phi);
    free(stim);
    free(resp);
    return rc;
}

/* opt = the DE estimate of the cued location (NaN where the cue is unknown). */
static void gde_observe(const rm_task *t, rm_batch *b) {
    int n_in = t->n_in;
    double *phi = malloc(n_in * sizeof *phi), *r = malloc(n_in * sizeof *r);
    if (phi && r) {
        rm_vm_phi(phi, n_in);
        for (int k = 0; k < b->B; k++) {
            double cue = b->cue[k];
            b->opt[k] = NAN;
            if (cue != 0.0 && cue != 1.0) continue;
            rm_batch_sum_counts(b, k, t->ch0 + (int)cue * n_in, n_in, 0, t->stim, r);
            b->opt[k] = rm_de_estimate(r, phi, n_in);
        }
    }
    free(phi);
    free(r);
}

const rm_task_def rm_task_GDE = {
    .name = "GDE", .code = 4, .n_loc = 2, .n_out = 1, .out = RM_OUT_LINEAR,
    .loss = RM_LOSS_CIRCULAR, .poisson = 1,
    .dyn_lo = 0.0, .dyn_hi = RM_PI, .dyn_gain = 1.0, .phi = rm_vm_phi,
    .fill = gde_fill, .observe = gde_observe,
};
