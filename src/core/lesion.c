/* lesion.c: removing units from a network — as a new network whose units are cut out of
 * the weights (rm_net_silence_units on a clone), and as the lesion curve, the information
 * loss of the same probe trials as more and more units are silenced (intervene.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis.h"
#include "intervene.h"

int rm_net_clone(rm_net *dst, const rm_net *src, rm_err *e) {
    int rc = rm_net_create(dst, &src->cfg, NULL, e);
    if (rc) return rc;
    memcpy(dst->params, src->params, src->n_params * sizeof(float));
    return RM_OK;
}

int rm_net_silence_units(rm_net *net, const int *units, int n_units, rm_err *e) {
    const int N = net->cfg.n_hidden;
    for (int i = 0; i < n_units; i++)
        if (units[i] < 0 || units[i] >= N)
            return rm_seterr(e, RM_EINVAL, "unit index %d outside 0..%d", units[i], N - 1);
    for (int v = 0; v < net->n_views; v++) {
        const rm_param_view *pv = &net->view[v];
        float *w = net->params + pv->offset;
        const int R = pv->rows, C = pv->cols;
        int outgoing = !strcmp(pv->name, "W_out") || (!strncmp(pv->name, "W_h", 3) && C == N);
        int incoming = strcmp(pv->name, "W_out") && strcmp(pv->name, "b_out") && R == N;
        int bias = strcmp(pv->name, "b_out") && R == 1 && C == N && !incoming;
        for (int i = 0; i < n_units; i++) {
            const int u = units[i];
            if (incoming) memset(w + (size_t)u * C, 0, C * sizeof(float));
            if (bias) w[u] = 0.0f;
            if (outgoing)
                for (int r = 0; r < R; r++) w[(size_t)r * C + u] = 0.0f;
        }
    }
    return RM_OK;
}

void rm_lesion_curve_free(rm_lesion_curve *c) {
    free(c->n_removed);
    free(c->infloss);
    free(c->order);
    memset(c, 0, sizeof *c);
}

/* Sorting units by read-out weight, ties by index: qsort is not stable, so compare both. */
typedef struct {
    double key;
    int unit;
} keyed;

