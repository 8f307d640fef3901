/* task.c: the task registry, task set-up, batch allocation and the shared sampling
 * pipeline of SPEC 1: delays, the definition's rates, Poisson counts, the variable-delay
 * mask, the dynamic (irrelevant) input and the ideal observer. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "task_fill.h"

extern const rm_task_def rm_task_DE1, rm_task_DE2, rm_task_CD1, rm_task_CD2, rm_task_GDE,
    rm_task_2AFC, rm_task_SINE, rm_task_COMP;

static const rm_task_def *const builtin[] = {
    &rm_task_DE1, &rm_task_DE2, &rm_task_CD1, &rm_task_CD2, &rm_task_GDE,
    &rm_task_2AFC, &rm_task_SINE, &rm_task_COMP, NULL,
};

/* The delays of the variable-delay variant (SPEC 1). */
static const int vardelays[] = {10, 40, 70, 100};

static int name_eq(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

const rm_task_def *rm_task_find(const char *name) {
    if (!name) return NULL;
    for (int i = 0; builtin[i]; i++)
        if (name_eq(builtin[i]->name, name)) return builtin[i];
    return NULL;
}

const rm_task_def *rm_task_find_code(int code) {
    if (code < 0) return NULL;
    for (int i = 0; builtin[i]; i++)
        if (builtin[i]->code == code) return builtin[i];
    return NULL;
}

const rm_task_def *const *rm_task_list(void) { return builtin; }

int rm_task_init(rm_task *t, const rm_task_def *def, int variant, rm_err *e) {
    if (!def) return rm_seterr(e, RM_EINVAL, "no task definition");
    if (variant & ~(RM_VARIANT_VARDELAY | RM_VARIANT_DYNAMIC))
        return rm_seterr(e, RM_EINVAL, "task %s: unknown variant flags %d", def->name,
                         variant);
    if (def->n_loc < 1 || def->n_out < 1 || !def->fill)
        return rm_seterr(e, RM_EINVAL, "task %s: incomplete definition (n_loc %d, n_out %d)",
                         def->name, def->n_loc, def->n_out);
    if ((variant & RM_VARIANT_DYNAMIC) && !def->phi)
        return rm_seterr(e, RM_EINVAL, "task %s has no preferred values for dynamic input",
                         def->name);
    memset(t, 0, sizeof *t);
    t->def = def;
    t->variant = variant;
    t->n_in = 50;
    t->stim = 25;
    t->delay = 100;
    t->resp = 25;
    t->T = t->stim + t->delay + t->resp;
    t->ch0 = (variant & RM_VARIANT_DYNAMIC) ? t->n_in : 0;
    t->n_chan = t->ch0 + def->n_loc * t->n_in;
    t->n_out = def->n_out;
    return RM_OK;
}

int rm_variant_parse(const char *s) {
    if (!s) return 0;
    int flags = 0;
    while (*s) {
        size_t len = strcspn(s, "+");
        char word[16];
        if (len >= sizeof word) return -1;
        memcpy(word, s, len);
        word[len] = '\0';
        if (name_eq(word, "vardelay"))
            flags |= RM_VARIANT_VARDELAY;
        else if (name_eq(word, "dynamic"))
            flags |= RM_VARIANT_DYNAMIC;
        else if (!name_eq(word, "none"))
            return -1;
        s += len;
        if (*s == '+') {
            s++;
            if (!*s) return -1; /* trailing '+' */
        }
    }
    return flags;
}

const char *rm_variant_name(int variant) {
    switch (variant) {
    case RM_VARIANT_NONE: return "none";
    case RM_VARIANT_VARDELAY: return "vardelay";
    case RM_VARIANT_DYNAMIC: return "dynamic";
    case RM_VARIANT_VARDELAY | RM_VARIANT_DYNAMIC: return "vardelay+dynamic";
    default: return "unknown";
    }
}

rm_period rm_task_period(const rm_task *t, int delay, int step) {
    if (step < t->stim) return RM_PERIOD_STIM;
    if (step < t->stim + delay) return RM_PERIOD_DELAY;
    if (step < t->T - t->resp) return RM_PERIOD_MASKED;
    return RM_PERIOD_RESP;
}

void rm_batch_free(rm_batch *b) {
    free(b->x);
    free(b->target);
    free(b->mask);
    free(b->s);
    free(b->opt);
    free(b->delay);
    free(b->cue);
    memset(b, 0, sizeof *b);
}

int rm_batch_alloc(rm_batch *b, const rm_task *t, int B, rm_err *e) {
    memset(b, 0, sizeof *b);
    if (B < 1) return rm_seterr(e, RM_EINVAL, "batch size must be at least 1, got %d", B);
    size_t steps = (size_t)B * t->T;
    if (steps / t->T != (size_t)B || steps > SIZE_MAX / sizeof(float) / (t->n_chan + 1))
        return rm_seterr(e, RM_EINVAL, "batch of %d trials is too large", B);
    b->B = B;
    b->T = t->T;
    b->n_chan = t->n_chan;
    b->n_out = t->n_out;
    b->x = calloc(steps * t->n_chan, sizeof *b->x);
    b->target = calloc(steps * t->n_out, sizeof *b->target);
    b->mask = calloc(steps, sizeof *b->mask);
    b->s = calloc((size_t)B * t->n_out, sizeof *b->s);
    b->opt = calloc((size_t)B * t->n_out, sizeof *b->opt);
    b->delay = calloc(B, sizeof *b->delay);
    b->cue = malloc(B * sizeof *b->cue);
    if (!b->x || !b->target || !b->mask || !b->s || !b->opt || !b->delay || !b->cue) {
        rm_batch_free(b);
        return rm_seterr(e, RM_ENOMEM, "out of memory for a batch of %d trials", B);
    }
    for (int k = 0; k < B; k++) b->cue[k] = NAN;
    return RM_OK;
}

/* Dynamic input rates [T][n_in]: an irrelevant stimulus sweeping [dyn_lo, dyn_hi]. */
static int dynamic_rates(const rm_task *t, double **out, rm_err *e) {
    const rm_task_def *def = t->def;
    double *phi = malloc(t->n_in * sizeof *phi);
    double *rate = malloc((size_t)t->T * t->n_in * sizeof *rate);
    if (!phi || !rate) {
        free(phi);
        free(rate);
        return rm_seterr(e, RM_ENOMEM, "out of memory for dynamic input");
    }
    def->phi(phi, t->n_in);
    for (int step = 0; step < t->T; step++) {
        double si = def->dyn_lo + (def->dyn_hi - def->dyn_lo) * step / (t->T - 1);
        for (int i = 0; i < t->n_in; i++) {
            double d = si - phi[i];
            rate[(size_t)step * t->n_in + i] = def->dyn_gain * exp(-10.0 * d * d);
        }
    }
    free(phi);
    *out = rate;
    return RM_OK;
}

/* Poisson counts from the rates in row[c0, c1), in place. Rates repeat over the steps of a
   period, so each channel keeps its last rate and exp(-rate) (cache[2c], cache[2c+1]). */
static void poisson_row(rm_rng *rng, float *row, int c0, int c1, double *cache) {
    for (int c = c0; c < c1; c++) {
        double mean = row[c];
        if (!(mean > 0.0)) {
            row[c] = 0.0f;
            continue;
        }
        if (mean >= 10.0) {
            row[c] = (float)rm_rng_poisson(rng, mean);
            continue;
        }
        if (cache[2 * c] != mean) {
            cache[2 * c] = mean;
            cache[2 * c + 1] = exp(-mean);
        }
        row[c] = (float)rm_rng_poisson_small(rng, cache[2 * c + 1]);
    }
}

int rm_task_sample(const rm_task *t, rm_batch *b, rm_rng *rng, rm_err *e) {
    return rm_task_sample_fixed(t, b, NULL, rng, e);
}

int rm_task_sample_fixed(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                         rm_err *e) {
    if (!t->def || !b->x || b->T != t->T || b->n_chan != t->n_chan || b->n_out != t->n_out)
        return rm_seterr(e, RM_EINVAL, "batch does not fit task %s (%d steps, %d channels)",
                         t->def ? t->def->name : "?", t->T, t->n_chan);
    const rm_task_def *def = t->def;
    int B = b->B, T = t->T;
    size_t steps = (size_t)B * T;
    double *dyn = NULL, *cache = malloc(2 * (size_t)t->n_chan * sizeof *cache);
    if (!cache) return rm_seterr(e, RM_ENOMEM, "out of memory for a batch");
    for (int c = 0; c < 2 * t->n_chan; c++) cache[c] = -1.0;
    if (t->variant & RM_VARIANT_DYNAMIC) {
        int rc = dynamic_rates(t, &dyn, e);
        if (rc) {
            free(cache);
            return rc;
        }
    }

    memset(b->x, 0, steps * t->n_chan * sizeof *b->x);
    memset(b->target, 0, steps * t->n_out * sizeof *b->target);
    for (size_t i = 0; i < (size_t)B * t->n_out; i++) {
        b->s[i] = 0.0;
        b->opt[i] = NAN;
    }
    for (int k = 0; k < B; k++) b->cue[k] = NAN;
    for (int k = 0; k < B; k++)
        b->delay[k] = (t->variant & RM_VARIANT_VARDELAY)
                          ? vardelays[rm_rng_below(rng, 4)]
                          : t->delay;
    for (int k = 0; k < B; k++)
        if (b->delay[k] > t->delay) b->delay[k] = t->delay;

    int rc = def->fill(t, b, rm_fixed_any(fix) ? fix : NULL, rng, e);
    if (rc) {
        free(dyn);
        free(cache);
        return rc;
    }

    for (int k = 0; k < B; k++) {
        for (int step = 0; step < T; step++) {
            float *row = rm_x_row(b, k, step);
            int run = rm_task_period(t, b->delay[k], step) != RM_PERIOD_MASKED;
            b->mask[(size_t)k * T + step] = run ? 1.0f : 0.0f;
            if (!run) {
                /* A skipped step carries nothing: the network state passes unchanged. */
                memset(row, 0, t->n_chan * sizeof *row);
                memset(rm_target_row(b, k, step), 0, t->n_out * sizeof(float));
                continue;
            }
            if (def->poisson) poisson_row(rng, row, t->ch0, t->n_chan, cache);
            if (dyn) {
                for (int i = 0; i < t->n_in; i++) row[i] = (float)dyn[(size_t)step * t->n_in + i];
                poisson_row(rng, row, 0, t->n_in, cache);
            }
        }
    }
    free(dyn);
    free(cache);

    if (def->observe) def->observe(t, b);
    return RM_OK;
}
