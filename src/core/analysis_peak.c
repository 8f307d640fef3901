/* analysis_peak.c: when each unit is most active (trial-averaged peak time), the order of
 * units by peak time, and ranks in that order: the sorting behind the sequence heatmap
 * and the key of the weight profile. */
#include <math.h>
#include <stdlib.h>
#include "analysis.h"

int rm_peak_times(const float *h, int trials, int T, int N, double thr, double *peak,
                  rm_err *e) {
    if (trials < 1 || T < 1 || N < 1)
        return rm_seterr(e, RM_EINVAL, "peak times need activity (%d trials, %d steps, %d units)",
                         trials, T, N);
    double *mean = malloc((size_t)T * N * sizeof *mean);
    if (!mean) return rm_seterr(e, RM_ENOMEM, "out of memory for peak times");
    for (size_t k = 0; k < (size_t)T * N; k++) mean[k] = 0;
    for (int b = 0; b < trials; b++) {
        const float *hb = h + (size_t)b * T * N;
        for (size_t k = 0; k < (size_t)T * N; k++) mean[k] += hb[k];
    }
    for (int i = 0; i < N; i++) {
        int best = 0;
        for (int t = 1; t < T; t++)
            if (mean[(size_t)t * N + i] > mean[(size_t)best * N + i]) best = t;
        peak[i] = mean[(size_t)best * N + i] / trials > thr ? best : NAN;
    }
    free(mean);
    return RM_OK;
}

typedef struct {
    double key;
    int unit;
} keyed;

static int cmp_keyed(const void *pa, const void *pb) {
    const keyed *a = pa, *b = pb;
    int na = isnan(a->key), nb = isnan(b->key);
    if (na != nb) return na - nb; /* NaN last */
    if (!na && a->key != b->key) return a->key < b->key ? -1 : 1;
    return (a->unit > b->unit) - (a->unit < b->unit);
}

void rm_peak_order(const double *peak, int N, int *order) {
    keyed *k = malloc((size_t)N * sizeof *k);
    if (!k) { /* never leave order unset: identity */
        for (int i = 0; i < N; i++) order[i] = i;
        return;
    }
    for (int i = 0; i < N; i++) k[i] = (keyed){peak[i], i};
    qsort(k, (size_t)N, sizeof *k, cmp_keyed);
    for (int i = 0; i < N; i++) order[i] = k[i].unit;
    free(k);
}

void rm_peak_ranks(const double *peak, int N, double *rank) {
    int *order = malloc((size_t)N * sizeof *order);
    for (int i = 0; i < N; i++) rank[i] = NAN;
    if (!order) return;
    rm_peak_order(peak, N, order);
    for (int r = 0; r < N && !isnan(peak[order[r]]); r++) rank[order[r]] = r;
    free(order);
}
