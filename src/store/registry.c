/* registry.c: the SQLite run registry (see registry.h for the schema and the concurrency
 * contract). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "registry.h"
#include "run_json.h"

#define BUSY_TIMEOUT_MS 15000
#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

struct rm_registry {
    sqlite3 *db;
    char path[1024];
};

static const char *schema_v1 =
    "CREATE TABLE runs ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL DEFAULT '',"
    " task TEXT NOT NULL, variant TEXT NOT NULL, model TEXT NOT NULL,"
    " condition TEXT NOT NULL,"
    " lambda0 REAL, sigma0 REAL, rho REAL, n_hidden INTEGER, seed TEXT, iters INTEGER,"
    " config TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped')),"
    " iter INTEGER NOT NULL DEFAULT 0,"
    " loss REAL, infloss REAL, test_infloss REAL, test_loss REAL, si REAL,"
    " checkpoint TEXT, error TEXT, host TEXT, pid INTEGER,"
    " created TEXT NOT NULL, updated TEXT NOT NULL, finished TEXT);"
    "CREATE INDEX runs_checkpoint ON runs(checkpoint);"
    "CREATE INDEX runs_task ON runs(task, status);"
    "CREATE TABLE history ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " iter INTEGER NOT NULL, loss REAL, infloss REAL,"
    " PRIMARY KEY (run_id, iter)) WITHOUT ROWID;"
    "PRAGMA user_version = 1;";

/* Columns added after version 1, each with the step that adds it. Two builds both called
   their schema version 2: one added `run`, the other `pid_start`. Version 3 has both, and a
   version-1 or version-2 database is upgraded by adding whichever columns it lacks (found
   with PRAGMA table_info, since the version number cannot tell the two kinds of 2 apart). */
static const struct {
    const char *column, *add;
} added_columns[] = {
    /* the run description (store/run_json.h), what `recmem train --config` reads */
    {"run", "ALTER TABLE runs ADD COLUMN run TEXT"},
    /* which process owns a running row, beyond its pid (which the system reuses):
       "<boot id>/<start time in clock ticks>" (Linux; NULL elsewhere or for old rows) */
    {"pid_start", "ALTER TABLE runs ADD COLUMN pid_start TEXT"},
};

static int db_fail(rm_registry *r, rm_err *e, const char *doing) {
    int code = sqlite3_errcode(r->db);
    rm_status st = (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) ? RM_EFORMAT
                   : code == SQLITE_NOMEM ? RM_ENOMEM : RM_EIO;
    return rm_seterr(e, st, "%s: %s: %s", r->path, doing, sqlite3_errmsg(r->db));
}

static int exec(rm_registry *r, const char *sql, const char *doing, rm_err *e) {
    if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_fail(r, e, doing);
    return RM_OK;
}

/* IMMEDIATE takes the write lock at BEGIN, so a transaction never has to upgrade a read
   lock (which in WAL mode can fail with SQLITE_BUSY without waiting). */
static int begin(rm_registry *r, rm_err *e) { return exec(r, "BEGIN IMMEDIATE", "begin", e); }
static int commit(rm_registry *r, rm_err *e) { return exec(r, "COMMIT", "commit", e); }
static void rollback(rm_registry *r) { sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL); }

static sqlite3_stmt *prepare(rm_registry *r, const char *sql, rm_err *e) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(r->db, sql, -1, &s, NULL) != SQLITE_OK) {
        db_fail(r, e, "prepare");
        return NULL;
    }
    return s;
}

static void bind_double(sqlite3_stmt *s, int i, double x) {
    if (isfinite(x)) sqlite3_bind_double(s, i, x);
    else sqlite3_bind_null(s, i);
}

static int step_done(rm_registry *r, sqlite3_stmt *s, const char *doing, rm_err *e) {
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(r, e, doing);
    return RM_OK;
}

