/* ckpt.c: recmem checkpoints on top of the safetensors container (see ckpt.h for the
 * layout). Saving borrows the trainer's buffers; loading validates everything before it
 * allocates a network or copies tensor data. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "ckpt.h"
#include "condition.h"
#include "run_json.h"
#include "safetensors.h"
#include "core/condition.h"
#include "core/rm_limits.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* Limits on sizes read from a file, generous against any real run, so that a hostile
   header cannot make the loader allocate gigabytes. */
#define MAX_N_IN 1000
#define MAX_STEPS 10000
#define MAX_WS_FLOATS ((size_t)1 << 29)

void rm_run_meta_init(rm_run_meta *m) {
    memset(m, 0, sizeof *m);
    rm_run_cfg_init(&m->run);
    m->run.task[0] = '\0';
    m->test_infloss = m->test_loss = m->si = NAN;
}

void rm_run_meta_results(rm_run_meta *m, const rm_test_result *t) {
    if (!t) return;
    m->test_infloss = t->infloss;
    m->test_loss = t->loss;
    m->si = t->si.si;
}

/* Writes condition c without its part "multitask" into buf; "basic" if nothing is left. */
static void drop_multitask(char *buf, size_t n, const char *c) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s", c);
    buf[0] = '\0';
    for (char *save = NULL, *t = strtok_r(tmp, "+", &save); t; t = strtok_r(NULL, "+", &save))
        if (strcasecmp(t, "multitask"))
            snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? "+" : "", t);
    if (!buf[0]) snprintf(buf, n, "basic");
}

void rm_run_cfg_from_trainer(rm_run_cfg *c, const rm_trainer *tr, const char *condition,
                             long vardelay_warmup, const char *init_from) {
    const rm_net_cfg *n = &tr->net->cfg;
    const rm_train_cfg *t = &tr->cfg;
    rm_run_cfg_init(c);
    snprintf(c->task, sizeof c->task, "%s", tr->task->def->name);
    /* saved during a warm-up, the task has variable delays that are not its own */
    snprintf(c->variant, sizeof c->variant, "%s",
             rm_variant_name(vardelay_warmup ? tr->task->variant & ~RM_VARIANT_VARDELAY
                                             : tr->task->variant));
    snprintf(c->model, sizeof c->model, "%s", n->model);
    drop_multitask(c->condition, sizeof c->condition, condition && *condition ? condition : "basic");
    c->lambda0 = n->lambda0;
    c->sigma0 = n->sigma0;
    c->hidden = n->n_hidden;
    c->rho = t->loss.rho;
    c->kappa_a = t->loss.kappa_a;
    c->read_back = t->read_back;
    c->batch = t->batch;
    c->iters = t->iters;
    c->lr = t->lr;
    c->seed = t->seed;
    c->test_batches = t->test_batches;
    c->si_trials = t->si_trials;
    c->log_every = t->log_every;
    c->vardelay_warmup = vardelay_warmup;
    snprintf(c->init_from, sizeof c->init_from, "%s", init_from ? init_from : "");
}

/* meta's run description, or one made from the trainer if meta has none. */
static const rm_run_cfg *run_of(const rm_trainer *tr, const rm_run_meta *meta, rm_run_cfg *tmp) {
    if (meta->run.task[0]) return &meta->run;
    rm_run_cfg_from_trainer(tmp, tr, "basic", 0, "");
    return tmp;
}

