/* si.c: the sequentiality index of hidden activity (SPEC 4): peak-time entropy plus
 * ridge-to-background ratio, per trial, averaged over trials.
 *
 * Follows the original's compute_SI (numpy) step by step, including numpy.histogram's
 * bin edges and scipy.stats.entropy's normalisation, so numbers are comparable. The one
 * departure is SPEC's fix: a unit whose ridge or background mean is not positive counts
 * as NaN instead of producing +-inf. Everything is computed in double. */
#include <math.h>
#include <stdlib.h>
#include "metrics.h"

/* First index of the maximum of unit n over time (numpy.argmax). */
static int unit_peak(const double *h, int T, int N, int n) {
    int p = 0;
    double best = h[n];
    for (int t = 1; t < T; t++)
        if (h[(size_t)t * N + n] > best) {
            best = h[(size_t)t * N + n];
            p = t;
        }
    return p;
}

static double unit_mean(const double *h, int T, int N, int n) {
    double sum = 0.0;
    for (int t = 0; t < T; t++)
        sum += h[(size_t)t * N + n];
    return sum / T;
}

static int clamp_int(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* log(ridge mean) - log(background mean) of unit n with its peak at p. As in the
   original, the window is [p - w/2, p + w/2) with both ends clipped to [0, T-1] (so a
   peak at T-1 has a window that stops before it). NaN if either part is empty or its
   mean is not positive. */
static double unit_ridge(const double *h, int T, int N, int n, int p) {
    int half = RM_SI_WINDOW / 2;
    int start = clamp_int(p - half, 0, T - 1);
    int end = clamp_int(p + half, 0, T - 1);
    double in = 0.0, out = 0.0;
    int n_in = 0, n_out = 0;
    for (int t = 0; t < T; t++) {
        double v = h[(size_t)t * N + n];
        if (t >= start && t < end) {
            in += v;
            n_in++;
        } else {
            out += v;
            n_out++;
        }
    }
    if (n_in == 0 || n_out == 0)
        return NAN;
    in /= n_in;
    out /= n_out;
    if (!(in > 0.0) || !(out > 0.0))
        return NAN;
    return log(in) - log(out);
}

/* numpy.histogram bin of integer value x for RM_SI_BINS equal bins over [lo, hi]:
   edges are linspace(lo, hi) computed as numpy does (k*step + lo, last edge = hi), a
   value belongs to the bin whose left edge is <= x and right edge > x; the last bin is
   closed. */
static int hist_bin(double x, double lo, double hi) {
    double step = (hi - lo) / RM_SI_BINS;
    int k = (int)((x - lo) / step);
    k = clamp_int(k, 0, RM_SI_BINS - 1);
    while (k > 0 && x < k * step + lo)
        k--;
    while (k < RM_SI_BINS - 1 && x >= ((k + 1 == RM_SI_BINS) ? hi : (k + 1) * step + lo))
        k++;
    return k;
}

double rm_si_trial(const double *h, int T, int N, double *entropy, double *ridge,
                   int *kept) {
    int n_kept = 0, n_ridge = 0, pmin = 0, pmax = 0;
    double ridge_sum = 0.0;

    /* Pass 1: kept units, their peaks' range, and the ridge-to-background mean. */
    for (int n = 0; n < N; n++) {
        if (!(unit_mean(h, T, N, n) > RM_SI_RTHR))
            continue;
        int p = unit_peak(h, T, N, n);
        if (n_kept == 0 || p < pmin)
            pmin = p;
        if (n_kept == 0 || p > pmax)
            pmax = p;
        n_kept++;
        double r = unit_ridge(h, T, N, n, p);
        if (!isnan(r)) {
            ridge_sum += r;
            n_ridge++;
        }
    }
    if (kept)
        *kept = n_kept;
    if (n_kept == 0) {
        if (entropy)
            *entropy = NAN;
        if (ridge)
            *ridge = NAN;
        return NAN;
    }

    /* Pass 2: histogram of peak times; numpy widens an empty range to +-0.5. */
    double lo = pmin, hi = pmax;
    if (pmin == pmax) {
        lo -= 0.5;
        hi += 0.5;
    }
    double count[RM_SI_BINS];
    for (int k = 0; k < RM_SI_BINS; k++)
        count[k] = 0.1;  /* the original's pseudo-count */
    for (int n = 0; n < N; n++)
        if (unit_mean(h, T, N, n) > RM_SI_RTHR)
            count[hist_bin(unit_peak(h, T, N, n), lo, hi)] += 1.0;
    double total = 0.0, ent = 0.0;
    for (int k = 0; k < RM_SI_BINS; k++)
        total += count[k];
    for (int k = 0; k < RM_SI_BINS; k++) {
        double q = count[k] / total;
        ent -= q * log(q);
    }

    double r2b = n_ridge ? ridge_sum / n_ridge : NAN;  /* nanmean */
    if (entropy)
        *entropy = ent;
    if (ridge)
        *ridge = r2b;
    return r2b + ent;
}

/* Running means over trials; NaN trial values are left out of each mean separately. */
typedef struct {
    double si, ent, ridge, kept;
    int n_si, n_ent, n_ridge, used;
} si_acc;

static void si_acc_add(si_acc *a, double si, double ent, double ridge, int kept) {
    if (!isnan(si)) {
        a->si += si;
        a->n_si++;
    }
    if (kept > 0) {
        a->used++;
        a->kept += kept;
        a->ent += ent;
        a->n_ent++;
    }
    if (!isnan(ridge)) {
        a->ridge += ridge;
        a->n_ridge++;
    }
}

static void si_acc_result(const si_acc *a, rm_si_result *out) {
    out->si = a->n_si ? a->si / a->n_si : NAN;
    out->entropy = a->n_ent ? a->ent / a->n_ent : NAN;
    out->ridge = a->n_ridge ? a->ridge / a->n_ridge : NAN;
    out->trials_used = a->used;
    out->units_kept = a->used ? a->kept / a->used : 0.0;
}

int rm_si_compute(const float *h, int trials, int T, int N, ptrdiff_t s_trial,
                  ptrdiff_t s_time, rm_si_result *out) {
    si_acc a = {0};
    double *buf = NULL;
    if (T > 0 && N > 0) {
        buf = malloc((size_t)T * N * sizeof *buf);
        if (!buf)
            return -1;
    }
    for (int i = 0; i < trials && buf; i++) {
        for (int t = 0; t < T; t++) {
            const float *row = h + i * s_trial + t * s_time;
            for (int n = 0; n < N; n++)
                buf[(size_t)t * N + n] = row[n];
        }
        double ent, ridge;
        int kept;
        double si = rm_si_trial(buf, T, N, &ent, &ridge, &kept);
        si_acc_add(&a, si, ent, ridge, kept);
    }
    free(buf);
    si_acc_result(&a, out);
    return 0;
}

int rm_si_compute_d(const double *h, int trials, int T, int N, ptrdiff_t s_trial,
                    ptrdiff_t s_time, rm_si_result *out) {
    si_acc a = {0};
    double *buf = NULL;
    /* Contiguous trials need no copy. */
    int contiguous = s_time == N;
    if (!contiguous && T > 0 && N > 0) {
        buf = malloc((size_t)T * N * sizeof *buf);
        if (!buf)
            return -1;
    }
    for (int i = 0; i < trials && T > 0 && N > 0; i++) {
        const double *trial = h + i * s_trial;
        if (!contiguous) {
            for (int t = 0; t < T; t++)
                for (int n = 0; n < N; n++)
                    buf[(size_t)t * N + n] = trial[t * s_time + n];
            trial = buf;
        }
        double ent, ridge;
        int kept;
        double si = rm_si_trial(trial, T, N, &ent, &ridge, &kept);
        si_acc_add(&a, si, ent, ridge, kept);
    }
    free(buf);
    si_acc_result(&a, out);
    return 0;
}
