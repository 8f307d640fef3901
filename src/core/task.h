/* task.h: the trial-generator interface (SPEC section 1), its registry by name, and batches.
 *
 * A task definition fills *rates* (or raw input for non-Poisson tasks), targets and the
 * scored truth; the shared code in task.c draws the Poisson counts, applies the
 * variable-delay mask and dynamic input, then calls the definition's ideal observer on
 * the counts. A new task is one new file with an rm_task_def plus one line in task.c. */
#ifndef RM_TASK_H
#define RM_TASK_H

#include "rm_err.h"
#include "rng.h"

typedef enum { RM_OUT_LINEAR = 0, RM_OUT_SIGMOID = 1 } rm_out_unit;

/* Which loss and which information-loss formula a task uses (SPEC 3 and 4). */
typedef enum {
    RM_LOSS_CIRCULAR = 0, /* |y - target| mod pi; estimation tasks */
    RM_LOSS_BCE = 1,      /* clipped sigmoid + binary cross-entropy; binary tasks */
    RM_LOSS_L1 = 2        /* |y - target|; SINE */
} rm_loss_kind;

/* Variant flags; they combine. */
enum { RM_VARIANT_NONE = 0, RM_VARIANT_VARDELAY = 1, RM_VARIANT_DYNAMIC = 2 };

/* Period of step `step` in a trial whose delay is `delay` (see rm_task_period). */
typedef enum { RM_PERIOD_STIM, RM_PERIOD_DELAY, RM_PERIOD_MASKED, RM_PERIOD_RESP } rm_period;

/* One batch. Arrays are trial-major as in SPEC: [trial][time][channel]. */
typedef struct {
    int B, T, n_chan, n_out;
    float *x;      /* [B][T][n_chan] spike counts (SINE: noise) */
    float *target; /* [B][T][n_out] */
    float *mask;   /* [B][T] 1 = step runs, 0 = skipped (variable delay) */
    double *s;     /* [B][n_out] the truth an answer is scored against: the stimulus
                      (estimation) or the class (binary); unused (0) for SINE */
    double *opt;   /* [B][n_out] the ideal observer's answer; NaN where undefined */
    int *delay;    /* [B] delay length of each trial */
    double *cue;   /* [B] a latent variable the observer needs but cannot read from the
                      counts: GDE's cued location (0 or 1); NaN for the other tasks */
} rm_batch;

typedef struct rm_task rm_task;

/* Latent variables a caller holds fixed for every trial of a batch (net:probe{s=...});
 * what is not fixed is drawn as usual. Each task says what s means (man/recmem-lua.3):
 * DE1 s[0], DE2 s[0..1]: the orientations in [0, pi); CD1 s[0], CD2 s[0..1]: the first
 * stimulus in [0, pi), change 0/1; GDE s[0..1] and cue 0/1 (the location asked for); 2AFC
 * s[0] = -15 or +15 (the class); COMP s[0..1] the two scalars in [-40, 40]. SINE has no
 * latent stimulus. The ideal observer still reads the drawn spike counts. */
typedef struct {
    int n_s;        /* values in s; 0 = the stimulus is drawn */
    double s[2];
    int change;     /* CD1, CD2: 1 change, 0 none; -1 drawn */
    int cue;        /* GDE: 0 or 1; -1 drawn */
} rm_fixed;

/* Nothing fixed: what a NULL rm_fixed * also means. */
#define RM_FIXED_NONE ((rm_fixed){.n_s = 0, .change = -1, .cue = -1})