/* 1 if table runs has the column, 0 if not, -1 (e set) if the schema cannot be read. */
static int has_column(rm_registry *r, const char *column, rm_err *e) {
    sqlite3_stmt *s = prepare(r, "SELECT count(*) FROM pragma_table_info('runs') WHERE name=?1", e);
    if (!s) return -1;
    sqlite3_bind_text(s, 1, column, -1, SQLITE_STATIC);
    int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    if (n < 0) db_fail(r, e, "reading the schema");
    return n < 0 ? -1 : n > 0;
}

static int migrate(rm_registry *r, rm_err *e) {
    int rc = begin(r, e);
    if (rc) return rc;
    sqlite3_stmt *s = prepare(r, "PRAGMA user_version", e);
    if (!s) {
        rollback(r);
        return e ? e->code : RM_EIO;
    }
    int version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    if (version == 0) {
        /* a database without our schema must at least be empty */
        s = prepare(r, "SELECT count(*) FROM sqlite_master", e);
        int n = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
        sqlite3_finalize(s);
        if (n != 0) {
            rollback(r);
            return rm_seterr(e, RM_EFORMAT, "%s: not a recmem registry (it has other tables)", r->path);
        }
        if ((rc = exec(r, schema_v1, "creating the schema", e))) {
            rollback(r);
            return rc;
        }
    } else if (version > RM_REG_SCHEMA_VERSION) {
        rollback(r);
        return rm_seterr(e, RM_EFORMAT, "%s: registry schema version %d is newer than this recmem's (%d)",
                         r->path, version, RM_REG_SCHEMA_VERSION);
    } else if (version < 0) {
        rollback(r);
        return db_fail(r, e, "reading the schema version");
    }
    for (size_t i = 0; version < RM_REG_SCHEMA_VERSION && !rc &&
                       i < sizeof added_columns / sizeof added_columns[0]; i++) {
        int has = has_column(r, added_columns[i].column, e);
        if (has < 0) rc = e ? e->code : RM_EIO;
        else if (!has) rc = exec(r, added_columns[i].add, "upgrading the schema", e);
    }
    if (!rc && version < RM_REG_SCHEMA_VERSION) {
        char set_version[64];
        snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", RM_REG_SCHEMA_VERSION);
        rc = exec(r, set_version, "upgrading the schema", e);
    }
    if (rc) {
        rollback(r);
        return rc;
    }
    return commit(r, e);
}

int rm_reg_open(const char *path, rm_registry **out, rm_err *e) {
    *out = NULL;
    rm_registry *r = calloc(1, sizeof *r);
    if (!r) return rm_seterr(e, RM_ENOMEM, "out of memory");
    snprintf(r->path, sizeof r->path, "%s", path);
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        int rc = r->db ? db_fail(r, e, "open") : rm_seterr(e, RM_ENOMEM, "out of memory");
        rm_reg_close(r);
        return rc;
    }
    sqlite3_busy_timeout(r->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(r->db, 0);
    /* Switching to WAL needs a moment of exclusive access; another process creating the
       same file at the same time can make it report busy, so retry for a while. */
    int rc = RM_OK;
    for (int tries = 0;; tries++) {
        sqlite3_stmt *s = NULL;
        int x = sqlite3_prepare_v2(r->db, "PRAGMA journal_mode=WAL", -1, &s, NULL);
        if (x == SQLITE_OK) x = sqlite3_step(s);
        sqlite3_finalize(s);
        if (x == SQLITE_ROW || x == SQLITE_DONE) break;
        if ((x != SQLITE_BUSY && x != SQLITE_LOCKED) || tries >= 300) {
            rc = db_fail(r, e, "switching to WAL mode");
            break;
        }
        nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    if (!rc) rc = exec(r, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", "configure", e);
    if (!rc) rc = migrate(r, e);
    if (rc) {
        rm_reg_close(r);
        return rc;
    }
    *out = r;
    return RM_OK;
}

void rm_reg_close(rm_registry *r) {
    if (!r) return;
    sqlite3_close(r->db);
    free(r);
}

/* "<boot id>/<start time>" of process pid (Linux /proc), or "" if unknown: with the pid,
   it names one process for good, as a pid alone does not once the system reuses it. */
static void process_start(long pid, char *out, size_t n) {
    out[0] = '\0';
    char boot[64] = "", path[64], buf[1024];
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    if (!f) return;
    int ok = fgets(boot, sizeof boot, f) != NULL;
    fclose(f);
    boot[strcspn(boot, "\n")] = '\0';
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if (!ok || !(f = fopen(path, "r"))) return;
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    /* after the command name (which may hold spaces and parentheses), field 22 is the 20th */
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 22; field++) p = strchr(p + 1, ' ');
    unsigned long long start;
    if (p && sscanf(p + 1, "%llu", &start) == 1) snprintf(out, n, "%s/%llu", boot, start);
}

/* A running row whose process is gone was killed (kill -9, a crash, a reboot): it may be
   taken over by a resumed run, is listed as "died" and is pruned. Only rows of this host
   can be checked; start is "" or NULL for rows recorded before start times were. */
static int process_gone(const char *host, long pid, const char *start) {
    char me[256] = "";
    gethostname(me, sizeof me - 1);
    if (!host || strcmp(host, me) || pid <= 0) return 0;
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) return 1;
    if (!start || !*start) return 0;
    char now[128];
    process_start(pid, now, sizeof now);
    return now[0] && strcmp(now, start) != 0; /* the pid is another process's now */
}

