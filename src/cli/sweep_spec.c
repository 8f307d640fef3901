/* sweep_spec.c: a sweep description (base run config plus axes) expanded into its points:
 * the value syntax (ranges lo:hi:n, lists a,b,c, whole-number ranges lo-hi), the run
 * config's keys with their types and defaults, and the stable expansion order. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sweep.h"

#define MAX_POINTS 100000

/* The run config's keys (the single run description's JSON form), in expansion order. */
const char *const sweep_keys[] = {
    "task", "variant", "model", "condition", "task2", "lambda", "sigma", "rho", "kappa_a",
    "read_back", "hidden", "batch", "iters", "lr", "seed", "vardelay_warmup", "init_from",
    "threads", "test_batches", "si_trials", "log_every", NULL};

/* 's' text, 'i' whole number, 'r' real; default (NULL: none, from the condition or unset) */
static const struct { char type; const char *def; } key_info[] = {
    {'s', NULL}, {'s', "none"}, {'s', NULL}, {'s', "basic"}, {'s', NULL}, {'r', "0.98"},
    {'r', "0"}, {'r', "0"}, {'r', NULL}, {'i', NULL}, {'i', "500"}, {'i', "50"},
    {'i', "25001"}, {'r', "5e-4"}, {'i', "1"}, {'i', "0"}, {'s', NULL}, {'i', "1"},
    {'i', "2501"}, {'i', "300"}, {'i', "500"}};

int sweep_key_index(const char *key) {
    for (int k = 0; sweep_keys[k]; k++)
        if (!strcmp(sweep_keys[k], key)) return k;
    return -1;
}

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_real(const char *s, double *v) {
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *s && !*end && !errno && isfinite(*v) ? 0 : -1;
}

static int parse_whole(const char *s, long long *v) {
    char *end;
    errno = 0;
    *v = strtoll(s, &end, 10);
    return *s && !*end && !errno ? 0 : -1;
}

/* A number of the key's type as JSON, or NULL if it is not one. */
static json_t *typed_number(char type, double x) {
    if (type == 'r') return json_real(x);
    if (x != floor(x) || fabs(x) > 9e15) return NULL;
    return json_integer((json_int_t)x);
}

/* lo:hi:n */
static int parse_range(const char *flag, char type, const char *spec, json_t *out, char *err,
                       size_t n) {
    char buf[128], *c1, *c2;
    snprintf(buf, sizeof buf, "%s", spec);
    double lo, hi;
    long long cnt;
    if (!(c1 = strchr(buf, ':')) || !(c2 = strchr(c1 + 1, ':')) || strchr(c2 + 1, ':'))
        return fail(err, n, "%s: '%s' is not a range lo:hi:n (e.g. 0.80:0.98:10)", flag, spec);
    *c1 = *c2 = '\0';
    if (parse_real(buf, &lo) || parse_real(c1 + 1, &hi))
        return fail(err, n, "%s: range '%s' has an end that is not a number", flag, spec);
    if (parse_whole(c2 + 1, &cnt) || cnt < 1 || cnt > MAX_POINTS)
        return fail(err, n, "%s: range '%s': the count n must be a whole number from 1 to %d",
                    flag, spec, MAX_POINTS);
    if (cnt == 1 && lo != hi)
        return fail(err, n, "%s: range '%s' has 1 value but two different ends", flag, spec);
    if (lo > hi)
        return fail(err, n, "%s: range '%s' runs backwards (lo > hi)", flag, spec);
    for (long long k = 0; k < cnt; k++) {
        /* the last value is hi exactly, not lo + (hi - lo) rounded */
        double x = k == cnt - 1 ? hi : lo + (hi - lo) * (double)k / (double)(cnt - 1);
        if (type == 'i') x = round(x * 1e9) / 1e9;
        json_t *v = typed_number(type, x);
        if (!v)
            return fail(err, n, "%s: range '%s' gives %g, which is not a whole number",
                        flag, spec, x);
        json_array_append_new(out, v);
    }
    return (int)cnt;
}

