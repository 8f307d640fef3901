/* sweep_collect.c: `recmem sweep collect DIR`: the sweep's points into the run registry.
 * Only this command writes the registry for a sweep: compute nodes never open SQLite. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include "store/ckpt.h"
#include "store/registry.h"
#include "sweep.h"

/* Records every point that has a result and a network in the registry, marked with the
   sweep's name (recmem runs sweep=NAME). Keyed by the checkpoint's absolute path, so
   collecting twice adds nothing. */
int sweep_collect(const rm_sweep *s, const char *db) {
    rm_registry *reg;
    rm_err e;
    if (rm_reg_open(db, &reg, &e)) return cli_error("sweep: %s", e.msg);
    size_t added = 0, updated = 0, nonet = 0, pending = 0;
    int rc = 0;
    for (size_t i = 0; i < s->n && !rc; i++) {
        json_t *r;
        rm_point_state st = rm_sweep_state(s, i, &r);
        char ckpt[4096], abs[PATH_MAX];
        rm_sweep_path(s, "points", i, ckpt, sizeof ckpt);
        if (st != RM_POINT_DONE && st != RM_POINT_FAILED) pending++;
        else if (!realpath(ckpt, abs)) nonet++;   /* failed before its first save */
        else {
            rm_ckpt *ck;
            if (rm_ckpt_load(abs, &ck, &e)) {
                rc = cli_error("sweep: point %zu: %s", i, e.msg);
            } else {
                snprintf(ck->meta.name, sizeof ck->meta.name, "%s", s->name);
                const char *why = json_string_value(json_object_get(r, "error"));
                long long id;
                int was_added;
                if (rm_reg_run_import(reg, &ck->tr, &ck->meta, abs,
                                      st == RM_POINT_DONE ? "done" : "failed", why, &id,
                                      &was_added, &e))
                    rc = cli_error("sweep: point %zu: %s", i, e.msg);
                else if (was_added) added++;
                else updated++;
                rm_ckpt_free(ck);
            }
        }
        json_decref(r);
    }
    rm_reg_close(reg);
    if (rc) return rc;
    printf("sweep %s: %zu runs added to %s, %zu already there", s->name, added, db, updated);
    if (nonet) printf("; %zu failed points have no network to record", nonet);
    if (pending) printf("; %zu points not finished", pending);
    printf("\n");
    return 0;
}