static int keyed_cmp(const void *a, const void *b) {
    const keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

/* Units by peak time (analysis.h: rm_peak_times, rm_peak_order, no threshold) of the
   activity in ws->h after a forward pass, which is time-major: copied trial-major first. */
static int peak_order(const rm_ws *ws, int N, int *order, rm_err *e) {
    const int B = ws->B, T = ws->T;
    float *h = malloc((size_t)B * T * N * sizeof *h);
    double *peak = malloc((size_t)N * sizeof *peak);
    int rc = RM_OK;
    if (!h || !peak) {
        rc = rm_seterr(e, RM_ENOMEM, "out of memory ordering %d units by peak time", N);
        goto out;
    }
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            memcpy(h + ((size_t)b * T + t) * N, ws->h + ((size_t)(t + 1) * B + b) * N,
                   (size_t)N * sizeof *h);
    if (!(rc = rm_peak_times(h, B, T, N, 0.0, peak, e))) rm_peak_order(peak, N, order);
out:
    free(h);
    free(peak);
    return rc;
}

static int unit_order(const rm_net *net, const rm_ws *ws, const rm_lesion_cfg *cfg, int *order,
                      rm_err *e) {
    const int N = net->cfg.n_hidden, O = net->cfg.n_out;
    if (cfg->order == RM_LESION_PEAK) return peak_order(ws, N, order, e);
    if (cfg->order == RM_LESION_RANDOM) { /* Fisher-Yates on the identity */
        rm_rng rng;
        rm_rng_seed(&rng, cfg->seed ^ 0x6C6573696F6E21ull); /* not the trials' stream */
        for (int j = 0; j < N; j++) order[j] = j;
        for (int j = N - 1; j > 0; j--) {
            int r = (int)rm_rng_below(&rng, (uint32_t)j + 1), tmp = order[j];
            order[j] = order[r];
            order[r] = tmp;
        }
        return RM_OK;
    }
    keyed *k = malloc((size_t)N * sizeof *k);
    if (!k) return rm_seterr(e, RM_ENOMEM, "out of memory ordering %d units", N);
    const float *w = rm_net_readout(net, net->params).W_out;
    for (int j = 0; j < N; j++) {
        double s = 0.0;
        for (int o = 0; o < O; o++) s += fabs(w[(size_t)o * N + j]);
        k[j] = (keyed){-s, j}; /* largest first */
    }
    qsort(k, N, sizeof *k, keyed_cmp);
    for (int j = 0; j < N; j++) order[j] = k[j].unit;
    free(k);
    return RM_OK;
}

int rm_lesion_curve_run(const rm_task *t, const rm_net *net, const rm_lesion_cfg *cfg,
                        atomic_int *stop, rm_lesion_curve *out, rm_err *e) {
    memset(out, 0, sizeof *out);
    const int N = net->cfg.n_hidden, T = t->T;
    if (cfg->step < 1 || cfg->step > N)
        return rm_seterr(e, RM_EINVAL, "lesion step %d outside 1..%d", cfg->step, N);
    if (cfg->trials < 1 || cfg->trials > 100000)
        return rm_seterr(e, RM_EINVAL, "lesion trials %d out of range [1, 100000]", cfg->trials);
    if (cfg->read_back < 1 || cfg->read_back > T)
        return rm_seterr(e, RM_EINVAL, "answer step T-%d is outside the trial", cfg->read_back);
    if (cfg->order < RM_LESION_PEAK || cfg->order > RM_LESION_WEIGHT)
        return rm_seterr(e, RM_EINVAL, "unknown lesion order %d", (int)cfg->order);
    if (net->cfg.n_in != t->n_chan || net->cfg.n_out != t->n_out)
        return rm_seterr(e, RM_EINVAL, "task %s has %d inputs and %d outputs, the network %d "
                         "and %d", t->def->name, t->n_chan, t->n_out, net->cfg.n_in,
                         net->cfg.n_out);
    const int points = N / cfg->step + 1 + (N % cfg->step != 0);
    out->N = N;
    out->n_points = points;
    out->n_removed = malloc((size_t)points * sizeof *out->n_removed);
    out->infloss = malloc((size_t)points * sizeof *out->infloss);
    out->order = malloc((size_t)N * sizeof *out->order);
    if (!out->n_removed || !out->infloss || !out->order) {
        rm_lesion_curve_free(out);
        return rm_seterr(e, RM_ENOMEM, "out of memory for a lesion curve of %d points", points);
    }
    rm_ws ws = {0};
    rm_batch b = {0};
    rm_rng rng;
    rm_rng_seed(&rng, cfg->seed); /* as rm_probe: the same trials as net:probe{seed=} */
    int rc = rm_batch_alloc(&b, t, cfg->trials, e);
    if (!rc) rc = rm_task_sample(t, &b, &rng, e);
    if (!rc) rc = rm_ws_reserve(&ws, net, b.B, T, e);
    for (int p = 0; !rc && p < points; p++) {
        if (stop && atomic_load(stop)) {
            rc = rm_seterr(e, RM_ESTOPPED, "lesion curve stopped after %d of %d points", p,
                           points);
            break;
        }
        const int k = p * cfg->step < N ? p * cfg->step : N;
        const rm_iv_op op = {.kind = RM_IV_LESION, .t0 = 1, .t1 = T, .units = out->order,
                             .n_units = k};
        const rm_intervention iv = {.ops = &op, .n_ops = k > 0};
        rm_ws_load(&ws, net, &b);
        ws.iv = &iv;
        rm_net_forward(net, &ws);
        ws.iv = NULL;
        if (p == 0) rc = unit_order(net, &ws, cfg, out->order, e); /* on the intact net */
        rm_infloss acc;
        rm_infloss_reset(&acc, t->def->loss);
        rm_infloss_add(&acc, t, &b, ws.y, T - cfg->read_back);
        out->n_removed[p] = k;
        out->infloss[p] = rm_infloss_value(&acc);
    }
    rm_ws_free(&ws);
    rm_batch_free(&b);
    if (rc) rm_lesion_curve_free(out);
    return rc;
}
