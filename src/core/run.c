/* run.c: the run description (defaults, condition, checks) and the run made from it: its
 * tasks, network, trainer and phases (run.h). Every front end builds its runs here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blas.h"
#include "condition.h"
#include "membudget.h"
#include "rm_limits.h"
#include "run.h"

void rm_run_cfg_init(rm_run_cfg *c) {
    memset(c, 0, sizeof *c);
    strcpy(c->variant, "none");
    strcpy(c->condition, "basic");
    c->lambda0 = 0.98;
    c->kappa_a = NAN;
    c->hidden = 500;
    c->batch = 50;
    c->iters = 25001;
    c->lr = 5e-4;
    c->seed = 1;
    c->threads = 1;
    c->test_batches = 2501;
    c->si_trials = 300;
    c->log_every = 500;
}

/* A built-in task by name or by the original's code. */
static const rm_task_def *find_task(const char *name) {
    const rm_task_def *d = rm_task_find(name);
    char *end;
    long code = strtol(name, &end, 10);
    if (!d && *name && !*end) d = rm_task_find_code((int)code);
    return d;
}

/* Canonicalises the task name in buf (key names it in messages). */
static int check_task(char *buf, size_t n, const char *key, int flags, rm_err *e) {
    const rm_task_def *d = find_task(buf);
    if (d) {
        snprintf(buf, n, "%s", d->name);
        return RM_OK;
    }
    if (flags & RM_RUN_EXTERNAL_TASKS) return RM_OK;
    char list[160] = "";
    for (const rm_task_def *const *t = rm_task_list(); *t; t++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? " " : "",
                 (*t)->name);
    return rm_seterr(e, RM_EINVAL, "unknown %s '%.40s' (known: %s)", key, buf, list);
}

static int long_in(const char *key, long v, long lo, long hi, rm_err *e) {
    if (v >= lo && v <= hi) return RM_OK;
    return rm_seterr(e, RM_EINVAL, "%s %ld is out of range [%ld, %ld]", key, v, lo, hi);
}

static int num_in(const char *key, double v, double lo, double hi, rm_err *e) {
    if (v >= lo && v <= hi) return RM_OK; /* false for NaN */
    return rm_seterr(e, RM_EINVAL, "%s %g is out of range [%g, %g]", key, v, lo, hi);
}

/* A size this machine cannot hold is refused here, with the numbers, before anything is
   allocated (membudget.h); the network, trainer and tensor allocators check again. Tasks
   defined outside the core are sized by their definitions when created. */
static int check_memory(const rm_run_cfg *c, int variant, rm_err *e) {
    const rm_task_def *d = find_task(c->task);
    rm_task t;
    if (!d || rm_task_init(&t, d, variant, e)) return RM_OK; /* the task's own checks come later */
    rm_net_cfg nc;
    rm_run_net_cfg(c, &t, &nc);
    double bytes;
    int rc = rm_train_bytes(&nc, &t, c->batch, &bytes, e);
    if (rc) return rc;
    char what[96];
    snprintf(what, sizeof what, "hidden %d (model %s, batch %d)", c->hidden, c->model, c->batch);
    return rm_mem_check(bytes, what, e);
}

