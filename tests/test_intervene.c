/* test_intervene.c: interventions on the hidden state (lesion, clamp, noise, perturb) in
 * every model's forward pass, lesioned clones, and fixed latents in every task: each
 * intervention touches exactly the units and steps it names, nothing before them, and
 * never the network's parameters; a clone with units cut out of its weights computes what
 * a whole-trial lesion computes; a fixed stimulus is the same on every trial while the
 * ideal observer still reads the drawn spikes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/intervene.h"
#include "core/metrics.h"
#include "testutil.h"

#define NU 12 /* units */
#define NB 3  /* trials */

/* h[t][b][j] of a forward pass, t = 1..T (time-major as in ws). */
static float *run(const rm_net *net, const rm_batch *b, const rm_intervention *iv, float **y) {
    rm_ws ws = {0};
    rm_err e = {0};
    if (rm_ws_reserve(&ws, net, b->B, b->T, &e)) return NULL;
    rm_ws_load(&ws, net, b);
    ws.iv = iv;
    rm_net_forward(net, &ws);
    size_t nh = (size_t)b->T * b->B * NU, ny = (size_t)b->T * b->B * net->cfg.n_out;
    float *h = malloc(nh * sizeof *h);
    *y = malloc(ny * sizeof **y);
    memcpy(h, ws.h + (size_t)b->B * NU, nh * sizeof *h);
    memcpy(*y, ws.y, ny * sizeof **y);
    rm_ws_free(&ws);
    return h;
}

static float at(const float *h, int t, int b, int j) { return h[((size_t)(t - 1) * NB + b) * NU + j]; }

/* 1 if steps 1..t_last of a and b are bit-identical. */
static int same_until(const float *a, const float *b, int t_last) {
    return t_last < 1 || !memcmp(a, b, (size_t)t_last * NB * NU * sizeof *a);
}

