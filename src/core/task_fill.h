/* task_fill.h: private helpers shared by the task definitions (task_*.c) for writing
 * per-period rates and constant targets into a batch. Not part of the public interface. */
#ifndef RM_TASK_FILL_H
#define RM_TASK_FILL_H

#include <stddef.h>
#include "task.h"

#define RM_PI 3.14159265358979323846

/* Step `step` of trial `trial`: its row of channels / outputs. */
static inline float *rm_x_row(const rm_batch *b, int trial, int step) {
    return b->x + ((size_t)trial * b->T + step) * b->n_chan;
}
static inline float *rm_target_row(const rm_batch *b, int trial, int step) {
    return b->target + ((size_t)trial * b->T + step) * b->n_out;
}

/* Writes the rates of one trial on the task's channels [ch0, n_chan): stim[] (n_chan - ch0
   values) on stimulus steps, spon/delay on delay steps (delay = t->delay, the nominal 100,
   also for shorter variable delays), resp[] on response steps (NULL: spon/resp everywhere),
   0 on masked steps. */
void rm_fill_rates(const rm_task *t, rm_batch *b, int trial, const double *stim,
                   const double *resp);
/* Writes val[o] on output o at every step of the trial (task.c zeroes masked steps). */
void rm_fill_target_const(rm_batch *b, int trial, const double *val);
/* The DE estimate of one location from its summed stimulus counts: pv / 2 in [0, pi). */
double rm_de_estimate(const double *r, const double *phi, int n);
/* The exponentially scaled modified Bessel function exp(-|x|) I0(x), ~1e-14 relative:
   log I0(x) = |x| + log(rm_i0e(x)) cannot overflow. */
double rm_i0e(double x);

#endif