/* JSON has no NaN or infinity: those become the strings "nan", "inf", "-inf". */
static json_t *jdouble(double x) {
    if (isfinite(x)) return json_real(x);
    return json_string(isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
}

json_t *rm_run_config_json(const rm_trainer *tr, const rm_run_meta *meta) {
    const rm_task *t = tr->task;
    const rm_net_cfg *n = &tr->net->cfg;
    const rm_train_cfg *c = &tr->cfg;
    rm_run_meta dflt;
    if (!meta) rm_run_meta_init(&dflt), meta = &dflt;
    rm_run_cfg tmp;
    const rm_run_cfg *run = run_of(tr, meta, &tmp);
    char seed[24];
    snprintf(seed, sizeof seed, "%" PRIu64, c->seed);
    json_t *cfg = json_pack(
        "{s:{s:s, s:s, s:i, s:i, s:i, s:i},"
        " s:{s:s, s:i, s:i, s:i, s:s, s:o, s:o},"
        " s:{s:i, s:I, s:i, s:i, s:o, s:o, s:o, s:i, s:i, s:s},"
        " s:{s:s, s:s}}",
        "task", "name", t->def->name, "variant", rm_variant_name(t->variant), "n_in", t->n_in,
        "stim", t->stim, "delay", t->delay, "resp", t->resp,
        "net", "model", n->model, "n_in", n->n_in, "n_hidden", n->n_hidden, "n_out", n->n_out,
        "out", n->out == RM_OUT_SIGMOID ? "sigmoid" : "linear", "lambda0", jdouble(n->lambda0),
        "sigma0", jdouble(n->sigma0),
        "train", "batch", c->batch, "iters", (json_int_t)c->iters, "test_batches",
        c->test_batches, "log_every", c->log_every, "lr", jdouble(c->lr), "kappa_a",
        jdouble(c->loss.kappa_a), "rho", jdouble(c->loss.rho), "read_back", c->read_back,
        "si_trials", c->si_trials, "seed", seed,
        "run", "name", meta->name, "condition", run->condition);
    /* optional, so files without a warm-up stay as they were */
    if (cfg && run->vardelay_warmup > 0 &&
        json_object_set_new(json_object_get(cfg, "run"), "vardelay_warmup",
                            json_integer((json_int_t)run->vardelay_warmup))) {
        json_decref(cfg);
        return NULL;
    }
    if (cfg && run->init_from[0] &&
        json_object_set_new(json_object_get(cfg, "run"), "init_from",
                            rm_json_text(run->init_from))) {
        json_decref(cfg);
        return NULL;
    }
    return cfg;
}

static json_t *state_json(const rm_trainer *tr, const rm_run_meta *meta) {
    return json_pack("{s:I, s:{s:I, s:o, s:o, s:o}, s:{s:i, s:o}, s:{s:o, s:o, s:I},"
                     " s:{s:o, s:o, s:o}}",
                     "iter", (json_int_t)tr->iter,
                     "adam", "step", (json_int_t)tr->adam.step, "beta1", jdouble(tr->adam.beta1),
                     "beta2", jdouble(tr->adam.beta2), "eps", jdouble(tr->adam.eps),
                     "rng", "has_spare", tr->rng.has_spare, "spare", jdouble(tr->rng.spare),
                     "window", "num", jdouble(tr->window.num), "den", jdouble(tr->window.den),
                     "count", (json_int_t)tr->window.count,
                     "result", "test_infloss", jdouble(meta->test_infloss), "test_loss",
                     jdouble(meta->test_loss), "si", jdouble(meta->si));
}

static int meta_json(rm_st_writer *w, const char *key, json_t *j, rm_err *e) {
    if (!j) return rm_seterr(e, RM_ENOMEM, "out of memory building the checkpoint metadata");
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!s) return rm_seterr(e, RM_ENOMEM, "out of memory building the checkpoint metadata");
    int rc = rm_st_meta_set(w, key, s, e);
    free(s);
    return rc;
}

static int add_view(rm_st_writer *w, const char *prefix, const rm_param_view *v,
                    const float *base, rm_err *e) {
    char name[64];
    snprintf(name, sizeof name, "%s%s", prefix, v->name);
    int64_t shape[2] = {v->rows, v->cols};
    if (v->rows == 1) return rm_st_add(w, name, RM_ST_F32, 1, shape + 1, base + v->offset, e);
    return rm_st_add(w, name, RM_ST_F32, 2, shape, base + v->offset, e);
}

