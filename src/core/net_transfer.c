/* net_transfer.c: starting one network from another's weights (recmem train --init-from):
 * the parameters that mean the same in both are copied, the rest keep their fresh values. */
#include <stdio.h>
#include <string.h>
#include "net.h"

static void add_name(char *list, size_t n, const char *name) {
    if (!list || !n) return;
    size_t len = strlen(list);
    snprintf(list + len, n - len, "%s%s", len ? " " : "", name);
}

int rm_net_copy_matching(rm_net *dst, const rm_net *src, char *copied, size_t nc, char *kept,
                         size_t nk) {
    if (copied && nc) copied[0] = '\0';
    if (kept && nk) kept[0] = '\0';
    int n = 0;
    for (int i = 0; i < dst->n_views; i++) {
        const rm_param_view *d = &dst->view[i], *s = rm_net_view(src, d->name);
        if (s && s->rows == d->rows && s->cols == d->cols) {
            memcpy(dst->params + d->offset, src->params + s->offset,
                   (size_t)d->rows * d->cols * sizeof(float));
            add_name(copied, nc, d->name);
            n++;
        } else {
            add_name(kept, nk, d->name);
        }
    }
    return n;
}
