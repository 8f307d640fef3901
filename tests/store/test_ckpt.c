/* test_ckpt.c: checkpoints. For every model: save -> load is bit-exact (parameters, Adam
 * moments and step, RNG, history, information-loss window, config), and training the
 * loaded copy continues bit-identically to the original (resume equivalence at the library
 * level). Saving over an existing file leaves no temporary files. Malformed files (truncated,
 * huge header length, bad JSON, offsets out of bounds or overlapping, holes, wrong dtype,
 * wrong shape, missing or extra tensors, bad metadata) are refused with a one-line message
 * naming the problem. */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "store/ckpt.h"
#include "store/safetensors.h"

typedef struct {
    rm_task task;
    rm_net net;
    rm_trainer tr;
} run;

static int run_open(run *r, const char *model, const char *task, int variant, uint64_t seed) {
    rm_err e = {0};
    memset(r, 0, sizeof *r);
    if (rm_task_init(&r->task, rm_task_find(task), variant, &e)) goto fail;
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &r->task);
    snprintf(nc.model, sizeof nc.model, "%s", model);
    nc.n_hidden = 6;
    nc.lambda0 = 0.95;
    nc.sigma0 = 0.01;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    tc.batch = 3;
    tc.iters = 20;
    tc.log_every = 4;   /* 10 iterations: two log points and a half-full window */
    tc.loss.rho = 1e-3;
    tc.seed = seed;
    rm_rng rng;
    rm_rng_seed(&rng, rm_seed_init(seed));
    if (rm_net_create(&r->net, &nc, &rng, &e)) goto fail;
    if (rm_trainer_init(&r->tr, &tc, &r->task, &r->net, &e)) goto fail;
    return 0;
fail:
    CHECK(0, "setting up %s/%s: %s", model, task, e.msg);
    return -1;
}

static void run_close(run *r) {
    rm_trainer_free(&r->tr);
    rm_net_free(&r->net);
}

#define SAME(a, b, n, what) CHECK(!memcmp((a), (b), (n)), "%s: %s differs after load", label, what)

static void compare(const char *label, const rm_trainer *a, const rm_trainer *b) {
    const rm_net *na = a->net, *nb = b->net;
    CHECK(na->n_params == nb->n_params && na->n_views == nb->n_views, "%s: layout differs", label);
    if (na->n_params != nb->n_params) return;
    CHECK(!strcmp(na->cfg.model, nb->cfg.model) && na->cfg.n_in == nb->cfg.n_in &&
          na->cfg.n_hidden == nb->cfg.n_hidden && na->cfg.n_out == nb->cfg.n_out &&
          na->cfg.out == nb->cfg.out && na->cfg.lambda0 == nb->cfg.lambda0 &&
          na->cfg.sigma0 == nb->cfg.sigma0, "%s: net config differs after load", label);
    SAME(na->params, nb->params, na->n_params * sizeof(float), "parameters");
    SAME(a->adam.m, b->adam.m, na->n_params * sizeof(float), "Adam m");
    SAME(a->adam.v, b->adam.v, na->n_params * sizeof(float), "Adam v");
    CHECK(a->adam.step == b->adam.step && a->adam.lr == b->adam.lr &&
          a->adam.beta1 == b->adam.beta1 && a->adam.beta2 == b->adam.beta2 &&
          a->adam.eps == b->adam.eps, "%s: Adam settings differ", label);
    SAME(a->rng.s, b->rng.s, sizeof a->rng.s, "RNG state");
    CHECK(a->rng.has_spare == b->rng.has_spare &&
          (!a->rng.has_spare || a->rng.spare == b->rng.spare), "%s: RNG spare differs", label);
    CHECK(a->iter == b->iter, "%s: iteration %ld vs %ld", label, a->iter, b->iter);
    CHECK(a->hist.n_iter == b->hist.n_iter && a->hist.n_log == b->hist.n_log,
          "%s: history lengths differ", label);
    if (a->hist.n_iter == b->hist.n_iter)
        SAME(a->hist.loss, b->hist.loss, a->hist.n_iter * sizeof(float), "loss history");
    if (a->hist.n_log == b->hist.n_log && a->hist.n_log) {
        SAME(a->hist.infloss, b->hist.infloss, a->hist.n_log * sizeof(float), "infloss history");
        SAME(a->hist.log_iter, b->hist.log_iter, a->hist.n_log * sizeof(long), "log iterations");
    }
    CHECK(a->window.kind == b->window.kind && a->window.count == b->window.count &&
          !memcmp(&a->window.num, &b->window.num, sizeof(double)) &&
          !memcmp(&a->window.den, &b->window.den, sizeof(double)),
          "%s: information-loss window differs", label);
    const rm_train_cfg *ca = &a->cfg, *cb = &b->cfg;
    CHECK(ca->batch == cb->batch && ca->iters == cb->iters && ca->test_batches == cb->test_batches &&
          ca->log_every == cb->log_every && ca->lr == cb->lr &&
          ca->loss.kappa_a == cb->loss.kappa_a && ca->loss.rho == cb->loss.rho &&
          ca->read_back == cb->read_back && ca->si_trials == cb->si_trials && ca->seed == cb->seed,
          "%s: train config differs after load", label);
    const rm_task *ta = a->task, *tb = b->task;
    CHECK(ta->def == tb->def && ta->variant == tb->variant && ta->n_in == tb->n_in &&
          ta->T == tb->T && ta->n_chan == tb->n_chan && ta->ch0 == tb->ch0, "%s: task differs", label);
}

