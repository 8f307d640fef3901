/* registry.h: the run registry, an SQLite database (default ./recmem.db) with one row per
 * training run and its logged history in a child table. Several recmem processes may write
 * to one database file on a local disk at once: the database is in WAL mode, every write is
 * one IMMEDIATE transaction, and a busy database is waited on (busy_timeout) rather than
 * failed. The schema is versioned with PRAGMA user_version.
 *
 * Schema (version 3; older databases are upgraded when opened: version 1 lacked `run`
 * and `pid_start`, and a version 2 had one of the two, depending on the build that made it):
 *   runs(id INTEGER PRIMARY KEY, name, task, variant, model, condition, lambda0, sigma0,
 *        rho, n_hidden, seed TEXT, iters (target), config (JSON text, see ckpt.h),
 *        status ('running' | 'done' | 'failed' | 'stopped'), iter (done so far),
 *        loss (last iteration), infloss (last log point), test_infloss, test_loss, si,
 *        checkpoint (absolute path or NULL), error, host, pid, created, updated, finished
 *        (UTC ISO 8601 text), run (the run description as JSON, store/run_json.h: what
 *        `recmem train --config` reads back), pid_start ("<boot id>/<start time>" of the
 *        process that owns a running row, so a reused pid is not taken for it))
 * A row stays 'running' if its process is killed (kill -9, a crash, a reboot). Listing
 * shows such a row of this host as "died" (rows of other hosts cannot be checked and are
 * shown as they are); rm_reg_prune marks them failed for good.
 *   history(run_id -> runs.id ON DELETE CASCADE, iter, loss (mean over the log window),
 *           infloss; PRIMARY KEY (run_id, iter))
 * The sqlite3 shell reads it directly, e.g.
 *   sqlite3 recmem.db "select id, task, lambda0, sigma0, si from runs where status='done'" */
#ifndef RM_REGISTRY_H
#define RM_REGISTRY_H

#include "core/train.h"
#include "store/ckpt.h"

#define RM_REG_SCHEMA_VERSION 3
#define RM_REG_DEFAULT_PATH "recmem.db"

typedef struct rm_registry rm_registry;

/* Opens (creating if needed) the database at path and brings its schema up to date.
   RM_EFORMAT if the file is not a registry or has a newer schema. */
int rm_reg_open(const char *path, rm_registry **out, rm_err *e);
void rm_reg_close(rm_registry *r);   /* NULL is fine */

/* Records a run that is starting (status 'running') and returns its id. checkpoint (may
   be NULL) is where it will be saved. A resumed run (tr->iter > 0) continues the latest row
   of that checkpoint that is not running (or whose process on this host is gone), keeping
   its id. A fresh run gets a new row, and older rows of the same file lose their
   checkpoint (it is about to be overwritten) with a note in their error column. */
int rm_reg_run_begin(rm_registry *r, const rm_trainer *tr, const rm_run_meta *meta,
                     const char *checkpoint, long long *id, rm_err *e);
/* Progress of a running run: iteration, last loss and information loss. Cheap; call it at
   log points or checkpoints, not every iteration. */
int rm_reg_run_progress(rm_registry *r, long long id, const rm_trainer *tr, rm_err *e);
/* Final state: status ("done", "stopped", "failed"), test results from meta (NaN = none),
   error text (NULL if none), and the history's log points, all in one transaction. */
int rm_reg_run_end(rm_registry *r, long long id, const rm_trainer *tr, const rm_run_meta *meta,
                   const char *status, const char *error, rm_err *e);

/* Records a run that ended elsewhere (a sweep point trained on another node, collected by
   `recmem sweep collect`): the row of that checkpoint if there is one (updated, so
   recording twice adds nothing), a new row otherwise; then its final state as
   rm_reg_run_end. *added (may be NULL) is 1 if a row was added. */
int rm_reg_run_import(rm_registry *r, const rm_trainer *tr, const rm_run_meta *meta,
                      const char *checkpoint, const char *status, const char *error,
                      long long *id, int *added, rm_err *e);

/* One row of `runs`. Numbers that are NULL in the database are NaN (or -1 for integers). */
typedef struct {
    long long id;
    char name[64], task[16], variant[24], model[16], condition[64], status[16];
    double lambda0, sigma0, rho;
    long n_hidden, iters, iter;
    char seed[24];
    double loss, infloss, test_infloss, test_loss, si;
    char checkpoint[1024];
    char error[256];
    char host[64];
    long pid;
    char created[32], updated[32], finished[32];
    char *config;   /* JSON text, malloc'd */
    char *run;      /* the run description as JSON (store/run_json.h), malloc'd; NULL for
                       rows written before the column existed */
} rm_run_row;

/* A filter term: column op value, e.g. task=DE1, si>3, lambda0<=0.9, status!=failed; or a
   bare word, which matches runs whose name, task, model, condition or status contains it. */
typedef struct {
    char col[24];   /* "" for a bare word */
    char op[3];     /* "=", "!=", "<", "<=", ">", ">=" */
    char value[256];
} rm_reg_term;

/* Parses "col<op>value" or a bare word; RM_EINVAL naming the problem (unknown column...). */
int rm_reg_term_parse(const char *s, rm_reg_term *t, rm_err *e);
/* Builds a term from parts (Lua: recmem.runs{task="DE1"}): checks col and op. */
int rm_reg_term_make(rm_reg_term *t, const char *col, const char *op, const char *value,
                     rm_err *e);
/* The columns terms may name, NULL-terminated. */
const char *const *rm_reg_columns(void);

/* Marks every running row of this host whose process is gone as 'failed', with an error
   saying it died; *n_marked says how many. One transaction. */
int rm_reg_prune(rm_registry *r, int *n_marked, rm_err *e);

/* Runs matching every term (n may be 0), ordered by id. A running row whose process (on
   this host) is gone has status "died"; terms on the status and bare words see that. *rows is malloc'd; free with
   rm_reg_rows_free. */
int rm_reg_list(rm_registry *r, const rm_reg_term *terms, int n, rm_run_row **rows,
                int *n_rows, rm_err *e);
void rm_reg_rows_free(rm_run_row *rows, int n);

/* A run's history: arrays malloc'd (free each), *n log points. */
int rm_reg_history(rm_registry *r, long long id, long **iter, double **loss, double **infloss,
                   int *n, rm_err *e);

#endif