/* Fills w with tr's tensors and metadata; *log_iter receives a buffer w borrows. */
static int build(rm_st_writer *w, const rm_trainer *tr, const rm_run_meta *meta,
                 int64_t **log_iter, rm_err *e) {
    const rm_net *net = tr->net;
    const rm_history *h = &tr->hist;
    rm_run_meta dflt;
    if (!meta) rm_run_meta_init(&dflt), meta = &dflt;
    if (tr->adam.n != net->n_params || !tr->adam.m)
        return rm_seterr(e, RM_EINVAL, "trainer's Adam state does not match its network");
    if (h->n_iter != tr->iter)
        return rm_seterr(e, RM_EINVAL, "trainer history has %ld losses for %ld iterations",
                         h->n_iter, tr->iter);
    int rc = RM_OK;
    for (int i = 0; !rc && i < net->n_views; i++) rc = add_view(w, "", &net->view[i], net->params, e);
    for (int i = 0; !rc && i < net->n_views; i++) rc = add_view(w, "adam.m.", &net->view[i], tr->adam.m, e);
    for (int i = 0; !rc && i < net->n_views; i++) rc = add_view(w, "adam.v.", &net->view[i], tr->adam.v, e);
    if (rc) return rc;
    *log_iter = malloc((h->n_log ? h->n_log : 1) * sizeof **log_iter);
    if (!*log_iter) return rm_seterr(e, RM_ENOMEM, "out of memory");
    for (long i = 0; i < h->n_log; i++) (*log_iter)[i] = h->log_iter[i];
    const int64_t four = 4, n_iter = h->n_iter, n_log = h->n_log;
    if ((rc = rm_st_add(w, "rng.state", RM_ST_U64, 1, &four, tr->rng.s, e)) ||
        (rc = rm_st_add(w, "history.loss", RM_ST_F32, 1, &n_iter, h->loss, e)) ||
        (rc = rm_st_add(w, "history.infloss", RM_ST_F32, 1, &n_log, h->infloss, e)) ||
        (rc = rm_st_add(w, "history.log_iter", RM_ST_I64, 1, &n_log, *log_iter, e)))
        return rc;
    rm_run_cfg run;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    if ((rc = rm_st_meta_set(w, "format", RM_CKPT_FORMAT, e)) ||
        (rc = rm_st_meta_setf(w, e, "format_version", "%d", RM_CKPT_FORMAT_VERSION)) ||
        (rc = rm_st_meta_set(w, "recmem_version", PACKAGE_VERSION, e)) ||
        (rc = rm_st_meta_set(w, "saved_at", when, e)) ||
        (rc = meta_json(w, "config", rm_run_config_json(tr, meta), e)) ||
        (rc = meta_json(w, "state", state_json(tr, meta), e)))
        return rc;
    /* A file from before run descriptions may carry a condition that is only a label (a
       Lua condition table's name): a description naming it would not load again, so the
       file keeps its older form, which loads (and refuses a resume) as it did. */
    const rm_run_cfg *r = run_of(tr, meta, &run);
    rm_condition_set cs;
    rm_err ignored;
    if (rm_condition_resolve(r->condition, r->model, r->task2[0] != 0, &cs, &ignored))
        return RM_OK;
    return meta_json(w, "run", rm_run_cfg_json(r), e);
}

int rm_ckpt_save(const char *path, const rm_trainer *tr, const rm_run_meta *meta, rm_err *e) {
    rm_st_writer w;
    rm_st_writer_init(&w);
    int64_t *log_iter = NULL;
    int rc = build(&w, tr, meta, &log_iter, e);
    if (!rc) rc = rm_st_write(&w, path, e);
    rm_st_writer_free(&w);
    free(log_iter);
    return rc;
}

int rm_ckpt_encode(const rm_trainer *tr, const rm_run_meta *meta, unsigned char **out,
                   size_t *n, rm_err *e) {
    rm_st_writer w;
    rm_st_writer_init(&w);
    int64_t *log_iter = NULL;
    int rc = build(&w, tr, meta, &log_iter, e);
    if (!rc) rc = rm_st_encode(&w, out, n, e);
    rm_st_writer_free(&w);
    free(log_iter);
    return rc;
}

/* ---- loading ---- */

/* Reads fields of the metadata JSON; the first problem is recorded and later reads are
   no-ops, so a parser reads like a list of fields. */
typedef struct {
    const char *what;   /* file name for messages */
    rm_err *e;
    int rc;
} jreader;

static json_t *jget(jreader *r, json_t *o, const char *sect, const char *key) {
    if (r->rc) return NULL;
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    if (!v)
        r->rc = rm_seterr(r->e, RM_EFORMAT, "%s: metadata %s.%s is missing", r->what, sect, key);
    return v;
}

static long long jint(jreader *r, json_t *o, const char *sect, const char *key, long long lo,
                      long long hi) {
    json_t *v = jget(r, o, sect, key);
    if (!v) return lo;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        r->rc = rm_seterr(r->e, RM_EFORMAT, "%s: metadata %s.%s must be an integer in [%lld, %lld]",
                          r->what, sect, key, lo, hi);
        return lo;
    }
    return json_integer_value(v);
}

