/* test_registry_owner.c: runs whose process died. A version-1 registry (from before owners
 * had start times) is upgraded when opened and keeps its rows; a running row of this host
 * whose process is gone, or whose pid now belongs to another process (start time differs),
 * is listed as "died", and status filters and bare words see that; rows of other hosts are
 * listed as they are; rm_reg_prune marks exactly the died rows failed, with a reason. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "store/registry.h"

static char dir[] = "/tmp/rm-test-owner-XXXXXX";

/* The runs table as recmem wrote it before schema version 2. */
static const char *schema_v1 =
    "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
    " task TEXT NOT NULL, variant TEXT NOT NULL, model TEXT NOT NULL, condition TEXT NOT NULL,"
    " lambda0 REAL, sigma0 REAL, rho REAL, n_hidden INTEGER, seed TEXT, iters INTEGER,"
    " config TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped')),"
    " iter INTEGER NOT NULL DEFAULT 0, loss REAL, infloss REAL, test_infloss REAL,"
    " test_loss REAL, si REAL, checkpoint TEXT, error TEXT, host TEXT, pid INTEGER,"
    " created TEXT NOT NULL, updated TEXT NOT NULL, finished TEXT);"
    "CREATE INDEX runs_checkpoint ON runs(checkpoint);"
    "CREATE INDEX runs_task ON runs(task, status);"
    "CREATE TABLE history (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " iter INTEGER NOT NULL, loss REAL, infloss REAL, PRIMARY KEY (run_id, iter)) WITHOUT ROWID;"
    "PRAGMA user_version = 1;";

static void add_row(sqlite3 *db, const char *name, const char *host, long pid) {
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO runs (name, task, variant, model, condition, config,"
             " status, host, pid, created, updated) VALUES ('%s', 'DE1', 'none', 'rnn', 'basic',"
             " '{}', 'running', '%s', %ld, 'x', 'x')", name, host, pid);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "insert %s", name);
}

static const char *status_of(rm_registry *reg, const char *name) {
    static char st[16];
    rm_reg_term t;
    rm_err e;
    char term[80];
    snprintf(term, sizeof term, "name=%s", name);
    rm_reg_term_parse(term, &t, &e);
    rm_run_row *rows = NULL;
    int n = 0;
    snprintf(st, sizeof st, "?");
    if (rm_reg_list(reg, &t, 1, &rows, &n, &e) == 0 && n == 1) snprintf(st, sizeof st, "%s", rows[0].status);
    rm_reg_rows_free(rows, n);
    return st;
}

static int count(rm_registry *reg, const char *term) {
    rm_reg_term t;
    rm_err e;
    rm_run_row *rows = NULL;
    int n = -1;
    if (rm_reg_term_parse(term, &t, &e) || rm_reg_list(reg, &t, 1, &rows, &n, &e)) return -1;
    rm_reg_rows_free(rows, n);
    return n;
}

int main(void) {
    if (!mkdtemp(dir)) return perror("mkdtemp"), 1;
    char path[256], host[256] = "";
    gethostname(host, sizeof host - 1);
    snprintf(path, sizeof path, "%s/old.db", dir);

    /* a pid that is certainly gone: a child that has exited and been reaped */
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, NULL, 0);

    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK && sqlite3_exec(db, schema_v1, NULL, NULL, NULL) == SQLITE_OK,
          "making a version-1 registry");
    add_row(db, "killed", host, (long)child);
    add_row(db, "alive", host, (long)getpid());
    add_row(db, "elsewhere", "some-other-host.example", (long)child);
    sqlite3_close(db);

    rm_registry *reg = NULL;
    rm_err e = {0};
    CHECK(rm_reg_open(path, &reg, &e) == 0, "opening a version-1 registry: %s", e.msg);
    if (!reg) return check_result("test_registry_owner");
    CHECK(sqlite3_open(path, &db) == SQLITE_OK, "reopen");
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == RM_REG_SCHEMA_VERSION,
          "upgraded to version %d", RM_REG_SCHEMA_VERSION);
    sqlite3_finalize(s);
    /* the same pid as this process, but another start: the pid was reused */
    CHECK(sqlite3_exec(db, "UPDATE runs SET pid_start='00000000-0000-0000-0000-000000000000/1'"
                           " WHERE name='alive'", NULL, NULL, NULL) == SQLITE_OK, "pid_start column");
    add_row(db, "reused", host, (long)getpid());
    sqlite3_exec(db, "UPDATE runs SET pid_start='00000000-0000-0000-0000-000000000000/1' WHERE name='reused';"
                     "UPDATE runs SET pid_start=NULL WHERE name='alive'", NULL, NULL, NULL);
    sqlite3_close(db);

    CHECK(!strcmp(status_of(reg, "killed"), "died"), "a killed run: %s", status_of(reg, "killed"));
    CHECK(!strcmp(status_of(reg, "alive"), "running"), "a live run: %s", status_of(reg, "alive"));
    CHECK(!strcmp(status_of(reg, "elsewhere"), "running"), "another host's run: %s",
          status_of(reg, "elsewhere"));
    CHECK(!strcmp(status_of(reg, "reused"), "died"), "a reused pid: %s", status_of(reg, "reused"));
    CHECK(count(reg, "status=died") == 2, "status=died: %d", count(reg, "status=died"));
    CHECK(count(reg, "status=running") == 2, "status=running: %d", count(reg, "status=running"));
    CHECK(count(reg, "died") == 2, "bare word 'died': %d", count(reg, "died"));

    /* a run this process records now carries its start: it is running, not died */
    rm_task t;
    rm_net net;
    rm_trainer tr;
    rm_task_init(&t, rm_task_find("DE1"), 0, &e);
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &t);
    nc.n_hidden = 4;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    tc.batch = 2;
    CHECK(!rm_net_create(&net, &nc, NULL, &e) && !rm_trainer_init(&tr, &tc, &t, &net, &e), "%s", e.msg);
    rm_run_meta m;
    rm_run_meta_init(&m);
    snprintf(m.name, sizeof m.name, "mine");
    long long id;
    CHECK(rm_reg_run_begin(reg, &tr, &m, NULL, &id, &e) == 0, "%s", e.msg);
    CHECK(!strcmp(status_of(reg, "mine"), "running"), "this process's run: %s", status_of(reg, "mine"));

    int marked = -1;
    CHECK(rm_reg_prune(reg, &marked, &e) == 0 && marked == 2, "prune marked %d: %s", marked, e.msg);
    CHECK(!strcmp(status_of(reg, "killed"), "failed") && !strcmp(status_of(reg, "reused"), "failed"),
          "pruned rows are failed");
    CHECK(count(reg, "status=running") == 3, "running after prune: %d", count(reg, "status=running"));
    rm_reg_term term;
    rm_reg_term_parse("name=killed", &term, &e);
    rm_run_row *rows = NULL;
    int n = 0;
    CHECK(rm_reg_list(reg, &term, 1, &rows, &n, &e) == 0 && n == 1 &&
          strstr(rows[0].error, "died: process") && rows[0].finished[0], "the pruned row says why");
    rm_reg_rows_free(rows, n);
    CHECK(rm_reg_prune(reg, &marked, &e) == 0 && marked == 0, "a second prune marks nothing");

    rm_trainer_free(&tr);
    rm_net_free(&net);
    rm_reg_close(reg);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) {}
    return check_result("test_registry_owner");
}
