/* task_util.c: von Mises tuning, population vectors and count sums shared by the tasks
 * (declared in task.h), and the rate/target writers of task_fill.h. */
#include <math.h>
#include "task_fill.h"

void rm_vm_phi(double *phi, int n) {
    if (n == 1) {
        phi[0] = 0.0;
        return;
    }
    for (int i = 0; i < n; i++) phi[i] = RM_PI * i / (n - 1);
}

double rm_vm_rate(double s, double phi) {
    return exp(RM_KAPPA * (cos(2.0 * (s - phi)) - 1.0));
}

double rm_vm_pv(const double *r, const double *phi, int n) {
    double sn = 0.0, cs = 0.0;
    for (int i = 0; i < n; i++) {
        sn += r[i] * sin(2.0 * phi[i]);
        cs += r[i] * cos(2.0 * phi[i]);
    }
    return atan2(sn, cs);
}

int rm_fixed_any(const rm_fixed *fix) {
    return fix && (fix->n_s != 0 || fix->change != -1 || fix->cue != -1);
}

int rm_fixed_check(const rm_task *t, const rm_fixed *fix, int n, double lo, double hi,
                   unsigned flags, rm_err *e) {
    const char *name = t->def->name;
    if (!rm_fixed_any(fix)) return RM_OK;
    if (fix->n_s && !n)
        return rm_seterr(e, RM_EINVAL, "task %s has no latent stimulus to fix", name);
    if (fix->n_s && fix->n_s != n)
        return rm_seterr(e, RM_EINVAL, "task %s takes %d stimulus value%s, got %d", name, n,
                         n == 1 ? "" : "s", fix->n_s);
    for (int i = 0; i < fix->n_s; i++) {
        double v = fix->s[i];
        int above = (flags & RM_FIXED_OPEN) ? !(v < hi) : !(v <= hi);
        if (!isfinite(v) || v < lo || above)
            return rm_seterr(e, RM_EINVAL, "task %s: stimulus %g out of range [%g, %g%c", name,
                             v, lo, hi, (flags & RM_FIXED_OPEN) ? ')' : ']');
    }
    if (fix->change != -1 && !(flags & RM_FIXED_CHANGE))
        return rm_seterr(e, RM_EINVAL, "task %s has no change to fix", name);
    if (fix->change != -1 && fix->change != 0 && fix->change != 1)
        return rm_seterr(e, RM_EINVAL, "task %s: change must be 0 or 1, got %d", name,
                         fix->change);
    if (fix->cue != -1 && !(flags & RM_FIXED_CUE))
        return rm_seterr(e, RM_EINVAL, "task %s has no cue to fix", name);
    if (fix->cue != -1 && fix->cue != 0 && fix->cue != 1)
        return rm_seterr(e, RM_EINVAL, "task %s: cue must be location 0 or 1, got %d", name,
                         fix->cue);
    return RM_OK;
}

void rm_batch_sum_counts(const rm_batch *b, int trial, int c0, int n, int t0, int t1,
                         double *out) {
    for (int i = 0; i < n; i++) out[i] = 0.0;
    for (int step = t0; step < t1; step++) {
        const float *row = rm_x_row(b, trial, step) + c0;
        for (int i = 0; i < n; i++) out[i] += row[i];
    }
}

void rm_fill_rates(const rm_task *t, rm_batch *b, int trial, const double *stim,
                   const double *resp) {
    int n = t->n_chan - t->ch0;
    double delay_rate = RM_SPON / t->delay, resp_rate = RM_SPON / t->resp;
    for (int step = 0; step < t->T; step++) {
        float *row = rm_x_row(b, trial, step) + t->ch0;
        switch (rm_task_period(t, b->delay[trial], step)) {
        case RM_PERIOD_STIM:
            for (int i = 0; i < n; i++) row[i] = (float)stim[i];
            break;
        case RM_PERIOD_DELAY:
            for (int i = 0; i < n; i++) row[i] = (float)delay_rate;
            break;
        case RM_PERIOD_MASKED:
            for (int i = 0; i < n; i++) row[i] = 0.0f;
            break;
        case RM_PERIOD_RESP:
            for (int i = 0; i < n; i++) row[i] = (float)(resp ? resp[i] : resp_rate);
            break;
        }
    }
}

void rm_fill_target_const(rm_batch *b, int trial, const double *val) {
    for (int step = 0; step < b->T; step++) {
        float *row = rm_target_row(b, trial, step);
        for (int o = 0; o < b->n_out; o++) row[o] = (float)val[o];
    }
}

double rm_de_estimate(const double *r, const double *phi, int n) {
    double m = rm_vm_pv(r, phi, n) / 2.0;
    if (m < 0.0) m += RM_PI;
    return m;
}

double rm_i0e(double x) {
    x = fabs(x);
    if (x < 30.0) {
        /* I0(x) = sum_k (x^2/4)^k / (k!)^2: positive terms, so no cancellation. */
        double q = 0.25 * x * x, term = 1.0, sum = 1.0;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double)k * k);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum * exp(-x);
    }
    /* Hankel's asymptotic series; its smallest term near k = 2x is ~exp(-2x) << 1e-17. */
    double term = 1.0, sum = 1.0;
    for (int k = 1; k < 100; k++) {
        term *= (2.0 * k - 1.0) * (2.0 * k - 1.0) / (8.0 * k * x);
        sum += term;
        if (term < 1e-17 * sum) break;
    }
    return sum / sqrt(2.0 * RM_PI * x);
}
