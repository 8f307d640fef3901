/* runfile.c: checkpoints and registry records around one training session (runfile.h). */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runfile.h"

void rm_abs_path(const char *path, char *out, size_t n) {
    snprintf(out, n, "%s", path);
    char *copy = strdup(path);
    if (!copy) return;
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    const char *base = slash ? slash + 1 : copy;
    if (slash && slash != copy) *slash = '\0';
    char resolved[PATH_MAX];
    if (realpath(dir, resolved))
        snprintf(out, n, "%s%s%s", resolved, strcmp(resolved, "/") ? "/" : "", base);
    free(copy);
}

void rm_runfile_begin(rm_runfile *rf, const rm_runfile_opts *o, const rm_trainer *tr,
                      const rm_run_meta *meta, rm_err *warn) {
    memset(rf, 0, sizeof *rf);
    rf->o = *o;
    rf->last_saved = -1;
    if (meta) rf->meta = *meta;
    else rm_run_meta_init(&rf->meta);
    if (warn) warn->code = RM_OK, warn->msg[0] = '\0';
    if (o->out) rm_abs_path(o->out, rf->out_abs, sizeof rf->out_abs);
    if (o->no_db) return;
    if (rm_reg_open(o->db ? o->db : RM_REG_DEFAULT_PATH, &rf->reg, warn)) return;
    if (rm_reg_run_begin(rf->reg, tr, &rf->meta, o->out ? rf->out_abs : NULL, &rf->run_id, warn)) {
        rm_reg_close(rf->reg);
        rf->reg = NULL;
    }
}

int rm_runfile_iter(rm_runfile *rf, const rm_trainer *tr, rm_err *e) {
    /* progress at log points is best effort: a busy or broken registry must not stop
       training */
    if (rf->reg && tr->iter % tr->cfg.log_every == 0) rm_reg_run_progress(rf->reg, rf->run_id, tr, NULL);
    if (!rf->o.out || rf->o.every <= 0 || tr->iter % rf->o.every != 0) return RM_OK;
    int rc = rm_ckpt_save(rf->o.out, tr, &rf->meta, e);
    if (rc) return rc;
    rf->last_saved = tr->iter;
    return RM_OK;
}

int rm_runfile_end(rm_runfile *rf, const rm_trainer *tr, int status, const char *error,
                   rm_err *e, rm_err *warn) {
    int rc = RM_OK;
    if (warn) warn->code = RM_OK, warn->msg[0] = '\0';
    int intact = status == RM_OK || status == RM_ESTOPPED;
    /* saved even if a periodic save caught this iteration: test results may have come since */
    if (rf->o.out && intact) {
        rc = rm_ckpt_save(rf->o.out, tr, &rf->meta, e);
        if (!rc) rf->last_saved = tr->iter;
    }
    if (rf->reg) {
        const char *st = status == RM_OK ? "done" : status == RM_ESTOPPED ? "stopped" : "failed";
        if (rc) st = "failed", error = e ? e->msg : "checkpoint failed";
        rm_reg_run_end(rf->reg, rf->run_id, tr, &rf->meta, st, error, warn);
    }
    return rc;
}

void rm_runfile_close(rm_runfile *rf) {
    rm_reg_close(rf->reg);
    rf->reg = NULL;
}