/* Binds the config-derived columns at ?1..?12 (name ... config) and ?30 (run). */
static int bind_config(sqlite3_stmt *s, const rm_trainer *tr, const rm_run_meta *meta,
                       char **config_text, rm_err *e) {
    rm_run_meta none;
    if (!meta) rm_run_meta_init(&none), meta = &none;
    rm_run_cfg from_tr;
    const rm_run_cfg *run = &meta->run;
    if (!run->task[0]) rm_run_cfg_from_trainer(&from_tr, tr, "basic", 0, ""), run = &from_tr;
    char *run_text = rm_run_cfg_dumps(run);
    json_t *j = rm_run_config_json(tr, meta);
    *config_text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (j) json_decref(j);
    if (!*config_text || !run_text) {
        free(run_text);
        return rm_seterr(e, RM_ENOMEM, "out of memory");
    }
    sqlite3_bind_text(s, 30, run_text, -1, free);
    char seed[24];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)tr->cfg.seed);
    sqlite3_bind_text(s, 1, meta ? meta->name : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, tr->task->def->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, rm_variant_name(tr->task->variant), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, tr->net->cfg.model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, run->condition, -1, SQLITE_TRANSIENT);
    bind_double(s, 6, tr->net->cfg.lambda0);
    bind_double(s, 7, tr->net->cfg.sigma0);
    bind_double(s, 8, tr->cfg.loss.rho);
    sqlite3_bind_int(s, 9, tr->net->cfg.n_hidden);
    sqlite3_bind_text(s, 10, seed, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 11, tr->cfg.iters);
    sqlite3_bind_text(s, 12, *config_text, -1, SQLITE_TRANSIENT);
    return RM_OK;
}

