/* train.h: the trainer (one fresh batch per iteration, full BPTT, Adam), test evaluation
 * and probing. It owns its RNG, workspace and history so that a run is fully described by
 * its config and can be checkpointed (params, Adam state, RNG state, history) and resumed
 * bit-identically. It runs in any thread; stop/pause are atomics checked between
 * iterations. */
#ifndef RM_TRAIN_H
#define RM_TRAIN_H

#include <stdatomic.h>
#include <stdint.h>
#include "adam.h"
#include "loss.h"
#include "metrics.h"
#include "net.h"
#include "task.h"

typedef struct {
    int batch;          /* 50 */
    long iters;         /* 25001 */
    int test_batches;   /* 2501 */
    int log_every;      /* 500 */
    double lr;          /* 5e-4 */
    rm_loss_cfg loss;   /* kappa_a 1e-4 (1e-1 tethered), rho 0 */
    int read_back;      /* the answer is read at step T - read_back: 5, tethered 10 */
    int si_trials;      /* 300 */
    uint64_t seed;      /* 1 */
} rm_train_cfg;

void rm_train_cfg_default(rm_train_cfg *c);

/* Training history: a loss per iteration and an information loss per log point. */
typedef struct {
    float *loss;        /* [n_iter] */
    long n_iter, cap_iter;
    float *infloss;     /* [n_log] information loss over the log window */
    long *log_iter;     /* [n_log] iteration at which each was logged */
    long n_log, cap_log;
} rm_history;

typedef struct {
    rm_train_cfg cfg;
    const rm_task *task;
    rm_net *net;        /* borrowed */
    rm_adam adam;
    rm_rng rng;         /* the training data stream */
    rm_ws ws;
    rm_batch batch;
    rm_infloss window;  /* information loss accumulating since the last log point */
    rm_history hist;
    long iter;          /* iterations done */
    rm_loss_parts last; /* parts of the last iteration's loss */
} rm_trainer;

/* Hooks a caller passes to rm_trainer_run. All optional. */
typedef struct {
    atomic_int *stop;     /* non-zero: return RM_ESTOPPED before the next iteration */
    atomic_int *pause;    /* non-zero: sleep until it clears or stop is set */
    /* after every iteration; return non-zero to stop */
    int (*on_iter)(void *ud, const rm_trainer *tr);
    /* after every log point (every cfg.log_every iterations) */
    void (*on_log)(void *ud, const rm_trainer *tr, long iter, double loss, double infloss);
    void *ud;
} rm_train_hooks;

/* Borrows task and net (which must be created for that task's sizes). Seeds the data
   stream from cfg->seed. */
int rm_trainer_init(rm_trainer *tr, const rm_train_cfg *cfg, const rm_task *task,
                    rm_net *net, rm_err *e);
void rm_trainer_free(rm_trainer *tr);
/* Switches to another task with the same input/output sizes, keeping Adam and RNG state
   (multitask condition). */
int rm_trainer_set_task(rm_trainer *tr, const rm_task *task, rm_err *e);
/* One iteration. RM_ENAN if the loss is not finite (the message names the iteration). */
int rm_trainer_step(rm_trainer *tr, rm_err *e);
/* Runs until tr->iter == until (or stop). */
int rm_trainer_run(rm_trainer *tr, long until, const rm_train_hooks *h, rm_err *e);

/* Seeds used for streams derived from a run's seed. */
uint64_t rm_seed_init(uint64_t seed);   /* parameter initialisation */
uint64_t rm_seed_train(uint64_t seed);  /* training batches */
uint64_t rm_seed_test(uint64_t seed);   /* test batches and SI trials */

typedef struct {
    double infloss;     /* test information loss */
    double loss;        /* mean task loss on the test set */
    rm_si_result si;    /* over the first si_trials test trials */
    long trials;
} rm_test_result;

/* Evaluates net on `batches` fresh batches of B trials drawn from seed; SI over the first
   si_trials trials. Hooks: stop is honoured; on_iter is not called. progress (optional)
   gets (done, total) after each batch. */
int rm_evaluate(const rm_task *t, const rm_net *net, int batches, int B, int read_back,
                int si_trials, uint64_t seed, atomic_int *stop,
                void (*progress)(void *ud, long done, long total), void *ud,
                rm_test_result *out, rm_err *e);

/* A probe: the activity of a network on fresh trials, trial-major for export. */
typedef struct {
    int trials, T, N, n_chan, n_out;
    float *x;       /* [trials][T][n_chan] */
    float *h;       /* [trials][T][N] (h_1..h_T) */
    float *y;       /* [trials][T][n_out] */
    float *target;  /* [trials][T][n_out] */
    float *mask;    /* [trials][T] */
    double *s;      /* [trials][n_out] */
    double *opt;    /* [trials][n_out] */
} rm_trace;

int rm_probe(const rm_task *t, const rm_net *net, int trials, uint64_t seed,
             rm_trace *out, rm_err *e);
/* Probe on a given batch (e.g. one a user built). */
int rm_probe_batch(const rm_task *t, const rm_net *net, const rm_batch *b, rm_trace *out,
                   rm_err *e);
void rm_trace_free(rm_trace *tr);

#endif
