/* test_models.c: models 1-3 and the conditions (issue 3): the registry by name and code;
 * orthogonal init (W_hh / lambda0 is orthogonal, Haar-like diagonal); the Hebbian term on
 * hand-worked examples (in range, clipped at 100, across a skipped step); the GRU forward on
 * a hand-worked case; a tight gradient check of every model's own backward pass in a regime
 * without kinks (the Hebbian term is at most 7% of a pre-activation, too little for
 * test_grad's 5% tolerance to catch a mistake in its gradient); the readout gain; and each
 * condition's effect (penalty and read-out step, dynamic input channels and their rates,
 * composition and refusals, multitask keeping the optimiser state). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "condition.h"
#include "loss.h"
#include "net.h"
#include "testutil.h"
#include "train.h"

/* A network made by hand: no initialisation, every parameter set by the test. */
static int hand_net(rm_net *net, const char *model, int n_in, int N) {
    rm_net_cfg c = {.n_in = n_in, .n_hidden = N, .n_out = 1, .out = RM_OUT_LINEAR,
                    .lambda0 = 0.9, .sigma0 = 0.0};
    snprintf(c.model, sizeof c.model, "%s", model);
    rm_err e;
    if (rm_net_create(net, &c, NULL, &e)) {
        CHECK(0, "creating a %s network: %s", model, e.msg);
        return -1;
    }
    return 0;
}

static void set(rm_net *net, const char *name, const float *v) {
    const rm_param_view *pv = rm_net_view(net, name);
    CHECK(pv != NULL, "%s has no tensor %s", net->def->name, name);
    if (pv) memcpy(net->params + pv->offset, v, (size_t)pv->rows * pv->cols * sizeof(float));
}

/* Runs the model forward on B = 1 trial with inputs x[T] (n_in = 1) and mask m[T]. */
static int run_one(rm_net *net, rm_ws *ws, const float *x, const float *m, int T) {
    rm_err e;
    if (rm_ws_reserve(ws, net, 1, T, &e)) {
        CHECK(0, "%s", e.msg);
        return -1;
    }
    memcpy(ws->x, x, T * sizeof(float));
    memcpy(ws->mask, m, T * sizeof(float));
    rm_net_forward(net, ws);
    return 0;
}

static void test_registry(void) {
    const char *names[] = {"rnn", "hebbian", "ortho", "gru"};
    int n = 0;
    for (const rm_model_def *const *m = rm_model_list(); *m; m++) n++;
    CHECK(n == 4, "registry has %d models, want 4", n);
    for (int code = 0; code < 4; code++) {
        char num[4];
        snprintf(num, sizeof num, "%d", code);
        const rm_model_def *by_name = rm_model_find(names[code]), *by_code = rm_model_find(num);
        CHECK(by_name && by_name->code == code, "model %s has the wrong code", names[code]);
        CHECK(by_code == by_name, "code %d does not find model %s", code, names[code]);
    }
    CHECK(rm_model_find("GRU") == rm_model_find("gru"), "names are not case-insensitive");
    CHECK(!rm_model_find("lstm") && !rm_model_find("4") && !rm_model_find(""),
          "unknown models are found");
}

/* W_hh / lambda0 is orthogonal; its diagonal averages ~0 as for a Haar matrix (a QR
   without sign correction biases it). */
