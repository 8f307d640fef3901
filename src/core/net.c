/* net.c: networks: the model registry, the parameter buffer and its named views,
 * initialisers shared by models, the workspace, and the shared readout
 * z = W_out h + b_out, y = out(z). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "blas.h"
#include "fpmode.h"
#include "loss.h"
#include "membudget.h"
#include "net.h"
#include "rm_limits.h"

extern const rm_model_def rm_model_rnn, rm_model_hebbian, rm_model_ortho, rm_model_gru;

/* One line per model; a new model is one file plus one line here. */
static const rm_model_def *const models[] = {
    &rm_model_rnn,
    &rm_model_hebbian,
    &rm_model_ortho,
    &rm_model_gru,
    NULL,
};

const rm_model_def *const *rm_model_list(void) { return models; }

const rm_model_def *rm_model_find(const char *name) {
    if (!name) return NULL;
    char *end;
    long code = strtol(name, &end, 10);
    int numeric = *name && *end == '\0';
    for (const rm_model_def *const *m = models; *m; m++)
        if (numeric ? (*m)->code == code : !strcasecmp((*m)->name, name)) return *m;
    return NULL;
}

void rm_net_cfg_default(rm_net_cfg *cfg, const rm_task *t) {
    memset(cfg, 0, sizeof *cfg);
    strcpy(cfg->model, "rnn");
    cfg->n_in = t->n_chan;
    cfg->n_hidden = 500;
    cfg->n_out = t->n_out;
    cfg->out = t->def->out;
    cfg->lambda0 = 0.98;
    cfg->sigma0 = 0.0;
}

int rm_net_add_view(rm_net *net, const char *name, int rows, int cols, rm_err *e) {
    if (net->n_views >= RM_MAX_VIEWS)
        return rm_seterr(e, RM_EINVAL, "too many parameter tensors (max %d)", RM_MAX_VIEWS);
    rm_param_view *v = &net->view[net->n_views++];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->rows = rows;
    v->cols = cols;
    v->offset = net->n_params;
    net->n_params += (size_t)rows * cols;
    return RM_OK;
}

const rm_param_view *rm_net_view(const rm_net *net, const char *name) {
    for (int i = 0; i < net->n_views; i++)
        if (!strcmp(net->view[i].name, name)) return &net->view[i];
    return NULL;
}

float *rm_net_param(const rm_net *net, const char *name) {
    const rm_param_view *v = rm_net_view(net, name);
    return v ? net->params + v->offset : NULL;
}

float *rm_net_grad(const rm_net *net, const char *name) {
    const rm_param_view *v = rm_net_view(net, name);
    return v ? net->grads + v->offset : NULL;
}

void rm_glorot_normal(float *w, int rows, int cols, double gain, rm_rng *rng) {
    double sd = gain * sqrt(2.0 / (rows + cols));
    for (size_t i = 0; i < (size_t)rows * cols; i++) w[i] = (float)(sd * rm_rng_normal(rng));
}

void rm_leinit(float *w, int n, double lambda0, double sigma0, rm_rng *rng) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            w[(size_t)i * n + j] = i == j ? (float)lambda0 : (float)(sigma0 * rm_rng_normal(rng));
}

int rm_net_layout(rm_net *net, const rm_net_cfg *cfg, rm_err *e) {
    memset(net, 0, sizeof *net);
    net->cfg = *cfg;
    net->def = rm_model_find(cfg->model);
    if (!net->def) return rm_seterr(e, RM_EINVAL, "unknown model '%s'", cfg->model);
    if (cfg->n_in < 1 || cfg->n_hidden < RM_HIDDEN_MIN || cfg->n_out < 1 || cfg->n_in > 100000 ||
        cfg->n_hidden > RM_HIDDEN_MAX || cfg->n_out > 1000)
        return rm_seterr(e, RM_EINVAL, "impossible network size: %d inputs, %d hidden, %d outputs",
                         cfg->n_in, cfg->n_hidden, cfg->n_out);
    if (!isfinite(cfg->lambda0) || !isfinite(cfg->sigma0) || cfg->sigma0 < 0)
        return rm_seterr(e, RM_EINVAL, "lambda0 and sigma0 must be finite and sigma0 >= 0");
    int rc = net->def->layout(net, e);
    if (rc) return rc;
    if ((rc = rm_net_add_view(net, "W_out", cfg->n_out, cfg->n_hidden, e))) return rc;
    return rm_net_add_view(net, "b_out", 1, cfg->n_out, e);
}

int rm_net_create(rm_net *net, const rm_net_cfg *cfg, rm_rng *rng, rm_err *e) {
    int rc = rm_net_layout(net, cfg, e);
    if (rc) return rc;
    /* refused before the allocation and the (slow, for big N) initialisation */
    char what[64];
    snprintf(what, sizeof what, "a %d-unit %s network", cfg->n_hidden, net->def->name);
    if ((rc = rm_mem_check(4.0 * (double)net->n_params * sizeof(float), what, e))) return rc;
    net->params = calloc(2 * net->n_params, sizeof(float));
    if (!net->params)
        return rm_seterr(e, RM_ENOMEM, "out of memory for %zu parameters", net->n_params);
    net->grads = net->params + net->n_params;
    if (rng) {
        if ((rc = net->def->init(net, rng, e))) {
            rm_net_free(net);
            return rc;
        }
        const double gain = net->def->readout_gain > 0 ? net->def->readout_gain : 0.95;
        rm_glorot_normal(rm_net_readout(net, net->params).W_out, cfg->n_out, cfg->n_hidden, gain, rng);
    }
    return RM_OK;
}