int rm_run_cfg_finish(rm_run_cfg *c, int flags, rm_err *e) {
    int rc;
    if (!c->task[0]) return rm_seterr(e, RM_EINVAL, "task is required (e.g. DE1)");
    if ((rc = check_task(c->task, sizeof c->task, "task", flags, e))) return rc;
    if (c->task2[0] && (rc = check_task(c->task2, sizeof c->task2, "task2", flags, e)))
        return rc;

    /* the condition fixes the model, penalty, read-out step, variant and phases */
    rm_condition_set cs;
    if ((rc = rm_condition_resolve(c->condition, c->model[0] ? c->model : NULL,
                                   c->task2[0] ? 1 : (flags & RM_RUN_LATER_TASK2) ? -1 : 0,
                                   &cs, e)))
        return rc;
    snprintf(c->condition, sizeof c->condition, "%s", cs.name);
    snprintf(c->model, sizeof c->model, "%s", cs.model);
    int variant = rm_variant_parse(c->variant[0] ? c->variant : "none");
    if (variant < 0)
        return rm_seterr(e, RM_EINVAL, "unknown variant '%.24s' (none, vardelay, dynamic, "
                         "vardelay+dynamic)", c->variant);
    const int own_vardelay = variant & RM_VARIANT_VARDELAY;
    variant |= cs.variant;
    snprintf(c->variant, sizeof c->variant, "%s", rm_variant_name(variant));
    if (isnan(c->kappa_a)) c->kappa_a = cs.kappa_a;
    if (c->read_back == 0) c->read_back = cs.read_back;

    /* the same limits whatever the front end (rm_limits.h) */
    if ((rc = num_in("lambda", c->lambda0, -RM_LAMBDA0_MAX, RM_LAMBDA0_MAX, e)) ||
        (rc = num_in("sigma", c->sigma0, 0, RM_SIGMA0_MAX, e)) ||
        (rc = num_in("rho", c->rho, 0, RM_RHO_MAX, e)) ||
        (rc = num_in("kappa_a", c->kappa_a, 0, RM_KAPPA_A_MAX, e)) ||
        (rc = num_in("lr", c->lr, RM_LR_MIN, RM_LR_MAX, e)) ||
        (rc = long_in("read_back", c->read_back, RM_READ_BACK_MIN, RM_READ_BACK_MAX, e)) ||
        (rc = long_in("hidden", c->hidden, RM_HIDDEN_MIN, RM_HIDDEN_MAX, e)) ||
        (rc = long_in("batch", c->batch, RM_BATCH_MIN, RM_BATCH_MAX, e)) ||
        (rc = long_in("iters", c->iters, 0, RM_ITERS_MAX, e)) ||
        (rc = long_in("vardelay_warmup", c->vardelay_warmup, 0, RM_ITERS_MAX, e)) ||
        (rc = long_in("threads", c->threads, 1, RM_THREADS_MAX, e)) ||
        (rc = long_in("test_batches", c->test_batches, RM_TEST_BATCHES_MIN, RM_TEST_BATCHES_MAX, e)) ||
        (rc = long_in("si_trials", c->si_trials, 0, RM_SI_TRIALS_MAX, e)) ||
        (rc = long_in("log_every", c->log_every, RM_LOG_EVERY_MIN, RM_LOG_EVERY_MAX, e)))
        return rc;
    if ((rc = check_memory(c, variant, e))) return rc;
    if (c->vardelay_warmup) {
        if (variant & RM_VARIANT_VARDELAY)
            return rm_seterr(e, RM_EINVAL, "vardelay_warmup needs a fixed delay, but the %s "
                             "already makes it variable", own_vardelay ? "variant" : "condition");
        if (cs.multitask)
            return rm_seterr(e, RM_EINVAL, "vardelay_warmup does not combine with the "
                             "multitask condition");
        if (c->vardelay_warmup >= c->iters && !(flags & RM_RUN_CONTINUED))
            return rm_seterr(e, RM_EINVAL, "vardelay_warmup %ld leaves no iterations of iters "
                             "%ld for the task itself", c->vardelay_warmup, c->iters);
    }
    return RM_OK;
}

int rm_run_cfg_equal(const rm_run_cfg *a, const rm_run_cfg *b) {
    return !strcmp(a->task, b->task) && !strcmp(a->task2, b->task2) &&
           !strcmp(a->variant, b->variant) && !strcmp(a->model, b->model) &&
           !strcmp(a->condition, b->condition) && !memcmp(&a->lambda0, &b->lambda0, sizeof(double)) &&
           !memcmp(&a->sigma0, &b->sigma0, sizeof(double)) &&
           !memcmp(&a->rho, &b->rho, sizeof(double)) &&
           !memcmp(&a->kappa_a, &b->kappa_a, sizeof(double)) && a->read_back == b->read_back &&
           a->hidden == b->hidden && a->batch == b->batch && a->iters == b->iters &&
           !memcmp(&a->lr, &b->lr, sizeof(double)) && a->seed == b->seed &&
           a->vardelay_warmup == b->vardelay_warmup && !strcmp(a->init_from, b->init_from) &&
           a->threads == b->threads && a->test_batches == b->test_batches &&
           a->si_trials == b->si_trials && a->log_every == b->log_every;
}

int rm_run_cfg_variant(const rm_run_cfg *c) {
    int v = rm_variant_parse(c->variant);
    return v < 0 ? 0 : v;
}

void rm_run_net_cfg(const rm_run_cfg *c, const rm_task *t, rm_net_cfg *out) {
    rm_net_cfg_default(out, t);
    snprintf(out->model, sizeof out->model, "%s", c->model);
    out->n_hidden = c->hidden;
    out->lambda0 = c->lambda0;
    out->sigma0 = c->sigma0;
}