static void test_ortho(void) {
    rm_net_cfg c = {.model = "ortho", .n_in = 5, .n_hidden = 120, .n_out = 1,
                    .out = RM_OUT_LINEAR, .lambda0 = 0.9, .sigma0 = 0.01};
    rm_rng rng;
    rm_rng_seed(&rng, 3);
    rm_net net;
    rm_err e;
    if (rm_net_create(&net, &c, &rng, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    const int N = c.n_hidden;
    const float *W = rm_net_param(&net, "W_hh");
    double worst = 0, diag = 0;
    for (int i = 0; i < N; i++) {
        diag += W[i * N + i] / c.lambda0;
        for (int j = 0; j < N; j++) {
            double d = 0; /* (Q^T Q)_ij */
            for (int k = 0; k < N; k++) d += (double)W[k * N + i] * W[k * N + j];
            d = d / (c.lambda0 * c.lambda0) - (i == j);
            if (fabs(d) > worst) worst = fabs(d);
        }
    }
    CHECK(worst < 1e-5, "ortho: |Q^T Q - I| reaches %.3g", worst);
    CHECK(fabs(diag / N) < 4.0 / N, "ortho: mean diagonal of Q is %.4f (Haar: ~0 +- %.4f)",
          diag / N, 1.0 / N);
    rm_net_free(&net);
}

/* h_t = relu(W_in x_t + b_in + W_hh h_{t-1} + gamma h_{t-2} clip(h_{t-2}.h_{t-1}, 0, 100)),
   worked by hand with W_in = [1; 0.5], b_in = [0.1; 0.2], W_hh = [0.5 0.1; 0.2 0.4]:
   x = 1, 2, 0.5:  h1 = [1.1, 0.7];  h2 = [2 + 0.1 + 0.55 + 0.07, 1 + 0.2 + 0.22 + 0.28]
   = [2.72, 1.70] (h0 = 0: no Hebbian term);  h1.h2 = 2.992 + 1.19 = 4.182, so
   h3 = [0.6 + 1.53, 0.45 + 1.224] + 0.0007 * 4.182 * h1 = [2.13322014, 1.67604918].
   x = 10, 20, 5:  h1 = [10.1, 5.2];  h2 = [25.67, 14.3];  h1.h2 = 333.627 > 100, so
   h3 = [5.1 + 14.265, 2.7 + 10.854] + 0.0007 * 100 * h1 = [20.072, 13.918]. */
static void test_hebbian_by_hand(void) {
    rm_net net;
    if (hand_net(&net, "hebbian", 1, 2)) return;
    set(&net, "W_in", (float[]){1.0f, 0.5f});
    set(&net, "b_in", (float[]){0.1f, 0.2f});
    set(&net, "W_hh", (float[]){0.5f, 0.1f, 0.2f, 0.4f});
    rm_ws ws = {0};
    const float ones[4] = {1, 1, 1, 1};
    struct {
        const char *what;
        float x[4], mask[4];
        int T;
        double h3[2];
    } cases[] = {
        {"dot in range", {1, 2, 0.5f}, {1, 1, 1}, 3, {2.13322014, 1.67604918}},
        {"dot clipped at 100", {10, 20, 5}, {1, 1, 1}, 3, {20.072, 13.918}},
        /* a skipped third step carries the state (h_{t-1}, h_{t-2}) over: step 4 then sees
           h_{t-1} = h2 and h_{t-2} = h1, exactly as step 3 of the first case */
        {"across a skipped step", {1, 2, 7, 0.5f}, {1, 1, 0, 1}, 4, {2.13322014, 1.67604918}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        if (run_one(&net, &ws, cases[c].x, cases[c].mask, cases[c].T)) break;
        const float *h = ws.h + (size_t)cases[c].T * 2;
        for (int j = 0; j < 2; j++)
            CHECK(fabs(h[j] - cases[c].h3[j]) < 2e-5 * (1 + fabs(cases[c].h3[j])),
                  "hebbian, %s: h[%d] = %.8f, by hand %.8f", cases[c].what, j, h[j],
                  cases[c].h3[j]);
    }
    /* the same network without the Hebbian term must differ (the check above can fail) */
    net.def = rm_model_find("rnn");
    if (!run_one(&net, &ws, cases[0].x, ones, 3))
        CHECK(fabs(ws.h[6] - 2.13) < 1e-5, "rnn h3[0] = %.8f, by hand 2.13", ws.h[6]);
    rm_ws_free(&ws);
    rm_net_free(&net);
}

/* GRU with N = 2 and one input, hand-worked (in double) at x = (1, 0.5) and x = (1, -1);
   at x2 = -1 both candidates are cut by the ReLU, so h2 = (1 - u) h1. */
static void test_gru_by_hand(void) {
    rm_net net;
    if (hand_net(&net, "gru", 1, 2)) return;
    set(&net, "W_xr", (float[]){0.5f, -0.4f});
    set(&net, "W_xu", (float[]){-0.3f, 0.6f});
    set(&net, "W_xc", (float[]){1.0f, 0.8f});
    set(&net, "W_hr", (float[]){0.2f, -0.1f, 0.3f, 0.1f});
    set(&net, "W_hu", (float[]){0.4f, 0.2f, -0.5f, 0.3f});
    set(&net, "W_hc", (float[]){0.9f, 0.05f, -0.02f, 0.8f});
    set(&net, "b_r", (float[]){0.1f, -0.1f});
    set(&net, "b_u", (float[]){0.0f, 0.2f});
    set(&net, "b_c", (float[]){-0.2f, 0.1f});
    const double h1[2] = {0.340445987, 0.620977033};
    const float xs[2][2] = {{1.0f, 0.5f}, {1.0f, -1.0f}};
    const double h2[2][2] = {{0.423800428, 0.688236530}, {0.123738830, 0.369369927}};
    rm_ws ws = {0};
    for (int c = 0; c < 2; c++) {
        if (run_one(&net, &ws, xs[c], (float[]){1, 1}, 2)) break;
        for (int j = 0; j < 2; j++) {
            CHECK(fabs(ws.h[2 + j] - h1[j]) < 1e-6, "gru h1[%d] = %.9f, by hand %.9f", j,
                  ws.h[2 + j], h1[j]);
            CHECK(fabs(ws.h[4 + j] - h2[c][j]) < 1e-6, "gru (x2 = %g) h2[%d] = %.9f, by hand %.9f",
                  xs[c][1], j, ws.h[4 + j], h2[c][j]);
        }
    }
    /* a skipped second step keeps h1 */
    if (!run_one(&net, &ws, xs[0], (float[]){1, 0}, 2))
        CHECK(ws.h[4] == ws.h[2] && ws.h[5] == ws.h[3], "gru: a skipped step changed the state");
    rm_ws_free(&ws);
    rm_net_free(&net);
}

/* L = sum over steps, trials and units of c * h, so dL/dh = c: checks the model's backward
   alone (no readout, no loss kinks) against central differences, to 1%. */
static double lin_loss(rm_net *net, rm_ws *ws, const float *c, size_t n) {
    net->def->forward(net, ws);
    double L = 0;
    for (size_t k = 0; k < n; k++) L += (double)c[k] * ws->h[(size_t)ws->B * net->cfg.n_hidden + k];
    return L;
}

static void test_tight_grad(const char *model) {
    const int N = 6, I = 3, B = 2, T = 9;
    rm_net net;
    if (hand_net(&net, model, I, N)) return;
    rm_rng rng;
    rm_rng_seed(&rng, 11);
    /* every unit well above its ReLU kink: positive biases, small weights */
    for (int v = 0; v < net.n_views; v++) {
        const rm_param_view *pv = &net.view[v];
        float *p = net.params + pv->offset;
        const int bias = pv->name[0] == 'b';
        for (int k = 0; k < pv->rows * pv->cols; k++)
            p[k] = bias ? 1.0f + 0.5f * (float)rm_rng_uniform(&rng)
                        : 0.6f * ((float)rm_rng_uniform(&rng) - 0.5f);
    }
    if (rm_net_param(&net, "W_hh")) /* hebbian, ortho, rnn: activity ~2-3, dots ~30 */
        for (int j = 0; j < N; j++) rm_net_param(&net, "W_hh")[j * N + j] = 0.5f;
    rm_ws ws = {0};
    rm_err e;
    if (rm_ws_reserve(&ws, &net, B, T, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    for (int k = 0; k < T * B * I; k++) ws.x[k] = (float)rm_rng_uniform(&rng);
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) /* trial 1 skips steps 4 and 5 */
            ws.mask[t * B + b] = (b == 1 && (t == 3 || t == 4)) ? 0.0f : 1.0f;
    const size_t n = (size_t)T * B * N;
    float *c = malloc(n * sizeof *c), *grad = malloc(net.n_params * sizeof *grad);
    for (size_t k = 0; k < n; k++) c[k] = 2.0f * (float)rm_rng_uniform(&rng) - 1.0f;

    lin_loss(&net, &ws, c, n);
    memset(ws.dh, 0, (size_t)B * N * sizeof(float));
    memcpy(ws.dh + (size_t)B * N, c, n * sizeof(float));
    rm_net_zero_grads(&net);
    net.def->backward(&net, &ws);
    memcpy(grad, net.grads, net.n_params * sizeof *grad);

    int bad = 0, checked = 0;
    double worst = 0;
    for (int v = 0; v < net.n_views; v++) {
        const rm_param_view *pv = &net.view[v];
        if (!strcmp(pv->name, "W_out") || !strcmp(pv->name, "b_out")) continue;
        for (int k = 0; k < pv->rows * pv->cols; k++) {
            float *p = net.params + pv->offset + k, old = *p;
            const float up = old + 1e-2f, down = old - 1e-2f;
            *p = up;
            double lp = lin_loss(&net, &ws, c, n);
            *p = down;
            double lm = lin_loss(&net, &ws, c, n);
            *p = old;
            double num = (lp - lm) / ((double)up - down), ana = grad[pv->offset + k];
            double err = fabs(num - ana) / (fabs(num) + fabs(ana) + 1e-2);
            if (err > worst) worst = err;
            if (err > 1e-2) {
                if (getenv("GRAD_DEBUG") || !bad) fprintf(stderr, "  %s %s[%d]: numerical %.6g, analytic %.6g\n", model,
                                  pv->name, k, num, ana);
                bad++;
            }
            checked++;
        }
    }
    if (getenv("GRAD_DEBUG")) fprintf(stderr, "%s: worst relative error %.3g\n", model, worst);
    CHECK(bad == 0, "%s: %d of %d gradient entries differ by more than 1%% (worst %.3g)", model,
          bad, checked, worst);
    free(c), free(grad);
    rm_ws_free(&ws);
    rm_net_free(&net);
}

/* The GRU's readout starts with Glorot gain 0.05 (SPEC 2), the others with 0.95. */
static void test_readout_gain(void) {
    const char *models[] = {"rnn", "gru"};
    const double gain[] = {0.95, 0.05};
    for (int m = 0; m < 2; m++) {
        rm_net_cfg c = {.n_in = 4, .n_hidden = 2000, .n_out = 1, .out = RM_OUT_LINEAR,
                        .lambda0 = 0.9};
        snprintf(c.model, sizeof c.model, "%s", models[m]);
        rm_rng rng;
        rm_rng_seed(&rng, 5);
        rm_net net;
        rm_err e;
        if (rm_net_create(&net, &c, &rng, &e)) {
            CHECK(0, "%s", e.msg);
            continue;
        }
        const float *w = rm_net_param(&net, "W_out");
        double ss = 0;
        for (int j = 0; j < c.n_hidden; j++) ss += (double)w[j] * w[j];
        double sd = sqrt(ss / c.n_hidden), want = gain[m] * sqrt(2.0 / (c.n_hidden + 1));
        CHECK(fabs(sd / want - 1) < 0.1, "%s readout sd %.5f, want %.5f", models[m], sd, want);
        rm_net_free(&net);
    }
}

static void test_condition_table(void) {
    rm_condition_set s;
    rm_err e;
    CHECK(rm_condition_resolve(NULL, NULL, 0, &s, &e) == 0 && !strcmp(s.name, "basic") &&
              !strcmp(s.model, "rnn") && s.kappa_a == 1e-4 && s.read_back == 5 && !s.variant,
          "default condition: %s %s %g %d", s.name, s.model, s.kappa_a, s.read_back);
    CHECK(rm_condition_resolve("tethered", "gru", 0, &s, &e) == 0 && s.kappa_a == 1e-1 &&
              s.read_back == 10 && !strcmp(s.model, "gru"),
          "tethered GRU: kappa_a %g read_back %d model %s", s.kappa_a, s.read_back, s.model);
    CHECK(rm_condition_resolve("hebbian", NULL, 0, &s, &e) == 0 && !strcmp(s.model, "hebbian"),
          "hebbian condition picked model %s", s.model);
    CHECK(rm_condition_resolve("vardelay", "1", 0, &s, &e) == 0 &&
              !strcmp(s.name, "hebbian+vardelay") && s.variant == RM_VARIANT_VARDELAY,
          "model 1 with vardelay gave condition %s variant %d", s.name, s.variant);
    CHECK(rm_condition_resolve("vardelay+tethered+dynamic", "ortho", 0, &s, &e) == 0 &&
              !strcmp(s.name, "tethered+dynamic+vardelay") && s.kappa_a == 1e-1 &&
              s.read_back == 10 && s.variant == (RM_VARIANT_VARDELAY | RM_VARIANT_DYNAMIC),
          "composed condition: %s kappa %g read_back %d variant %d", s.name, s.kappa_a,
          s.read_back, s.variant);
    CHECK(rm_condition_resolve("multitask+tethered", NULL, 1, &s, &e) == 0 && s.multitask &&
              s.kappa_a == 1e-1, "multitask+tethered: %s", e.msg);
    struct {
        const char *cond, *model;
        int task2;
        const char *why; /* a word the refusal must contain */
    } refused[] = {
        {"hebbian", "gru", 0, "gru"},          {"hebbian", "ortho", 0, "ortho"},
        {"multitask", NULL, 0, "second task"}, {"basic", NULL, 1, "multitask"},
        {"basic+tethered", NULL, 0, "basic"},  {"vardelay+vardelay", NULL, 0, "twice"},
        {"tethred", NULL, 0, "tethred"},       {"tethered", "lstm", 0, "lstm"},
        {"+", NULL, 0, "empty"},               {"tethered+", NULL, 0, "empty part"},
        {"tethered++vardelay", NULL, 0, "empty part"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        e.msg[0] = '\0';
        int rc = rm_condition_resolve(refused[i].cond, refused[i].model, refused[i].task2, &s, &e);
        CHECK(rc == RM_EINVAL && strstr(e.msg, refused[i].why) && !strchr(e.msg, '\n'),
              "condition %s, model %s, task2 %d: status %d, message '%s'", refused[i].cond,
              refused[i].model ? refused[i].model : "-", refused[i].task2, rc, e.msg);
    }
}

/* Tethered: the penalty is kappa_a mean(h^2) with kappa_a 1e-1 instead of 1e-4. */
static void test_tethered_penalty(void) {
    rm_err e;
    rm_task t;
    CHECK(rm_task_init(&t, rm_task_find("CD1"), 0, &e) == 0, "%s", e.msg);
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &t);
    nc.n_hidden = 20;
    rm_rng rng;
    rm_rng_seed(&rng, 2);
    rm_net net;
    rm_batch b = {0};
    rm_ws ws = {0};
    if (rm_net_create(&net, &nc, &rng, &e) || rm_batch_alloc(&b, &t, 4, &e) ||
        rm_task_sample(&t, &b, &rng, &e) || rm_ws_reserve(&ws, &net, 4, t.T, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    rm_ws_load(&ws, &net, &b);
    rm_net_forward(&net, &ws);
    rm_condition_set basic, teth;
    rm_condition_resolve("basic", NULL, 0, &basic, &e);
    rm_condition_resolve("tethered", NULL, 0, &teth, &e);
    rm_loss_parts pb, pt;
    rm_loss_compute(&t, &net, &ws, &(rm_loss_cfg){.kappa_a = basic.kappa_a}, &pb);
    rm_loss_compute(&t, &net, &ws, &(rm_loss_cfg){.kappa_a = teth.kappa_a}, &pt);
    CHECK(pb.penalty > 0 && fabs(pt.penalty / pb.penalty - 1000) < 1e-6 * 1000,
          "tethered penalty %g vs basic %g", pt.penalty, pb.penalty);
    CHECK(pt.task == pb.task, "the penalty weight changed the task loss");
    rm_ws_free(&ws);
    rm_batch_free(&b);
    rm_net_free(&net);
}

/* Dynamic input: n_in extra channels before the task's, with Poisson rates
   a exp(-10 (s_t - phi_i)^2), s_t sweeping the task's range over the trial (DE: [0, pi],
   a = 1). Checks each checked channel's total count and its mean time against the rates. */
static void test_dynamic_input(void) {
    rm_err e;
    rm_condition_set s;
    rm_task plain, t;
    CHECK(rm_condition_resolve("dynamic", NULL, 0, &s, &e) == 0, "%s", e.msg);
    if (rm_task_init(&plain, rm_task_find("DE1"), 0, &e) ||
        rm_task_init(&t, rm_task_find("DE1"), s.variant, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    CHECK(t.n_chan == plain.n_chan + t.n_in && t.ch0 == t.n_in,
          "dynamic DE1 has %d channels starting at %d (plain %d)", t.n_chan, t.ch0, plain.n_chan);
    const int B = 200;
    rm_batch b = {0};
    rm_rng rng;
    rm_rng_seed(&rng, 9);
    if (rm_batch_alloc(&b, &t, B, &e) || rm_task_sample(&t, &b, &rng, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    const int chans[] = {0, 24, 49};
    for (int k = 0; k < 3; k++) {
        const int i = chans[k];
        const double phi = i * M_PI / (t.n_in - 1);
        double want = 0, want_t = 0, got = 0, got_t = 0;
        for (int step = 0; step < t.T; step++) {
            const double st = M_PI * step / (t.T - 1), rate = exp(-10 * (st - phi) * (st - phi));
            want += B * rate;
            want_t += B * rate * step;
            for (int tr = 0; tr < B; tr++) {
                const float n = b.x[((size_t)tr * t.T + step) * t.n_chan + i];
                got += n;
                got_t += n * step;
            }
        }
        CHECK(fabs(got - want) < 5 * sqrt(want), "dynamic channel %d: %g spikes, want %.1f", i,
              got, want);
        CHECK(fabs(got_t / got - want_t / want) < 3, "dynamic channel %d: mean time %.1f, want %.1f",
              i, got_t / got, want_t / want);
    }
    rm_batch_free(&b);
}

/* Multitask with a GRU: the trainer switches task and keeps the network and the Adam
   state (step count and moments), and keeps counting. */
static void test_multitask_state(void) {
    rm_err e;
    rm_condition_set s;
    rm_task t1, t2;
    CHECK(rm_condition_resolve("multitask", "gru", 1, &s, &e) == 0, "%s", e.msg);
    if (rm_task_init(&t1, rm_task_find("2AFC"), s.variant, &e) ||
        rm_task_init(&t2, rm_task_find("CD1"), s.variant, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &t1);
    snprintf(nc.model, sizeof nc.model, "%s", s.model);
    nc.n_hidden = 12;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    tc.batch = 3;
    tc.loss.kappa_a = s.kappa_a;
    tc.read_back = s.read_back;
    rm_rng rng;
    rm_rng_seed(&rng, 4);
    rm_net net;
    rm_trainer tr;
    if (rm_net_create(&net, &nc, &rng, &e) || rm_trainer_init(&tr, &tc, &t1, &net, &e)) {
        CHECK(0, "%s", e.msg);
        return;
    }
    CHECK(rm_trainer_run(&tr, 4, NULL, &e) == 0, "%s", e.msg);
    float *m = malloc(2 * net.n_params * sizeof *m);
    memcpy(m, tr.adam.m, 2 * net.n_params * sizeof *m); /* m then v */
    const long step = tr.adam.step;
    CHECK(rm_trainer_set_task(&tr, &t2, &e) == 0, "%s", e.msg);
    CHECK(tr.adam.step == step && !memcmp(m, tr.adam.m, 2 * net.n_params * sizeof *m),
          "switching task changed the Adam state");
    CHECK(tr.net == &net && tr.task == &t2, "switching task did not keep the network");
    CHECK(rm_trainer_run(&tr, 6, NULL, &e) == 0, "%s", e.msg);
    CHECK(tr.adam.step == 6 && tr.iter == 6, "after the switch: Adam step %ld, iteration %ld",
          tr.adam.step, tr.iter);
    free(m);
    rm_trainer_free(&tr);
    rm_net_free(&net);
}

int main(void) {
    test_registry();
    test_ortho();
    test_hebbian_by_hand();
    test_gru_by_hand();
    for (const rm_model_def *const *m = rm_model_list(); *m; m++) test_tight_grad((*m)->name);
    test_readout_gain();
    test_condition_table();
    test_tethered_penalty();
    test_dynamic_input();
    test_multitask_state();
    return test_result("test_models");
}