static void test_model(const char *model, const rm_task *task, const rm_batch *b) {
    rm_net net;
    rm_net_cfg cfg;
    rm_err e = {0};
    rm_rng rng;
    rm_rng_seed(&rng, 7);
    rm_net_cfg_default(&cfg, task);
    snprintf(cfg.model, sizeof cfg.model, "%s", model);
    cfg.n_hidden = NU;
    cfg.sigma0 = 0.1;
    if (rm_net_create(&net, &cfg, &rng, &e)) {
        CHECK(0, "%s: %s", model, e.msg);
        return;
    }
    rm_net_param(&net, "b_out")[0] = 0.375f; /* a read-out bias that is not 0 */
    /* inputs strong enough that most units fire */
    float *W_in = rm_net_param(&net, net.def == rm_model_find("gru") ? "W_xc" : "W_in");
    for (int i = 0; i < NU * cfg.n_in; i++) W_in[i] = fabsf(W_in[i]) * 20.0f;
    float *saved = malloc(net.n_params * sizeof *saved);
    memcpy(saved, net.params, net.n_params * sizeof *saved);
    const int T = b->T;
    float *y0, *y1, *y2;
    float *h0 = run(&net, b, NULL, &y0);
    int active = 0;
    for (int j = 0; j < NU; j++) active += at(h0, 15, 0, j) > 0.0f;
    CHECK(active >= 3, "%s: only %d of %d units active at step 15", model, active, NU);

    /* lesion of units 2 and 5 over steps 10..20 */
    int lu[2] = {2, 5};
    rm_iv_op op = {.kind = RM_IV_LESION, .t0 = 10, .t1 = 20, .units = lu, .n_units = 2};
    rm_intervention iv = {.ops = &op, .n_ops = 1};
    float *h1 = run(&net, b, &iv, &y1);
    CHECK(same_until(h0, h1, 9), "%s: lesion changed steps before its window", model);
    int exact = 1, changed = 0;
    for (int t = 1; t <= T; t++)
        for (int k = 0; k < NB; k++)
            for (int j = 0; j < NU; j++) {
                int in = t >= 10 && t <= 20 && (j == 2 || j == 5);
                if (in && at(h1, t, k, j) != 0.0f) exact = 0;
                if (in && at(h0, t, k, j) != 0.0f) changed = 1;
            }
    CHECK(exact, "%s: lesioned units not 0 in their window", model);
    CHECK(changed, "%s: the lesioned units were silent anyway; the test shows nothing", model);
    free(h1);
    free(y1);

    /* clamp unit 1 at 0.7 over steps 5..8 */
    int cu[1] = {1};
    op = (rm_iv_op){.kind = RM_IV_CLAMP, .t0 = 5, .t1 = 8, .units = cu, .n_units = 1, .value = 0.7};
    h1 = run(&net, b, &iv, &y1);
    CHECK(same_until(h0, h1, 4), "%s: clamp changed steps before its window", model);
    for (int t = 5; t <= 8; t++)
        for (int k = 0; k < NB; k++)
            CHECK(at(h1, t, k, 1) == 0.7f, "%s: clamp gives %g at step %d", model,
                  at(h1, t, k, 1), t);
    free(h1);
    free(y1);

    /* noise: sd 0 is no change; a seed reproduces it; another seed changes it */
    op = (rm_iv_op){.kind = RM_IV_NOISE, .t0 = 1, .t1 = T, .value = 0.0, .seed = 3};
    h1 = run(&net, b, &iv, &y1);
    CHECK(same_until(h0, h1, T) && !memcmp(y0, y1, (size_t)T * NB * sizeof *y0),
          "%s: noise with sd 0 changed the trace", model);
    free(h1);
    free(y1);
    op = (rm_iv_op){.kind = RM_IV_NOISE, .t0 = 30, .t1 = 60, .value = 0.2, .seed = 3};
    h1 = run(&net, b, &iv, &y1);
    float *h2b = run(&net, b, &iv, &y2);
    CHECK(same_until(h1, h2b, T), "%s: noise with the same seed differs", model);
    CHECK(same_until(h0, h1, 29) && !same_until(h0, h1, 30),
          "%s: noise starts at the wrong step", model);
    free(h2b);
    free(y2);
    op.seed = 4;
    h2b = run(&net, b, &iv, &y2);
    CHECK(!same_until(h1, h2b, 30), "%s: another noise seed gives the same noise", model);
    free(h2b);
    free(y2);
    free(h1);
    free(y1);

    /* perturb: a pulse of 1 on unit 0 at step 40 */
    int pu[1] = {0};
    op = (rm_iv_op){.kind = RM_IV_PERTURB, .t0 = 40, .t1 = 40, .units = pu, .n_units = 1,
                    .value = 1.0};
    h1 = run(&net, b, &iv, &y1);
    CHECK(same_until(h0, h1, 39), "%s: perturb changed steps before t", model);
    for (int k = 0; k < NB; k++)
        CHECK(at(h1, 40, k, 0) == at(h0, 40, k, 0) + 1.0f, "%s: pulse of %g, not 1", model,
              at(h1, 40, k, 0) - at(h0, 40, k, 0));
    CHECK(!same_until(h0, h1, 41), "%s: the pulse did not reach the next step", model);
    free(h1);
    free(y1);

    /* every unit lesioned: the output is the read-out bias at every step */
    op = (rm_iv_op){.kind = RM_IV_LESION, .t0 = 1, .t1 = T};
    h1 = run(&net, b, &iv, &y1);
    int all_bias = 1;
    for (size_t i = 0; i < (size_t)T * NB; i++) all_bias &= y1[i] == 0.375f;
    CHECK(all_bias, "%s: with every unit lesioned the output is not the read-out bias", model);
    free(h1);
    free(y1);

    CHECK(!memcmp(saved, net.params, net.n_params * sizeof *saved),
          "%s: an intervention changed the network's parameters", model);

    /* a clone with units 3, 7 cut out = the original under their whole-trial lesion */
    int su[2] = {3, 7};
    rm_net cut;
    CHECK(!rm_net_clone(&cut, &net, &e) && !rm_net_silence_units(&cut, su, 2, &e), "%s: %s",
          model, e.msg);
    CHECK(!memcmp(saved, net.params, net.n_params * sizeof *saved),
          "%s: lesioning a clone changed the original", model);
    op = (rm_iv_op){.kind = RM_IV_LESION, .t0 = 1, .t1 = T, .units = su, .n_units = 2};
    h1 = run(&net, b, &iv, &y1);
    h2b = run(&cut, b, NULL, &y2);
    double dmax = 0;
    int silent = 1;
    for (size_t i = 0; i < (size_t)T * NB * NU; i++) {
        double d = fabs((double)h1[i] - h2b[i]) / (1.0 + fabs(h1[i]));
        if (d > dmax) dmax = d;
        int j = (int)(i % NU);
        if ((j == 3 || j == 7) && h2b[i] != 0.0f) silent = 0;
    }
    CHECK(silent, "%s: units cut from the weights are not silent", model);
    CHECK(dmax < 1e-5, "%s: the cut clone differs from the lesion by %g", model, dmax);
    free(h1);
    free(y1);
    free(h2b);
    free(y2);
    rm_net_free(&cut);

    /* bad interventions: one-line errors */
    int bad_unit[1] = {NU};
    op = (rm_iv_op){.kind = RM_IV_LESION, .t0 = 1, .t1 = T, .units = bad_unit, .n_units = 1};
    CHECK(rm_intervention_check(&iv, NU, T, &e) == RM_EINVAL && strstr(e.msg, "unit"),
          "unit NU accepted: %s", e.msg);
    op = (rm_iv_op){.kind = RM_IV_CLAMP, .t0 = 0, .t1 = 5, .value = 1};
    CHECK(rm_intervention_check(&iv, NU, T, &e) == RM_EINVAL, "step 0 accepted");
    op = (rm_iv_op){.kind = RM_IV_NOISE, .t0 = 1, .t1 = T + 1, .value = 1};
    CHECK(rm_intervention_check(&iv, NU, T, &e) == RM_EINVAL, "step T+1 accepted");
    op = (rm_iv_op){.kind = RM_IV_NOISE, .t0 = 1, .t1 = T, .value = -1};
    CHECK(rm_intervention_check(&iv, NU, T, &e) == RM_EINVAL && strstr(e.msg, "negative"),
          "negative sd accepted");
    op = (rm_iv_op){.kind = RM_IV_PERTURB, .t0 = 3, .t1 = 4, .value = 1};
    CHECK(rm_intervention_check(&iv, NU, T, &e) == RM_EINVAL, "perturb over two steps accepted");

    free(h0);
    free(y0);
    free(saved);
    rm_net_free(&net);
}

