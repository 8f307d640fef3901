/* model_gru.c: model 3, the gated recurrent unit with a ReLU candidate (SPEC 2):
 *   r = sigm(W_xr x + W_hr h + b_r),  u = sigm(W_xu x + W_hu h + b_u),
 *   c = relu(W_xc x + r * (W_hc h) + b_c),  h_t = (1 - u) * h_{t-1} + u * c,
 * with h = h_{t-1}, input and gate weights Glorot-normal gain 0.05, W_hc LeInit, biases 0,
 * the readout Glorot gain 0.05, and the gradient clipped to [-10, 10] at the pre-activations
 * of r, u and c (where Lasagne's GRULayer applies grad_clipping). Masked (skipped) steps
 * carry the state over unchanged.
 *
 * The three gates are stacked: the views W_xr, W_xu, W_xc are consecutive in the parameter
 * buffer, so together they are one [3N][n_in] matrix W_x; likewise W_h = [W_hr; W_hu; W_hc]
 * ([3N][N]) and b = [b_r; b_u; b_c]. The input projection of all steps is one GEMM, each
 * step's recurrent products are one GEMM, and the weight gradients are one GEMM each over
 * all steps. Workspace (ws->model), time-major like ws->h:
 *   P  [T][B][3N]  forward: W_x x + b, then overwritten by the gate values (r, u, c);
 *                  backward: the pre-activation gradients (dr, du, dc) for dW_x and db
 *   Q  [T][B][3N]  forward: W_h h_{t-1} (hr, hu, hc);
 *                  backward: the gradients at those products (dr, du, r * dc) for dW_h and
 *                  for the recurrent gradient dh_{t-1} += Q_t W_h
 *   sum [3N]       scratch for the bias column sums */
#include <math.h>
#include <string.h>
#include "blas.h"
#include "net.h"

#define GRU_CLIP 10.0f

static inline float clip(float g) { return g > GRU_CLIP ? GRU_CLIP : (g < -GRU_CLIP ? -GRU_CLIP : g); }
/* Flush to zero below 1e-18. A unit whose candidate is cut by the ReLU decays by (1 - u),
   ~0.5 at init, per step, and so does the gradient flowing back through time: after ~100
   steps their products inside the GEMMs are subnormal, and subnormal arithmetic is so slow
   that an iteration at N = 500 takes 20 s instead of 3 s. Flushing below 1e-18 keeps every
   product of two flushed numbers (and of one with a weight above 1e-20) normal. Values
   below 1e-18 change nothing the network computes, and gradients that small are ten
   orders of magnitude below anything Adam (eps 1e-8) can act on. */
#define GRU_TINY 1e-18f
static inline float ftz(float x) { return fabsf(x) < GRU_TINY ? 0.0f : x; }
static inline float sigm(float x) { return 1.0f / (1.0f + expf(-x)); }

static int gru_layout(rm_net *net, rm_err *e) {
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    /* order matters: each group of three must be consecutive (see above) */
    static const char *const wx[] = {"W_xr", "W_xu", "W_xc"}, *const wh[] = {"W_hr", "W_hu", "W_hc"},
                             *const bias[] = {"b_r", "b_u", "b_c"};
    int rc;
    for (int g = 0; g < 3; g++)
        if ((rc = rm_net_add_view(net, wx[g], N, I, e))) return rc;
    for (int g = 0; g < 3; g++)
        if ((rc = rm_net_add_view(net, wh[g], N, N, e))) return rc;
    for (int g = 0; g < 3; g++)
        if ((rc = rm_net_add_view(net, bias[g], 1, N, e))) return rc;
    return RM_OK;
}

/* The GRU's tensors in a buffer laid out like params, by position (gru_layout's order);
   W_x, W_h and b start the consecutive groups [3N][I], [3N][N] and [3N]. */
typedef struct {
    float *W_xr, *W_xu, *W_xc, *W_hr, *W_hu, *W_hc, *b_r, *b_u, *b_c;
} gru_views;

static gru_views gru_views_of(const rm_net *net, float *base) {
    gru_views v;
    float **slot[] = {&v.W_xr, &v.W_xu, &v.W_xc, &v.W_hr, &v.W_hu, &v.W_hc, &v.b_r, &v.b_u, &v.b_c};
    for (int i = 0; i < 9; i++) *slot[i] = rm_net_at(net, base, i);
    return v;
}

static int gru_init(rm_net *net, rm_rng *rng, rm_err *e) {
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    const gru_views p = gru_views_of(net, net->params);
    rm_glorot_normal(p.W_xr, N, I, 0.05, rng);
    rm_glorot_normal(p.W_xu, N, I, 0.05, rng);
    rm_glorot_normal(p.W_xc, N, I, 0.05, rng);
    rm_glorot_normal(p.W_hr, N, N, 0.05, rng);
    rm_glorot_normal(p.W_hu, N, N, 0.05, rng);
    rm_leinit(p.W_hc, N, net->cfg.lambda0, net->cfg.sigma0, rng);
    (void)e;
    return RM_OK;
}

static size_t gru_ws_floats(const rm_net *net, int B, int T) {
    const size_t N3 = 3 * (size_t)net->cfg.n_hidden;
    return 2 * (size_t)T * B * N3 + N3;
}