/* The values of key k (named `flag` in messages) from its spec text. */
static int parse_spec(const char *flag, int k, const char *spec, json_t *out, char *err, size_t n) {
    char type = key_info[k].type;
    if (!*spec) return fail(err, n, "%s: empty value", flag);
    if (type != 's' && strchr(spec, ':')) return parse_range(flag, type, spec, out, err, n);
    long long a, b;
    const char *dash = type == 'i' ? strchr(spec + 1, '-') : NULL;
    if (dash && !strchr(spec, ',')) {   /* lo-hi, whole numbers */
        char lo[64];
        snprintf(lo, sizeof lo, "%.*s", (int)(dash - spec), spec);
        if (parse_whole(lo, &a) || parse_whole(dash + 1, &b))
            return fail(err, n, "%s: '%s' is not a range lo-hi of whole numbers", flag, spec);
        if (a > b) return fail(err, n, "%s: range '%s' runs backwards", flag, spec);
        if (b - a >= MAX_POINTS)
            return fail(err, n, "%s: range '%s' has more than %d values", flag, spec, MAX_POINTS);
        for (long long x = a; x <= b; x++) json_array_append_new(out, json_integer(x));
        return (int)(b - a + 1);
    }
    int cnt = 0;
    for (const char *p = spec;; cnt++) {
        size_t len = strcspn(p, ",");
        char item[256];
        if (len == 0 || len >= sizeof item)
            return fail(err, n, "%s: '%s' has an empty or overlong item", flag, spec);
        snprintf(item, sizeof item, "%.*s", (int)len, p);
        json_t *v = NULL;
        double x;
        if (type == 's') v = json_string(item);
        else if (!parse_real(item, &x)) v = typed_number(type, x);
        if (!v)
            return fail(err, n, "%s: '%s' is not %s", flag, item,
                        type == 'i' ? "a whole number" : "a number");
        json_array_append_new(out, v);
        if (!p[len]) return cnt + 1;
        p += len + 1;
    }
}

/* The values of one key from a JSON spec (string, number, or array of those). */
static int spec_values(const char *where, const char *key, const json_t *spec, json_t *out,
                       char *err, size_t n) {
    char flag[700];
    int k = sweep_key_index(key);
    if (*where) snprintf(flag, sizeof flag, "%s%s", where, key);
    else {   /* the flag the user typed */
        snprintf(flag, sizeof flag, "--%s", key);
        for (char *p = flag + 2; *p; p++) if (*p == '_') *p = '-';
    }
    if (k < 0) {
        char known[400] = "";
        for (int j = 0; sweep_keys[j]; j++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", j ? " " : "",
                     sweep_keys[j]);
        return fail(err, n, "%s: unknown key (run config keys: %s)", flag, known);
    }
    char type = key_info[k].type;
    if (json_is_string(spec)) return parse_spec(flag, k, json_string_value(spec), out, err, n);
    if (json_is_number(spec)) {
        json_t *v = type == 's' ? NULL : typed_number(type, json_number_value(spec));
        if (!v) return fail(err, n, "%s: %g is not %s", flag, json_number_value(spec),
                            type == 's' ? "text" : "a whole number");
        json_array_append_new(out, v);
        return 1;
    }
    if (json_is_array(spec) && json_array_size(spec) > 0) {
        size_t i;
        json_t *item;
        json_array_foreach(spec, i, item) {
            json_t *v = NULL;
            if (type == 's' && json_is_string(item)) v = json_copy(item);
            else if (type != 's' && json_is_number(item))
                v = typed_number(type, json_number_value(item));
            if (!v) return fail(err, n, "%s: item %zu is not %s", flag, i + 1,
                                type == 's' ? "text" : type == 'i' ? "a whole number" : "a number");
            json_array_append_new(out, v);
        }
        return (int)i;
    }
    return fail(err, n, "%s: expected a value, a range string or a non-empty list", flag);
}

