/* run.h: a training run as one value. rm_run_cfg holds everything that defines a run (the
 * paper's parameters, sizes, iterations, seed, warm-up, init-from, second task, BLAS
 * threads); rm_run_cfg_finish fills what was left to defaults, composes the condition
 * (condition.h, the one table) and validates, with one message per problem. rm_run is the
 * run made from it: task(s), network and trainer, and its phases (the variable-delay
 * warm-up, the multitask condition's second task). The command line, Lua, resume, the
 * registry, checkpoints and sweep points all carry an rm_run_cfg; its JSON form lives in
 * the store (store/run_json.h), since the core has no JSON. */
#ifndef RM_RUN_H
#define RM_RUN_H

#include <stdatomic.h>
#include <stdint.h>
#include "net.h"
#include "rm_err.h"
#include "task.h"
#include "train.h"

#define RM_RUN_PATH_MAX 1024

typedef struct {
    char task[32];        /* a built-in task's name or code, or a task defined in Lua */
    char task2[32];       /* the multitask condition's second task; "" if none */
    char variant[24];     /* none | vardelay | dynamic | vardelay+dynamic; finished: with the
                             condition's variant added */
    char model[16];       /* "": the condition's (rnn, or hebbian for the hebbian condition) */
    char condition[48];   /* condition.h names joined by '+'; finished: canonical */
    double lambda0;       /* diagonal of the initial recurrent weights   0.98 */
    double sigma0;        /* std of its off-diagonal entries             0 */
    double rho;           /* weight decay                                0 */
    double kappa_a;       /* activity penalty; NaN: the condition's (1e-4, tethered 1e-1) */
    int read_back;        /* answer read at T - read_back; 0: the condition's (5, tethered 10) */
    int hidden;           /* 500 */
    int batch;            /* 50 */
    long iters;           /* 25001 (per task: a multitask run trains 2 * iters) */
    double lr;            /* 5e-4 */
    uint64_t seed;        /* 1 */
    long vardelay_warmup; /* the first this many iterations on the variable-delay variant */
    char init_from[RM_RUN_PATH_MAX]; /* a saved network to start from; "" if none */
    int threads;          /* BLAS threads: 1 (the same count keeps the bits the same) */
    int test_batches;     /* 2501 */
    int si_trials;        /* 300 */
    int log_every;        /* 500 */
} rm_run_cfg;

/* The defaults above, task "" (required). */
void rm_run_cfg_init(rm_run_cfg *c);

/* Accept in rm_run_cfg_finish a task name that is not built in (the caller supplies the
   task, e.g. one defined in Lua). */
#define RM_RUN_EXTERNAL_TASKS 1
/* Accept a multitask condition without task2: the second task comes later (Lua trains a
   network on one task, then calls net:train{task=} again). */
#define RM_RUN_LATER_TASK2 2
/* A run in progress (resumed, or read from a checkpoint): its iterations may have been cut
   short of the warm-up (recmem train --resume --iters N). */
#define RM_RUN_CONTINUED 4

/* Fills defaults left open (model, kappa_a, read_back), composes the condition, canonicalises
   names (task codes become names, variant includes the condition's) and checks every value
   and every combination. Idempotent: a finished config finishes to itself. RM_EINVAL with one
   line naming the problem in the words of the JSON keys (e.g. "hidden 0 is out of range
   [1, 20000]"). flags: RM_RUN_* above, or 0. */
int rm_run_cfg_finish(rm_run_cfg *c, int flags, rm_err *e);
/* 1 if every field of a and b is equal (doubles bit for bit). */
int rm_run_cfg_equal(const rm_run_cfg *a, const rm_run_cfg *b);
/* The variant flags (RM_VARIANT_*) of a finished config. */
int rm_run_cfg_variant(const rm_run_cfg *c);
/* What the network and the trainer of a finished config are made with, for task t. */
void rm_run_net_cfg(const rm_run_cfg *c, const rm_task *t, rm_net_cfg *out);
void rm_run_train_cfg(const rm_run_cfg *c, rm_train_cfg *out);
/* Checks the task-dependent parts (read-out step inside the trial; both tasks of a multitask
   run with the same inputs and outputs). t2 may be NULL. */
int rm_run_check_tasks(const rm_run_cfg *c, const rm_task *t1, const rm_task *t2, rm_err *e);
/* Sets the BLAS thread count of this process to the config's (call before training). */
void rm_run_use_threads(const rm_run_cfg *c);

/* A run of built-in tasks: owns its tasks, network and trainer. Phase 0 trains the task
   (the first vardelay_warmup iterations on its variable-delay variant) up to iters, phase 1
   (multitask) the second task up to 2 * iters; each phase ends with a test. */
typedef struct {
    rm_run_cfg cfg;        /* finished */
    rm_task task[2];       /* the phases' tasks */
    rm_task warm;          /* the warm-up's task */
    int n_phases, phase;   /* phase: the one training now (or last trained) */
    rm_net net;
    rm_trainer tr;
    rm_test_result test[2];
    int tested[2];         /* test[p] holds phase p's result */
    int created;
} rm_run;

/* Creates a fresh run (parameters initialised from the seed). start (may be NULL) is the
   network of cfg.init_from, whose parameters of the same name and shape are copied (it must
   be the same model with the same hidden size); copied/fresh (may be NULL) receive the names
   copied and those left fresh. */
int rm_run_create(rm_run *r, const rm_run_cfg *cfg, const rm_net *start, char *copied,
                  size_t nc, char *fresh, size_t nf, rm_err *e);
/* Creates a run that continues a saved one: takes over net and tr (moved in: the caller
   must not free them afterwards, even on failure) at tr->iter. The trainer's changeable
   settings (lr, log_every, test_batches, si_trials, iters) are set from cfg. */
int rm_run_resume(rm_run *r, const rm_run_cfg *cfg, rm_net *net, rm_trainer *tr, rm_err *e);
void rm_run_free(rm_run *r);

/* Iteration at which the current phase ends. */
long rm_run_phase_end(const rm_run *r);
/* Trains the current phase to its end (switching from the warm-up task when it is over).
   RM_ESTOPPED if stopped through the hooks. */
int rm_run_train(rm_run *r, const rm_train_hooks *h, rm_err *e);
/* Tests the current phase's network on its task into r->test[r->phase]. */
int rm_run_test(rm_run *r, atomic_int *stop, void (*progress)(void *ud, long done, long total),
                void *ud, rm_err *e);
/* Trains and tests every phase left, as the three calls around this one do (the tests
   honour h->stop): RM_OK once the run is complete. */
int rm_run_complete(rm_run *r, const rm_train_hooks *h, rm_err *e);
/* The result of the last phase if it was tested, else NULL. */
const rm_test_result *rm_run_result(const rm_run *r);
/* Moves to the next phase: 1 if it did, 0 if there is none (the run is complete), -1 if
   the next task could not be set up (e says why). */
int rm_run_next_phase(rm_run *r, rm_err *e);

#endif
