/* train.c: the trainer loop (SPEC 3) and test evaluation (SPEC 4). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "membudget.h"
#include "train.h"

void rm_train_cfg_default(rm_train_cfg *c) {
    *c = (rm_train_cfg){
        .batch = 50,
        .iters = 25001,
        .test_batches = 2501,
        .log_every = 500,
        .lr = 5e-4,
        .loss = {.kappa_a = 1e-4, .rho = 0.0},
        .read_back = 5,
        .si_trials = 300,
        .seed = 1,
    };
}

/* Distinct streams from one seed, so that e.g. changing the test set size never changes
   training. */
uint64_t rm_seed_init(uint64_t seed) { return seed * 0x9E3779B97F4A7C15ull + 1; }
uint64_t rm_seed_train(uint64_t seed) { return seed * 0x9E3779B97F4A7C15ull + 2; }
uint64_t rm_seed_test(uint64_t seed) { return seed * 0x9E3779B97F4A7C15ull + 3; }

static int check_sizes(const rm_task *t, const rm_net *net, rm_err *e) {
    if (net->cfg.n_in != t->n_chan || net->cfg.n_out != t->n_out)
        return rm_seterr(e, RM_EINVAL,
                         "network has %d inputs and %d outputs but task %s needs %d and %d",
                         net->cfg.n_in, net->cfg.n_out, t->def->name, t->n_chan, t->n_out);
    return RM_OK;
}

/* Makes room for n_iter losses and n_log log points, growing capacity geometrically. */
static int hist_reserve(rm_history *h, long n_iter, long n_log, rm_err *e) {
    if (n_iter > h->cap_iter) {
        long cap = h->cap_iter < 1024 ? 1024 : h->cap_iter;
        while (cap < n_iter) cap *= 2;
        float *p = realloc(h->loss, (size_t)cap * sizeof *p);
        if (!p) return rm_seterr(e, RM_ENOMEM, "out of memory for the loss history");
        h->loss = p;
        h->cap_iter = cap;
    }
    if (n_log > h->cap_log) {
        long cap = h->cap_log < 64 ? 64 : h->cap_log;
        while (cap < n_log) cap *= 2;
        float *p = realloc(h->infloss, (size_t)cap * sizeof *p);
        if (!p) return rm_seterr(e, RM_ENOMEM, "out of memory for the history");
        h->infloss = p;
        long *q = realloc(h->log_iter, (size_t)cap * sizeof *q);
        if (!q) return rm_seterr(e, RM_ENOMEM, "out of memory for the history");
        h->log_iter = q;
        h->cap_log = cap;
    }
    return RM_OK;
}

int rm_trainer_init(rm_trainer *tr, const rm_train_cfg *cfg, const rm_task *task,
                    rm_net *net, rm_err *e) {
    memset(tr, 0, sizeof *tr);
    int rc;
    if (cfg->batch < 1 || cfg->batch > 100000)
        return rm_seterr(e, RM_EINVAL, "batch size %d is out of range [1, 100000]", cfg->batch);
    if (cfg->log_every < 1) return rm_seterr(e, RM_EINVAL, "log interval must be >= 1");
    if (cfg->read_back < 1 || cfg->read_back > task->T)
        return rm_seterr(e, RM_EINVAL, "answer step T-%d is outside the trial", cfg->read_back);
    if ((rc = check_sizes(task, net, e))) return rc;
    tr->cfg = *cfg;
    tr->task = task;
    tr->net = net;
    rm_rng_seed(&tr->rng, rm_seed_train(cfg->seed));
    rm_infloss_reset(&tr->window, task->def->loss);
    /* refused before allocating: the parameters and gradients exist already, what is
       left is Adam's moments, the workspace and the batch */
    double all;
    if ((rc = rm_train_bytes(&net->cfg, task, cfg->batch, &all, e)) ||
        (rc = rm_mem_check(all - 2.0 * (double)net->n_params * sizeof(float),
                           "training (Adam state, workspace and batch)", e)))
        return rc;
    if ((rc = rm_adam_init(&tr->adam, net->n_params, cfg->lr, e)) ||
        (rc = rm_ws_reserve(&tr->ws, net, cfg->batch, task->T, e)) ||
        (rc = rm_batch_alloc(&tr->batch, task, cfg->batch, e))) {
        rm_trainer_free(tr);
        return rc;
    }
    return RM_OK;
}

void rm_trainer_free(rm_trainer *tr) {
    rm_adam_free(&tr->adam);
    rm_ws_free(&tr->ws);
    rm_batch_free(&tr->batch);
    free(tr->hist.loss);
    free(tr->hist.infloss);
    free(tr->hist.log_iter);
    memset(&tr->hist, 0, sizeof tr->hist);
}

int rm_trainer_set_task(rm_trainer *tr, const rm_task *task, rm_err *e) {
    int rc = check_sizes(task, tr->net, e);
    if (rc) return rc;
    rm_batch nb = {0};
    if ((rc = rm_batch_alloc(&nb, task, tr->cfg.batch, e))) return rc;
    if ((rc = rm_ws_reserve(&tr->ws, tr->net, tr->cfg.batch, task->T, e))) {
        rm_batch_free(&nb);
        return rc;
    }
    rm_batch_free(&tr->batch);
    tr->batch = nb;
    tr->task = task;
    rm_infloss_reset(&tr->window, task->def->loss);
    return RM_OK;
}

