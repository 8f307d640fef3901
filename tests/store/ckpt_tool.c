/* ckpt_tool.c: a helper the store's shell tests drive (not a test by itself).
 *   ckpt_tool saveloop PATH HIDDEN   save a checkpoint, print "ready", then keep
 *                                    re-saving it with a changing marker until killed
 *   ckpt_tool check PATH             load PATH; check the marker is consistent (a file
 *                                    mixing two saves would not be); print "ok ..."
 *   ckpt_tool dump PATH              every tensor's values, one line per tensor, for the
 *                                    independent Python reader to compare against
 *   ckpt_tool seeds DIR              small valid checkpoints: the fuzz target's seeds
 *   ckpt_tool setcfg IN OUT SECT KEY JSON
 *                                    a copy of IN whose metadata config.SECT.KEY is the
 *                                    JSON value given (a forged file for refusal tests)
 *   ckpt_tool setrun IN OUT KEY JSON the same for the run description (metadata run.KEY)
 *   ckpt_tool oldformat IN OUT       a copy of IN without the run description, as files
 *                                    were written before it existed */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/ckpt.h"
#include "store/safetensors.h"

typedef struct {
    rm_task task;
    rm_net net;
    rm_trainer tr;
} run;

static int run_open(run *r, const char *model, const char *task, int variant, int hidden,
                    int iters, rm_err *e) {
    memset(r, 0, sizeof *r);
    if (rm_task_init(&r->task, rm_task_find(task), variant, e)) return 1;
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &r->task);
    snprintf(nc.model, sizeof nc.model, "%s", model);
    nc.n_hidden = hidden;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    tc.batch = 2;
    tc.log_every = 2;
    tc.iters = iters;
    rm_rng rng;
    rm_rng_seed(&rng, 5);
    if (rm_net_create(&r->net, &nc, &rng, e) || rm_trainer_init(&r->tr, &tc, &r->task, &r->net, e))
        return 1;
    return iters ? rm_trainer_run(&r->tr, iters, NULL, e) : 0;
}

/* The marker: params[0] holds k and the run's name says "save k". */
static int saveloop(const char *path, int hidden) {
    run r;
    rm_err e;
    if (run_open(&r, "rnn", "DE1", 0, hidden, 0, &e)) return fprintf(stderr, "%s\n", e.msg), 1;
    rm_run_meta m;
    rm_run_meta_init(&m);
    for (long k = 0;; k++) {
        r.net.params[0] = (float)k;
        snprintf(m.name, sizeof m.name, "save %ld", k);
        if (rm_ckpt_save(path, &r.tr, &m, &e)) return fprintf(stderr, "%s\n", e.msg), 1;
        if (k == 0) printf("ready\n"), fflush(stdout);
    }
}

static int check(const char *path) {
    rm_ckpt *c;
    rm_err e;
    if (rm_ckpt_load(path, &c, &e)) return fprintf(stderr, "%s\n", e.msg), 1;
    long k = -1;
    int ok = sscanf(c->meta.name, "save %ld", &k) == 1 && (float)k == c->net.params[0];
    printf("%s marker %ld params[0] %g\n", ok ? "ok" : "MIXED", k, c->net.params[0]);
    rm_ckpt_free(c);
    return !ok;
}

static int dump(const char *path) {
    rm_st_file f;
    rm_err e;
    if (rm_st_read(&f, path, 0, &e)) return fprintf(stderr, "%s\n", e.msg), 1;
    for (int i = 0; i < f.n; i++) {
        const rm_st_tensor *t = &f.t[i];
        printf("%s %s", t->name, rm_st_dtype_name(t->dtype));
        for (int d = 0; d < t->ndim; d++) printf("%c%lld", d ? ',' : ' ', (long long)t->shape[d]);
        if (t->ndim == 0) printf(" -");
        void *buf = malloc(t->nbytes ? t->nbytes : 1);
        rm_st_copy(t, buf);
        for (size_t k = 0; k < t->numel; k++) {
            switch (t->dtype) {
            case RM_ST_F32: printf(" %.9g", ((float *)buf)[k]); break;
            case RM_ST_F64: printf(" %.17g", ((double *)buf)[k]); break;
            case RM_ST_I64: printf(" %" PRId64, ((int64_t *)buf)[k]); break;
            case RM_ST_U64: printf(" %" PRIu64, ((uint64_t *)buf)[k]); break;
            default: printf(" ?"); break;
            }
        }
        free(buf);
        putchar('\n');
    }
    rm_st_close(&f);
    return 0;
}