static double jnum(jreader *r, json_t *o, const char *sect, const char *key, int finite) {
    json_t *v = jget(r, o, sect, key);
    if (!v) return 0;
    double x = NAN;
    int ok = 1;
    if (json_is_number(v)) x = json_number_value(v);
    else if (json_is_string(v) && !strcmp(json_string_value(v), "nan")) x = NAN;
    else if (json_is_string(v) && !strcmp(json_string_value(v), "inf")) x = INFINITY;
    else if (json_is_string(v) && !strcmp(json_string_value(v), "-inf")) x = -INFINITY;
    else ok = 0;
    if (!ok || (finite && !isfinite(x))) {
        r->rc = rm_seterr(r->e, RM_EFORMAT, "%s: metadata %s.%s must be a %snumber", r->what,
                          sect, key, finite ? "finite " : "");
        return 0;
    }
    return x;
}

static const char *jstr(jreader *r, json_t *o, const char *sect, const char *key, size_t max) {
    json_t *v = jget(r, o, sect, key);
    if (!v) return "";
    if (!json_is_string(v) || strlen(json_string_value(v)) >= max) {
        r->rc = rm_seterr(r->e, RM_EFORMAT, "%s: metadata %s.%s must be a string shorter than %zu",
                          r->what, sect, key, max);
        return "";
    }
    return json_string_value(v);
}

static json_t *meta_parse(jreader *r, const rm_st_file *f, const char *key) {
    if (r->rc) return NULL;
    const char *s = rm_st_meta(f, key);
    if (!s) {
        r->rc = rm_seterr(r->e, RM_EFORMAT, "%s: metadata '%.40s' is missing (not a recmem checkpoint?)",
                          r->what, key);
        return NULL;
    }
    json_error_t jerr;
    json_t *j = json_loads(s, JSON_REJECT_DUPLICATES, &jerr);
    if (!j || !json_is_object(j)) {
        r->rc = rm_seterr(r->e, RM_EFORMAT, "%s: metadata '%s' is not a JSON object%s%s", r->what,
                          key, j ? "" : ": ", j ? "" : jerr.text);
        if (j) json_decref(j);
        return NULL;
    }
    return j;
}

/* Everything read from the metadata, before anything is allocated. */
typedef struct {
    const rm_task_def *task_def;
    int variant, n_in, stim, delay, resp;
    rm_net_cfg net;
    rm_train_cfg train;
    rm_run_meta meta;
    long iter, adam_step;
    double beta1, beta2, eps;
    int has_spare;
    double spare;
    double win_num, win_den;
    long win_count;
    /* config.run of files without the run description */
    char condition[64], init_from[RM_RUN_PATH_MAX];
    long warmup;
    rm_ckpt_task_finder find;
    void *find_ud;
} ckpt_info;

