/* model_hebbian.c: model 1, the LeInit ReLU RNN with one-step Hebbian fast weights (SPEC 2):
 *   a_t = W_in x_t + b_in + W_hh h_{t-1} + b_hh            (clipped gradient, as model 0)
 *   a'_t = a_t + gamma * h_{t-2} * clip(h_{t-2} . h_{t-1}, 0, 100)   (per-trial dot product)
 *   h_t = relu(a'_t),  gamma = 0.0007,  h_{-1} = h_0 = 0.
 * That is a fast weight matrix A_t = gamma h_{t-2} h_{t-2}^T acting on h_{t-1}.
 *
 * Where the clip sits. The original clips the gradient of a_t (a Theano grad_clip on the
 * pre-activation) and adds the Hebbian term afterwards. So in the backward pass, with
 * g_t = dL/da'_t = dL/dh_t * relu'(a'_t):
 *   - the ordinary path (W_in, W_hh, both biases, and h_{t-1} through W_hh) receives
 *     clip(g_t, -100, 100), exactly as in model 0;
 *   - the Hebbian term receives g_t itself, unclipped:
 *       dL/dh_{t-2} += gamma * s_t * g_t + gamma * (g_t . h_{t-2}) * c_t * h_{t-1}
 *       dL/dh_{t-1} += gamma * (g_t . h_{t-2}) * c_t * h_{t-2}
 *     with s_t = clip(h_{t-2} . h_{t-1}, 0, 100) and c_t = 1 where 0 <= dot <= 100, else 0
 *     (the clip's derivative, inclusive at the ends as Theano's clip is).
 *
 * Masked (skipped) steps. The Hebbian network's state is the pair (h_{t-1}, h_{t-2}); a
 * skipped step carries that whole pair over unchanged, so the first step after a run of
 * skipped steps sees as h_{t-2} the state before the last step that really ran, just as a
 * trial whose delay was really that short would. ws->h still holds copies at skipped steps
 * (as in model 0), and prev2_index() finds the right h_{t-2} behind them. */
#include <string.h>
#include "blas.h"
#include "model_rnn.h"

#define HEBB_GAMMA 0.0007f
#define HEBB_DOT_MAX 100.0f

/* Index into ws->h of trial b's h_{t-2} as step t (1-based) sees it: the state before the
   step that produced h[t-1], skipping back over masked steps (whose h is a copy). h[0] is
   h_0 = 0, which also serves as h_{-1}. */
static int prev2_index(const rm_ws *ws, int t, int b) {
    int q = t - 1;
    while (q >= 1 && ws->mask[(size_t)(q - 1) * ws->B + b] == 0.0f) q--;
    return q >= 1 ? q - 1 : 0;
}

static float dot(const float *a, const float *b, int n) {
    float s = 0.0f;
    for (int j = 0; j < n; j++) s += a[j] * b[j];
    return s;
}

/* ws->model: N floats of bias-sum scratch for rm_rnn_weight_grads, then the dot product
   h_{t-2} . h_{t-1} of every step and trial ([T][B]). */
static float *dots(const rm_net *net, const rm_ws *ws) { return ws->model + net->cfg.n_hidden; }

static size_t hebbian_ws_floats(const rm_net *net, int B, int T) {
    return (size_t)net->cfg.n_hidden + (size_t)T * B;
}

static void hebbian_forward(const rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden;
    const size_t bn = (size_t)B * N;
    const float *W_hh = rm_rnn_views_of(net, net->params).W_hh;
    float *dt = dots(net, ws);
    rm_rnn_input_projection(net, ws);
    for (int t = 1; t <= T; t++) {
        float *h = ws->h + t * bn;
        const float *hp = h - bn;
        if (t > 1) rm_sgemm(0, 1, B, N, N, 1.0f, hp, N, W_hh, N, 1.0f, h, N);
        const float *m = ws->mask + (size_t)(t - 1) * B;
        for (int b = 0; b < B; b++) {
            float *hb = h + (size_t)b * N;
            const float *h1 = hp + (size_t)b * N;
            if (m[b] == 0.0f) {
                memcpy(hb, h1, N * sizeof(float));
                continue;
            }
            const float *h2 = ws->h + prev2_index(ws, t, b) * bn + (size_t)b * N;
            const float d = dot(h2, h1, N);
            dt[(size_t)(t - 1) * B + b] = d;
            const float k = HEBB_GAMMA * (d < 0.0f ? 0.0f : (d > HEBB_DOT_MAX ? HEBB_DOT_MAX : d));
            for (int j = 0; j < N; j++) {
                const float a = hb[j] + k * h2[j];
                hb[j] = a > 0.0f ? a : 0.0f;
            }
        }
        rm_intervene_step(ws, t, N);
    }
}

static void hebbian_backward(rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden;
    const size_t bn = (size_t)B * N;
    const float *W_hh = rm_rnn_views_of(net, net->params).W_hh;
    const float *dt = dots(net, ws);
    for (int t = T; t >= 1; t--) {
        float *dh = ws->dh + t * bn; /* becomes the clipped dA for step t */
        const float *h = ws->h + t * bn;
        const float *m = ws->mask + (size_t)(t - 1) * B;
        for (int b = 0; b < B; b++) {
            float *d = dh + (size_t)b * N, *d1 = d - bn;
            const float *hb = h + (size_t)b * N;
            if (m[b] == 0.0f) { /* skipped step: the state passed straight through */
                for (int j = 0; j < N; j++) d1[j] += d[j];
                memset(d, 0, N * sizeof(float));
                continue;
            }
            const size_t i2 = (size_t)prev2_index(ws, t, b) * bn + (size_t)b * N;
            const float *h1 = hb - bn, *h2 = ws->h + i2;
            float *d2 = ws->dh + i2;
            const float dp = dt[(size_t)(t - 1) * B + b];
            const float s = dp < 0.0f ? 0.0f : (dp > HEBB_DOT_MAX ? HEBB_DOT_MAX : dp);
            const float ks = HEBB_GAMMA * s;
            float gh = 0.0f; /* g_t . h_{t-2} */
            for (int j = 0; j < N; j++) {
                const float g = hb[j] > 0.0f ? d[j] : 0.0f;
                gh += g * h2[j];
                d2[j] += ks * g;
                d[j] = g > RM_RNN_CLIP ? RM_RNN_CLIP : (g < -RM_RNN_CLIP ? -RM_RNN_CLIP : g);
            }
            if (dp >= 0.0f && dp <= HEBB_DOT_MAX) {
                const float c = HEBB_GAMMA * gh;
                for (int j = 0; j < N; j++) {
                    d1[j] += c * h2[j];
                    d2[j] += c * h1[j];
                }
            }
        }
        if (t > 1) rm_sgemm(0, 0, B, N, N, 1.0f, dh, N, W_hh, N, 1.0f, dh - bn, N);
    }
    rm_rnn_weight_grads(net, ws);
}

const rm_model_def rm_model_hebbian = {
    .name = "hebbian",
    .code = 1,
    .layout = rm_rnn_layout,
    .init = rm_rnn_init,
    .ws_floats = hebbian_ws_floats,
    .forward = hebbian_forward,
    .backward = hebbian_backward,
};