int rm_trainer_step(rm_trainer *tr, rm_err *e) {
    int rc;
    rm_ws *ws = &tr->ws;
    rm_net *net = tr->net;
    if ((rc = rm_task_sample(tr->task, &tr->batch, &tr->rng, e))) return rc;
    if ((rc = hist_reserve(&tr->hist, tr->hist.n_iter + 1, tr->hist.n_log + 1, e)))
        return rc;
    rm_ws_load(ws, net, &tr->batch);
    rm_net_forward(net, ws);
    rm_net_zero_grads(net);
    rm_loss_compute(tr->task, net, ws, &tr->cfg.loss, &tr->last);
    if (!isfinite(tr->last.total))
        return rm_seterr(e, RM_ENAN, "loss became %s at iteration %ld",
                         isnan(tr->last.total) ? "NaN" : "Inf", tr->iter + 1);
    rm_net_backward(net, ws);
    rm_adam_update(&tr->adam, net->params, net->grads);
    rm_infloss_add(&tr->window, tr->task, &tr->batch, ws->y, tr->task->T - tr->cfg.read_back);
    tr->hist.loss[tr->hist.n_iter++] = (float)tr->last.total;
    tr->iter++;
    if (tr->iter % tr->cfg.log_every == 0) {
        tr->hist.infloss[tr->hist.n_log] = (float)rm_infloss_value(&tr->window);
        tr->hist.log_iter[tr->hist.n_log++] = tr->iter;
        rm_infloss_reset(&tr->window, tr->task->def->loss);
    }
    return RM_OK;
}

int rm_trainer_run(rm_trainer *tr, long until, const rm_train_hooks *h, rm_err *e) {
    while (tr->iter < until) {
        if (h && h->stop && atomic_load(h->stop))
            return rm_seterr(e, RM_ESTOPPED, "stopped at iteration %ld", tr->iter);
        while (h && h->pause && atomic_load(h->pause) && !(h->stop && atomic_load(h->stop)))
            nanosleep(&(struct timespec){0, 20000000}, NULL);
        if (h && h->stop && atomic_load(h->stop)) continue;
        int rc = rm_trainer_step(tr, e);
        if (rc) return rc;
        if (h && h->on_log && tr->iter % tr->cfg.log_every == 0)
            h->on_log(h->ud, tr, tr->iter, tr->last.total, tr->hist.infloss[tr->hist.n_log - 1]);
        if (h && h->on_iter && h->on_iter(h->ud, tr))
            return rm_seterr(e, RM_ESTOPPED, "stopped at iteration %ld", tr->iter);
    }
    return RM_OK;
}

/* Running sums for an SI mean over trials gathered batch by batch. */
typedef struct {
    double si, entropy, ridge, kept;
    int used;
} si_acc;

static void si_acc_add(si_acc *a, const rm_si_result *r) {
    if (r->trials_used <= 0) return;
    a->si += r->si * r->trials_used;
    a->entropy += r->entropy * r->trials_used;
    a->ridge += r->ridge * r->trials_used;
    a->kept += r->units_kept * r->trials_used;
    a->used += r->trials_used;
}

int rm_evaluate(const rm_task *t, const rm_net *net, int batches, int B, int read_back,
                int si_trials, uint64_t seed, atomic_int *stop,
                void (*progress)(void *ud, long done, long total), void *ud,
                rm_test_result *out, rm_err *e) {
    memset(out, 0, sizeof *out);
    out->infloss = out->loss = out->si.si = NAN;
    int rc = check_sizes(t, net, e);
    if (rc) return rc;
    if (batches < 1 || B < 1) return rm_seterr(e, RM_EINVAL, "no test trials requested");
    rm_ws ws = {0};
    rm_batch b = {0};
    rm_rng rng;
    rm_rng_seed(&rng, seed);
    rm_infloss acc;
    rm_infloss_reset(&acc, t->def->loss);
    si_acc sa = {0};
    double loss_sum = 0;
    int si_left = si_trials;
    const size_t bn = (size_t)B * net->cfg.n_hidden;
    if ((rc = rm_ws_reserve(&ws, net, B, t->T, e)) || (rc = rm_batch_alloc(&b, t, B, e)))
        goto done;
    for (int i = 0; i < batches; i++) {
        if (stop && atomic_load(stop)) {
            rc = rm_seterr(e, RM_ESTOPPED, "evaluation stopped after %d batches", i);
            goto done;
        }
        if ((rc = rm_task_sample(t, &b, &rng, e))) goto done;
        rm_ws_load(&ws, net, &b);
        rm_net_forward(net, &ws);
        rm_infloss_add(&acc, t, &b, ws.y, t->T - read_back);
        loss_sum += rm_task_loss(t, &ws);
        if (si_left > 0) {
            int n = si_left < B ? si_left : B;
            rm_si_result r;
            if (rm_si_compute(ws.h + bn, n, t->T, net->cfg.n_hidden, net->cfg.n_hidden,
                              (ptrdiff_t)bn, &r)) {
                rc = rm_seterr(e, RM_ENOMEM, "out of memory computing the SI");
                goto done;
            }
            si_acc_add(&sa, &r);
            si_left -= n;
        }
        if (progress) progress(ud, i + 1, batches);
    }
    out->infloss = rm_infloss_value(&acc);
    out->loss = loss_sum / batches;
    out->trials = (long)batches * B;
    if (sa.used > 0) {
        out->si.si = sa.si / sa.used;
        out->si.entropy = sa.entropy / sa.used;
        out->si.ridge = sa.ridge / sa.used;
        out->si.units_kept = sa.kept / sa.used;
    } else {
        out->si.entropy = out->si.ridge = NAN;
    }
    out->si.trials_used = sa.used;
done:
    rm_ws_free(&ws);
    rm_batch_free(&b);
    return rc;
}