/* The DE observer, computed here from the counts: population vector / 2 in [0, pi). */
static double pv_estimate(const rm_batch *b, const rm_task *t, int k, int loc) {
    double sn = 0, cs = 0;
    for (int step = 0; step < t->stim; step++)
        for (int i = 0; i < t->n_in; i++) {
            double r = b->x[((size_t)k * b->T + step) * b->n_chan + t->ch0 + loc * t->n_in + i];
            double phi = M_PI * i / (t->n_in - 1);
            sn += r * sin(2 * phi);
            cs += r * cos(2 * phi);
        }
    double m = atan2(sn, cs) / 2;
    return m < 0 ? m + M_PI : m;
}

static void sample(const char *name, const rm_fixed *fix, rm_batch *b, rm_task *t, int want_rc) {
    rm_err e = {0};
    rm_rng rng;
    rm_rng_seed(&rng, 11);
    rm_task_init(t, rm_task_find(name), 0, &e);
    rm_batch_alloc(b, t, 40, &e);
    int rc = rm_task_sample_fixed(t, b, fix, &rng, &e);
    CHECK(rc == want_rc, "%s: sample returned %d (%s), want %d", name, rc, e.msg, want_rc);
    if (want_rc) CHECK(e.msg[0] && !strchr(e.msg, '\n'), "%s: no one-line error", name);
}