static char tmpdir[] = "/tmp/rm-test-ckpt-XXXXXX";

static void round_trip(const char *model, const char *task, int variant) {
    char label[96], path[256];
    snprintf(label, sizeof label, "%s/%s/%s", model, task, rm_variant_name(variant));
    snprintf(path, sizeof path, "%s/%s-%s.safetensors", tmpdir, model, task);
    run a;
    rm_err e = {0};
    if (run_open(&a, model, task, variant, 11)) return;
    CHECK(rm_trainer_run(&a.tr, 10, NULL, &e) == 0, "%s: training: %s", label, e.msg);
    rm_run_meta meta;
    rm_run_meta_init(&meta);
    snprintf(meta.name, sizeof meta.name, "round trip %.40s", label);
    rm_run_cfg_from_trainer(&meta.run, &a.tr, "tethered", 0, "");
    meta.test_infloss = 0.25;
    CHECK(rm_ckpt_save(path, &a.tr, &meta, &e) == 0, "%s: save: %s", label, e.msg);
    rm_ckpt *c = NULL;
    CHECK(rm_ckpt_load(path, &c, &e) == 0, "%s: load: %s", label, e.msg);
    if (!c) {
        run_close(&a);
        return;
    }
    compare(label, &a.tr, &c->tr);
    CHECK(!strcmp(c->meta.name, meta.name) && strstr(c->meta.run.condition, "tethered") &&
          c->meta.run.kappa_a == a.tr.cfg.loss.kappa_a && c->meta.run.seed == a.tr.cfg.seed &&
          c->meta.test_infloss == 0.25 && isnan(c->meta.si), "%s: run metadata differs", label);
    CHECK(c->tr.task == &c->task && c->tr.net == &c->net, "%s: trainer not wired", label);

    /* resume: both continue for 10 iterations (crossing a log point) */
    CHECK(rm_trainer_run(&a.tr, 20, NULL, &e) == 0, "%s: %s", label, e.msg);
    CHECK(rm_trainer_run(&c->tr, 20, NULL, &e) == 0, "%s: resumed: %s", label, e.msg);
    snprintf(label + strlen(label), sizeof label - strlen(label), " resumed");
    compare(label, &a.tr, &c->tr);

    /* the in-memory encoding loads the same */
    unsigned char *buf = NULL;
    size_t n = 0;
    CHECK(rm_ckpt_encode(&a.tr, &meta, &buf, &n, &e) == 0, "%s: encode: %s", label, e.msg);
    rm_ckpt *d = NULL;
    CHECK(rm_ckpt_load_mem(buf, n, "buffer", &d, &e) == 0, "%s: load_mem: %s", label, e.msg);
    if (d) compare(label, &a.tr, &d->tr);
    rm_ckpt_free(d);
    free(buf);
    rm_ckpt_free(c);
    run_close(&a);
}

/* ---- malformed files ---- */

static unsigned char *good;
static size_t good_n;

