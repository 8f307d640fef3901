/* net.h: a network = a model definition + one contiguous parameter buffer with named views,
 * plus the forward/backward workspace. Models (rnn, hebbian, ortho, gru) implement
 * rm_model_def; the readout y = out(W_out h + b_out) is shared and lives in net.c.
 *
 * Internal activations are time-major ([T][B][...]) so that each step's hidden state is
 * one contiguous B x N block for the recurrent GEMM and all steps form one matrix for the
 * batched input projection and weight gradients. */
#ifndef RM_NET_H
#define RM_NET_H

#include <stddef.h>
#include "rm_err.h"
#include "rng.h"
#include "task.h"

#define RM_MAX_VIEWS 16

typedef struct {
    char model[16];     /* "rnn", "hebbian", "ortho", "gru" */
    int n_in;           /* input channels */
    int n_hidden;
    int n_out;
    rm_out_unit out;
    double lambda0;     /* diagonal of the initial W_hh */
    double sigma0;      /* std of its off-diagonal entries (the original's sigma_val) */
} rm_net_cfg;

typedef struct {
    char name[16];      /* "W_in", "b_in", "W_hh", ... */
    int rows, cols;     /* a vector has rows = 1 */
    size_t offset;      /* in floats, into params / grads */
} rm_param_view;

/* Interventions on the hidden state during a probe (intervene.h). */
typedef struct rm_intervention rm_intervention;

/* Forward/backward workspace for a given (B, T). */
typedef struct {
    int B, T;
    float *x;     /* [T][B][n_in] input, time-major */
    float *mask;  /* [T][B] */
    float *target; /* [T][B][n_out] */
    float *h;     /* [T+1][B][N] hidden state; h[0] = 0 */
    float *z;     /* [T][B][n_out] readout before the output unit */
    float *y;     /* [T][B][n_out] readout after the output unit */
    float *dz;    /* [T][B][n_out] dLoss/dz */
    float *dh;    /* [T+1][B][N] dLoss/dh from the readout and the penalty; models add
                     the recurrent part in place during backward */
    float pen_coef;  /* activity penalty gradient: dh += pen_coef * h ... */
    int pen_steps;   /* ... on the last pen_steps steps (set by rm_loss_compute) */
    float *model; /* the model's own arena (pre-activations, gates, ...) */
    const rm_intervention *iv; /* probe-only changes to h after each step; NULL (as
                                  rm_ws_reserve leaves it) for training */
    float *arena; /* owns all of the above */
    size_t arena_floats;
} rm_ws;

typedef struct rm_net rm_net;

typedef struct rm_model_def {
    const char *name;
    int code;           /* the original's integer code */
    /* Appends the model's parameter views (not the readout) with rm_net_add_view. */
    int (*layout)(rm_net *net, rm_err *e);
    /* Initialises the model's parameters (not the readout). */
    int (*init)(rm_net *net, rm_rng *rng, rm_err *e);
    /* Floats the model needs in ws->model for B trials of T steps. */
    size_t (*ws_floats)(const rm_net *net, int B, int T);
    /* ws->x, ws->mask set: writes ws->h[1..T] (and its arena). Once h[t] is written for
       every trial, and before step t+1 reads it, calls rm_intervene_step(ws, t, N). */
    void (*forward)(const rm_net *net, rm_ws *ws);
    /* ws->dh holds the loss gradient wrt every h_t: accumulates parameter gradients
       into net->grads (ws->dh may be overwritten). */
    void (*backward)(rm_net *net, rm_ws *ws);
    /* Glorot gain of the shared readout W_out; 0 means the LeInit RNN's 0.95 (SPEC 2:
       the GRU uses 0.05). */
    double readout_gain;
} rm_model_def;

struct rm_net {
    rm_net_cfg cfg;
    const rm_model_def *def;
    size_t n_params;
    float *params;      /* one allocation: params, then grads */
    float *grads;
    rm_param_view view[RM_MAX_VIEWS];
    int n_views;
};

/* Model registry: by name ("rnn", "hebbian", "ortho", "gru") or the original's code
   ("0".."3" also accepted by rm_model_find). NULL if unknown. */