json_t *sweep_expand(const json_t *raw, const char *where, char *err, size_t n) {
    json_t *base = json_object(), *axes = json_array(), *vals[32] = {0};
    int nk = 0;
    while (sweep_keys[nk]) nk++;
    for (int k = 0; k < nk; k++) {
        const char *d = key_info[k].def;
        json_t *v = !d ? json_null() : key_info[k].type == 's' ? json_string(d)
                  : key_info[k].type == 'i' ? json_integer(atoll(d)) : json_real(atof(d));
        json_object_set_new(base, sweep_keys[k], v);
    }
    const json_t *rb = json_object_get(raw, "base"), *ra = json_object_get(raw, "axes");
    const char *key;
    json_t *spec;
    /* every key given, in base or axes, is checked; base values must be single */
    for (int pass = 0; pass < 2; pass++) {
        const json_t *src = pass ? ra : rb;
        char wh[600];
        snprintf(wh, sizeof wh, "%s%s", where, *where ? (pass ? "axes." : "base.") : "");
        json_object_foreach((json_t *)src, key, spec) {
            json_t *list = json_array();
            int c = spec_values(wh, key, spec, list, err, n);
            int k = sweep_key_index(key);
            if (c > 1 && !pass) {
                fail(err, n, "%s%s: a base value must be single (put ranges in axes)", wh, key);
                c = -1;
            }
            if (c < 0) {
                json_decref(list);
                goto bad;
            }
            if (c == 1) json_object_set(base, key, json_array_get(list, 0));
            if (c > 1) {
                json_decref(vals[k]);
                vals[k] = json_incref(list);
            }
            json_decref(list);
        }
    }
    for (int k = 0; k < nk; k++)
        if (vals[k]) json_object_del(base, sweep_keys[k]);
    {
        if (!json_is_null(json_object_get(base, "kappa_a")) ||
            !json_is_null(json_object_get(base, "read_back")) ||
            vals[sweep_key_index("kappa_a")] || vals[sweep_key_index("read_back")]) {
            fail(err, n, "%skappa_a and read_back come from the condition: recmem train has no "
                 "flag for them yet, so a sweep cannot set them (sweep --condition instead)",
                 where);
            goto bad;
        }
    }
    if (json_is_null(json_object_get(base, "task")) && !vals[0]) {
        fail(err, n, "%s%s is required (e.g. --task DE1)", where, *where ? "task" : "--task");
        goto bad;
    }
    /* the points: an odometer over the axes in key order, the last key fastest */
    size_t total = 1;
    int ax[32], nax = 0;
    for (int k = 0; k < nk; k++)
        if (vals[k]) {
            ax[nax++] = k;
            total *= json_array_size(vals[k]);
            if (total > MAX_POINTS) {
                fail(err, n, "%sthe sweep has more than %d points", where, MAX_POINTS);
                goto bad;
            }
            json_t *a = json_pack("{s:s, s:O, s:O}", "key", sweep_keys[k], "spec",
                                  json_object_get(ra, sweep_keys[k]), "values", vals[k]);
            json_array_append_new(axes, a);
        }
    json_t *points = json_array();
    size_t idx[32] = {0};
    for (size_t p = 0; p < total; p++) {
        json_t *pt = json_object();
        for (int k = 0; k < nk; k++) {   /* every key, in key order */
            json_t *v = json_object_get(base, sweep_keys[k]);
            for (int a = 0; a < nax; a++)
                if (ax[a] == k) v = json_array_get(vals[k], idx[a]);
            json_object_set(pt, sweep_keys[k], v);
        }
        json_array_append_new(points, pt);
        for (int a = nax - 1; a >= 0; a--) {
            if (++idx[a] < json_array_size(vals[ax[a]])) break;
            idx[a] = 0;
        }
    }
    json_t *name = json_object_get(raw, "name");
    json_t *desc = json_pack("{s:s, s:i, s:O, s:o, s:o, s:s, s:o}", "format", RM_SWEEP_FORMAT,
                             "version", RM_SWEEP_VERSION, "name", name ? name : json_null(),
                             "base", base, "axes", axes, "order",
                             "axes in run-config key order, the last one fastest", "points",
                             points);
    for (int k = 0; k < nk; k++) json_decref(vals[k]);
    return desc;
bad:
    for (int k = 0; k < nk; k++) json_decref(vals[k]);
    json_decref(base);
    json_decref(axes);
    return NULL;
}
