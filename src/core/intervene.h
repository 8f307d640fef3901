/* intervene.h: interventions on a network's hidden state during a probe — silencing units
 * (lesion), clamping them, adding Gaussian noise, adding a pulse (perturb) — and what is
 * built on them: probes with a fixed stimulus and interventions, a copy of a network with
 * units removed, and the lesion curve (information loss as units are removed).
 *
 * An intervention acts on h_t, the state right after step t, before step t+1 (and the
 * readout) sees it; every model's forward pass calls rm_intervene_step once per step.
 * Only steps that run are touched: a step skipped by the variable-delay mask carries the
 * state over unchanged, interventions included. Nothing here changes a network's
 * parameters except rm_net_silence_units on a network the caller owns; the trainer never
 * sets ws->iv, so training never sees an intervention. */
#ifndef RM_INTERVENE_H
#define RM_INTERVENE_H

#include <stdatomic.h>
#include <stdint.h>
#include "net.h"
#include "train.h"

typedef enum {
    RM_IV_LESION,  /* h = 0 */
    RM_IV_CLAMP,   /* h = value */
    RM_IV_NOISE,   /* h += value * N(0, 1), value = sd >= 0 */
    RM_IV_PERTURB  /* h += value (one step: t0 == t1) */
} rm_iv_kind;

/* One intervention on some units over some steps. */
typedef struct {
    rm_iv_kind kind;
    int t0, t1;         /* steps it acts on, 1..T, inclusive */
    const int *units;   /* 0-based unit indices (borrowed); NULL = every unit */
    int n_units;
    double value;       /* clamp: the value; noise: the sd; perturb: the amount */
    uint64_t seed;      /* noise: its draws depend on (seed, step, trial index, unit) only,
                           so a probe with the same seed is reproducible */
} rm_iv_op;

/* Interventions applied together. At each step the kinds act in a fixed order: noise,
   perturb, clamp, lesion — so a clamped unit holds exactly its value and a lesioned one
   exactly 0 whatever else acts on it. Within a kind, in the order given. */
struct rm_intervention {
    const rm_iv_op *ops; /* borrowed */
    int n_ops;
};

/* Checks every op against a network of N units and trials of T steps: units in 0..N-1,
   1 <= t0 <= t1 <= T, perturb on one step, values finite, sd >= 0. */
int rm_intervention_check(const rm_intervention *iv, int N, int T, rm_err *e);

/* A probe of `trials` fresh trials drawn from seed, with latents fix (may be NULL) and
   interventions iv (may be NULL). Same seed and fix: the same trials as rm_probe. */
int rm_probe_iv(const rm_task *t, const rm_net *net, int trials, uint64_t seed,
                const rm_fixed *fix, const rm_intervention *iv, rm_trace *out, rm_err *e);
/* A probe of a given batch with interventions iv (may be NULL). */
int rm_probe_batch_iv(const rm_task *t, const rm_net *net, const rm_batch *b,
                      const rm_intervention *iv, rm_trace *out, rm_err *e);

/* Removes units from net (one the caller owns): zeroes their incoming weights and biases
   (every view with N rows, every 1 x N bias) and their outgoing weights (the columns of
   W_out and of the recurrent views, named W_h*). From h_0 = 0 such a unit stays at 0 in
   every model: ReLU RNNs (rnn, ortho, hebbian) have a zero pre-activation; the GRU a zero
   candidate c, so h_t = (1 - u) h_{t-1} stays 0. So the copy computes exactly what the
   original computes under a whole-trial lesion of those units. */
int rm_net_silence_units(rm_net *net, const int *units, int n_units, rm_err *e);
/* A new network (dst, uninitialised on entry) with src's configuration and parameters. */
int rm_net_clone(rm_net *dst, const rm_net *src, rm_err *e);

/* The lesion curve: the information loss of the same probe trials as units are removed
   (silenced for the whole trial) in a given order, 0, step, 2 step, ..., N of them. */
typedef enum {
    RM_LESION_PEAK,    /* by peak time on the probe trials: the step at which the unit's
                          trial-averaged activity is largest, earliest first; units that
                          never fire last; ties by index */
    RM_LESION_RANDOM,  /* a random permutation drawn from seed */
    RM_LESION_WEIGHT   /* by outgoing read-out weight, sum_o |W_out[o][j]|, largest first */
} rm_lesion_order;

typedef struct {
    rm_lesion_order order;
    int step;           /* units removed between two points, >= 1 */
    int trials;         /* probe trials, the same at every point */
    uint64_t seed;      /* of the trials (as rm_probe), and of the random order */
    int read_back;      /* the answer is read at step T - read_back */
} rm_lesion_cfg;

typedef struct {
    int n_points;       /* N / step + 1, plus 1 if step does not divide N */
    int *n_removed;     /* [n_points]: 0, step, 2 step, ..., N */
    double *infloss;    /* [n_points] */
    int N;
    int *order;         /* [N] 0-based units, the first removed first */
} rm_lesion_curve;

/* Fills out (freed with rm_lesion_curve_free, also after an error). stop (may be NULL)
   ends it early with RM_ESTOPPED. */
int rm_lesion_curve_run(const rm_task *t, const rm_net *net, const rm_lesion_cfg *cfg,
                        atomic_int *stop, rm_lesion_curve *out, rm_err *e);
void rm_lesion_curve_free(rm_lesion_curve *c);

#endif