int rm_reg_run_begin(rm_registry *r, const rm_trainer *tr, const rm_run_meta *meta,
                     const char *checkpoint, long long *id, rm_err *e) {
    *id = 0;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    int rc = begin(r, e);
    if (rc) return rc;
    long long reuse = 0;
    if (checkpoint && tr->iter > 0) {   /* resuming: continue the row of that file */
        sqlite3_stmt *q = prepare(r, "SELECT id, status, host, pid, pid_start FROM runs"
                                     " WHERE checkpoint = ?1 ORDER BY id DESC", e);
        if (!q) goto fail;
        sqlite3_bind_text(q, 1, checkpoint, -1, SQLITE_TRANSIENT);
        while (!reuse && sqlite3_step(q) == SQLITE_ROW) {
            const char *st = (const char *)sqlite3_column_text(q, 1);
            if (strcmp(st, "running") ||
                process_gone((const char *)sqlite3_column_text(q, 2), sqlite3_column_int64(q, 3),
                             (const char *)sqlite3_column_text(q, 4)))
                reuse = sqlite3_column_int64(q, 0);
        }
        sqlite3_finalize(q);
    }
    const char *sql = reuse
        ? "UPDATE runs SET name=?1, task=?2, variant=?3, model=?4, condition=?5, lambda0=?6,"
          " sigma0=?7, rho=?8, n_hidden=?9, seed=?10, iters=?11, config=?12, run=?30,"
          " status='running', iter=?13, checkpoint=?14, host=?15, pid=?16, pid_start=?18,"
          " error=NULL, finished=NULL, updated=" NOW " WHERE id=?17"
        : "INSERT INTO runs (name, task, variant, model, condition, lambda0, sigma0, rho,"
          " n_hidden, seed, iters, config, run, status, iter, checkpoint, host, pid, pid_start,"
          " created, updated)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?30, 'running', ?13, ?14,"
          " ?15, ?16, ?18, " NOW ", " NOW ")";
    sqlite3_stmt *s = prepare(r, sql, e);
    if (!s) goto fail;
    char *config = NULL;
    if ((rc = bind_config(s, tr, meta, &config, e))) {
        sqlite3_finalize(s);
        rollback(r);
        return rc;
    }
    sqlite3_bind_int64(s, 13, tr->iter);
    if (checkpoint) sqlite3_bind_text(s, 14, checkpoint, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, 14);
    sqlite3_bind_text(s, 15, host, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 16, (long long)getpid());
    if (reuse) sqlite3_bind_int64(s, 17, reuse);
    char start[128];
    process_start((long)getpid(), start, sizeof start);
    if (start[0]) sqlite3_bind_text(s, 18, start, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, 18);
    rc = step_done(r, s, "recording the run", e);
    sqlite3_finalize(s);
    free(config);
    if (rc) {
        rollback(r);
        return rc;
    }
    *id = reuse ? reuse : sqlite3_last_insert_rowid(r->db);
    if (checkpoint && !reuse) {
        /* a fresh run writing to a file that older runs saved to will overwrite it: their
           rows must no longer point at it */
        sqlite3_stmt *u = prepare(r, "UPDATE runs SET checkpoint=NULL, error=coalesce(error,"
                                     " 'checkpoint overwritten by run ' || ?2) WHERE checkpoint=?1"
                                     " AND id != ?2", e);
        if (!u) goto fail;
        sqlite3_bind_text(u, 1, checkpoint, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u, 2, *id);
        rc = step_done(r, u, "updating older runs of the same file", e);
        sqlite3_finalize(u);
        if (rc) {
            rollback(r);
            return rc;
        }
    }
    return commit(r, e);
fail:
    rollback(r);
    return e ? e->code : RM_EIO;
}

static double last_infloss(const rm_trainer *tr) {
    return tr->hist.n_log ? tr->hist.infloss[tr->hist.n_log - 1] : NAN;
}

static double last_loss(const rm_trainer *tr) {
    return tr->hist.n_iter ? tr->hist.loss[tr->hist.n_iter - 1] : NAN;
}

int rm_reg_run_progress(rm_registry *r, long long id, const rm_trainer *tr, rm_err *e) {
    sqlite3_stmt *s = prepare(r, "UPDATE runs SET iter=?1, loss=?2, infloss=?3, updated=" NOW
                                 " WHERE id=?4", e);
    if (!s) return e ? e->code : RM_EIO;
    sqlite3_bind_int64(s, 1, tr->iter);
    bind_double(s, 2, last_loss(tr));
    bind_double(s, 3, last_infloss(tr));
    sqlite3_bind_int64(s, 4, id);
    int rc = step_done(r, s, "recording progress", e);
    sqlite3_finalize(s);
    return rc;
}