/* Splits `good` into its header JSON and data section. */
static json_t *good_header(size_t *data_start) {
    uint64_t h = 0;
    for (int i = 7; i >= 0; i--) h = h << 8 | good[i];
    *data_start = 8 + h;
    return json_loadb((const char *)good + 8, h, 0, NULL);
}

/* Re-encodes a header (padded to 8) in front of n data bytes: the first `avail` from
   `data`, the rest zero. */
static unsigned char *assemble(json_t *hdr, const unsigned char *data, size_t avail, size_t n,
                               size_t *out_n) {
    char *s = json_dumps(hdr, JSON_COMPACT | JSON_PRESERVE_ORDER);
    size_t hl = strlen(s), padded = (hl + 7) & ~(size_t)7;
    unsigned char *b = calloc(1, 8 + padded + n);
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)padded >> (8 * i));
    memcpy(b + 8, s, hl);
    memset(b + 8 + hl, ' ', padded - hl);
    memcpy(b + 8 + padded, data, avail < n ? avail : n);
    free(s);
    *out_n = 8 + padded + n;
    return b;
}

static void expect_refused(const char *label, const unsigned char *buf, size_t n,
                           const char *phrase) {
    rm_ckpt *c = NULL;
    rm_err e = {0};
    int rc = rm_ckpt_load_mem(buf, n, "bad.safetensors", &c, &e);
    CHECK(rc != RM_OK && c == NULL, "%s: malformed file was accepted", label);
    CHECK(rc == RM_OK || strstr(e.msg, phrase), "%s: message '%s' does not mention '%s'", label,
          e.msg, phrase);
    CHECK(rc == RM_OK || (!strchr(e.msg, '\n') && !strncmp(e.msg, "bad.safetensors", 15)),
          "%s: message is not one line naming the file: '%s'", label, e.msg);
    rm_ckpt_free(c);
}

/* Applies edit() to a copy of the good header and expects the result to be refused. */
static void header_case(const char *label, void (*edit)(json_t *hdr, size_t *data_n),
                        const char *phrase) {
    size_t ds;
    json_t *h = good_header(&ds);
    size_t dn = good_n - ds;
    edit(h, &dn);
    size_t n;
    unsigned char *b = assemble(h, good + ds, good_n - ds, dn, &n);
    expect_refused(label, b, n, phrase);
    free(b);
    json_decref(h);
}

static void set_offsets(json_t *h, const char *name, long long b, long long e) {
    json_object_set_new(json_object_get(h, name), "data_offsets", json_pack("[I,I]", b, e));
}
static long long off(json_t *h, const char *name, int i) {
    return json_integer_value(json_array_get(json_object_get(json_object_get(h, name), "data_offsets"), i));
}

