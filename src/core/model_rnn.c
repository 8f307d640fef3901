/* model_rnn.c: model 0, the LeInit ReLU RNN (SPEC 2):
 *   h_t = relu(W_in x_t + b_in + W_hh h_{t-1} + b_hh),  h_0 = 0,
 * with the gradient at the pre-activation clipped to [-100, 100] and masked (skipped)
 * steps carrying the state over unchanged.
 * The input projection and all weight gradients are single large GEMMs over every step;
 * only the recurrent product is per step. Hidden states are written in place into ws->h
 * and the backward pass reuses ws->dh for the pre-activation gradients, so the model needs
 * no arena of its own. */
#include <string.h>
#include "blas.h"
#include "model_rnn.h"

int rm_rnn_layout(rm_net *net, rm_err *e) {
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    int rc;
    if ((rc = rm_net_add_view(net, "W_in", N, I, e))) return rc;
    if ((rc = rm_net_add_view(net, "b_in", 1, N, e))) return rc;
    if ((rc = rm_net_add_view(net, "W_hh", N, N, e))) return rc;
    return rm_net_add_view(net, "b_hh", 1, N, e);
}

/* By position: rm_rnn_layout added W_in, b_in, W_hh, b_hh first. */
rm_rnn_views rm_rnn_views_of(const rm_net *net, float *base) {
    return (rm_rnn_views){rm_net_at(net, base, 0), rm_net_at(net, base, 1), rm_net_at(net, base, 2),
                          rm_net_at(net, base, 3)};
}

int rm_rnn_init(rm_net *net, rm_rng *rng, rm_err *e) {
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    const rm_rnn_views p = rm_rnn_views_of(net, net->params);
    rm_glorot_normal(p.W_in, N, I, 0.95, rng);
    rm_leinit(p.W_hh, N, net->cfg.lambda0, net->cfg.sigma0, rng);
    (void)e;
    return RM_OK;
}

void rm_rnn_input_projection(const rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden, I = net->cfg.n_in;
    const size_t tb = (size_t)T * B;
    const rm_rnn_views p = rm_rnn_views_of(net, net->params);
    const float *b_in = p.b_in, *b_hh = p.b_hh;
    float *a = ws->h + (size_t)B * N;
    for (int j = 0; j < N; j++) a[j] = b_in[j] + b_hh[j];
    for (size_t r = 1; r < tb; r++) memcpy(a + r * N, a, N * sizeof(float));
    rm_sgemm(0, 1, (int)tb, N, I, 1.0f, ws->x, I, p.W_in, I, 1.0f, a, N);
}

void rm_rnn_forward(const rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden;
    const size_t bn = (size_t)B * N;
    const float *W_hh = rm_rnn_views_of(net, net->params).W_hh;
    rm_rnn_input_projection(net, ws);
    for (int t = 1; t <= T; t++) {
        float *h = ws->h + t * bn;
        const float *hp = h - bn;
        if (t > 1) rm_sgemm(0, 1, B, N, N, 1.0f, hp, N, W_hh, N, 1.0f, h, N);
        const float *m = ws->mask + (size_t)(t - 1) * B;
        for (int b = 0; b < B; b++) {
            float *hb = h + (size_t)b * N;
            if (m[b] == 0.0f) {
                memcpy(hb, hp + (size_t)b * N, N * sizeof(float));
                continue;
            }
            for (int j = 0; j < N; j++) hb[j] = hb[j] > 0.0f ? hb[j] : 0.0f;
        }
        rm_intervene_step(ws, t, N);
    }
}

void rm_rnn_weight_grads(rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden, I = net->cfg.n_in;
    const size_t tb = (size_t)T * B, bn = (size_t)B * N;
    const float *dA = ws->dh + bn;
    const rm_rnn_views g = rm_rnn_views_of(net, net->grads);
    rm_sgemm(1, 0, N, N, (int)tb, 1.0f, dA, N, ws->h, N, 1.0f, g.W_hh, N);
    rm_sgemm(1, 0, N, I, (int)tb, 1.0f, dA, N, ws->x, I, 1.0f, g.W_in, I);
    /* both biases enter the pre-activation the same way: one column sum serves both */
    float *sum = ws->model, *db_in = g.b_in, *db_hh = g.b_hh;
    memset(sum, 0, N * sizeof(float));
    for (size_t r = 0; r < tb; r++) {
        const float *row = dA + r * N;
        for (int j = 0; j < N; j++) sum[j] += row[j];
    }
    for (int j = 0; j < N; j++) {
        db_in[j] += sum[j];
        db_hh[j] += sum[j];
    }
}

void rm_rnn_backward(rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden;
    const size_t bn = (size_t)B * N;
    const float *W_hh = rm_rnn_views_of(net, net->params).W_hh;
    for (int t = T; t >= 1; t--) {
        float *dh = ws->dh + t * bn; /* becomes dA for step t */
        const float *h = ws->h + t * bn;
        const float *m = ws->mask + (size_t)(t - 1) * B;
        for (int b = 0; b < B; b++) {
            float *d = dh + (size_t)b * N;
            const float *hb = h + (size_t)b * N;
            if (m[b] == 0.0f) { /* skipped step: the state passed straight through */
                float *dprev = d - bn;
                for (int j = 0; j < N; j++) dprev[j] += d[j];
                memset(d, 0, N * sizeof(float));
                continue;
            }
            for (int j = 0; j < N; j++) {
                float g = hb[j] > 0.0f ? d[j] : 0.0f;
                d[j] = g > RM_RNN_CLIP ? RM_RNN_CLIP : (g < -RM_RNN_CLIP ? -RM_RNN_CLIP : g);
            }
        }
        if (t > 1) rm_sgemm(0, 0, B, N, N, 1.0f, dh, N, W_hh, N, 1.0f, dh - bn, N);
    }
    rm_rnn_weight_grads(net, ws);
}

/* scratch for the bias column sums */
size_t rm_rnn_ws_floats(const rm_net *net, int B, int T) { return net->cfg.n_hidden; }

const rm_model_def rm_model_rnn = {
    .name = "rnn",
    .code = 0,
    .layout = rm_rnn_layout,
    .init = rm_rnn_init,
    .ws_floats = rm_rnn_ws_floats,
    .forward = rm_rnn_forward,
    .backward = rm_rnn_backward,
};