int rm_reg_run_end(rm_registry *r, long long id, const rm_trainer *tr, const rm_run_meta *meta,
                   const char *status, const char *error, rm_err *e) {
    int rc = begin(r, e);
    if (rc) return rc;
    sqlite3_stmt *s = prepare(r,
        "UPDATE runs SET name=?1, task=?2, variant=?3, model=?4, condition=?5, lambda0=?6,"
        " sigma0=?7, rho=?8, n_hidden=?9, seed=?10, iters=?11, config=?12, run=?30, status=?13,"
        " iter=?14, loss=?15, infloss=?16, test_infloss=?17, test_loss=?18, si=?19, error=?20,"
        " updated=" NOW ", finished=" NOW " WHERE id=?21", e);
    if (!s) goto fail;
    char *config = NULL;
    if ((rc = bind_config(s, tr, meta, &config, e))) {
        sqlite3_finalize(s);
        rollback(r);
        return rc;
    }
    rm_run_meta none;
    rm_run_meta_init(&none);
    if (!meta) meta = &none;
    sqlite3_bind_text(s, 13, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 14, tr->iter);
    bind_double(s, 15, last_loss(tr));
    bind_double(s, 16, last_infloss(tr));
    bind_double(s, 17, meta->test_infloss);
    bind_double(s, 18, meta->test_loss);
    bind_double(s, 19, meta->si);
    if (error) sqlite3_bind_text(s, 20, error, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, 20);
    sqlite3_bind_int64(s, 21, id);
    rc = step_done(r, s, "recording the result", e);
    sqlite3_finalize(s);
    free(config);
    if (rc) goto fail_rc;
    if (sqlite3_changes(r->db) != 1) {
        rollback(r);
        return rm_seterr(e, RM_EINVAL, "%s: no run with id %lld", r->path, id);
    }

    /* The history: one row per log point, with the mean loss since the previous one. */
    sqlite3_stmt *d = prepare(r, "DELETE FROM history WHERE run_id=?1", e);
    if (!d) goto fail;
    sqlite3_bind_int64(d, 1, id);
    rc = step_done(r, d, "replacing the history", e);
    sqlite3_finalize(d);
    if (rc) goto fail_rc;
    sqlite3_stmt *h = prepare(r, "INSERT OR REPLACE INTO history (run_id, iter, loss, infloss)"
                                 " VALUES (?1, ?2, ?3, ?4)", e);
    if (!h) goto fail;
    long from = 0;
    for (long k = 0; k < tr->hist.n_log && !rc; k++) {
        long to = tr->hist.log_iter[k];
        if (to > tr->hist.n_iter) to = tr->hist.n_iter;
        double sum = 0;
        for (long i = from; i < to; i++) sum += tr->hist.loss[i];
        sqlite3_reset(h);
        sqlite3_bind_int64(h, 1, id);
        sqlite3_bind_int64(h, 2, tr->hist.log_iter[k]);
        bind_double(h, 3, to > from ? sum / (to - from) : NAN);
        bind_double(h, 4, tr->hist.infloss[k]);
        rc = step_done(r, h, "writing the history", e);
        from = to;
    }
    sqlite3_finalize(h);
    if (rc) goto fail_rc;
    return commit(r, e);
fail:
    rc = e ? e->code : RM_EIO;
fail_rc:
    rollback(r);
    return rc;
}

/* ---- queries ---- */

static const char *const columns[] = {
    "id", "name", "task", "variant", "model", "condition", "status", "lambda0", "sigma0",
    "rho", "n_hidden", "seed", "iters", "iter", "loss", "infloss", "test_infloss",
    "test_loss", "si", "checkpoint", "error", "host", "pid", "created", "updated", "finished",
    NULL,
};

/* Columns compared as numbers (the value must parse as one). */
static int numeric_column(const char *c) {
    static const char *const num[] = {"id", "lambda0", "sigma0", "rho", "n_hidden", "iters",
                                      "iter", "loss", "infloss", "test_infloss", "test_loss",
                                      "si", "pid", NULL};
    for (const char *const *n = num; *n; n++)
        if (!strcmp(*n, c)) return 1;
    return 0;
}

const char *const *rm_reg_columns(void) { return columns; }

