/* model_rnn.h: the LeInit ReLU RNN's pieces (model 0), exported so that models built on
 * it (orthogonal init, Hebbian fast weights) reuse them instead of copying. */
#ifndef RM_MODEL_RNN_H
#define RM_MODEL_RNN_H

#include "net.h"

#define RM_RNN_CLIP 100.0f /* gradient clipping at the pre-activation (SPEC 2) */

/* Views W_in [N][n_in], b_in [N], W_hh [N][N], b_hh [N]. */
int rm_rnn_layout(rm_net *net, rm_err *e);
/* Those tensors in a buffer laid out like params (net->params or net->grads). */
typedef struct {
    float *W_in, *b_in, *W_hh, *b_hh;
} rm_rnn_views;
rm_rnn_views rm_rnn_views_of(const rm_net *net, float *base);
/* W_in Glorot-normal gain 0.95, W_hh LeInit(lambda0, sigma0), biases 0. */
int rm_rnn_init(rm_net *net, rm_rng *rng, rm_err *e);
/* ws->h[1..T][b] = (b_in + b_hh) + W_in x_t for every step, in one GEMM (the input
   projection; the recurrent term is added per step by the caller). */
void rm_rnn_input_projection(const rm_net *net, rm_ws *ws);
/* dW_hh += dA^T h[0..T-1], dW_in += dA^T x, db_in = db_hh += column sums of dA, where
   dA[t] (the gradient at the pre-activation of step t+1) is stored in ws->dh[1..T].
   Uses the first N floats of ws->model as scratch (a model's ws_floats must include them). */
void rm_rnn_weight_grads(rm_net *net, rm_ws *ws);
/* Model 0's forward and backward passes and arena size, for models that differ from it
   only in initialisation (orthogonal init). */
void rm_rnn_forward(const rm_net *net, rm_ws *ws);
void rm_rnn_backward(rm_net *net, rm_ws *ws);
size_t rm_rnn_ws_floats(const rm_net *net, int B, int T);

#endif