void rm_net_free(rm_net *net) {
    free(net->params);
    net->params = net->grads = NULL;
}

void rm_net_zero_grads(rm_net *net) { memset(net->grads, 0, net->n_params * sizeof(float)); }

size_t rm_ws_floats(const rm_net *net, int B, int T) {
    const size_t N = net->cfg.n_hidden, I = net->cfg.n_in, O = net->cfg.n_out;
    const size_t tb = (size_t)T * B, hsz = (size_t)(T + 1) * B * N;
    const size_t model = net->def->ws_floats ? net->def->ws_floats(net, B, T) : 0;
    return tb * I + tb + tb * O * 4 + 2 * hsz + model;
}

int rm_ws_reserve(rm_ws *ws, const rm_net *net, int B, int T, rm_err *e) {
    const size_t N = net->cfg.n_hidden, I = net->cfg.n_in, O = net->cfg.n_out;
    const size_t tb = (size_t)T * B, hsz = (size_t)(T + 1) * B * N;
    const size_t need = rm_ws_floats(net, B, T);
    if (ws->arena && ws->arena_floats >= need) {
        /* reuse */
    } else {
        float *a = malloc(need * sizeof(float));
        if (!a) return rm_seterr(e, RM_ENOMEM, "out of memory for activations (%zu MB)",
                                 need * sizeof(float) >> 20);
        free(ws->arena);
        ws->arena = a;
        ws->arena_floats = need;
    }
    ws->B = B;
    ws->T = T;
    float *p = ws->arena;
    ws->x = p, p += tb * I;
    ws->mask = p, p += tb;
    ws->target = p, p += tb * O;
    ws->z = p, p += tb * O;
    ws->y = p, p += tb * O;
    ws->dz = p, p += tb * O;
    ws->h = p, p += hsz;
    ws->dh = p, p += hsz;
    ws->model = p;
    memset(ws->h, 0, (size_t)B * N * sizeof(float)); /* h_0 = 0 */
    ws->pen_coef = 0;
    ws->pen_steps = 0;
    ws->iv = NULL;
    return RM_OK;
}

void rm_ws_free(rm_ws *ws) {
    free(ws->arena);
    memset(ws, 0, sizeof *ws);
}

void rm_ws_load(rm_ws *ws, const rm_net *net, const rm_batch *b) {
    const int B = b->B, T = b->T, I = b->n_chan, O = b->n_out;
    for (int i = 0; i < B; i++)
        for (int t = 0; t < T; t++) {
            memcpy(ws->x + ((size_t)t * B + i) * I, b->x + ((size_t)i * T + t) * I,
                   I * sizeof(float));
            memcpy(ws->target + ((size_t)t * B + i) * O, b->target + ((size_t)i * T + t) * O,
                   O * sizeof(float));
            ws->mask[(size_t)t * B + i] = b->mask[(size_t)i * T + t];
        }
    (void)net;
}

void rm_net_forward(const rm_net *net, rm_ws *ws) {
    rm_fpmode fp = rm_fpmode_fast();
    net->def->forward(net, ws);
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden, O = net->cfg.n_out;
    const size_t tb = (size_t)T * B;
    const rm_readout_views p = rm_net_readout(net, net->params);
    for (size_t r = 0; r < tb; r++) memcpy(ws->z + r * O, p.b_out, O * sizeof(float));
    /* z[TB][O] += h[1..T] (TB x N) * W_out^T */
    rm_sgemm(0, 1, (int)tb, O, N, 1.0f, ws->h + (size_t)B * N, N, p.W_out, N, 1.0f, ws->z, O);
    rm_output_unit(net->cfg.out, ws->z, ws->y, tb * O);
    rm_fpmode_restore(fp);
}

void rm_net_backward(rm_net *net, rm_ws *ws) {
    rm_fpmode fp = rm_fpmode_fast();
    const int B = ws->B, T = ws->T, N = net->cfg.n_hidden, O = net->cfg.n_out;
    const size_t tb = (size_t)T * B, bn = (size_t)B * N;
    const float *h1 = ws->h + bn;
    float *dh1 = ws->dh + bn;
    /* dW_out += dz^T h;  db_out += sum dz;  dh[1..T] = dz W_out */
    const rm_readout_views p = rm_net_readout(net, net->params), g = rm_net_readout(net, net->grads);
    rm_sgemm(1, 0, O, N, (int)tb, 1.0f, ws->dz, O, h1, N, 1.0f, g.W_out, N);
    float *db = g.b_out;
    for (size_t r = 0; r < tb; r++)
        for (int o = 0; o < O; o++) db[o] += ws->dz[r * O + o];
    rm_sgemm(0, 0, (int)tb, N, O, 1.0f, ws->dz, O, p.W_out, N, 0.0f, dh1, N);
    memset(ws->dh, 0, bn * sizeof(float));
    if (ws->pen_coef != 0.0f && ws->pen_steps > 0) {
        int first = T + 1 - ws->pen_steps; /* h index of the first penalised step */
        if (first < 1) first = 1;
        const float c = ws->pen_coef;
        for (size_t k = (size_t)first * bn; k < (size_t)(T + 1) * bn; k++)
            ws->dh[k] += c * ws->h[k];
    }
    net->def->backward(net, ws);
    rm_fpmode_restore(fp);
}
