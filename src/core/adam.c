/* adam.c: Adam with bias correction (Kingma & Ba), one flat loop over all parameters. */
#include <math.h>
#include <stdlib.h>
#include "adam.h"
#include "fpmode.h"

int rm_adam_init(rm_adam *a, size_t n, double lr, rm_err *e) {
    *a = (rm_adam){.lr = lr, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8, .n = n};
    a->m = calloc(2 * (n ? n : 1), sizeof(float));
    if (!a->m) return rm_seterr(e, RM_ENOMEM, "out of memory for Adam state (%zu floats)", 2 * n);
    a->v = a->m + n;
    return RM_OK;
}

void rm_adam_free(rm_adam *a) {
    free(a->m);
    a->m = a->v = NULL;
}

void rm_adam_update(rm_adam *a, float *p, const float *g) {
    a->step++;
    const double c1 = 1.0 - pow(a->beta1, (double)a->step);
    const double c2 = 1.0 - pow(a->beta2, (double)a->step);
    /* lr_t folds both corrections: p -= lr * (m / c1) / (sqrt(v / c2) + eps) */
    const float b1 = (float)a->beta1, b2 = (float)a->beta2;
    const float lr_c1 = (float)(a->lr / c1), inv_sqrt_c2 = (float)(1.0 / sqrt(c2));
    const float eps = (float)a->eps;
    float *m = a->m, *v = a->v;
    rm_fpmode fp = rm_fpmode_fast(); /* squares of small gradients are often denormal */
    for (size_t i = 0; i < a->n; i++) {
        m[i] = b1 * m[i] + (1.0f - b1) * g[i];
        v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        p[i] -= lr_c1 * m[i] / (sqrtf(v[i]) * inv_sqrt_c2 + eps);
    }
    rm_fpmode_restore(fp);
}