static void gru_forward(const rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden, I = net->cfg.n_in, N3 = 3 * N;
    const size_t tb = (size_t)T * B, bn = (size_t)B * N, bn3 = (size_t)B * N3;
    const gru_views p = gru_views_of(net, net->params);
    const float *W_x = p.W_xr, *W_h = p.W_hr, *bias = p.b_r;
    float *P = ws->model, *Q = P + tb * N3;
    for (size_t r = 0; r < tb; r++) memcpy(P + r * N3, bias, N3 * sizeof(float));
    rm_sgemm(0, 1, (int)tb, N3, I, 1.0f, ws->x, I, W_x, I, 1.0f, P, N3);
    for (int t = 1; t <= T; t++) {
        const float *hp = ws->h + (t - 1) * bn;
        float *h = ws->h + t * bn, *Pt = P + (t - 1) * bn3, *Qt = Q + (t - 1) * bn3;
        if (t > 1) rm_sgemm(0, 1, B, N3, N, 1.0f, hp, N, W_h, N, 0.0f, Qt, N3);
        else memset(Qt, 0, bn3 * sizeof(float)); /* h_0 = 0 */
        const float *m = ws->mask + (size_t)(t - 1) * B;
        for (int b = 0; b < B; b++) {
            const float *hpb = hp + (size_t)b * N, *q = Qt + (size_t)b * N3;
            float *hb = h + (size_t)b * N, *p = Pt + (size_t)b * N3;
            if (m[b] == 0.0f) {
                memcpy(hb, hpb, N * sizeof(float));
                continue;
            }
            float *pr = p, *pu = p + N, *pc = p + 2 * N;
            const float *qr = q, *qu = q + N, *qc = q + 2 * N;
            for (int j = 0; j < N; j++) {
                const float r = sigm(pr[j] + qr[j]), u = sigm(pu[j] + qu[j]);
                const float a = pc[j] + r * qc[j], c = a > 0.0f ? a : 0.0f;
                hb[j] = ftz(hpb[j] + u * (c - hpb[j]));
                pr[j] = r, pu[j] = u, pc[j] = c;
            }
        }
        rm_intervene_step(ws, t, N);
    }
}

static void gru_backward(rm_net *net, rm_ws *ws) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden, I = net->cfg.n_in, N3 = 3 * N;
    const size_t tb = (size_t)T * B, bn = (size_t)B * N, bn3 = (size_t)B * N3;
    const float *W_h = gru_views_of(net, net->params).W_hr;
    float *P = ws->model, *Q = P + tb * N3, *sum = Q + tb * N3;
    for (int t = T; t >= 1; t--) {
        const float *hp = ws->h + (t - 1) * bn;
        float *dh = ws->dh + t * bn, *Pt = P + (t - 1) * bn3, *Qt = Q + (t - 1) * bn3;
        const float *m = ws->mask + (size_t)(t - 1) * B;
        for (int b = 0; b < B; b++) {
            const float *d = dh + (size_t)b * N, *hpb = hp + (size_t)b * N;
            float *dprev = dh - bn + (size_t)b * N, *p = Pt + (size_t)b * N3,
                  *q = Qt + (size_t)b * N3;
            if (m[b] == 0.0f) { /* skipped step: the state passed straight through */
                for (int j = 0; j < N; j++) dprev[j] += d[j];
                memset(p, 0, N3 * sizeof(float));
                memset(q, 0, N3 * sizeof(float));
                continue;
            }
            float *pr = p, *pu = p + N, *pc = p + 2 * N, *qr = q, *qu = q + N, *qc = q + 2 * N;
            for (int j = 0; j < N; j++) {
                const float g = ftz(d[j]), r = pr[j], u = pu[j], c = pc[j], hc = qc[j];
                const float dc = c > 0.0f ? ftz(clip(g * u)) : 0.0f;
                const float du = ftz(clip(g * (c - hpb[j]) * u * (1.0f - u)));
                const float dr = ftz(clip(dc * hc * r * (1.0f - r)));
                dprev[j] = ftz(dprev[j] + g * (1.0f - u));
                pr[j] = qr[j] = dr;
                pu[j] = qu[j] = du;
                pc[j] = dc;
                qc[j] = ftz(r * dc);
            }
        }
        if (t > 1) rm_sgemm(0, 0, B, N, N3, 1.0f, Qt, N3, W_h, N, 1.0f, dh - bn, N);
    }
    /* weight gradients over all steps at once; h[0] = 0 makes step 1's W_h term vanish */
    const gru_views g = gru_views_of(net, net->grads);
    rm_sgemm(1, 0, N3, I, (int)tb, 1.0f, P, N3, ws->x, I, 1.0f, g.W_xr, I);
    rm_sgemm(1, 0, N3, N, (int)tb, 1.0f, Q, N3, ws->h, N, 1.0f, g.W_hr, N);
    float *db = g.b_r;
    memset(sum, 0, N3 * sizeof(float));
    for (size_t r = 0; r < tb; r++) {
        const float *row = P + r * N3;
        for (int j = 0; j < N3; j++) sum[j] += row[j];
    }
    for (int j = 0; j < N3; j++) db[j] += sum[j];
}

const rm_model_def rm_model_gru = {
    .name = "gru",
    .code = 3,
    .layout = gru_layout,
    .init = gru_init,
    .ws_floats = gru_ws_floats,
    .forward = gru_forward,
    .backward = gru_backward,
    .readout_gain = 0.05,
};
