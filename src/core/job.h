/* job.h: a training run in a worker thread (C11 threads) with a telemetry snapshot that
 * other threads copy at any rate (the workbench at ~10-20 Hz). The job borrows a trainer
 * (and so its net and task); while the job is active the owner must not touch them.
 * Every few hundred iterations the worker probes one trial and publishes its hidden
 * activity for the heatmap. Stop and pause are atomic flags checked between iterations. */
#ifndef RM_JOB_H
#define RM_JOB_H

#include "train.h"

typedef enum {
    RM_JOB_RUNNING = 0, RM_JOB_PAUSED, RM_JOB_DONE, RM_JOB_STOPPED, RM_JOB_FAILED
} rm_job_state;

typedef struct rm_job rm_job;

/* A copy of a job's telemetry. Buffers belong to the snapshot and are reused/grown by
   rm_job_snapshot; free with rm_job_snapshot_free. */
typedef struct {
    rm_job_state state;
    char name[64];
    long iter, start_iter, until;   /* iterations done, where this job started, target */
    double it_per_s;                /* over the last few seconds */
    double eta_s;                   /* NaN if unknown */
    double loss;                    /* last iteration's loss */
    double infloss;                 /* last logged information loss (NaN before the first) */
    double si;                      /* SI of the last probe (NaN before the first) */
    float *loss_hist; long n_loss;  /* loss per iteration since iteration 0 */
    float *il_hist; long *il_iter; long n_il; /* logged information loss */
    /* last probe: one trial (or the trial average), trial-major */
    long probe_iter;                /* -1 before the first probe */
    int T, N, n_out, stim, delay, resp;
    float *probe_h;                 /* [T][N] */
    float *probe_y, *probe_target;  /* [T][n_out] */
    char error[256];                /* message if state == RM_JOB_FAILED */
    size_t cap_loss, cap_il, cap_h, cap_y; /* internal */
} rm_job_snapshot;

/* Starts training tr until tr->iter == until in a new thread. probe_every: iterations
   between probes (0: a default of 200). probe_trials: trials averaged in the probe (1 =
   one trial). name is copied. */
int rm_job_start(rm_job **out, rm_trainer *tr, long until, int probe_every,
                 int probe_trials, const char *name, rm_err *e);
void rm_job_stop(rm_job *j);                 /* asks the worker to stop; returns at once */
void rm_job_pause(rm_job *j, int paused);
rm_job_state rm_job_state_now(const rm_job *j);
/* Waits for the worker to finish; returns its status (RM_OK, RM_ESTOPPED, RM_ENAN...)
   and copies its error into e. */
int rm_job_wait(rm_job *j, rm_err *e);
/* Copies the current telemetry (cheap: locks a mutex for a memcpy). */
int rm_job_snapshot_get(rm_job *j, rm_job_snapshot *s);
void rm_job_snapshot_free(rm_job_snapshot *s);
/* Frees a finished job (waits for it first). The trainer is not freed. */
void rm_job_free(rm_job *j);

#endif