const rm_model_def *rm_model_find(const char *name);
const rm_model_def *const *rm_model_list(void);

/* Fills cfg with the defaults for a task: model "rnn", n_in = t->n_chan, N = 500,
   n_out and output unit from the task, lambda0 = 0.98, sigma0 = 0. */
void rm_net_cfg_default(rm_net_cfg *cfg, const rm_task *t);

/* Fills net's config, model and parameter views (n_params) without allocating: what
   rm_net_create does first, and what memory estimates (membudget.h) count from. */
int rm_net_layout(rm_net *net, const rm_net_cfg *cfg, rm_err *e);
/* Creates a network: lays out and allocates parameters and, if rng != NULL,
   initialises them (model init + Glorot readout). Refuses (RM_EINVAL, with the numbers)
   a network whose parameters, gradients and Adam moments exceed the memory available. */
int rm_net_create(rm_net *net, const rm_net_cfg *cfg, rm_rng *rng, rm_err *e);
void rm_net_free(rm_net *net);
int rm_net_add_view(rm_net *net, const char *name, int rows, int cols, rm_err *e);
/* Pointer to a named parameter (or its gradient); NULL if no such view. */
float *rm_net_param(const rm_net *net, const char *name);
float *rm_net_grad(const rm_net *net, const char *name);
const rm_param_view *rm_net_view(const rm_net *net, const char *name);
/* Tensor i, numbered in the order the layout added the views, of a buffer laid out like
   params (net->params or net->grads). Models name their tensors once, in a struct of
   pointers filled by position (model_rnn.h: rm_rnn_views), not by string at every use. */
static inline float *rm_net_at(const rm_net *net, float *base, int i) {
    return base + net->view[i].offset;
}
/* The readout every model shares: rm_net_create adds it after the model's own views. */
typedef struct {
    float *W_out, *b_out;   /* [n_out][N], [n_out] */
} rm_readout_views;
static inline rm_readout_views rm_net_readout(const rm_net *net, float *base) {
    return (rm_readout_views){rm_net_at(net, base, net->n_views - 2),
                              rm_net_at(net, base, net->n_views - 1)};
}
/* Copies into dst every parameter of src with the same name and shape (net_transfer.c);
   returns how many. copied and kept (each may be NULL) receive the names copied and the
   names left as they were, space-separated. */
int rm_net_copy_matching(rm_net *dst, const rm_net *src, char *copied, size_t nc, char *kept,
                         size_t nk);

/* Glorot-normal N(0, g^2 * 2 / (fan_in + fan_out)) into w[rows][cols] (fan_in = cols). */
void rm_glorot_normal(float *w, int rows, int cols, double gain, rm_rng *rng);
/* LeInit: lambda0 I + sigma0 Z with Z standard normal, diagonal of Z zeroed. */
void rm_leinit(float *w, int n, double lambda0, double sigma0, rm_rng *rng);

/* Floats of the workspace for B trials of T steps. */
size_t rm_ws_floats(const rm_net *net, int B, int T);
/* Workspace for B trials of T steps (re-allocates only if it must grow). */
int rm_ws_reserve(rm_ws *ws, const rm_net *net, int B, int T, rm_err *e);
void rm_ws_free(rm_ws *ws);
/* Copies a batch into ws (transposing to time-major). */
void rm_ws_load(rm_ws *ws, const rm_net *net, const rm_batch *b);

/* Applies ws->iv (if any) to h[t], the state after step t (1..T) of every trial whose
   step t runs (intervene.c). Every model's forward calls it once per step. */
void rm_intervene_step(const rm_ws *ws, int t, int N);

/* Forward: model forward + readout (z and y). */
void rm_net_forward(const rm_net *net, rm_ws *ws);
/* Backward: readout gradients from ws->dz, which also set ws->dh (plus the activity
   penalty's gradient described by ws->pen_coef/pen_steps), then the model's backward.
   Accumulates into grads. */
void rm_net_backward(rm_net *net, rm_ws *ws);
void rm_net_zero_grads(rm_net *net);

#endif