static void edit_oob(json_t *h, size_t *dn) {
    set_offsets(h, "b_out", off(h, "b_out", 0) + (long long)*dn, off(h, "b_out", 1) + (long long)*dn);
}
static void edit_overlap(json_t *h, size_t *dn) {
    /* W_in and b_in each keep their byte counts, but b_in now starts inside W_in */
    long long len = off(h, "b_in", 1) - off(h, "b_in", 0);
    set_offsets(h, "b_in", off(h, "W_in", 0), off(h, "W_in", 0) + len);
}
static void edit_hole(json_t *h, size_t *dn) { *dn += 8; }
static void edit_gap(json_t *h, size_t *dn) {
    /* the last tensor (history.log_iter) moved 8 bytes further, leaving a hole */
    set_offsets(h, "history.log_iter", off(h, "history.log_iter", 0) + 8,
                off(h, "history.log_iter", 1) + 8);
    *dn += 8;
}
static void edit_dtype(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "W_hh"), "dtype", json_string("I32"));
}
static void edit_dtype_f64(json_t *h, size_t *dn) {
    /* W_hh as F64 of half as many elements: consistent bytes, wrong dtype for recmem */
    json_t *t = json_object_get(h, "W_hh");
    json_object_set_new(t, "dtype", json_string("F64"));
    json_int_t r = json_integer_value(json_array_get(json_object_get(t, "shape"), 0));
    json_int_t c = json_integer_value(json_array_get(json_object_get(t, "shape"), 1));
    json_object_set_new(t, "shape", json_pack("[I,I]", r, c / 2));
}
static void edit_unknown_dtype(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "W_hh"), "dtype", json_string("F128"));
}
static void edit_shape(json_t *h, size_t *dn) {
    /* 6 x 6 stored as 4 x 9: right byte count, wrong shape for the config */
    json_object_set_new(json_object_get(h, "W_hh"), "shape", json_pack("[i,i]", 4, 9));
}
static void edit_shape_bytes(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "W_hh"), "shape", json_pack("[i,i]", 7, 7));
}
static void edit_neg_shape(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "W_hh"), "shape", json_pack("[i,i]", -6, -6));
}
static void edit_missing(json_t *h, size_t *dn) {
    /* drop adam.v.b_out (the last tensor of its kind) and its bytes... by renaming it */
    json_t *t = json_object_get(h, "adam.v.b_out");
    json_object_set(h, "adam.v.b_outx", t);
    json_object_del(h, "adam.v.b_out");
}
static void edit_config(json_t *h, size_t *dn) {
    json_t *m = json_object_get(h, "__metadata__");
    json_object_set_new(m, "config", json_string("{\"task\": 3}"));
}
static void edit_config_json(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "__metadata__"), "config", json_string("{oops"));
}
static void edit_hidden(json_t *h, size_t *dn) {
    /* the config says 7 hidden units; the tensors hold 6 */
    json_t *m = json_object_get(h, "__metadata__");
    json_t *cfg = json_loads(json_string_value(json_object_get(m, "config")), 0, NULL);
    json_object_set_new(json_object_get(cfg, "net"), "n_hidden", json_integer(7));
    char *s = json_dumps(cfg, JSON_COMPACT);
    json_object_set_new(m, "config", json_string(s));
    free(s);
    json_decref(cfg);
}
static void edit_huge_hidden(json_t *h, size_t *dn) {
    json_t *m = json_object_get(h, "__metadata__");
    json_t *cfg = json_loads(json_string_value(json_object_get(m, "config")), 0, NULL);
    json_object_set_new(json_object_get(cfg, "net"), "n_hidden", json_integer(20000));
    char *s = json_dumps(cfg, JSON_COMPACT);
    json_object_set_new(m, "config", json_string(s));
    free(s);
    json_decref(cfg);
}
static void edit_task(json_t *h, size_t *dn) {
    json_t *m = json_object_get(h, "__metadata__");
    json_t *cfg = json_loads(json_string_value(json_object_get(m, "config")), 0, NULL);
    json_object_set_new(json_object_get(cfg, "task"), "name", json_string("NOPE"));
    char *s = json_dumps(cfg, JSON_COMPACT);
    json_object_set_new(m, "config", json_string(s));
    free(s);
    json_decref(cfg);
}
/* Sets config.<cfg_sect>.<cfg_key> to cfg_val (a value a forged file may carry). */
static const char *cfg_sect, *cfg_key;
static json_t *cfg_val;
static void edit_cfg_field(json_t *h, size_t *dn) {
    json_t *m = json_object_get(h, "__metadata__");
    json_t *cfg = json_loads(json_string_value(json_object_get(m, "config")), 0, NULL);
    json_object_set(json_object_get(cfg, cfg_sect), cfg_key, cfg_val);
    char *s = json_dumps(cfg, JSON_COMPACT);
    json_object_set_new(m, "config", json_string(s));
    free(s);
    json_decref(cfg);
}
static void cfg_case(const char *sect, const char *key, json_t *val, const char *phrase) {
    cfg_sect = sect;
    cfg_key = key;
    cfg_val = val;
    header_case(key, edit_cfg_field, phrase);
    json_decref(val);
}

/* The run description's key run_key set to run_val (a JSON value). */
static const char *run_key;
static json_t *run_val;
static void edit_run_field(json_t *h, size_t *dn) {
    json_t *m = json_object_get(h, "__metadata__");
    json_t *run = json_loads(json_string_value(json_object_get(m, "run")), 0, NULL);
    json_object_set(run, run_key, run_val);
    char *s = json_dumps(run, JSON_COMPACT);
    json_object_set_new(m, "run", json_string(s));
    free(s);
    json_decref(run);
}
static void run_case(const char *key, json_t *val, const char *phrase) {
    run_key = key;
    run_val = val;
    header_case(key, edit_run_field, phrase);
    json_decref(val);
}