static int read_config(jreader *r, json_t *cfg, ckpt_info *in) {
    json_t *t = jget(r, cfg, "config", "task"), *n = jget(r, cfg, "config", "net"),
           *c = jget(r, cfg, "config", "train"), *run = jget(r, cfg, "config", "run");
    const char *task = jstr(r, t, "task", "name", 64);
    const char *variant = jstr(r, t, "task", "variant", 64);
    in->n_in = (int)jint(r, t, "task", "n_in", 1, MAX_N_IN);
    in->stim = (int)jint(r, t, "task", "stim", 1, MAX_STEPS);
    in->delay = (int)jint(r, t, "task", "delay", 0, MAX_STEPS);
    in->resp = (int)jint(r, t, "task", "resp", 1, MAX_STEPS);
    snprintf(in->net.model, sizeof in->net.model, "%s", jstr(r, n, "net", "model", sizeof in->net.model));
    in->net.n_in = (int)jint(r, n, "net", "n_in", 1, 100000);
    in->net.n_hidden = (int)jint(r, n, "net", "n_hidden", RM_HIDDEN_MIN, RM_HIDDEN_MAX);
    in->net.n_out = (int)jint(r, n, "net", "n_out", 1, 1000);
    const char *out = jstr(r, n, "net", "out", 16);
    in->net.lambda0 = jnum(r, n, "net", "lambda0", 1);
    in->net.sigma0 = jnum(r, n, "net", "sigma0", 1);
    rm_train_cfg_default(&in->train);
    /* the same bounds as the command line's flags (core/rm_limits.h): a file cannot ask for
       more work than a user could */
    in->train.batch = (int)jint(r, c, "train", "batch", RM_BATCH_MIN, RM_BATCH_MAX);
    in->train.iters = (long)jint(r, c, "train", "iters", 0, RM_ITER_REACHED_MAX);
    in->train.test_batches =
        (int)jint(r, c, "train", "test_batches", RM_TEST_BATCHES_MIN, RM_TEST_BATCHES_MAX);
    in->train.log_every = (int)jint(r, c, "train", "log_every", RM_LOG_EVERY_MIN, RM_LOG_EVERY_MAX);
    in->train.lr = jnum(r, c, "train", "lr", 1);
    in->train.loss.kappa_a = jnum(r, c, "train", "kappa_a", 1);
    in->train.loss.rho = jnum(r, c, "train", "rho", 1);
    in->train.read_back = (int)jint(r, c, "train", "read_back", RM_READ_BACK_MIN, 3 * MAX_STEPS);
    in->train.si_trials = (int)jint(r, c, "train", "si_trials", 0, RM_SI_TRIALS_MAX);
    const char *seed = jstr(r, c, "train", "seed", 24);
    rm_run_meta_init(&in->meta);
    snprintf(in->meta.name, sizeof in->meta.name, "%s", jstr(r, run, "run", "name", sizeof in->meta.name));
    snprintf(in->condition, sizeof in->condition, "%s",
             jstr(r, run, "run", "condition", sizeof in->condition));
    if (!r->rc && json_object_get(run, "vardelay_warmup"))
        in->warmup = (long)jint(r, run, "run", "vardelay_warmup", 1, RM_ITERS_MAX);
    if (!r->rc && json_object_get(run, "init_from"))
        snprintf(in->init_from, sizeof in->init_from, "%s",
                 jstr(r, run, "run", "init_from", sizeof in->init_from));
    if (r->rc) return r->rc;
    char *end;
    in->train.seed = strtoull(seed, &end, 10);
    if (!*seed || *end || *seed == '-')
        return rm_seterr(r->e, RM_EFORMAT, "%s: metadata train.seed '%.24s' is not a number", r->what, seed);
    if (!(in->task_def = rm_task_find(task)) && in->find) in->task_def = in->find(in->find_ud, task);
    if (!in->task_def)
        return rm_seterr(r->e, RM_EINVAL, "%s: unknown task '%.32s': not built in, so the "
                         "network was trained on a task defined in Lua; define it first "
                         "(recmem.task.define{name=\"%.32s\", ...}, as the script that trained "
                         "it did), then load",
                         r->what, task, task);
    if ((in->variant = rm_variant_parse(variant)) < 0)
        return rm_seterr(r->e, RM_EFORMAT, "%s: unknown task variant '%.40s'", r->what, variant);
    if (!strcmp(out, "linear")) in->net.out = RM_OUT_LINEAR;
    else if (!strcmp(out, "sigmoid")) in->net.out = RM_OUT_SIGMOID;
    else return rm_seterr(r->e, RM_EFORMAT, "%s: unknown output unit '%.16s'", r->what, out);
    if (!rm_model_find(in->net.model))
        return rm_seterr(r->e, RM_EINVAL, "%s: unknown model '%.16s'", r->what, in->net.model);
    /* the condition is a label here (a network trained from Lua with its own condition
       table records that table's name): rm_ckpt_condition resolves it for a resume */
    for (const char *p = in->condition; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return rm_seterr(r->e, RM_EFORMAT, "%s: metadata run.condition has control characters",
                             r->what);
    if (in->train.lr <= 0 || in->train.loss.kappa_a < 0 || in->train.loss.rho < 0 ||
        in->net.sigma0 < 0)
        return rm_seterr(r->e, RM_EFORMAT, "%s: negative lr, kappa_a, rho or sigma0", r->what);
    return RM_OK;
}

static int read_state(jreader *r, json_t *st, ckpt_info *in) {
    json_t *a = jget(r, st, "state", "adam"), *g = jget(r, st, "state", "rng"),
           *w = jget(r, st, "state", "window"), *res = jget(r, st, "state", "result");
    in->iter = (long)jint(r, st, "state", "iter", 0, RM_ITER_REACHED_MAX);
    in->adam_step = (long)jint(r, a, "adam", "step", 0, RM_ITER_REACHED_MAX);
    in->beta1 = jnum(r, a, "adam", "beta1", 1);
    in->beta2 = jnum(r, a, "adam", "beta2", 1);
    in->eps = jnum(r, a, "adam", "eps", 1);
    in->has_spare = (int)jint(r, g, "rng", "has_spare", 0, 1);
    in->spare = jnum(r, g, "rng", "spare", 1);
    in->win_num = jnum(r, w, "window", "num", 0);
    in->win_den = jnum(r, w, "window", "den", 0);
    in->win_count = (long)jint(r, w, "window", "count", 0, 1L << 50);
    in->meta.test_infloss = jnum(r, res, "result", "test_infloss", 0);
    in->meta.test_loss = jnum(r, res, "result", "test_loss", 0);
    in->meta.si = jnum(r, res, "result", "si", 0);
    return r->rc;
}

/* The tensor `name` must exist with this dtype and shape (ndim 1 or 2). */
static const rm_st_tensor *expect(const rm_st_file *f, const char *what, const char *name,
                                  rm_st_dtype dt, int ndim, int64_t d0, int64_t d1, rm_err *e) {
    const rm_st_tensor *t = rm_st_find(f, name);
    if (!t) return rm_seterr(e, RM_EFORMAT, "%s: tensor '%s' is missing", what, name), NULL;
    if (t->dtype != dt)
        return rm_seterr(e, RM_EFORMAT, "%s: tensor '%s' has dtype %s, expected %s", what, name,
                         rm_st_dtype_name(t->dtype), rm_st_dtype_name(dt)), NULL;
    int64_t want[2] = {d0, d1};
    int ok = t->ndim == ndim;
    for (int d = 0; ok && d < ndim; d++) ok = t->shape[d] == want[d];
    if (!ok) {
        char got[96] = "", exp[48];
        size_t len = 0;
        for (int d = 0; d < t->ndim && len < sizeof got - 24; d++)
            len += snprintf(got + len, sizeof got - len, "%s%lld", d ? ", " : "", (long long)t->shape[d]);
        if (ndim == 1) snprintf(exp, sizeof exp, "%lld", (long long)d0);
        else snprintf(exp, sizeof exp, "%lld, %lld", (long long)d0, (long long)d1);
        return rm_seterr(e, RM_EFORMAT, "%s: tensor '%s' has shape [%s], but the config implies [%s]",
                         what, name, got, exp), NULL;
    }
    return t;
}

static const rm_st_tensor *expect_view(const rm_st_file *f, const char *what, const char *prefix,
                                       const rm_param_view *v, rm_err *e) {
    char name[64];
    snprintf(name, sizeof name, "%s%s", prefix, v->name);
    return v->rows == 1 ? expect(f, what, name, RM_ST_F32, 1, v->cols, 0, e)
                        : expect(f, what, name, RM_ST_F32, 2, v->rows, v->cols, e);
}

/* The run description: the "run" metadata, checked as any run's is; or, in a file written
   before it was saved, one made from config and the trainer. */
static int read_run(rm_ckpt *c, const rm_st_file *f, const char *what, const ckpt_info *in,
                    rm_err *e) {
    const char *text = rm_st_meta(f, "run");
    if (!text) {
        rm_run_cfg_from_trainer(&c->meta.run, &c->tr, in->condition, in->warmup, in->init_from);
        return RM_OK;
    }
    rm_run_cfg *run = &c->meta.run;
    rm_run_cfg_init(run);
    int rc = rm_run_cfg_loads(text, "metadata run", run, e);
    if (!rc) rc = rm_run_cfg_finish(run, RM_RUN_EXTERNAL_TASKS | RM_RUN_CONTINUED, e);
    if (rc) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return rm_seterr(e, RM_EFORMAT, "%s: %s", what, msg);
    }
    return RM_OK;
}

