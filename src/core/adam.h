/* adam.h: Adam with bias correction over one flat parameter buffer (SPEC 3). */
#ifndef RM_ADAM_H
#define RM_ADAM_H

#include <stddef.h>
#include "rm_err.h"

typedef struct {
    double lr, beta1, beta2, eps;
    long step;       /* updates done so far */
    size_t n;
    float *m, *v;    /* one allocation: m then v */
} rm_adam;

int rm_adam_init(rm_adam *a, size_t n, double lr, rm_err *e); /* lr 5e-4 in the paper */
void rm_adam_free(rm_adam *a);
/* One update: p -= lr * mhat / (sqrt(vhat) + eps). */
void rm_adam_update(rm_adam *a, float *p, const float *g);

#endif