int rm_reg_term_make(rm_reg_term *t, const char *col, const char *op, const char *value,
                     rm_err *e) {
    memset(t, 0, sizeof *t);
    if (strlen(value) >= sizeof t->value) return rm_seterr(e, RM_EINVAL, "filter value too long");
    snprintf(t->value, sizeof t->value, "%s", value);
    if (!col || !*col) return RM_OK;
    int known = 0;
    for (const char *const *c = columns; *c && !known; c++) known = !strcmp(*c, col);
    if (!known) {
        char list[512] = "";
        for (const char *const *c = columns; *c; c++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? " " : "", *c);
        return rm_seterr(e, RM_EINVAL, "unknown column '%.40s' in filter (columns: %s)", col, list);
    }
    static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">=", NULL};
    int okop = 0;
    for (const char *const *o = ops; *o && !okop; o++) okop = !strcmp(*o, op);
    if (!okop) return rm_seterr(e, RM_EINVAL, "unknown comparison '%.8s' in filter", op);
    if (numeric_column(col)) {
        char *end;
        strtod(value, &end);
        if (!*value || *end)
            return rm_seterr(e, RM_EINVAL, "filter %s%s%.40s: '%.40s' is not a number", col, op,
                             value, value);
    }
    strcpy(t->col, col);
    strcpy(t->op, op);
    return RM_OK;
}

int rm_reg_term_parse(const char *s, rm_reg_term *t, rm_err *e) {
    size_t k = strcspn(s, "!<>=");
    if (!s[k]) return rm_reg_term_make(t, NULL, NULL, s, e);
    char col[64], op[3] = {s[k], 0, 0};
    if (k == 0 || k >= sizeof col)
        return rm_seterr(e, RM_EINVAL, "bad filter '%.60s' (expected e.g. task=DE1 or si>3)", s);
    memcpy(col, s, k);
    col[k] = '\0';
    if (s[k + 1] == '=') op[1] = '=';
    return rm_reg_term_make(t, col, op, s + k + strlen(op), e);
}

static void copy_text(char *dst, size_t n, sqlite3_stmt *s, int i) {
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static double col_double(sqlite3_stmt *s, int i) {
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static long col_long(sqlite3_stmt *s, int i) {
    return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(s, i);
}

/* Terms on the status, and bare words (which match it too), are compared with the status
   as listed, which is "died" for a running row whose process is gone: SQL cannot see that. */
static int on_shown_status(const rm_reg_term *t) {
    return !t->col[0] || !strcmp(t->col, "status");
}

static int contains_nocase(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n)) return 1;
    return n == 0;
}

static int shown_match(const rm_run_row *w, const rm_reg_term *t) {
    if (!t->col[0])
        return contains_nocase(w->name, t->value) || contains_nocase(w->task, t->value) ||
               contains_nocase(w->model, t->value) || contains_nocase(w->condition, t->value) ||
               contains_nocase(w->status, t->value);
    int c = strcasecmp(w->status, t->value);
    const char *op = t->op;
    return !strcmp(op, "=") ? c == 0 : !strcmp(op, "!=") ? c != 0 : !strcmp(op, "<") ? c < 0
         : !strcmp(op, "<=") ? c <= 0 : !strcmp(op, ">") ? c > 0 : c >= 0;
}

