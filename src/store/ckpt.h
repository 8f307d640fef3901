/* ckpt.h: recmem checkpoints: a trainer (network parameters, Adam state and step, RNG
 * state, history, the full configuration) saved as a .safetensors file and loaded back,
 * bit for bit, so that a run can be resumed, explored or exported.
 *
 * Tensors (all little-endian):
 *   <view>             F32  one per parameter view of the net, in view order: [rows, cols],
 *                           or [cols] when rows == 1 (biases)     e.g. "W_hh", "b_out"
 *   adam.m.<view>      F32  Adam first moments, same shapes
 *   adam.v.<view>      F32  Adam second moments
 *   rng.state          U64  [4] the training data stream (xoshiro256**)
 *   history.loss       F32  [iter] the loss of every iteration
 *   history.infloss    F32  [n_log] information loss at each log point
 *   history.log_iter   I64  [n_log] the iteration of each log point
 * __metadata__ (all strings, as the format requires):
 *   format "recmem.checkpoint", format_version "1", recmem_version, saved_at (UTC ISO 8601),
 *   config  JSON text: {"task": {name, variant, n_in, stim, delay, resp},
 *                       "net": {model, n_in, n_hidden, n_out, out, lambda0, sigma0},
 *                       "train": {batch, iters, test_batches, log_every, lr, kappa_a, rho,
 *                                 read_back, si_trials, seed (a decimal string)},
 *                       "run": {name, condition[, vardelay_warmup][, init_from]}}
 *                                                             (rm_run_config_json;
 *                       vardelay_warmup and init_from are written only when set; the
 *                       registry stores the same text)
 *   run     JSON text: the run description (store/run_json.h), which resume reads back;
 *           a file without it (written before it existed) gets one made from config and
 *           the trainer (see rm_ckpt_load)
 *   state   JSON text: {"iter", "adam": {step, beta1, beta2, eps},
 *                       "rng": {has_spare, spare}, "window": {num, den, count},
 *                       "result": {test_infloss, test_loss, si} (null if not evaluated)}
 * Doubles are written with 17 significant digits, so they read back exactly.
 *
 * Loading validates the container (safetensors.h), then the metadata, then that every
 * expected tensor is present with the dtype and shape the configuration implies, before it
 * allocates the network or copies a byte. */
#ifndef RM_CKPT_H
#define RM_CKPT_H

#include <stddef.h>
#include <jansson.h>
#include "core/condition.h"
#include "core/run.h"
#include "core/train.h"

#define RM_CKPT_FORMAT "recmem.checkpoint"
#define RM_CKPT_FORMAT_VERSION 1
#define RM_CKPT_MAX_BYTES ((size_t)8 << 30)   /* refuse files larger than 8 GB */

/* What a checkpoint records about a run beyond the trainer. */
typedef struct {
    char name[64];        /* free label ("" if none) */
    rm_run_cfg run;       /* the run's description (core/run.h); its condition, warm-up and
                             init-from are what config.run also records. task "" if the
                             caller has none: then it is made from the trainer when saved */
    double test_infloss;  /* test results; NaN until evaluated */
    double test_loss;
    double si;
} rm_run_meta;

void rm_run_meta_init(rm_run_meta *m);
/* Copies a test result (infloss, loss, SI) into m; NULL leaves m as it is. */
void rm_run_meta_results(rm_run_meta *m, const rm_test_result *t);

/* The run's full configuration as a JSON object (new reference; NULL on out of memory).
   meta may be NULL. */
json_t *rm_run_config_json(const rm_trainer *tr, const rm_run_meta *meta);
/* The run description of a trainer whose caller has none (meta->run.task ""; files written
   before the run description was saved): its task, network and training settings, and the
   condition, warm-up and init-from given. A multitask condition loses its "multitask" (the
   second task was not recorded): the run continues on the task it has. Not finished. */
void rm_run_cfg_from_trainer(rm_run_cfg *c, const rm_trainer *tr, const char *condition,
                             long vardelay_warmup, const char *init_from);

/* Saves tr (and meta, which may be NULL) to path atomically: the previous file at path
   stays intact until the new one is complete and durable. Borrowed, not modified. */
int rm_ckpt_save(const char *path, const rm_trainer *tr, const rm_run_meta *meta, rm_err *e);
/* The same checkpoint as a malloc'd buffer (tests, fuzz seeds). */
int rm_ckpt_encode(const rm_trainer *tr, const rm_run_meta *meta, unsigned char **out,
                   size_t *n, rm_err *e);

/* A loaded checkpoint: everything a trainer borrows lives here, so the struct must not
   move (it is always heap-allocated by rm_ckpt_load). tr.task == &task, tr.net == &net.
   The caller may run the trainer, probe the net, or take ownership of pieces by copying
   the structs out and zeroing them here before rm_ckpt_free. */
typedef struct {
    rm_task task;
    rm_net net;
    rm_trainer tr;
    rm_run_meta meta;
    char version[32];     /* recmem version that wrote the file */
    char saved_at[32];
} rm_ckpt;

/* Loads and validates path into a new rm_ckpt (*out, free with rm_ckpt_free). The trainer
   is ready to continue: the next rm_trainer_step gives exactly the iteration the saved run
   would have done next. Errors: RM_EIO (cannot read), RM_EFORMAT (malformed: the message
   names the file and the problem), RM_EINVAL (unknown task/model), RM_ENOMEM. */
int rm_ckpt_load(const char *path, rm_ckpt **out, rm_err *e);
/* The same, with a finder for tasks that are not built in (the Lua layer's defined tasks;
   ud is passed back); without one, or when it returns NULL, such a file is refused with a
   message saying the task must be defined before loading. */
typedef const rm_task_def *(*rm_ckpt_task_finder)(void *ud, const char *name);
int rm_ckpt_load_with(const char *path, rm_ckpt_task_finder find, void *ud, rm_ckpt **out,
                      rm_err *e);
/* The same from memory (the fuzz target's entry point); `what` names it in messages. */
int rm_ckpt_load_mem(const void *buf, size_t n, const char *what, rm_ckpt **out, rm_err *e);
void rm_ckpt_free(rm_ckpt *c);   /* NULL is fine */
/* The run's condition resolved (what a resume continues under). A file written before run
   descriptions may carry a name that is no condition of the table (a network trained from
   Lua with its own condition table recorded that table's name); the loader keeps it as a
   label. RM_EFORMAT then, the message naming `what` (the file) and the condition. A file
   with a run description has a known condition (the loader checked it). */
int rm_ckpt_condition(const rm_ckpt *c, const char *what, rm_condition_set *out, rm_err *e);

#endif
