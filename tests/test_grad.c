/* test_grad.c: finite-difference check of every parameter tensor's gradient, for every
 * model in the registry and each loss family (circular: DE1, BCE: CD1, L1: SINE), with the
 * activity penalty and weight decay on, with and without variable-delay masks.
 * Runs on short trials (stim 3, delay 6, resp 3) and a small network so that float32
 * central differences are meaningful. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "loss.h"
#include "net.h"
#include "testutil.h"
#include "train.h"

static double loss_at(const rm_task *t, rm_net *net, rm_ws *ws, const rm_batch *b,
                      const rm_loss_cfg *lc) {
    rm_loss_parts parts;
    rm_ws_load(ws, net, b);
    rm_net_forward(net, ws);
    rm_net_zero_grads(net);
    rm_loss_compute(t, net, ws, lc, &parts);
    return parts.total;
}

/* Checks every entry of every tensor (up to 40 per tensor). Returns failures. */
static void check_net(const char *model, const char *task, int variant) {
    rm_err e = {0};
    rm_task t;
    CHECK(rm_task_init(&t, rm_task_find(task), variant, &e) == 0, "%s", e.msg);
    /* short trials: the delay the variable-delay variant draws from {10,40,70,100} is capped
       by the sampler at t.delay, so keep 12 steps of delay */
    t.stim = 3, t.delay = 12, t.resp = 3, t.T = t.stim + t.delay + t.resp;
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &t);
    snprintf(nc.model, sizeof nc.model, "%s", model);
    nc.n_hidden = 7;
    nc.lambda0 = 0.5, nc.sigma0 = 0.1; /* moderate activity: no clipping, few ReLU kinks */
    rm_rng rng;
    rm_rng_seed(&rng, getenv("GRAD_SEED") ? atoi(getenv("GRAD_SEED")) : 42);
    rm_net net;
    CHECK(rm_net_create(&net, &nc, &rng, &e) == 0, "%s", e.msg);
    /* positive biases keep most units active so ReLU kinks are rare */
    float *b_in = rm_net_param(&net, "b_in");
    if (b_in)
        for (int j = 0; j < nc.n_hidden; j++) b_in[j] = 1.0f;
    float *W_in = rm_net_param(&net, "W_in");
    const rm_param_view *vin = rm_net_view(&net, "W_in");
    if (W_in)
        for (int i = 0; i < vin->rows * vin->cols; i++) W_in[i] *= 2.0f;
    /* GRU: its paper init (gain 0.05, zero biases) puts every candidate pre-activation at
       the ReLU kink; move them away from it and make the gates matter */
    float *b_c = rm_net_param(&net, "b_c");
    if (b_c)
        for (int j = 0; j < nc.n_hidden; j++) b_c[j] = 1.0f;
    const char *gru_w[] = {"W_xr", "W_xu", "W_xc", "W_hr", "W_hu"};
    for (int g = 0; g < 5; g++) {
        float *w = rm_net_param(&net, gru_w[g]);
        const rm_param_view *v = rm_net_view(&net, gru_w[g]);
        if (w)
            for (int i = 0; i < v->rows * v->cols; i++) w[i] *= 20.0f;
    }
    if (b_c) {
        float *W_out = rm_net_param(&net, "W_out");
        const rm_param_view *v = rm_net_view(&net, "W_out");
        for (int i = 0; i < v->rows * v->cols; i++) W_out[i] *= 19.0f;
    }
    rm_batch b = {0};
    CHECK(rm_batch_alloc(&b, &t, 3, &e) == 0, "%s", e.msg);
    /* with variable delay, redraw until some steps really are masked (delays are capped
       at t.delay = 12, so only a drawn delay of 10 masks anything) */
    int masked = 0;
    for (int tries = 0; tries < 50; tries++) {
        CHECK(rm_task_sample(&t, &b, &rng, &e) == 0, "%s", e.msg);
        masked = 0;
        for (int i = 0; i < b.B * b.T; i++) masked += b.mask[i] == 0.0f;
        if (!(variant & RM_VARIANT_VARDELAY) || masked) break;
    }
    CHECK(!(variant & RM_VARIANT_VARDELAY) || masked > 0, "%s/%s: no masked steps", model, task);
    rm_ws ws = {0};
    CHECK(rm_ws_reserve(&ws, &net, b.B, t.T, &e) == 0, "%s", e.msg);
    rm_loss_cfg lc = {.kappa_a = 0.02, .rho = 1e-3};

    loss_at(&t, &net, &ws, &b, &lc);
    rm_net_backward(&net, &ws);
    float *grad = malloc(net.n_params * sizeof(float));
    memcpy(grad, net.grads, net.n_params * sizeof(float));

    const float h = 2e-3f;
    for (int v = 0; v < net.n_views; v++) {
        const rm_param_view *pv = &net.view[v];
        size_t n = (size_t)pv->rows * pv->cols, step = n > 40 ? n / 40 : 1;
        int bad = 0, kinks = 0, checked = 0;
        double worst = 0;
        for (size_t k = 0; k < n; k += step) {
            float *p = net.params + pv->offset + k, old = *p;
            *p = old + h;
            double lp = loss_at(&t, &net, &ws, &b, &lc);
            *p = old - h;
            double lm = loss_at(&t, &net, &ws, &b, &lc);
            *p = old + h / 2;
            double lph = loss_at(&t, &net, &ws, &b, &lc);
            *p = old - h / 2;
            double lmh = loss_at(&t, &net, &ws, &b, &lc);
            *p = old;
            double num = (lp - lm) / (2 * h), num_half = (lph - lmh) / h;
            /* a kink (ReLU, |.| or the BCE clip) inside the interval makes the two step
               sizes disagree: such entries cannot be checked by differences */
            if (getenv("GRAD_DEBUG")) fprintf(stderr, "%s %s %zu num %g half %g ana %g\n", task, pv->name, k, num, num_half, grad[pv->offset + k]);
            if (fabs(num - num_half) > 0.05 * fabs(num) + 2e-3) {
                kinks++;
                continue;
            }
            double ana = grad[pv->offset + k];
            double err = fabs(num - ana) / (fabs(num) + fabs(ana) + 1e-3);
            if (err > worst) worst = err;
            if (err > 0.05) bad++;
            checked++;
        }
        CHECK(bad == 0, "%s %s%s: %s: %d of %d entries differ (worst rel. error %.3g)", model,
              task, variant ? "/vardelay" : "", pv->name, bad, checked, worst);
        CHECK(kinks <= checked / 4 + 1, "%s %s: %s: too many kinks (%d of %d)", model, task,
              pv->name, kinks, checked + kinks);
    }
    free(grad);
    rm_ws_free(&ws);
    rm_batch_free(&b);
    rm_net_free(&net);
}

#include "blas.h"
int main(void) {
    const char *tasks[] = {"DE1", "CD1", "SINE", "DE2"};
    for (const rm_model_def *const *m = rm_model_list(); *m; m++)
        for (int i = 0; i < 4; i++)
            for (int vd = 0; vd <= 1; vd++)
                check_net((*m)->name, tasks[i], vd ? RM_VARIANT_VARDELAY : 0);
    return test_result("test_grad");
}