static int seeds(const char *dir) {
    static const struct { const char *model, *task; int variant; } s[] = {
        {"rnn", "DE1", 0}, {"rnn", "CD2", RM_VARIANT_VARDELAY | RM_VARIANT_DYNAMIC}, {"rnn", "SINE", 0},
    };
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        const rm_model_def *md = rm_model_find(s[i].model);
        if (!md) continue;
        run r;
        rm_err e;
        char path[1024];
        snprintf(path, sizeof path, "%s/seed%zu.safetensors", dir, i);
        if (run_open(&r, s[i].model, s[i].task, s[i].variant, 2, 3, &e) ||
            rm_ckpt_save(path, &r.tr, NULL, &e))
            return fprintf(stderr, "%s\n", e.msg), 1;
        rm_trainer_free(&r.tr);
        rm_net_free(&r.net);
    }
    return 0;
}

/* A copy of in with its metadata edited: the JSON text at metadata key `meta` gets
   sect.key (sect NULL: key) = value; value NULL removes metadata `meta` instead. */
static int edit_meta(const char *in, const char *out, const char *meta, const char *sect,
                     const char *key, const char *value) {
    FILE *f = fopen(in, "rb");
    if (!f) return perror(in), 1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    unsigned char *b = malloc((size_t)n);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) return fprintf(stderr, "%s: read failed\n", in), 1;
    fclose(f);
    uint64_t hl = 0;
    for (int i = 7; i >= 0; i--) hl = hl << 8 | b[i];
    json_t *h = json_loadb((const char *)b + 8, hl, 0, NULL);
    json_t *m = json_object_get(h, "__metadata__");
    if (!m || !json_object_get(m, meta)) return fprintf(stderr, "edit: no metadata %s\n", meta), 1;
    if (!value) {
        json_object_del(m, meta);
    } else {
        json_t *cfg = json_loads(json_string_value(json_object_get(m, meta)), 0, NULL);
        json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
        json_t *obj = sect ? json_object_get(cfg, sect) : cfg;
        if (!cfg || !v || !obj) return fprintf(stderr, "edit: bad input\n"), 1;
        json_object_set_new(obj, key, v);
        char *cs = json_dumps(cfg, JSON_COMPACT);
        json_object_set_new(m, meta, json_string(cs));
        free(cs);
        json_decref(cfg);
    }
    char *hs = json_dumps(h, JSON_COMPACT);
    size_t len = strlen(hs), padded = (len + 7) & ~(size_t)7;
    FILE *o = fopen(out, "wb");
    if (!o) return perror(out), 1;
    for (int i = 0; i < 8; i++) fputc((int)((uint64_t)padded >> (8 * i) & 0xff), o);
    fwrite(hs, 1, len, o);
    for (size_t i = len; i < padded; i++) fputc(' ', o);
    fwrite(b + 8 + hl, 1, (size_t)n - 8 - hl, o);
    fclose(o);
    free(hs);
    json_decref(h);
    free(b);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 7 && !strcmp(argv[1], "setcfg"))
        return edit_meta(argv[2], argv[3], "config", argv[4], argv[5], argv[6]);
    if (argc == 6 && !strcmp(argv[1], "setrun"))
        return edit_meta(argv[2], argv[3], "run", NULL, argv[4], argv[5]);
    if (argc == 4 && !strcmp(argv[1], "oldformat"))
        return edit_meta(argv[2], argv[3], "run", NULL, NULL, NULL);
    if (argc == 4 && !strcmp(argv[1], "saveloop")) return saveloop(argv[2], atoi(argv[3]));
    if (argc == 3 && !strcmp(argv[1], "check")) return check(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "dump")) return dump(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "seeds")) return seeds(argv[2]);
    fprintf(stderr, "usage: ckpt_tool saveloop PATH HIDDEN | check PATH | dump PATH | seeds DIR |\n"
                    "       setcfg IN OUT SECT KEY JSON | setrun IN OUT KEY JSON | oldformat IN OUT\n");
    return 2;
}