/* Builds c from a validated container. */
static int load_from(rm_ckpt *c, const rm_st_file *f, const char *what, rm_ckpt_task_finder find,
                     void *find_ud, rm_err *e) {
    jreader r = {what, e, RM_OK};
    ckpt_info in;
    memset(&in, 0, sizeof in);
    in.find = find;
    in.find_ud = find_ud;
    const char *fmt = rm_st_meta(f, "format"), *ver = rm_st_meta(f, "format_version");
    if (!fmt || strcmp(fmt, RM_CKPT_FORMAT))
        return rm_seterr(e, RM_EFORMAT, "%s: not a recmem checkpoint (metadata format is %s%.40s%s)",
                         what, fmt ? "'" : "missing", fmt ? fmt : "", fmt ? "'" : "");
    if (!ver || strcmp(ver, "1"))
        return rm_seterr(e, RM_EFORMAT, "%s: checkpoint format version %.20s is not supported "
                         "(this recmem reads version %d)", what, ver ? ver : "(missing)",
                         RM_CKPT_FORMAT_VERSION);
    const char *rv = rm_st_meta(f, "recmem_version"), *sa = rm_st_meta(f, "saved_at");
    snprintf(c->version, sizeof c->version, "%s", rv ? rv : "unknown");
    snprintf(c->saved_at, sizeof c->saved_at, "%s", sa ? sa : "");
    json_t *cfg = meta_parse(&r, f, "config"), *st = meta_parse(&r, f, "state");
    int rc = r.rc;
    if (!rc) rc = read_config(&r, cfg, &in);
    if (!rc) rc = read_state(&r, st, &in);
    if (cfg) json_decref(cfg);
    if (st) json_decref(st);
    if (rc) return rc;

    /* The task, with the sizes the run used. */
    if ((rc = rm_task_init(&c->task, in.task_def, in.variant, e))) return rc;
    rm_task *t = &c->task;
    t->n_in = in.n_in;
    t->stim = in.stim;
    t->delay = in.delay;
    t->resp = in.resp;
    t->T = t->stim + t->delay + t->resp;
    t->ch0 = (t->variant & RM_VARIANT_DYNAMIC) ? t->n_in : 0;
    t->n_chan = t->ch0 + in.task_def->n_loc * t->n_in;
    if (in.net.n_in != t->n_chan || in.net.n_out != t->n_out)
        return rm_seterr(e, RM_EFORMAT, "%s: network has %d inputs and %d outputs but task %s needs %d and %d",
                         what, in.net.n_in, in.net.n_out, in.task_def->name, t->n_chan, t->n_out);
    if (in.train.read_back > t->T)
        return rm_seterr(e, RM_EFORMAT, "%s: answer step T-%d is outside the %d-step trial", what,
                         in.train.read_back, t->T);
    /* Every model has at least an N x N and an N x n_in weight matrix, stored three times
       (parameters, Adam m and v): a file too small for that cannot match its config, and
       checking it here keeps a forged config from allocating a huge network. */
    const size_t N = in.net.n_hidden, data = f->size;
    if (N * N > data / 12 || N * (size_t)in.net.n_in > data / 12)
        return rm_seterr(e, RM_EFORMAT, "%s: file is too small for a %zu-unit network", what, N);
    const size_t ws = (size_t)in.train.batch * (t->T + 1) * (t->n_chan + 8 * N + 8);
    if (ws > MAX_WS_FLOATS)
        return rm_seterr(e, RM_EFORMAT, "%s: config needs %zu MB of training workspace", what,
                         ws * sizeof(float) >> 20);
    if ((rc = rm_net_create(&c->net, &in.net, NULL, e))) return rc;
    rm_net *net = &c->net;

    /* Every tensor, checked before any is copied. */
    const rm_st_tensor *p[RM_MAX_VIEWS], *m[RM_MAX_VIEWS], *v[RM_MAX_VIEWS];
    int expected = 3 * net->n_views + 4;
    for (int i = 0; i < net->n_views; i++)
        if (!(p[i] = expect_view(f, what, "", &net->view[i], e)) ||
            !(m[i] = expect_view(f, what, "adam.m.", &net->view[i], e)) ||
            !(v[i] = expect_view(f, what, "adam.v.", &net->view[i], e)))
            return RM_EFORMAT;
    const rm_st_tensor *rng = expect(f, what, "rng.state", RM_ST_U64, 1, 4, 0, e);
    if (!rng) return RM_EFORMAT;
    const rm_st_tensor *loss = expect(f, what, "history.loss", RM_ST_F32, 1, in.iter, 0, e);
    if (!loss) return RM_EFORMAT;
    const rm_st_tensor *il = rm_st_find(f, "history.infloss");
    const int64_t n_log = il ? (il->ndim == 1 ? il->shape[0] : -1) : 0;
    if (n_log < 0 || n_log > in.iter)
        return rm_seterr(e, RM_EFORMAT, "%s: tensor 'history.infloss' has a bad shape for %ld iterations",
                         what, in.iter);
    if (!(il = expect(f, what, "history.infloss", RM_ST_F32, 1, n_log, 0, e))) return RM_EFORMAT;
    const rm_st_tensor *li = expect(f, what, "history.log_iter", RM_ST_I64, 1, n_log, 0, e);
    if (!li) return RM_EFORMAT;
    if (f->n != expected) {
        for (int i = 0; i < f->n; i++) {
            const char *nm = f->t[i].name;
            const rm_st_tensor *ti = &f->t[i];
            int known = ti == rng || ti == loss || ti == il || ti == li;
            for (int k = 0; !known && k < net->n_views; k++)
                known = p[k] == ti || m[k] == ti || v[k] == ti;
            if (!known) return rm_seterr(e, RM_EFORMAT, "%s: unexpected tensor '%.60s'", what, nm);
        }
    }

    /* A trainer in the saved state. */
    if ((rc = rm_trainer_init(&c->tr, &in.train, t, net, e))) return rc;
    rm_trainer *tr = &c->tr;
    for (int i = 0; i < net->n_views; i++) {
        rm_st_copy(p[i], net->params + net->view[i].offset);
        rm_st_copy(m[i], tr->adam.m + net->view[i].offset);
        rm_st_copy(v[i], tr->adam.v + net->view[i].offset);
    }
    tr->adam.step = in.adam_step;
    tr->adam.beta1 = in.beta1;
    tr->adam.beta2 = in.beta2;
    tr->adam.eps = in.eps;
    rm_st_copy(rng, tr->rng.s);
    tr->rng.has_spare = in.has_spare;
    tr->rng.spare = in.spare;
    tr->window.num = in.win_num;
    tr->window.den = in.win_den;
    tr->window.count = in.win_count;
    rm_history *h = &tr->hist;
    h->loss = malloc((in.iter ? in.iter : 1) * sizeof *h->loss);
    h->infloss = malloc((n_log ? n_log : 1) * sizeof *h->infloss);
    h->log_iter = malloc((n_log ? n_log : 1) * sizeof *h->log_iter);
    int64_t *li64 = malloc((n_log ? n_log : 1) * sizeof *li64);
    if (!h->loss || !h->infloss || !h->log_iter || !li64) {
        free(li64);
        return rm_seterr(e, RM_ENOMEM, "%s: out of memory for the history", what);
    }
    rm_st_copy(loss, h->loss);
    rm_st_copy(il, h->infloss);
    rm_st_copy(li, li64);
    for (int64_t i = 0; i < n_log; i++) h->log_iter[i] = (long)li64[i];
    free(li64);
    h->n_iter = h->cap_iter = in.iter;
    h->n_log = h->cap_log = n_log;
    tr->iter = in.iter;
    c->meta = in.meta;
    return read_run(c, f, what, &in, e);
}

