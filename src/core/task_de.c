/* task_de.c: delayed estimation of one or two orientations (SPEC 1, DE1 and DE2), with the
 * population-vector ideal observer. */
#include <stdlib.h>
#include "task_fill.h"

/* fix: s[l] is the orientation at location l. */
static int de_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                   rm_err *e) {
    int n_loc = t->def->n_loc, n_in = t->n_in;
    int rc = rm_fixed_check(t, fix, n_loc, 0.0, RM_PI, RM_FIXED_OPEN, e);
    if (rc) return rc;
    double *phi = malloc(n_in * sizeof *phi);
    double *stim = malloc((size_t)n_loc * n_in * sizeof *stim);
    double *s = malloc(n_loc * sizeof *s);
    if (!phi || !stim || !s) {
        free(phi);
        free(stim);
        free(s);
        return rm_seterr(e, RM_ENOMEM, "out of memory for task %s", t->def->name);
    }
    rm_vm_phi(phi, n_in);
    double G = 1.0 / t->stim;
    for (int k = 0; k < b->B; k++) {
        for (int l = 0; l < n_loc; l++) {
            s[l] = rm_rng_uniform_range(rng, 0.0, RM_PI);
            if (fix && fix->n_s) s[l] = fix->s[l];
            for (int i = 0; i < n_in; i++) stim[l * n_in + i] = G * rm_vm_rate(s[l], phi[i]);
            b->s[(size_t)k * b->n_out + l] = s[l];
        }
        rm_fill_rates(t, b, k, stim, NULL);
        rm_fill_target_const(b, k, s);
    }
    free(phi);
    free(stim);
    free(s);
    return RM_OK;
}

/* opt_l = pv(stimulus counts of location l) / 2, wrapped into [0, pi). */
static void de_observe(const rm_task *t, rm_batch *b) {
    int n_in = t->n_in;
    double *phi = malloc(n_in * sizeof *phi), *r = malloc(n_in * sizeof *r);
    if (!phi || !r) goto out; /* opt stays NaN */
    rm_vm_phi(phi, n_in);
    for (int k = 0; k < b->B; k++)
        for (int l = 0; l < t->def->n_loc; l++) {
            rm_batch_sum_counts(b, k, t->ch0 + l * n_in, n_in, 0, t->stim, r);
            b->opt[(size_t)k * b->n_out + l] = rm_de_estimate(r, phi, n_in);
        }
out:
    free(phi);
    free(r);
}

const rm_task_def rm_task_DE1 = {
    .name = "DE1", .code = 0, .n_loc = 1, .n_out = 1, .out = RM_OUT_LINEAR,
    .loss = RM_LOSS_CIRCULAR, .poisson = 1,
    .dyn_lo = 0.0, .dyn_hi = RM_PI, .dyn_gain = 1.0, .phi = rm_vm_phi,
    .fill = de_fill, .observe = de_observe,
};

const rm_task_def rm_task_DE2 = {
    .name = "DE2", .code = 1, .n_loc = 2, .n_out = 2, .out = RM_OUT_LINEAR,
    .loss = RM_LOSS_CIRCULAR, .poisson = 1,
    .dyn_lo = 0.0, .dyn_hi = RM_PI, .dyn_gain = 1.0, .phi = rm_vm_phi,
    .fill = de_fill, .observe = de_observe,
};
