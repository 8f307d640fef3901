/* metrics.h: fractional information loss (SPEC 4) accumulated over batches, and the
 * sequentiality index of hidden activity. */
#ifndef RM_METRICS_H
#define RM_METRICS_H

#include <stddef.h>
#include "task.h"

typedef struct {
    rm_loss_kind kind;
    double num, den;  /* estimation: sum |s-n| mod pi, sum |s-opt| mod pi;
                         binary: sum KL(opt||n), sum KL(opt||1/2); SINE: sum |y-t|, count */
    long count;       /* terms added (NaN trials excluded) */
} rm_infloss;

void rm_infloss_reset(rm_infloss *acc, rm_loss_kind kind);
/* Adds one batch. y is the network's output after its output unit, time-major
   [T][B][n_out]; the answer is read at step read_step (T-5, or T-10 tethered). */
void rm_infloss_add(rm_infloss *acc, const rm_task *t, const rm_batch *b, const float *y,
                    int read_step);
/* The fractional information loss so far (NaN if nothing was added). */
double rm_infloss_value(const rm_infloss *acc);

/* SI parameters of SPEC 4 (r_thr 0.1, 20 bins, +0.1 per bin, window 5). */
#define RM_SI_RTHR 0.1
#define RM_SI_BINS 20
#define RM_SI_WINDOW 5

typedef struct {
    double si;            /* mean over trials of entropy + ridge, NaN ignored */
    double entropy;       /* mean peak entropy */
    double ridge;         /* mean ridge-to-background */
    int trials_used;      /* trials with at least one unit above r_thr */
    double units_kept;    /* mean number of kept units per used trial */
} rm_si_result;

/* SI of one trial h[T][N] (row-major, double). Writes entropy and ridge parts if
   non-NULL; returns NaN if no unit passes the threshold. */
double rm_si_trial(const double *h, int T, int N, double *entropy, double *ridge,
                   int *kept);
/* SI of activity h[i*s_trial + t*s_time + n] for trials i < trials, steps t < T and
   units n < N (float). Scratch is allocated inside; returns -1 on allocation failure. */
int rm_si_compute(const float *h, int trials, int T, int N, ptrdiff_t s_trial,
                  ptrdiff_t s_time, rm_si_result *out);
/* The same for double data. */
int rm_si_compute_d(const double *h, int trials, int T, int N, ptrdiff_t s_trial,
                    ptrdiff_t s_time, rm_si_result *out);

#endif
