/* runfile.h: the persistence side of one training session, so that a front end (recmem
 * train, the Lua layer) only calls three functions: begin (record the run in the registry),
 * iter (periodic checkpoints), end (final checkpoint and result). The registry is a
 * convenience: if it cannot be opened or written the session goes on and the problem is
 * reported as a warning. A checkpoint that cannot be written is an error. */
#ifndef RM_RUNFILE_H
#define RM_RUNFILE_H

#include "store/ckpt.h"
#include "store/registry.h"

typedef struct {
    const char *out;    /* checkpoint path (NULL: no checkpoint) */
    const char *db;     /* registry path (NULL: RM_REG_DEFAULT_PATH) */
    int no_db;          /* 1: do not record the run */
    long every;         /* save every `every` iterations (0: only at the end) */
} rm_runfile_opts;

typedef struct rm_runfile {
    rm_runfile_opts o;
    char out_abs[1024]; /* absolute checkpoint path (what the registry records) */
    rm_registry *reg;
    long long run_id;   /* 0 if not recorded */
    rm_run_meta meta;   /* test results are filled in by the caller before end */
    long last_saved;    /* iteration of the last checkpoint written, -1 if none */
} rm_runfile;

/* Starts a session for tr. Never fails for registry problems: those go to *warn (warn->code
   is RM_OK if there were none). */
void rm_runfile_begin(rm_runfile *rf, const rm_runfile_opts *o, const rm_trainer *tr,
                      const rm_run_meta *meta, rm_err *warn);
/* After each iteration: writes the checkpoint when tr->iter is a multiple of o.every, and
   records progress in the registry at log points. Returns non-zero only if the checkpoint
   failed. */
int rm_runfile_iter(rm_runfile *rf, const rm_trainer *tr, rm_err *e);
/* Ends the session. status: RM_OK (done), RM_ESTOPPED (stopped: the network is intact and
   is saved, so the run can be resumed) or a failure (the checkpoint is NOT rewritten, so a
   NaN network never replaces the last good one). error: message for a failure. Registry
   problems go to *warn; the return value is the checkpoint's status. If the checkpoint
   cannot be written, the network is saved to a fallback file beside it, in the working
   directory or in $TMPDIR (/tmp), whose path goes to kept (kept[0] = 0 if none could be). */
int rm_runfile_end(rm_runfile *rf, const rm_trainer *tr, int status, const char *error,
                   char *kept, size_t nkept, rm_err *e, rm_err *warn);

/* Checks that a file can be written at path before work depends on it: not empty, not a
   directory, its directory exists and a file can be created there (tried, then removed).
   RM_EIO (or RM_EINVAL) with one line naming the problem. */
int rm_check_output(const char *path, rm_err *e);
void rm_runfile_close(rm_runfile *rf);

/* `path` made absolute (its directory resolved with realpath; the file need not exist).
   Falls back to path itself if the directory cannot be resolved. */
void rm_abs_path(const char *path, char *out, size_t n);

#endif