int rm_reg_list(rm_registry *r, const rm_reg_term *terms, int n, rm_run_row **rows,
                int *n_rows, rm_err *e) {
    *rows = NULL;
    *n_rows = 0;
    size_t cap = 1024 + (size_t)n * 160;
    char *sql = malloc(cap);
    if (!sql) return rm_seterr(e, RM_ENOMEM, "out of memory");
    strcpy(sql, "SELECT id, name, task, variant, model, condition, status, lambda0, sigma0, rho,"
                " n_hidden, iters, iter, seed, loss, infloss, test_infloss, test_loss, si,"
                " checkpoint, error, host, pid, created, updated, finished, config, run,"
                " pid_start"
                " FROM runs WHERE 1");
    for (int i = 0; i < n; i++) {
        size_t len = strlen(sql);
        if (on_shown_status(&terms[i])) continue; /* compared with the status as listed */
        /* column names come from the whitelist, never from the user's text */
        snprintf(sql + len, cap - len, " AND %s %s ?%d%s", terms[i].col, terms[i].op, i + 1,
                 numeric_column(terms[i].col) ? "" : " COLLATE NOCASE");
    }
    strcat(sql, " ORDER BY id");
    sqlite3_stmt *s = prepare(r, sql, e);
    free(sql);
    if (!s) return e ? e->code : RM_EIO;
    for (int i = 0; i < n; i++) {
        if (on_shown_status(&terms[i])) {
            continue;
        } else if (numeric_column(terms[i].col)) {
            sqlite3_bind_double(s, i + 1, strtod(terms[i].value, NULL));
        } else {
            sqlite3_bind_text(s, i + 1, terms[i].value, -1, SQLITE_TRANSIENT);
        }
    }
    rm_run_row *out = NULL;
    int count = 0, cap_rows = 0, rc = RM_OK, x;
    while ((x = sqlite3_step(s)) == SQLITE_ROW) {
        if (count == cap_rows) {
            cap_rows = cap_rows ? 2 * cap_rows : 16;
            rm_run_row *p = realloc(out, cap_rows * sizeof *p);
            if (!p) {
                rc = rm_seterr(e, RM_ENOMEM, "out of memory");
                break;
            }
            out = p;
        }
        rm_run_row *w = &out[count++];
        memset(w, 0, sizeof *w);
        w->id = sqlite3_column_int64(s, 0);
        copy_text(w->name, sizeof w->name, s, 1);
        copy_text(w->task, sizeof w->task, s, 2);
        copy_text(w->variant, sizeof w->variant, s, 3);
        copy_text(w->model, sizeof w->model, s, 4);
        copy_text(w->condition, sizeof w->condition, s, 5);
        copy_text(w->status, sizeof w->status, s, 6);
        w->lambda0 = col_double(s, 7);
        w->sigma0 = col_double(s, 8);
        w->rho = col_double(s, 9);
        w->n_hidden = col_long(s, 10);
        w->iters = col_long(s, 11);
        w->iter = col_long(s, 12);
        copy_text(w->seed, sizeof w->seed, s, 13);
        w->loss = col_double(s, 14);
        w->infloss = col_double(s, 15);
        w->test_infloss = col_double(s, 16);
        w->test_loss = col_double(s, 17);
        w->si = col_double(s, 18);
        copy_text(w->checkpoint, sizeof w->checkpoint, s, 19);
        copy_text(w->error, sizeof w->error, s, 20);
        copy_text(w->host, sizeof w->host, s, 21);
        w->pid = col_long(s, 22);
        copy_text(w->created, sizeof w->created, s, 23);
        copy_text(w->updated, sizeof w->updated, s, 24);
        copy_text(w->finished, sizeof w->finished, s, 25);
        if (!strcmp(w->status, "running") &&
            process_gone(w->host, w->pid, (const char *)sqlite3_column_text(s, 28)))
            strcpy(w->status, "died");
        int keep = 1;
        for (int i = 0; i < n && keep; i++)
            if (on_shown_status(&terms[i])) keep = shown_match(w, &terms[i]);
        if (!keep) {
            count--;
            continue;
        }
        const unsigned char *cfg = sqlite3_column_text(s, 26);
        w->config = strdup(cfg ? (const char *)cfg : "{}");
        const unsigned char *run = sqlite3_column_text(s, 27);
        w->run = run ? strdup((const char *)run) : NULL;
        if (!w->config || (run && !w->run)) {
            rc = rm_seterr(e, RM_ENOMEM, "out of memory");
            break;
        }
    }
    if (!rc && x != SQLITE_DONE) rc = db_fail(r, e, "listing runs");
    sqlite3_finalize(s);
    if (rc) {
        rm_reg_rows_free(out, count);
        return rc;
    }
    *rows = out;
    *n_rows = count;
    return RM_OK;
}