static void test_fixed(void) {
    rm_task t;
    rm_batch b;
    rm_fixed f = RM_FIXED_NONE;

    /* DE1: every trial has s = 1.2; the observer reads the spikes (it varies, and matches
       the population vector computed here) */
    f.n_s = 1, f.s[0] = 1.2;
    sample("DE1", &f, &b, &t, RM_OK);
    double spread = 0, err = 0, mismatch = 0;
    for (int k = 0; k < b.B; k++) {
        CHECK(b.s[k] == 1.2, "DE1 trial %d has s %g", k, b.s[k]);
        CHECK(b.target[(size_t)k * b.T + 100] == 1.2f, "DE1 target");
        double d = fabs(b.opt[k] - b.opt[0]);
        spread = fmax(spread, fmin(d, M_PI - d));
        double r = fabs(b.opt[k] - 1.2);
        err += fmin(r, M_PI - r) / b.B;
        mismatch = fmax(mismatch, fabs(b.opt[k] - pv_estimate(&b, &t, k, 0)));
    }
    CHECK(spread > 1e-3, "DE1: the observer's answer is the same on every trial");
    CHECK(err < 0.3, "DE1: the observer is %g from the fixed stimulus on average", err);
    CHECK(mismatch < 1e-9, "DE1: the observer differs from the counts' estimate by %g", mismatch);
    rm_batch_free(&b);

    /* DE2 and GDE: both orientations, GDE's cue */
    f.n_s = 2, f.s[0] = 0.4, f.s[1] = 2.5;
    sample("DE2", &f, &b, &t, RM_OK);
    for (int k = 0; k < b.B; k++)
        CHECK(b.s[2 * k] == 0.4 && b.s[2 * k + 1] == 2.5, "DE2 trial %d", k);
    rm_batch_free(&b);
    f.cue = 1;
    sample("GDE", &f, &b, &t, RM_OK);
    for (int k = 0; k < b.B; k++)
        CHECK(b.s[k] == 2.5 && b.cue[k] == 1.0 && fabs(b.opt[k] - pv_estimate(&b, &t, k, 1)) < 1e-9,
              "GDE trial %d: s %g cue %g", k, b.s[k], b.cue[k]);
    rm_batch_free(&b);

    /* CD1: first stimulus and no change: class 0 everywhere, the observer leans to 0 */
    f = RM_FIXED_NONE;
    f.n_s = 1, f.s[0] = 0.8, f.change = 0;
    sample("CD1", &f, &b, &t, RM_OK);
    double mean_opt = 0;
    for (int k = 0; k < b.B; k++) {
        CHECK(b.s[k] == 0.0, "CD1 trial %d changed", k);
        mean_opt += b.opt[k] / b.B;
    }
    CHECK(mean_opt < 0.5, "CD1 without change: observer says change with p %g", mean_opt);
    rm_batch_free(&b);

    /* 2AFC s = +15 and COMP s1 > s2: class 1, the observer agrees on average */
    f = RM_FIXED_NONE;
    f.n_s = 1, f.s[0] = 15;
    sample("2AFC", &f, &b, &t, RM_OK);
    mean_opt = 0;
    for (int k = 0; k < b.B; k++) {
        CHECK(b.s[k] == 1.0, "2AFC trial %d class %g", k, b.s[k]);
        mean_opt += b.opt[k] / b.B;
    }
    CHECK(mean_opt > 0.7, "2AFC s=+15: observer %g", mean_opt);
    rm_batch_free(&b);
    f.n_s = 2, f.s[0] = 20, f.s[1] = -20;
    sample("COMP", &f, &b, &t, RM_OK);
    mean_opt = 0;
    for (int k = 0; k < b.B; k++) {
        CHECK(b.s[k] == 1.0, "COMP trial %d class %g", k, b.s[k]);
        mean_opt += b.opt[k] / b.B;
    }
    CHECK(mean_opt > 0.7, "COMP 20 > -20: observer %g", mean_opt);
    rm_batch_free(&b);

    /* refusals */
    f = RM_FIXED_NONE;
    f.n_s = 1, f.s[0] = 4.0;
    sample("DE1", &f, &b, &t, RM_EINVAL); /* outside [0, pi) */
    rm_batch_free(&b);
    f.s[0] = M_PI;
    sample("DE1", &f, &b, &t, RM_EINVAL);
    rm_batch_free(&b);
    f.s[0] = 1.0;
    sample("DE2", &f, &b, &t, RM_EINVAL); /* needs two */
    rm_batch_free(&b);
    sample("SINE", &f, &b, &t, RM_EINVAL);
    rm_batch_free(&b);
    f.s[0] = 10;
    sample("2AFC", &f, &b, &t, RM_EINVAL);
    rm_batch_free(&b);
    f = RM_FIXED_NONE;
    f.cue = 0;
    sample("CD1", &f, &b, &t, RM_EINVAL);
    rm_batch_free(&b);
    f = RM_FIXED_NONE;
    f.n_s = 1, f.s[0] = NAN;
    sample("DE1", &f, &b, &t, RM_EINVAL);
    rm_batch_free(&b);
}

int main(void) {
    rm_task task;
    rm_batch b;
    rm_err e = {0};
    rm_rng rng;
    rm_rng_seed(&rng, 5);
    if (rm_task_init(&task, rm_task_find("DE1"), 0, &e) || rm_batch_alloc(&b, &task, NB, &e) ||
        rm_task_sample(&task, &b, &rng, &e)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return 1;
    }
    for (const rm_model_def *const *m = rm_model_list(); *m; m++) test_model((*m)->name, &task, &b);
    rm_batch_free(&b);
    test_fixed();
    return test_result("test_intervene");
}
