/* runfile.c: checkpoints and registry records around one training session (runfile.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

int rm_check_output(const char *path, rm_err *e) {
    if (!*path) return rm_seterr(e, RM_EINVAL, "'': the output path is empty");
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return rm_seterr(e, RM_EINVAL, "%.200s is a directory (give a file name in it)", path);
    char *copy = strdup(path);
    if (!copy) return rm_seterr(e, RM_ENOMEM, "out of memory");
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    if (slash && slash != copy) *slash = '\0';
    int rc = RM_OK;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = rm_seterr(e, RM_EIO, "%.200s: directory %.200s does not exist", path, dir);
    } else {
        /* the save writes a temporary file there and renames it: try exactly that */
        char probe[PATH_MAX];
        snprintf(probe, sizeof probe, "%s/.recmem-probe.%ld", dir, (long)getpid());
        int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) {
            rc = rm_seterr(e, RM_EIO, "%.200s: cannot create files in %.200s: %s", path, dir,
                           strerror(errno));
        } else {
            close(fd);
            unlink(probe);
        }
    }
    free(copy);
    return rc;
}

/* Saves tr somewhere when its own path failed: beside it, here, then in the temp dir. */
static void save_fallback(rm_runfile *rf, const rm_trainer *tr, char *kept, size_t n) {
    if (!kept || !n) return;
    kept[0] = '\0';
    const char *tmp = getenv("TMPDIR");
    char cand[3][1100];
    snprintf(cand[0], sizeof cand[0], "%s.rescued-%ld", rf->o.out, (long)getpid());
    snprintf(cand[1], sizeof cand[1], "recmem-rescued-%ld.safetensors", (long)getpid());
    snprintf(cand[2], sizeof cand[2], "%s/recmem-rescued-%ld.safetensors",
             tmp && *tmp ? tmp : "/tmp", (long)getpid());
    for (int i = 0; i < 3; i++) {
        rm_err ignored;
        if (rm_ckpt_save(cand[i], tr, &rf->meta, &ignored) == RM_OK) {
            snprintf(kept, n, "%s", cand[i]);
            return;
        }
    }
}

int rm_runfile_end(rm_runfile *rf, const rm_trainer *tr, int status, const char *error,
                   char *kept, size_t nkept, rm_err *e, rm_err *warn) {
    int rc = RM_OK;
    if (warn) warn->code = RM_OK, warn->msg[0] = '\0';
    if (kept && nkept) kept[0] = '\0';
    int intact = status == RM_OK || status == RM_ESTOPPED;
    /* saved even if a periodic save caught this iteration: test results may have come since */
    if (rf->o.out && intact) {
        rc = rm_ckpt_save(rf->o.out, tr, &rf->meta, e);
        if (!rc) rf->last_saved = tr->iter;
        else save_fallback(rf, tr, kept, nkept);
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