/* Builds a checkpoint from an opened file (closing it); what names it in messages. */
static int load_opened(rm_st_file *f, const char *what, rm_ckpt_task_finder find, void *ud,
                       rm_ckpt **out, rm_err *e) {
    rm_ckpt *c = calloc(1, sizeof *c);
    if (!c) {
        rm_st_close(f);
        return rm_seterr(e, RM_ENOMEM, "out of memory");
    }
    int rc = load_from(c, f, what, find, ud, e);
    rm_st_close(f);
    if (rc) {
        rm_err_one_line(e);
        rm_ckpt_free(c);
        return rc;
    }
    *out = c;
    return RM_OK;
}

int rm_ckpt_load_mem(const void *buf, size_t n, const char *what, rm_ckpt **out, rm_err *e) {
    *out = NULL;
    rm_st_file f;
    int rc = rm_st_parse(&f, buf, n, what, e);
    return rc ? rc : load_opened(&f, what, NULL, NULL, out, e);
}

int rm_ckpt_load_with(const char *path, rm_ckpt_task_finder find, void *ud, rm_ckpt **out,
                      rm_err *e) {
    *out = NULL;
    rm_st_file f;
    int rc = rm_st_read(&f, path, RM_CKPT_MAX_BYTES, e);
    return rc ? rc : load_opened(&f, path, find, ud, out, e);
}

int rm_ckpt_load(const char *path, rm_ckpt **out, rm_err *e) {
    return rm_ckpt_load_with(path, NULL, NULL, out, e);
}

int rm_ckpt_condition(const rm_ckpt *c, const char *what, rm_condition_set *out, rm_err *e) {
    const rm_run_cfg *run = &c->meta.run;
    rm_err ce;
    if (rm_condition_resolve(run->condition, c->net.cfg.model, run->task2[0] ? 1 : 0, out, &ce))
        return rm_seterr(e, RM_EFORMAT, "%s: run.condition: %s", what, ce.msg);
    return RM_OK;
}

void rm_ckpt_free(rm_ckpt *c) {
    if (!c) return;
    /* rm_trainer_free and rm_net_free are safe on the zeroed structs of a failed load */
    rm_trainer_free(&c->tr);
    rm_net_free(&c->net);
    free(c);
}