void rm_run_train_cfg(const rm_run_cfg *c, rm_train_cfg *out) {
    rm_train_cfg_default(out);
    out->batch = c->batch;
    out->iters = c->iters;
    out->test_batches = c->test_batches;
    out->log_every = c->log_every;
    out->lr = c->lr;
    out->loss.kappa_a = c->kappa_a;
    out->loss.rho = c->rho;
    out->read_back = c->read_back;
    out->si_trials = c->si_trials;
    out->seed = c->seed;
}

int rm_run_check_tasks(const rm_run_cfg *c, const rm_task *t1, const rm_task *t2, rm_err *e) {
    if (c->read_back > t1->T || (t2 && c->read_back > t2->T))
        return rm_seterr(e, RM_EINVAL, "read_back %d is outside the trial (%d steps)",
                         c->read_back, t2 && t2->T < t1->T ? t2->T : t1->T);
    if (t2 && (t1->n_chan != t2->n_chan || t1->n_out != t2->n_out ||
               t1->def->out != t2->def->out))
        return rm_seterr(e, RM_EINVAL, "tasks %s and %s differ in inputs or outputs, so one "
                         "network cannot do both", t1->def->name, t2->def->name);
    return RM_OK;
}

void rm_run_use_threads(const rm_run_cfg *c) { rm_blas_set_threads(c->threads); }

/* The run's tasks from its finished config. */
static int make_tasks(rm_run *r, rm_err *e) {
    const rm_run_cfg *c = &r->cfg;
    const int variant = rm_run_cfg_variant(c);
    const rm_task_def *d1 = find_task(c->task), *d2 = c->task2[0] ? find_task(c->task2) : NULL;
    if (!d1 || (c->task2[0] && !d2))
        return rm_seterr(e, RM_EINVAL, "task '%.32s' is not built in", d1 ? c->task2 : c->task);
    r->n_phases = d2 ? 2 : 1;
    int rc = rm_task_init(&r->task[0], d1, variant, e);
    if (!rc && d2) rc = rm_task_init(&r->task[1], d2, variant, e);
    if (!rc && c->vardelay_warmup)
        rc = rm_task_init(&r->warm, d1, variant | RM_VARIANT_VARDELAY, e);
    if (!rc) rc = rm_run_check_tasks(c, &r->task[0], d2 ? &r->task[1] : NULL, e);
    return rc;
}

/* The task the trainer works on at its current iteration. */
static const rm_task *task_now(const rm_run *r) {
    if (r->phase == 0 && r->cfg.vardelay_warmup && r->tr.iter < r->cfg.vardelay_warmup)
        return &r->warm;
    return &r->task[r->phase];
}

static int begin(rm_run *r, const rm_run_cfg *cfg, int flags, rm_err *e) {
    memset(r, 0, sizeof *r);
    r->cfg = *cfg;
    int rc = rm_run_cfg_finish(&r->cfg, flags, e);
    if (!rc) rc = make_tasks(r, e);
    if (!rc) rm_run_use_threads(&r->cfg);
    return rc;
}

int rm_run_create(rm_run *r, const rm_run_cfg *cfg, const rm_net *start, char *copied,
                  size_t nc, char *fresh, size_t nf, rm_err *e) {
    int rc = begin(r, cfg, 0, e);
    if (rc) return rc;
    rm_net_cfg ncfg;
    rm_run_net_cfg(&r->cfg, &r->task[0], &ncfg);
    if (start && strcmp(start->cfg.model, ncfg.model))
        return rm_seterr(e, RM_EINVAL, "init_from: %.200s holds a %s network, this run trains "
                         "%s (model %s to match)", r->cfg.init_from, start->cfg.model,
                         ncfg.model, start->cfg.model);
    if (start && start->cfg.n_hidden != ncfg.n_hidden)
        return rm_seterr(e, RM_EINVAL, "init_from: %.200s has %d hidden units, this run %d "
                         "(hidden %d to match)", r->cfg.init_from, start->cfg.n_hidden,
                         ncfg.n_hidden, start->cfg.n_hidden);
    rm_rng init_rng;
    rm_rng_seed(&init_rng, rm_seed_init(r->cfg.seed));
    if ((rc = rm_net_create(&r->net, &ncfg, &init_rng, e))) return rc;
    if (start) rm_net_copy_matching(&r->net, start, copied, nc, fresh, nf);
    rm_train_cfg tcfg;
    rm_run_train_cfg(&r->cfg, &tcfg);
    if ((rc = rm_trainer_init(&r->tr, &tcfg, task_now(r), &r->net, e))) {
        rm_net_free(&r->net);
        return rc;
    }
    r->created = 1;
    return RM_OK;
}

