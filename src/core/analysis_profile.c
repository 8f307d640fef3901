/* analysis_profile.c: the connectivity signature of a memory code: the mean recurrent
 * weight between two units as a function of the difference of their peak times, and its
 * asymmetry. A chain (sequence) puts its weight at positive lags (from earlier- onto
 * later-peaking units); persistent attractors are symmetric with self-excitation at 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis.h"

static long floor_div(long a, long b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

void rm_weight_profile_free(rm_weight_profile_t *p) {
    free(p->w);
    free(p->count);
    memset(p, 0, sizeof *p);
}

int rm_weight_profile(const float *W, int N, const double *key, int bin, int window,
                      rm_weight_profile_t *out, rm_err *e) {
    memset(out, 0, sizeof *out);
    if (bin < 1) return rm_seterr(e, RM_EINVAL, "weight profile: bin %d must be >= 1", bin);
    double lo = INFINITY, hi = -INFINITY, self = 0;
    int units = 0;
    for (int i = 0; i < N; i++) {
        if (isnan(key[i])) continue;
        units++;
        if (key[i] < lo) lo = key[i];
        if (key[i] > hi) hi = key[i];
        self += W[(size_t)i * N + i];
    }
    if (!units)
        return rm_seterr(e, RM_EINVAL, "weight profile: every unit is silent (no peak time)");
    long maxlag = (long)(hi - lo);
    if (window >= 0 && window < maxlag) maxlag = window;
    const long half = bin / 2;
    long kmin = floor_div(-maxlag + half, bin), kmax = floor_div(maxlag + half, bin);
    out->n_bins = (int)(kmax - kmin + 1);
    out->bin = bin;
    out->k0 = (int)kmin;
    out->units = units;
    out->self = self / units;
    double *sum = calloc((size_t)out->n_bins, sizeof *sum);
    out->w = malloc((size_t)out->n_bins * sizeof *out->w);
    out->count = calloc((size_t)out->n_bins, sizeof *out->count);
    if (!sum || !out->w || !out->count) {
        free(sum);
        rm_weight_profile_free(out);
        return rm_seterr(e, RM_ENOMEM, "weight profile: out of memory");
    }
    double fwd = 0, back = 0, mass = 0;
    for (int i = 0; i < N; i++) {
        if (isnan(key[i])) continue;
        for (int j = 0; j < N; j++) {
            if (isnan(key[j])) continue;
            long d = lround(key[i] - key[j]);
            if (d > maxlag || d < -maxlag) continue;
            double w = W[(size_t)i * N + j];
            long k = floor_div(d + half, bin) - kmin;
            sum[k] += w;
            out->count[k]++;
            if (d > 0) fwd += w;
            else if (d < 0) back += w;
            if (d != 0) mass += fabs(w);
        }
    }
    for (int k = 0; k < out->n_bins; k++) out->w[k] = out->count[k] ? sum[k] / out->count[k] : NAN;
    out->asymmetry = mass > 0 ? (fwd - back) / mass : 0;
    free(sum);
    return RM_OK;
}
