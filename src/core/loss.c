/* loss.c: task losses over the response period with their gradients at the readout's
 * pre-activation z, the activity penalty's coefficients, and weight decay (SPEC 3).
 * Outputs are time-major [T][B][n_out]. */
#include <math.h>
#include "loss.h"

#define P_MIN 1e-6f
#define P_MAX (1.0f - 1e-6f)

void rm_output_unit(rm_out_unit out, const float *z, float *y, size_t n) {
    if (out == RM_OUT_LINEAR) {
        for (size_t i = 0; i < n; i++) y[i] = z[i];
        return;
    }
    for (size_t i = 0; i < n; i++) {
        float p = 1.0f / (1.0f + expf(-z[i]));
        y[i] = p < P_MIN ? P_MIN : (p > P_MAX ? P_MAX : p);
    }
}

/* Task loss over the last resp steps; writes dL/dz into dz when dz != NULL. */
static double task_loss(const rm_task *t, const rm_ws *ws, float *dz) {
    const int B = ws->B, T = ws->T, O = t->n_out;
    const size_t first = (size_t)(T - t->resp) * B * O, end = (size_t)T * B * O;
    const double count = (double)(end - first);
    const float inv = (float)(1.0 / count);
    double sum = 0;
    if (dz)
        for (size_t i = 0; i < first; i++) dz[i] = 0.0f;
    for (size_t i = first; i < end; i++) {
        const float y = ws->y[i], tg = ws->target[i];
        float g;
        switch (t->def->loss) {
        case RM_LOSS_CIRCULAR:
            sum += fmod(fabs((double)y - tg), M_PI);
            g = y > tg ? inv : (y < tg ? -inv : 0.0f);
            break;
        case RM_LOSS_L1:
            sum += fabs((double)y - tg);
            g = y > tg ? inv : (y < tg ? -inv : 0.0f);
            break;
        default: { /* BCE on the clipped sigmoid; zero gradient where the clip is active */
            sum -= tg * log((double)y) + (1.0 - tg) * log(1.0 - (double)y);
            const float p = 1.0f / (1.0f + expf(-ws->z[i]));
            g = (p <= P_MIN || p >= P_MAX) ? 0.0f : (p - tg) * inv;
        }
        }
        if (dz) dz[i] = g;
    }
    return sum / count;
}

double rm_task_loss(const rm_task *t, const rm_ws *ws) { return task_loss(t, ws, NULL); }

void rm_loss_compute(const rm_task *t, rm_net *net, rm_ws *ws, const rm_loss_cfg *lc,
                     rm_loss_parts *parts) {
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden;
    const int steps = T < 5 ? T : 5;
    parts->task = task_loss(t, ws, ws->dz);

    /* activity penalty: kappa_a * mean(h^2) over trials, the last 5 steps and all units */
    const size_t bn = (size_t)B * N;
    double sq = 0;
    for (size_t k = (size_t)(T + 1 - steps) * bn; k < (size_t)(T + 1) * bn; k++)
        sq += (double)ws->h[k] * ws->h[k];
    const double cnt = (double)steps * bn;
    parts->penalty = lc->kappa_a * sq / cnt;
    ws->pen_coef = (float)(2.0 * lc->kappa_a / cnt);
    ws->pen_steps = steps;

    /* weight decay: rho * sum p^2 over every parameter, biases included */
    double dec = 0;
    if (lc->rho != 0.0) {
        const float two_rho = (float)(2.0 * lc->rho);
        for (size_t i = 0; i < net->n_params; i++) {
            dec += (double)net->params[i] * net->params[i];
            net->grads[i] += two_rho * net->params[i];
        }
    }
    parts->decay = lc->rho * dec;
    parts->total = parts->task + parts->penalty + parts->decay;
}