static void edit_version(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "__metadata__"), "format_version", json_string("2"));
}
static void edit_version_newline(json_t *h, size_t *dn) {
    /* found by the fuzzer: file text with control characters must not break the line */
    json_object_set_new(json_object_get(h, "__metadata__"), "format_version",
                        json_string("1\nsecond line\r\x1b[31m"));
}
static void edit_name_newline(json_t *h, size_t *dn) {
    json_t *t = json_object_get(h, "adam.v.b_out");
    json_object_set(h, "evil\nname", t);
    json_object_del(h, "adam.v.b_out");
}
static void edit_meta_type(json_t *h, size_t *dn) {
    json_object_set_new(json_object_get(h, "__metadata__"), "saved_at", json_integer(3));
}

static void malformed(void) {
    run a;
    rm_err e = {0};
    if (run_open(&a, "rnn", "DE1", 0, 3)) return;
    CHECK(rm_trainer_run(&a.tr, 5, NULL, &e) == 0, "%s", e.msg);
    CHECK(rm_ckpt_encode(&a.tr, NULL, &good, &good_n, &e) == 0, "%s", e.msg);
    run_close(&a);
    rm_ckpt *c = NULL;
    CHECK(rm_ckpt_load_mem(good, good_n, "good", &c, &e) == 0, "the unmodified file: %s", e.msg);
    rm_ckpt_free(c);

    expect_refused("empty", good, 0, "too short");
    expect_refused("4 bytes", good, 4, "too short");
    expect_refused("header cut", good, 100, "exceeds the file size");
    expect_refused("data cut by one byte", good, good_n - 1, "outside");
    unsigned char *b = malloc(good_n);
    memcpy(b, good, good_n);
    memset(b, 0xff, 8);
    expect_refused("huge header length", b, good_n, "exceeds the");
    memset(b, 0, 8);
    b[0] = 1;
    expect_refused("header length 1", b, good_n, "not a JSON object");
    memcpy(b, good, good_n);
    b[9] = '!';
    expect_refused("bad JSON", b, good_n, "bad JSON");
    free(b);
    header_case("offsets out of bounds", edit_oob, "outside");
    header_case("overlapping offsets", edit_overlap, "overlap");
    header_case("bytes after the data", edit_hole, "after the last tensor");
    header_case("hole in the data", edit_gap, "unused bytes before");
    header_case("wrong dtype", edit_dtype, "dtype I32, expected F32");
    header_case("wrong dtype", edit_dtype_f64, "dtype F64");
    header_case("unknown dtype", edit_unknown_dtype, "unknown dtype");
    header_case("wrong shape", edit_shape, "shape [4, 9]");
    header_case("shape vs bytes", edit_shape_bytes, "need");
    header_case("negative shape", edit_neg_shape, "bad shape");
    header_case("missing tensor", edit_missing, "'adam.v.b_out' is missing");
    header_case("config field of the wrong type", edit_config, "metadata");
    header_case("config not JSON", edit_config_json, "not a JSON object");
    header_case("config vs tensors", edit_hidden, "shape [6, 50], but the config implies [7, 50]");
    header_case("config with a huge network", edit_huge_hidden, "too small");
    header_case("unknown task", edit_task, "unknown task 'NOPE'");
    header_case("newer format", edit_version, "version 2");
    /* every value a file carries lies within the command line's bounds (core/rm_limits.h) */
    cfg_case("train", "test_batches", json_integer(1 << 30), "train.test_batches must be an integer in [1, 1000000]");
    cfg_case("train", "test_batches", json_integer(0), "train.test_batches");
    cfg_case("train", "si_trials", json_integer(1 << 30), "train.si_trials must be an integer in [0, 1000000]");
    cfg_case("train", "log_every", json_integer(1 << 30), "train.log_every");
    cfg_case("train", "batch", json_integer(100001), "train.batch");
    cfg_case("train", "iters", json_integer(1LL << 40), "train.iters");
    cfg_case("net", "n_hidden", json_integer(20001), "net.n_hidden");
    cfg_case("run", "condition", json_string("bad\ncondition"), "run.condition has control");
    /* the run description is checked as any run's (rm_run_cfg_finish), with the same bounds */
    run_case("test_batches", json_integer(1 << 30), "test_batches 1073741824 is out of range [1, 1000000]");
    run_case("hidden", json_integer(20001), "hidden 20001 is out of range [1, 20000]");
    run_case("condition", json_string("nosuch"), "unknown condition 'nosuch'");
    header_case("metadata value not a string", edit_meta_type, "not a string");
    header_case("control characters in a value", edit_version_newline, "version 1?second line");
    header_case("control characters in a name", edit_name_newline, "'adam.v.b_out' is missing");

    /* in a file from before run descriptions, the config's condition is a label to the
       loader (Lua recorded its own tables' names); resolving it for a resume names the file */
    static const struct { const char *cond; int ok; } conds[] = {
        {"tethered+vardelay", 1}, {"custom", 0}, {"hebbian", 0}, {"nosuch", 0}};
    for (size_t k = 0; k < sizeof conds / sizeof *conds; k++) {
        cfg_sect = "run", cfg_key = "condition", cfg_val = json_string(conds[k].cond);
        size_t ds, n;
        json_t *h = good_header(&ds);
        size_t dn = good_n - ds;
        edit_cfg_field(h, &dn);
        json_object_del(json_object_get(h, "__metadata__"), "run");
        unsigned char *buf = assemble(h, good + ds, good_n - ds, dn, &n);
        rm_ckpt *c2 = NULL;
        rm_condition_set cs;
        CHECK(rm_ckpt_load_mem(buf, n, "cond.safetensors", &c2, &e) == 0, "condition %s: %s",
              conds[k].cond, e.msg);
        int rc = c2 ? rm_ckpt_condition(c2, "cond.safetensors", &cs, &e) : -1;
        CHECK(conds[k].ok ? rc == 0 : (rc == RM_EFORMAT && strstr(e.msg, "cond.safetensors: run.condition:")),
              "condition %s resolved to %d: %s", conds[k].cond, rc, e.msg);
        rm_ckpt_free(c2);
        free(buf);
        json_decref(h);
        json_decref(cfg_val);
    }

    rm_ckpt *d = NULL;
    CHECK(rm_ckpt_load("/nonexistent/x.safetensors", &d, &e) == RM_EIO && !d,
          "a missing file should be RM_EIO");
    free(good);
}