int rm_reg_prune(rm_registry *r, int *n_marked, rm_err *e) {
    *n_marked = 0;
    int rc = begin(r, e);
    if (rc) return rc;
    sqlite3_stmt *q = prepare(r, "SELECT id, host, pid, pid_start FROM runs WHERE status='running'", e);
    sqlite3_stmt *u = q ? prepare(r, "UPDATE runs SET status='failed', error='died: process ' ||"
                                     " pid || ' on ' || host || ' ended without recording a result"
                                     " (marked by recmem runs --prune)', updated=" NOW ","
                                     " finished=" NOW " WHERE id=?1", e) : NULL;
    if (!u) {
        sqlite3_finalize(q);
        rollback(r);
        return e ? e->code : RM_EIO;
    }
    int x;
    while (!rc && (x = sqlite3_step(q)) == SQLITE_ROW) {
        if (!process_gone((const char *)sqlite3_column_text(q, 1), (long)sqlite3_column_int64(q, 2),
                          (const char *)sqlite3_column_text(q, 3)))
            continue;
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(q, 0));
        if (!(rc = step_done(r, u, "marking a run that died", e))) (*n_marked)++;
    }
    if (!rc && x != SQLITE_DONE) rc = db_fail(r, e, "finding runs that died");
    sqlite3_finalize(q);
    sqlite3_finalize(u);
    if (rc) {
        rollback(r);
        *n_marked = 0;
        return rc;
    }
    return commit(r, e);
}

void rm_reg_rows_free(rm_run_row *rows, int n) {
    for (int i = 0; rows && i < n; i++) free(rows[i].config), free(rows[i].run);
    free(rows);
}

int rm_reg_history(rm_registry *r, long long id, long **iter, double **loss, double **infloss,
                   int *n, rm_err *e) {
    *iter = NULL;
    *loss = *infloss = NULL;
    *n = 0;
    sqlite3_stmt *s = prepare(r, "SELECT iter, loss, infloss FROM history WHERE run_id=?1 ORDER BY iter", e);
    if (!s) return e ? e->code : RM_EIO;
    sqlite3_bind_int64(s, 1, id);
    int cap = 0, rc = RM_OK, x;
    while ((x = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            long *a = realloc(*iter, cap * sizeof *a);
            if (a) *iter = a;
            double *b = realloc(*loss, cap * sizeof *b);
            if (b) *loss = b;
            double *c = realloc(*infloss, cap * sizeof *c);
            if (c) *infloss = c;
            if (!a || !b || !c) {
                rc = rm_seterr(e, RM_ENOMEM, "out of memory");
                break;
            }
        }
        (*iter)[*n] = (long)sqlite3_column_int64(s, 0);
        (*loss)[*n] = col_double(s, 1);
        (*infloss)[*n] = col_double(s, 2);
        (*n)++;
    }
    if (!rc && x != SQLITE_DONE) rc = db_fail(r, e, "reading the history");
    sqlite3_finalize(s);
    if (rc) {
        free(*iter), free(*loss), free(*infloss);
        *iter = NULL, *loss = *infloss = NULL, *n = 0;
    }
    return rc;
}

int rm_reg_run_import(rm_registry *r, const rm_trainer *tr, const rm_run_meta *meta,
                      const char *checkpoint, const char *status, const char *error,
                      long long *id, int *added, rm_err *e) {
    *id = 0;
    if (added) *added = 0;
    sqlite3_stmt *q = prepare(r, "SELECT id FROM runs WHERE checkpoint = ?1 ORDER BY id DESC"
                                 " LIMIT 1", e);
    if (!q) return e ? e->code : RM_EIO;
    sqlite3_bind_text(q, 1, checkpoint, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(q) == SQLITE_ROW) *id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    int rc;
    if (!*id) {
        if ((rc = rm_reg_run_begin(r, tr, meta, checkpoint, id, e))) return rc;
        if (added) *added = 1;
    }
    return rm_reg_run_end(r, *id, tr, meta, status, error, e);
}
