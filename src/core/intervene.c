/* intervene.c: applying interventions (intervene.h) to the hidden state after each step of
 * a forward pass, and checking them against a network's size and a trial's length. */
#include <math.h>
#include "intervene.h"

static const char *kind_name(rm_iv_kind k) {
    switch (k) {
    case RM_IV_LESION: return "lesion";
    case RM_IV_CLAMP: return "clamp";
    case RM_IV_NOISE: return "noise";
    case RM_IV_PERTURB: return "perturb";
    }
    return "intervention";
}

int rm_intervention_check(const rm_intervention *iv, int N, int T, rm_err *e) {
    if (!iv) return RM_OK;
    if (iv->n_ops < 0 || (iv->n_ops > 0 && !iv->ops))
        return rm_seterr(e, RM_EINVAL, "malformed intervention list");
    for (int i = 0; i < iv->n_ops; i++) {
        const rm_iv_op *op = &iv->ops[i];
        const char *k = kind_name(op->kind);
        if (op->kind < RM_IV_LESION || op->kind > RM_IV_PERTURB)
            return rm_seterr(e, RM_EINVAL, "unknown intervention kind %d", (int)op->kind);
        if (op->t0 < 1 || op->t1 > T || op->t0 > op->t1)
            return rm_seterr(e, RM_EINVAL, "%s: steps %d..%d outside the trial's 1..%d", k,
                             op->t0, op->t1, T);
        if (op->kind == RM_IV_PERTURB && op->t0 != op->t1)
            return rm_seterr(e, RM_EINVAL, "perturb acts on one step, not %d..%d", op->t0,
                             op->t1);
        if (op->units) {
            if (op->n_units < 1) return rm_seterr(e, RM_EINVAL, "%s: no units", k);
            for (int j = 0; j < op->n_units; j++)
                if (op->units[j] < 0 || op->units[j] >= N)
                    return rm_seterr(e, RM_EINVAL, "%s: unit index %d outside 0..%d", k,
                                     op->units[j], N - 1);
        }
        if (!isfinite(op->value))
            return rm_seterr(e, RM_EINVAL, "%s: value %g is not finite", k, op->value);
        if (op->kind == RM_IV_NOISE && op->value < 0)
            return rm_seterr(e, RM_EINVAL, "noise: sd %g is negative", op->value);
    }
    return RM_OK;
}

/* splitmix64's finaliser: a well-mixed 64-bit hash. */
static uint64_t mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* One op on one trial's state row[N] at step t. */
static void apply_op(const rm_iv_op *op, float *row, int N, int t, int trial) {
    const int n = op->units ? op->n_units : N;
    const float v = (float)op->value;
    rm_rng rng;
    if (op->kind == RM_IV_NOISE)
        rm_rng_seed(&rng, mix64(mix64(mix64(op->seed) ^ (uint64_t)t) ^ (uint64_t)trial));
    for (int i = 0; i < n; i++) {
        float *h = row + (op->units ? op->units[i] : i);
        switch (op->kind) {
        case RM_IV_LESION: *h = 0.0f; break;
        case RM_IV_CLAMP: *h = v; break;
        case RM_IV_PERTURB: *h += v; break;
        case RM_IV_NOISE: *h += (float)(op->value * rm_rng_normal(&rng)); break;
        }
    }
}

void rm_intervene_step(const rm_ws *ws, int t, int N) {
    const rm_intervention *iv = ws->iv;
    if (!iv) return;
    static const rm_iv_kind order[] = {RM_IV_NOISE, RM_IV_PERTURB, RM_IV_CLAMP, RM_IV_LESION};
    const int B = ws->B;
    float *h = ws->h + (size_t)t * B * N;
    const float *m = ws->mask + (size_t)(t - 1) * B;
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < iv->n_ops; i++) {
            const rm_iv_op *op = &iv->ops[i];
            if (op->kind != order[k] || t < op->t0 || t > op->t1) continue;
            for (int b = 0; b < B; b++)
                if (m[b] != 0.0f) apply_op(op, h + (size_t)b * N, N, t, b);
        }
}
