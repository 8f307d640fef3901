/* init_from.c: recmem train --init-from (see init_from.h). */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "init_from.h"
#include "store/ckpt.h"

int cli_init_from(rm_net *net, const char *path) {
    rm_ckpt *ck;
    rm_err e;
    if (rm_ckpt_load(path, &ck, &e)) return cli_fail("train: --init-from: %s", e.msg);
    const rm_net *src = &ck->net;
    int rc = 0;
    if (strcmp(src->cfg.model, net->cfg.model))
        rc = cli_fail("train: --init-from: %s holds a %s network, this run trains %s "
                      "(--model %s to match)", path, src->cfg.model, net->cfg.model,
                      src->cfg.model);
    else if (src->cfg.n_hidden != net->cfg.n_hidden)
        rc = cli_fail("train: --init-from: %s has %d hidden units, this run %d (--hidden %d "
                      "to match)", path, src->cfg.n_hidden, net->cfg.n_hidden,
                      src->cfg.n_hidden);
    if (!rc) {
        char copied[256], fresh[256];
        rm_net_copy_matching(net, src, copied, sizeof copied, fresh, sizeof fresh);
        fprintf(stderr, "recmem: starting from %s (%s, iteration %ld): copied %s; fresh: %s\n",
                path, ck->task.def->name, ck->tr.iter, copied[0] ? copied : "none",
                fresh[0] ? fresh : "none");
    }
    rm_ckpt_free(ck);
    return rc;
}
