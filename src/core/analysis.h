/* analysis.h: analyses that explain a trained network's memory (issue 15): when each unit
 * peaks, the recurrent weights as a function of peak-time difference, principal
 * components, cross-temporal decoding, and fixed points of the ReLU RNN with their
 * Jacobians. One file per analysis (analysis_*.c); plain C on BLAS/LAPACK, no Lua.
 * Activity h is trial-major h[trials][T][N] as in a trace; steps are 0-based here. */
#ifndef RM_ANALYSIS_H
#define RM_ANALYSIS_H

#include <stdatomic.h>
#include <stddef.h>
#include "rm_err.h"

/* ---- peak times (analysis_peak.c) ---- */

/* peak[i] = the first step at which unit i's trial-averaged activity mean_b h[b][t][i] is
   largest; NaN for a unit whose trial-averaged activity never exceeds thr (silent). */
int rm_peak_times(const float *h, int trials, int T, int N, double thr, double *peak,
                  rm_err *e);
/* order[0..N-1] = units sorted by peak time (ties by unit index), silent units last. */
void rm_peak_order(const double *peak, int N, int *order);

/* ---- weight profile (analysis_profile.c) ---- */

typedef struct {
    int n_bins;
    int bin;          /* lags per bin */
    int k0;           /* bin b is centred on lag (k0 + b) * bin */
    double *w;        /* [n_bins] mean W[i][j] of pairs in the bin; NaN if none */
    long *count;      /* [n_bins] pairs in the bin */
    double asymmetry; /* see rm_weight_profile */
    double self;      /* mean W[i][i] over analysed units */
    int units;        /* units analysed (not silent) */
} rm_weight_profile_t;

/* Mean recurrent weight W[i][j] (from unit j onto unit i; W is [N][N]) as a function of
   the lag d = key[i] - key[j], over every ordered pair (i, j) of non-silent units
   (key not NaN), the diagonal included (d = 0). key is the peak time (or the rank in peak
   order, rm_peak_ranks). Lags are grouped in bins of `bin` lags: lag d falls in the bin
   k = floor((d + floor(bin/2)) / bin), centred on k * bin for odd bin (bin 1: one bin per
   lag). Only pairs with |d| <= window count (window < 0: all).
   asymmetry = (S+ - S-) / (sum over pairs with d != 0 of |W[i][j]|), where S+ (S-) sums
   W[i][j] over pairs with d > 0 (d < 0): +1 for weights only from earlier- to
   later-peaking units (a chain), -1 for the reverse, 0 for any symmetric W (and 0 when
   no off-diagonal pair carries weight). */
int rm_weight_profile(const float *W, int N, const double *key, int bin, int window,
                      rm_weight_profile_t *out, rm_err *e);
void rm_weight_profile_free(rm_weight_profile_t *p);
/* Ranks (0-based, NaN kept) of the non-NaN entries of peak, in peak order. */
void rm_peak_ranks(const double *peak, int N, double *rank);

/* ---- principal components (analysis_pca.c) ---- */

/* PCA of x[rows][N] (rows = samples): mean[N], the k leading principal axes as the rows of
   components[k][N] (unit norm; each signed so that its largest-magnitude loading is
   positive), variance[k] = their eigenvalues of the sample covariance (divisor rows - 1),
   *total = the covariance's trace (total variance). */
int rm_pca(const float *x, size_t rows, int N, int k, float *mean, float *components,
           float *variance, double *total, rm_err *e);
/* proj[rows][k] = (x - mean) components^T. */
void rm_pca_project(const float *x, size_t rows, int N, int k, const float *mean,
                    const float *components, float *proj);

/* ---- cross-temporal decoding (analysis_decode.c) ---- */

/* Ridge decoders of y[trials][q] from h[trials][T][N]: trials 0..n_train-1 train, the
   rest test. For each training step t a decoder (weights and intercept; features and
   targets centred on the training trials) minimises ||Y - X w - c||^2 + lambda ||w||^2 on
   the training trials at step t; it is then scored on the test trials at every step s:
   score[t][s] (T x T, row = training step). Scores: with circular, y holds
   (cos 2s, sin 2s) of an angle s in [0, pi); the decoded angle is atan2(y2, y1) / 2 and
   score = 1 - mean circular error / (pi / 4) (1 exact, 0 chance: a uniform guess errs by
   pi/4 on average); otherwise score = R^2 = 1 - SS_res / SS_tot over the test trials and
   all q targets (NaN if the targets do not vary). err (may be NULL) receives the mean
   circular error in radians (circular) or the mean squared error. stop (may be NULL):
   non-zero returns RM_ESTOPPED between training steps. */
int rm_decode_cross(const float *h, int trials, int T, int N, const float *y, int q,
                    int circular, double lambda, int n_train, float *score, float *err,
                    atomic_int *stop, rm_err *e);
/* Summary of a score matrix over steps [from, to] (0-based, inclusive): with scores
   clipped at 0 (below chance counts as chance), diag = mean of score[t][t], off = mean of
   score[t][s] over t != s, and the stability index = off / diag: near 1 for a stable
   (square) code, near 0 for a dynamic (diagonal) one; NaN if diag is 0. */
double rm_decode_index(const float *score, int T, int from, int to, double *diag,
                       double *off);

/* ---- fixed points of h -> relu(W h + u) (analysis_fixed.c) ---- */

/* J[N][N] = dF/dh at h for F(h) = relu(W h + u): row i is W[i] if (W h + u)_i > 0, else 0
   (the derivative of relu at 0 is taken as 0). */
void rm_relu_jacobian(const float *W, const float *u, int N, const float *h, float *J);
/* q(h) = 1/2 ||F(h) - h||^2 (in double). */
double rm_relu_speed(const float *W, const float *u, int N, const float *h);

typedef struct {
    int iters;          /* most Levenberg-Marquardt steps per start */
    double tol;         /* stop once q <= tol */
    atomic_int *stop;   /* may be NULL; non-zero: return RM_ESTOPPED between steps */
} rm_fixed_cfg;

/* From each start (starts[K][N]) minimises q by Levenberg-Marquardt on the residual
   F(h) - h with the analytic Jacobian, then polishes the result by solving the linear
   system of its activation pattern exactly ((I - W_AA) h_A = u_A, h = 0 off A) and keeps
   that if it is consistent and lowers q. A start also ends when 5 accepted steps in a row
   lower q by less than a millionth each (a slow point, not a fixed one). Writes
   points[K][N], q[K] and iters_used[K] (may be NULL). */
int rm_relu_fixed_points(const float *W, const float *u, int N, const float *starts, int K,
                         const rm_fixed_cfg *cfg, float *points, double *q, int *iters_used,
                         rm_err *e);
/* Sorts points by q (ascending) and drops any point within Euclidean distance radius of
   one kept before it. Rewrites points[][N] and q in place; returns how many remain. */
int rm_fixed_dedupe(float *points, double *q, int K, int N, double radius);

#endif
