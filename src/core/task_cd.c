/* task_cd.c: change detection with one or two locations (SPEC 1, CD1 and CD2) and the
 * original's ideal observer, computed in log space so the Bessel ratio cannot overflow. */
#include <math.h>
#include <stdlib.h>
#include "task_fill.h"

/* fix: s[l] is the first stimulus at location l, change whether the probe differs (the
   changed location and its new value are still drawn). */
static int cd_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                   rm_err *e) {
    int n_loc = t->def->n_loc, n_in = t->n_in;
    int rc = rm_fixed_check(t, fix, n_loc, 0.0, RM_PI, RM_FIXED_OPEN | RM_FIXED_CHANGE, e);
    if (rc) return rc;
    size_t n = (size_t)n_loc * n_in;
    double *phi = malloc(n_in * sizeof *phi);
    double *stim = malloc(n * sizeof *stim), *probe = malloc(n * sizeof *probe);
    double *s1 = malloc(n_loc * sizeof *s1), *s2 = malloc(n_loc * sizeof *s2);
    if (!phi || !stim || !probe || !s1 || !s2) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory for task %s", t->def->name);
        goto out;
    }
    rm_vm_phi(phi, n_in);
    double G = 1.0 / t->stim, H = 1.0 / t->resp;
    for (int k = 0; k < b->B; k++) {
        double c = rm_rng_bernoulli(rng, 0.5); /* 1 = change */
        for (int l = 0; l < n_loc; l++) s2[l] = s1[l] = rm_rng_uniform_range(rng, 0.0, RM_PI);
        if (fix && fix->change != -1) c = fix->change;
        if (fix && fix->n_s)
            for (int l = 0; l < n_loc; l++) s2[l] = s1[l] = fix->s[l];
        if (c == 1.0) {
            uint32_t changed = rm_rng_below(rng, (uint32_t)n_loc);
            s2[changed] = rm_rng_uniform_range(rng, 0.0, RM_PI);
        }
        for (int l = 0; l < n_loc; l++)
            for (int i = 0; i < n_in; i++) {
                stim[l * n_in + i] = G * rm_vm_rate(s1[l], phi[i]);
                probe[l * n_in + i] = H * rm_vm_rate(s2[l], phi[i]);
            }
        rm_fill_rates(t, b, k, stim, probe);
        rm_fill_target_const(b, k, &c);
        b->s[k] = c;
    }
out:
    free(phi);
    free(stim);
    free(probe);
    free(s1);
    free(s2);
    return rc;
}

static double log_i0(double x) { return fabs(x) + log(rm_i0e(x)); }

/* kappa = sqrt(sum_ij r_i r_j cos(phi_i - phi_j)) = |sum_i r_i exp(i phi_i)| (the
   original's formula, with phi_i and not 2 phi_i). */
static double cd_kappa(const double *r, const double *phi, int n) {
    double cs = 0.0, sn = 0.0;
    for (int i = 0; i < n; i++) {
        cs += r[i] * cos(phi[i]);
        sn += r[i] * sin(phi[i]);
    }
    return sqrt(cs * cs + sn * sn);
}

/* log d of one location: log I0(kx) + log I0(ky) - log I0(|kx e^{i mx} + ky e^{i my}|). */
static double cd_log_ratio(const double *r, const double *q, const double *phi, int n) {
    double mx = rm_vm_pv(r, phi, n), my = rm_vm_pv(q, phi, n);
    double kx = cd_kappa(r, phi, n), ky = cd_kappa(q, phi, n);
    double kz2 = kx * kx + ky * ky + 2.0 * kx * ky * cos(my - mx);
    double kz = sqrt(kz2 > 0.0 ? kz2 : 0.0);
    return log_i0(kx) + log_i0(ky) - log_i0(kz);
}

/* opt = d / (d + 1) with d the NaN-ignoring mean over locations of the likelihood ratios,
   averaged as log-mean-exp so a huge ratio gives opt = 1 instead of inf/inf. */
static void cd_observe(const rm_task *t, rm_batch *b) {
    int n_in = t->n_in, n_loc = t->def->n_loc;
    double *phi = malloc(n_in * sizeof *phi);
    double *r = malloc(n_in * sizeof *r), *q = malloc(n_in * sizeof *q);
    double *logd = malloc(n_loc * sizeof *logd);
    if (!phi || !r || !q || !logd) goto out;
    rm_vm_phi(phi, n_in);
    for (int k = 0; k < b->B; k++) {
        double top = -INFINITY;
        int valid = 0;
        for (int l = 0; l < n_loc; l++) {
            int c0 = t->ch0 + l * n_in;
            rm_batch_sum_counts(b, k, c0, n_in, 0, t->stim, r);
            rm_batch_sum_counts(b, k, c0, n_in, t->T - t->resp, t->T, q);
            logd[l] = cd_log_ratio(r, q, phi, n_in);
            if (!isnan(logd[l])) {
                valid++;
                if (logd[l] > top) top = logd[l];
            }
        }
        if (!valid) continue; /* opt stays NaN */
        double acc = 0.0;
        for (int l = 0; l < n_loc; l++)
            if (!isnan(logd[l])) acc += exp(logd[l] - top);
        double lmean = top + log(acc / valid);
        b->opt[k] = 1.0 / (1.0 + exp(-lmean));
    }
out:
    free(phi);
    free(r);
    free(q);
    free(logd);
}

const rm_task_def rm_task_CD1 = {
    .name = "CD1", .code = 2, .n_loc = 1, .n_out = 1, .out = RM_OUT_SIGMOID,
    .loss = RM_LOSS_BCE, .poisson = 1,
    .dyn_lo = 0.0, .dyn_hi = RM_PI, .dyn_gain = 0.1, .phi = rm_vm_phi,
    .fill = cd_fill, .observe = cd_observe,
};

const rm_task_def rm_task_CD2 = {
    .name = "CD2", .code = 3, .n_loc = 2, .n_out = 1, .out = RM_OUT_SIGMOID,
    .loss = RM_LOSS_BCE, .poisson = 1,
    .dyn_lo = 0.0, .dyn_hi = RM_PI, .dyn_gain = 0.1, .phi = rm_vm_phi,
    .fill = cd_fill, .observe = cd_observe,
};
