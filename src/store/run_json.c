/* run_json.c: the run description to and from JSON (run_json.h). One table names every key
 * with its field, so writing and reading cannot drift apart. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_json.h"

typedef enum { STR, DBL, INT, LONG, SEED } kind;

static const struct key {
    const char *name;
    kind k;
    size_t off, size;   /* size: of a string field */
} keys[] = {
#define S(n, f) {n, STR, offsetof(rm_run_cfg, f), sizeof((rm_run_cfg *)0)->f}
#define F(n, f, k) {n, k, offsetof(rm_run_cfg, f), 0}
    S("task", task), S("variant", variant), S("model", model), S("condition", condition),
    S("task2", task2), F("lambda", lambda0, DBL), F("sigma", sigma0, DBL), F("rho", rho, DBL),
    F("kappa_a", kappa_a, DBL), F("read_back", read_back, INT), F("hidden", hidden, INT),
    F("batch", batch, INT), F("iters", iters, LONG), F("lr", lr, DBL), F("seed", seed, SEED),
    F("vardelay_warmup", vardelay_warmup, LONG), S("init_from", init_from),
    F("threads", threads, INT), F("test_batches", test_batches, INT),
    F("si_trials", si_trials, INT), F("log_every", log_every, INT),
#undef S
#undef F
};
#define N_KEYS (sizeof keys / sizeof keys[0])

json_t *rm_json_text(const char *s) {
    json_t *j = json_string(s);
    if (j) return j;
    char *buf = strdup(s);
    if (!buf) return NULL;
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p >= 0x80) *p = '?';
    j = json_string(buf);
    free(buf);
    return j;
}

static json_t *value_json(const struct key *k, const rm_run_cfg *c) {
    const char *p = (const char *)c + k->off;
    switch (k->k) {
    case STR: return rm_json_text(p);
    case DBL: {
        double x;
        memcpy(&x, p, sizeof x);
        return isnan(x) ? json_null() : json_real(x); /* NaN: kappa_a left to the condition */
    }
    case INT: return json_integer(*(const int *)(const void *)p);
    case LONG: return json_integer(*(const long *)(const void *)p);
    case SEED: {
        uint64_t s;
        memcpy(&s, p, sizeof s);
        if (s <= INT64_MAX) return json_integer((json_int_t)s);
        char buf[24];
        snprintf(buf, sizeof buf, "%" PRIu64, s);
        return json_string(buf);
    }
    }
    return NULL;
}

json_t *rm_run_cfg_json(const rm_run_cfg *c) {
    json_t *o = json_object();
    for (size_t i = 0; o && i < N_KEYS; i++)
        if (json_object_set_new(o, keys[i].name, value_json(&keys[i], c))) {
            json_decref(o);
            o = NULL;
        }
    return o;
}

char *rm_run_cfg_dumps(const rm_run_cfg *c) {
    json_t *o = rm_run_cfg_json(c);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return s;
}

static int set_value(const struct key *k, json_t *v, rm_run_cfg *c, rm_err *e) {
    char *p = (char *)c + k->off;
    switch (k->k) {
    case STR: {
        if (!json_is_string(v))
            return rm_seterr(e, RM_EINVAL, "%s must be a string", k->name);
        const char *s = json_string_value(v);
        if (strlen(s) >= k->size)
            return rm_seterr(e, RM_EINVAL, "%s is longer than %zu bytes", k->name, k->size - 1);
        memcpy(p, s, strlen(s) + 1);
        return RM_OK;
    }
    case DBL: {
        double x;
        if (json_is_null(v) && !strcmp(k->name, "kappa_a")) x = NAN;
        else if (json_is_number(v)) x = json_number_value(v);
        else return rm_seterr(e, RM_EINVAL, "%s must be a number", k->name);
        memcpy(p, &x, sizeof x);
        return RM_OK;
    }
    case INT: case LONG: {
        json_int_t x;
        if (json_is_null(v) && !strcmp(k->name, "read_back")) x = 0;
        else if (json_is_integer(v)) x = json_integer_value(v);
        else return rm_seterr(e, RM_EINVAL, "%s must be an integer", k->name);
        /* beyond an int: the nearest int, which the checks of rm_run_cfg_finish refuse */
        if (k->k == INT && (x > INT_MAX || x < INT_MIN)) x = x > 0 ? INT_MAX : INT_MIN;
        if (k->k == INT) *(int *)(void *)p = (int)x;
        else *(long *)(void *)p = (long)x;
        return RM_OK;
    }
    case SEED: {
        uint64_t s;
        if (json_is_integer(v) && json_integer_value(v) >= 0) {
            s = (uint64_t)json_integer_value(v);
        } else if (json_is_string(v)) {
            const char *t = json_string_value(v);
            char *end;
            errno = 0;
            s = strtoull(t, &end, 10);
            if (!*t || *t < '0' || *t > '9' || *end || errno)
                return rm_seterr(e, RM_EINVAL, "seed '%.24s' is not a number in [0, 2^64-1]", t);
        } else {
            return rm_seterr(e, RM_EINVAL, "seed must be an integer in [0, 2^64-1] (or one "
                             "as a decimal string)");
        }
        memcpy(p, &s, sizeof s);
        return RM_OK;
    }
    }
    return RM_OK;
}

int rm_run_cfg_from_json(const json_t *j, rm_run_cfg *c, rm_err *e) {
    if (!json_is_object(j)) return rm_seterr(e, RM_EINVAL, "a run config must be a JSON object");
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)j, name, v) {
        size_t i = 0;
        while (i < N_KEYS && strcmp(keys[i].name, name)) i++;
        if (i == N_KEYS)
            return rm_seterr(e, RM_EINVAL, "unknown key '%.40s' (known: task, variant, model, "
                             "condition, task2, lambda, sigma, rho, kappa_a, read_back, hidden, "
                             "batch, iters, lr, seed, ...)", name);
        int rc = set_value(&keys[i], v, c, e);
        if (rc) return rc;
    }
    return RM_OK;
}

/* rm_run_cfg_from_json on a parsed text, its name (what) put before any message; takes
   the reference to j. */
static int from_parsed(json_t *j, const char *what, rm_run_cfg *c, rm_err *e) {
    int rc = rm_run_cfg_from_json(j, c, e);
    json_decref(j);
    if (rc) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        rm_seterr(e, rc, "%.200s: %s", what, msg);
    }
    return rc;
}

int rm_run_cfg_loads(const char *text, const char *what, rm_run_cfg *c, rm_err *e) {
    json_error_t err;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    if (!j)
        return rm_seterr(e, RM_EINVAL, "%s: not JSON (line %d: %s)", what, err.line, err.text);
    return from_parsed(j, what, c, e);
}

int rm_run_cfg_load_file(const char *path, rm_run_cfg *c, rm_err *e) {
    json_error_t err;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!j) {
        FILE *f = fopen(path, "r");
        if (!f) return rm_seterr(e, RM_EIO, "%s: %s", path, strerror(errno));
        fclose(f);
        return rm_seterr(e, RM_EINVAL, "%s: not JSON (line %d: %s)", path, err.line, err.text);
    }
    return from_parsed(j, path, c, e);
}