int rm_run_resume(rm_run *r, const rm_run_cfg *cfg, rm_net *net, rm_trainer *tr, rm_err *e) {
    rm_net n = *net;
    rm_trainer t = *tr;
    memset(net, 0, sizeof *net);
    memset(tr, 0, sizeof *tr);
    int rc = begin(r, cfg, RM_RUN_CONTINUED, e);
    r->net = n;
    r->tr = t;
    r->tr.net = &r->net;
    r->created = 1;
    if (rc) return rc;
    r->phase = r->n_phases == 2 && r->tr.iter >= r->cfg.iters ? 1 : 0;
    const rm_task *want = task_now(r), *had = r->tr.task;
    if (want->T != had->T || want->n_chan != had->n_chan || want->n_out != had->n_out)
        return rm_seterr(e, RM_EINVAL, "the saved run's task %s has sizes (%d steps, %d inputs) "
                         "other than the built-in task's (%d, %d), so it cannot be continued",
                         had->def->name, had->T, had->n_chan, want->T, want->n_chan);
    r->tr.task = want; /* the same task: the trainer's window and batch stay as they were */
    rm_train_cfg *tc = &r->tr.cfg;
    tc->lr = r->tr.adam.lr = r->cfg.lr;
    tc->log_every = r->cfg.log_every;
    tc->test_batches = r->cfg.test_batches;
    tc->si_trials = r->cfg.si_trials;
    tc->iters = r->cfg.iters;
    return RM_OK;
}

void rm_run_free(rm_run *r) {
    if (!r->created) return;
    rm_trainer_free(&r->tr);
    rm_net_free(&r->net);
    r->created = 0;
}

long rm_run_phase_end(const rm_run *r) { return r->cfg.iters * (r->phase + 1); }

int rm_run_train(rm_run *r, const rm_train_hooks *h, rm_err *e) {
    int rc = RM_OK;
    const long until = rm_run_phase_end(r), warm = r->cfg.vardelay_warmup;
    if (r->phase == 0 && warm && r->tr.iter < warm) {
        /* a resumed run may end inside the warm-up: it keeps the warm-up task, so that its
           checkpoint continues it */
        if ((rc = rm_trainer_run(&r->tr, warm < until ? warm : until, h, e))) return rc;
        if (r->tr.iter < warm) return RM_OK;
    }
    if (r->tr.task != &r->task[r->phase] &&
        (rc = rm_trainer_set_task(&r->tr, &r->task[r->phase], e)))
        return rc;
    return rm_trainer_run(&r->tr, until, h, e);
}

int rm_run_test(rm_run *r, atomic_int *stop, void (*progress)(void *ud, long done, long total),
                void *ud, rm_err *e) {
    const int p = r->phase;
    int rc = rm_evaluate(&r->task[p], &r->net, r->cfg.test_batches, r->cfg.batch,
                         r->cfg.read_back, r->cfg.si_trials, rm_seed_test(r->cfg.seed), stop,
                         progress, ud, &r->test[p], e);
    r->tested[p] = rc == RM_OK;
    return rc;
}

int rm_run_next_phase(rm_run *r, rm_err *e) {
    if (r->phase + 1 >= r->n_phases) return 0;
    r->phase++;
    if (rm_trainer_set_task(&r->tr, &r->task[r->phase], e)) return -1;
    return 1;
}

int rm_run_complete(rm_run *r, const rm_train_hooks *h, rm_err *e) {
    for (;;) {
        int rc = rm_run_train(r, h, e);
        if (!rc) rc = rm_run_test(r, h ? h->stop : NULL, NULL, NULL, e);
        if (rc) return rc;
        int next = rm_run_next_phase(r, e);
        if (next <= 0) return next == 0 ? RM_OK : RM_EINVAL;
    }
}

const rm_test_result *rm_run_result(const rm_run *r) {
    const int last = r->n_phases - 1;
    return r->n_phases > 0 && r->tested[last] ? &r->test[last] : NULL;
}
