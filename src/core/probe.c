/* probe.c: running a network on trials and returning its activity trial-major
 * ([trial][time][unit]), for analysis, export and the heatmap; optionally with a fixed
 * stimulus and interventions on the hidden state (intervene.h). */
#include <stdlib.h>
#include <string.h>
#include "intervene.h"

void rm_trace_free(rm_trace *tr) {
    free(tr->x);
    free(tr->h);
    free(tr->y);
    free(tr->target);
    free(tr->mask);
    free(tr->s);
    free(tr->opt);
    memset(tr, 0, sizeof *tr);
}

/* Copies a time-major [T][B][n] block (starting at src) to trial-major [B][T][n]. */
static void to_trial_major(float *dst, const float *src, int B, int T, int n) {
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            memcpy(dst + ((size_t)b * T + t) * n, src + ((size_t)t * B + b) * n,
                   (size_t)n * sizeof(float));
}

int rm_probe_batch(const rm_task *t, const rm_net *net, const rm_batch *b, rm_trace *out,
                   rm_err *e) {
    return rm_probe_batch_iv(t, net, b, NULL, out, e);
}

int rm_probe_batch_iv(const rm_task *t, const rm_net *net, const rm_batch *b,
                      const rm_intervention *iv, rm_trace *out, rm_err *e) {
    memset(out, 0, sizeof *out);
    if (net->cfg.n_in != b->n_chan || net->cfg.n_out != b->n_out)
        return rm_seterr(e, RM_EINVAL, "batch has %d channels and %d outputs, network %d and %d",
                         b->n_chan, b->n_out, net->cfg.n_in, net->cfg.n_out);
    const int B = b->B, T = b->T, N = net->cfg.n_hidden, O = b->n_out, C = b->n_chan;
    int rc = rm_intervention_check(iv, N, T, e);
    if (rc) return rc;
    rm_ws ws = {0};
    rc = rm_ws_reserve(&ws, net, B, T, e);
    if (rc) return rc;
    *out = (rm_trace){.trials = B, .T = T, .N = N, .n_chan = C, .n_out = O};
    const size_t bt = (size_t)B * T;
    out->x = malloc(bt * C * sizeof(float));
    out->h = malloc(bt * N * sizeof(float));
    out->y = malloc(bt * O * sizeof(float));
    out->target = malloc(bt * O * sizeof(float));
    out->mask = malloc(bt * sizeof(float));
    out->s = malloc((size_t)B * O * sizeof(double));
    out->opt = malloc((size_t)B * O * sizeof(double));
    if (!out->x || !out->h || !out->y || !out->target || !out->mask || !out->s || !out->opt) {
        rm_ws_free(&ws);
        rm_trace_free(out);
        return rm_seterr(e, RM_ENOMEM, "out of memory for a probe of %d trials", B);
    }
    rm_ws_load(&ws, net, b);
    ws.iv = iv;
    rm_net_forward(net, &ws);
    to_trial_major(out->h, ws.h + (size_t)B * N, B, T, N);
    to_trial_major(out->y, ws.y, B, T, O);
    memcpy(out->x, b->x, bt * C * sizeof(float));
    memcpy(out->target, b->target, bt * O * sizeof(float));
    memcpy(out->mask, b->mask, bt * sizeof(float));
    memcpy(out->s, b->s, (size_t)B * O * sizeof(double));
    memcpy(out->opt, b->opt, (size_t)B * O * sizeof(double));
    rm_ws_free(&ws);
    (void)t;
    return RM_OK;
}

int rm_probe(const rm_task *t, const rm_net *net, int trials, uint64_t seed, rm_trace *out,
             rm_err *e) {
    return rm_probe_iv(t, net, trials, seed, NULL, NULL, out, e);
}

int rm_probe_iv(const rm_task *t, const rm_net *net, int trials, uint64_t seed,
                const rm_fixed *fix, const rm_intervention *iv, rm_trace *out, rm_err *e) {
    memset(out, 0, sizeof *out);
    if (trials < 1 || trials > 100000)
        return rm_seterr(e, RM_EINVAL, "probe trials %d out of range [1, 100000]", trials);
    rm_batch b = {0};
    rm_rng rng;
    rm_rng_seed(&rng, seed);
    int rc = rm_batch_alloc(&b, t, trials, e);
    if (!rc) rc = rm_intervention_check(iv, net->cfg.n_hidden, t->T, e);
    if (!rc) rc = rm_task_sample_fixed(t, &b, fix, &rng, e);
    if (!rc) rc = rm_probe_batch_iv(t, net, &b, iv, out, e);
    rm_batch_free(&b);
    return rc;
}