/* Saving over a file replaces it whole and leaves no temporary file behind. */
static void overwrite(void) {
    run a;
    rm_err e = {0};
    char path[256];
    snprintf(path, sizeof path, "%s/over.safetensors", tmpdir);
    if (run_open(&a, "rnn", "2AFC", 0, 5)) return;
    CHECK(rm_ckpt_save(path, &a.tr, NULL, &e) == 0, "%s", e.msg);
    CHECK(rm_trainer_run(&a.tr, 3, NULL, &e) == 0, "%s", e.msg);
    CHECK(rm_ckpt_save(path, &a.tr, NULL, &e) == 0, "%s", e.msg);
    rm_ckpt *c = NULL;
    CHECK(rm_ckpt_load(path, &c, &e) == 0 && c && c->tr.iter == 3, "overwrite: %s", e.msg);
    rm_ckpt_free(c);
    DIR *d = opendir(tmpdir);
    struct dirent *de;
    while (d && (de = readdir(d)))
        CHECK(!strstr(de->d_name, ".tmp."), "temporary file %s left behind", de->d_name);
    if (d) closedir(d);
    CHECK(rm_ckpt_save("/nonexistent-dir/x.safetensors", &a.tr, NULL, &e) == RM_EIO,
          "saving into a missing directory should fail with RM_EIO");
    run_close(&a);
}

static void cleanup(void) {
    DIR *d = opendir(tmpdir);
    struct dirent *de;
    char p[512];
    while (d && (de = readdir(d)))
        if (de->d_name[0] != '.') snprintf(p, sizeof p, "%s/%s", tmpdir, de->d_name), unlink(p);
    if (d) closedir(d);
    rmdir(tmpdir);
}

int main(void) {
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    for (const rm_model_def *const *m = rm_model_list(); *m; m++) {
        round_trip((*m)->name, "DE1", 0);
        round_trip((*m)->name, "CD2", RM_VARIANT_VARDELAY | RM_VARIANT_DYNAMIC);
    }
    round_trip("rnn", "SINE", 0);
    malformed();
    overwrite();
    cleanup();
    return check_result("test_ckpt");
}