typedef struct rm_task_def {
    const char *name;  /* "DE1", ... */
    int code;          /* the original's integer code, -1 for none */
    int n_loc;         /* stimulus locations */
    int n_out;
    rm_out_unit out;
    rm_loss_kind loss;
    int poisson;       /* 1: fill() writes rates and task.c draws Poisson counts */
    /* Dynamic-input sweep: range [dyn_lo, dyn_hi] and gain a (SPEC 1, variants). */
    double dyn_lo, dyn_hi, dyn_gain;
    /* Preferred values phi_i of the task's population, i = 0..n-1 (used by dynamic input). */
    void (*phi)(double *phi, int n);
    /* Draws the latent variables and writes rates (or raw input) into b->x on the task's
       own channels (starting at channel t->ch0), targets into b->target and the truth into
       b->s. b->delay is already drawn; use rm_task_period() for each step. fix (may be
       NULL) holds latents to use instead of drawn ones: a definition checks it with
       rm_fixed_check() first and refuses what it cannot fix. */
    int (*fill)(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng, rm_err *e);
    /* Writes b->opt from the counts in b->x (NULL: opt stays NaN). */
    void (*observe)(const rm_task *t, rm_batch *b);
    void *ud;          /* for definitions made at run time (Lua tasks) */
} rm_task_def;

struct rm_task {
    const rm_task_def *def;
    int variant;            /* RM_VARIANT_* flags */
    int n_in;               /* neurons per location (50) */
    int stim, delay, resp;  /* 25, 100, 25: delay is the longest delay */
    int T;                  /* stim + delay + resp */
    int ch0;                /* first channel of the task's own input (n_in with dynamic input) */
    int n_chan;             /* ch0 + n_loc * n_in */
    int n_out;
};

/* Task constants of SPEC 1. */
#define RM_KAPPA 2.0
#define RM_SPON 0.1

/* Built-in definitions by name (case-insensitive) or by the original's code. NULL if none. */
const rm_task_def *rm_task_find(const char *name);
const rm_task_def *rm_task_find_code(int code);
/* The built-in definitions, NULL-terminated. */
const rm_task_def *const *rm_task_list(void);

/* Sets up t with the paper's sizes (n_in 50, 25/100/25) for def and variant flags. */
int rm_task_init(rm_task *t, const rm_task_def *def, int variant, rm_err *e);
/* Parses "vardelay", "dynamic", "vardelay+dynamic", "none"/"" into flags; -1 if unknown. */
int rm_variant_parse(const char *s);
/* Writes a name for the flags ("none", "vardelay", "dynamic", "vardelay+dynamic"). */
const char *rm_variant_name(int variant);

rm_period rm_task_period(const rm_task *t, int delay, int step);

/* Allocates a batch for B trials of t (zeroed). rm_batch_free is safe on a zeroed struct. */
int rm_batch_alloc(rm_batch *b, const rm_task *t, int B, rm_err *e);
void rm_batch_free(rm_batch *b);
/* Fills b (allocated for t) with a fresh batch: delays, fill, Poisson, mask, dynamic
   input, observer. */
int rm_task_sample(const rm_task *t, rm_batch *b, rm_rng *rng, rm_err *e);
/* The same with some latents fixed (fix may be NULL: rm_task_sample). */
int rm_task_sample_fixed(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                         rm_err *e);
/* 1 if fix (may be NULL) fixes anything. */
int rm_fixed_any(const rm_fixed *fix);

/* Shared helpers for the definitions (task_util.c). */
void rm_vm_phi(double *phi, int n);                   /* linspace(0, pi, n) */
double rm_vm_rate(double s, double phi);              /* exp(kappa (cos 2(s-phi) - 1)) */
double rm_vm_pv(const double *r, const double *phi, int n); /* population vector angle */
/* For a fill(): checks that fix (may be NULL) holds 0 or n values of s, each finite and in
   [lo, hi] (hi excluded if RM_FIXED_OPEN), and fixes change or cue only where the flags
   RM_FIXED_CHANGE / RM_FIXED_CUE allow. A one-line error naming the task otherwise. */
enum { RM_FIXED_CHANGE = 1, RM_FIXED_CUE = 2, RM_FIXED_OPEN = 4 };
int rm_fixed_check(const rm_task *t, const rm_fixed *fix, int n, double lo, double hi,
                   unsigned flags, rm_err *e);
/* Sums counts of channels [c0, c0+n) over steps [t0, t1) of trial b into out[n]. */
void rm_batch_sum_counts(const rm_batch *b, int trial, int c0, int n, int t0, int t1,
                         double *out);

#endif
