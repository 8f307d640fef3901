/* test_registry.c: the SQLite run registry: a run's life (begin, progress, end with
 * history), resumed runs reusing their row, filters (columns, comparisons, bare words,
 * bad terms), schema versioning (a newer schema and a foreign database are refused, a
 * non-database file gets a one-line error), and two processes writing to one database at
 * the same time without losing or failing a single write. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "store/registry.h"

static char dir[] = "/tmp/rm-test-reg-XXXXXX";

typedef struct {
    rm_task task;
    rm_net net;
    rm_trainer tr;
} run;

static int run_open(run *r, const char *task, double lambda0, int iters) {
    rm_err e = {0};
    memset(r, 0, sizeof *r);
    if (rm_task_init(&r->task, rm_task_find(task), 0, &e)) goto fail;
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &r->task);
    nc.n_hidden = 4;
    nc.lambda0 = lambda0;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    tc.batch = 2;
    tc.iters = iters;
    tc.log_every = 3;
    rm_rng rng;
    rm_rng_seed(&rng, 1);
    if (rm_net_create(&r->net, &nc, &rng, &e) || rm_trainer_init(&r->tr, &tc, &r->task, &r->net, &e))
        goto fail;
    if (iters && rm_trainer_run(&r->tr, iters, NULL, &e)) goto fail;
    return 0;
fail:
    CHECK(0, "setting up a %s run: %s", task, e.msg);
    return -1;
}

static void run_close(run *r) {
    rm_trainer_free(&r->tr);
    rm_net_free(&r->net);
}

static int count(rm_registry *reg, const char *t1, const char *t2) {
    rm_reg_term t[2];
    rm_err e;
    int n = 0;
    const char *terms[2] = {t1, t2};
    for (int i = 0; i < 2; i++)
        if (terms[i] && rm_reg_term_parse(terms[i], &t[n++], &e)) {
            CHECK(0, "%s: %s", terms[i], e.msg);
            return -1;
        }
    rm_run_row *rows;
    int nr;
    if (rm_reg_list(reg, t, n, &rows, &nr, &e)) {
        CHECK(0, "list: %s", e.msg);
        return -1;
    }
    rm_reg_rows_free(rows, nr);
    return nr;
}

static void lifecycle(void) {
    char path[256];
    snprintf(path, sizeof path, "%s/life.db", dir);
    rm_registry *reg = NULL;
    rm_err e = {0};
    CHECK(rm_reg_open(path, &reg, &e) == 0, "open: %s", e.msg);
    if (!reg) return;
    run a, b;
    if (run_open(&a, "DE1", 0.9, 10) || run_open(&b, "2AFC", 0.98, 7)) return;
    rm_run_meta m;
    rm_run_meta_init(&m);
    snprintf(m.name, sizeof m.name, "first");
    long long ia = 0, ib = 0;
    CHECK(rm_reg_run_begin(reg, &a.tr, &m, "/x/a.safetensors", &ia, &e) == 0, "%s", e.msg);
    CHECK(rm_reg_run_progress(reg, ia, &a.tr, &e) == 0, "%s", e.msg);
    rm_run_cfg_from_trainer(&m.run, &b.tr, "tethered", 0, "");
    snprintf(m.name, sizeof m.name, "second");
    CHECK(rm_reg_run_begin(reg, &b.tr, &m, NULL, &ib, &e) == 0, "%s", e.msg);
    CHECK(ia > 0 && ib > ia, "ids %lld %lld", ia, ib);
    CHECK(count(reg, "status=running", NULL) == 2, "two running runs");
    m.test_infloss = 0.125;
    m.si = 3.5;
    CHECK(rm_reg_run_end(reg, ia, &a.tr, &m, "done", NULL, &e) == 0, "%s", e.msg);
    CHECK(rm_reg_run_end(reg, ib, &b.tr, NULL, "failed", "loss became NaN at iteration 3", &e) == 0,
          "%s", e.msg);

    rm_run_row *rows;
    int n;
    CHECK(rm_reg_list(reg, NULL, 0, &rows, &n, &e) == 0 && n == 2, "list all: %d rows", n);
    if (n == 2) {
        CHECK(!strcmp(rows[0].status, "done") && rows[0].iter == 10 && rows[0].test_infloss == 0.125 &&
              rows[0].si == 3.5 && !strcmp(rows[0].task, "DE1") && rows[0].lambda0 == 0.9 &&
              !strcmp(rows[0].checkpoint, "/x/a.safetensors") && rows[0].n_hidden == 4 &&
              !strcmp(rows[0].condition, "tethered") && rows[0].finished[0],
              "run a recorded wrongly");
        CHECK(strstr(rows[0].config, "\"n_hidden\":4") != NULL, "config JSON: %s", rows[0].config);
        CHECK(!strcmp(rows[1].status, "failed") && strstr(rows[1].error, "NaN") &&
              isnan(rows[1].si) && !rows[1].checkpoint[0], "run b recorded wrongly");
    }
    rm_reg_rows_free(rows, n);

    long *it;
    double *loss, *il;
    int nh;
    CHECK(rm_reg_history(reg, ia, &it, &loss, &il, &nh, &e) == 0, "%s", e.msg);
    CHECK(nh == 3 && it[0] == 3 && it[2] == 9, "history: %d points", nh);
    if (nh == 3) {
        /* the registry averages in double; a float sum here would differ by float rounding
           (~1e-7 relative), which depends on how the compiler evaluates it: sum in double
           and allow for the order of the additions */
        double mean = ((double)a.tr.hist.loss[3] + a.tr.hist.loss[4] + a.tr.hist.loss[5]) / 3;
        CHECK(fabs(loss[1] - mean) <= 1e-12 * (1 + fabs(mean)) && il[1] == a.tr.hist.infloss[1],
              "history point 2: %g vs %g", loss[1], mean);
    }
    free(it), free(loss), free(il);

    /* filters */
    CHECK(count(reg, "task=de1", NULL) == 1, "task=de1 (case-insensitive)");
    CHECK(count(reg, "lambda0>0.95", NULL) == 1, "lambda0>0.95");
    CHECK(count(reg, "lambda0<=0.9", "status=done") == 1, "two terms");
    CHECK(count(reg, "status!=done", NULL) == 1, "status!=done");
    CHECK(count(reg, "si>=3.5", NULL) == 1, "si>=3.5");
    CHECK(count(reg, "2AFC", NULL) == 1, "bare word");
    CHECK(count(reg, "tether", NULL) == 1, "bare word matches the condition");
    CHECK(count(reg, "nomatch", NULL) == 0, "no match");
    rm_reg_term t;
    CHECK(rm_reg_term_parse("bogus=1", &t, &e) == RM_EINVAL && strstr(e.msg, "unknown column 'bogus'"),
          "unknown column: %s", e.msg);
    CHECK(rm_reg_term_parse("si>abc", &t, &e) == RM_EINVAL && strstr(e.msg, "not a number"),
          "non-numeric value: %s", e.msg);
    CHECK(rm_reg_term_parse("=3", &t, &e) == RM_EINVAL, "missing column");
    CHECK(rm_reg_term_parse("name=x'; drop table runs; --", &t, &e) == 0, "quotes are values");
    CHECK(count(reg, "name=x'; drop table runs; --", NULL) == 0 && count(reg, NULL, NULL) == 2,
          "a value with SQL in it is only a value");

    /* a resumed run (same checkpoint) continues its row */
    long long again = 0;
    CHECK(rm_reg_run_begin(reg, &a.tr, &m, "/x/a.safetensors", &again, &e) == 0, "%s", e.msg);
    CHECK(again == ia, "resumed run got id %lld, expected %lld", again, ia);
    CHECK(count(reg, "status=running", NULL) == 1, "the resumed row is running again");
    long long other = 0;
    CHECK(rm_reg_run_begin(reg, &a.tr, &m, "/x/a.safetensors", &other, &e) == 0 && other != ia,
          "a second live run on the same file must get its own row");
    /* a fresh run (iteration 0) to the same file: a new row; the old ones lose the file */
    run f;
    if (run_open(&f, "DE1", 0.9, 0) == 0) {
        long long fresh = 0;
        CHECK(rm_reg_run_begin(reg, &f.tr, &m, "/x/a.safetensors", &fresh, &e) == 0 &&
              fresh > other, "fresh run: %s", e.msg);
        CHECK(count(reg, "checkpoint=/x/a.safetensors", NULL) == 1,
              "only the fresh run should point at the file it will overwrite");
        rm_reg_term t1;
        rm_run_row *r1 = NULL;
        int n1 = 0;
        rm_reg_term_parse("id=1", &t1, &e);
        CHECK(rm_reg_list(reg, &t1, 1, &r1, &n1, &e) == 0 && n1 == 1 && !r1[0].checkpoint[0] &&
              strstr(r1[0].error, "checkpoint overwritten by run"),
              "the older row should lose its checkpoint with a note");
        rm_reg_rows_free(r1, n1);
        run_close(&f);
    }
    rm_reg_close(reg);
    run_close(&a);
    run_close(&b);
}

static void versions(void) {
    char path[256];
    rm_err e = {0};
    rm_registry *reg = NULL;
    sqlite3 *db;
    snprintf(path, sizeof path, "%s/newer.db", dir);
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(rm_reg_open(path, &reg, &e) == RM_EFORMAT && strstr(e.msg, "version 99") && !reg,
          "newer schema: %s", e.msg);
    snprintf(path, sizeof path, "%s/foreign.db", dir);
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(rm_reg_open(path, &reg, &e) == RM_EFORMAT && strstr(e.msg, "not a recmem registry"),
          "foreign database: %s", e.msg);
    snprintf(path, sizeof path, "%s/text.db", dir);
    FILE *f = fopen(path, "w");
    fputs("this is not a database, just text that is long enough to have a header......\n", f);
    fclose(f);
    CHECK(rm_reg_open(path, &reg, &e) != RM_OK && strstr(e.msg, "text.db") && !strchr(e.msg, '\n'),
          "text file: %s", e.msg);
    /* reopening an existing registry keeps it */
    snprintf(path, sizeof path, "%s/life.db", dir);
    CHECK(rm_reg_open(path, &reg, &e) == 0 && count(reg, NULL, NULL) == 4, "reopen: %s", e.msg);
    rm_reg_close(reg);

    /* older registries: version 1 (neither `run` nor `pid_start`), and both kinds of
       version 2 that two builds wrote (one with `run`, one with `pid_start`): each gains
       the columns it lacks, becomes version 3, keeps its rows (their run is NULL where the
       column was missing) and records new runs with their description and owner */
    static const struct {
        const char *name, *make_old;
        int run_kept;
    } olds[] = {
        {"v1.db", "ALTER TABLE runs DROP COLUMN run; ALTER TABLE runs DROP COLUMN pid_start;"
                  " PRAGMA user_version = 1", 0},
        {"v2run.db", "ALTER TABLE runs DROP COLUMN pid_start; PRAGMA user_version = 2", 1},
        {"v2owner.db", "ALTER TABLE runs DROP COLUMN run; PRAGMA user_version = 2", 0},
    };
    run a;
    if (run_open(&a, "DE1", 0.9, 0)) return;
    for (size_t k = 0; k < sizeof olds / sizeof olds[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, olds[k].name);
        long long id;
        CHECK(rm_reg_open(path, &reg, &e) == 0, "%s: %s", olds[k].name, e.msg);
        CHECK(reg && rm_reg_run_begin(reg, &a.tr, NULL, NULL, &id, &e) == 0, "%s", e.msg);
        rm_reg_close(reg);
        sqlite3_open(path, &db);
        CHECK(sqlite3_exec(db, olds[k].make_old, NULL, NULL, NULL) == SQLITE_OK,
              "making %s: %s", olds[k].name, sqlite3_errmsg(db));
        sqlite3_close(db);
        CHECK(rm_reg_open(path, &reg, &e) == 0 && count(reg, NULL, NULL) == 1,
              "%s reopened: %s", olds[k].name, e.msg);
        CHECK(reg && rm_reg_run_begin(reg, &a.tr, NULL, NULL, &id, &e) == 0, "%s new run: %s",
              olds[k].name, e.msg);
        rm_run_row *rows = NULL;
        int n = 0;
        CHECK(reg && rm_reg_list(reg, NULL, 0, &rows, &n, &e) == 0 && n == 2 &&
                  !rows[0].run == !olds[k].run_kept && rows[1].run &&
                  strstr(rows[1].run, "\"task\":\"DE1\""),
              "%s after the upgrade: %d rows, run %s", olds[k].name, n,
              n == 2 && rows[1].run ? rows[1].run : "NULL");
        rm_reg_rows_free(rows, n);
        rm_reg_close(reg);
        /* the schema as a new registry's: version 3, both columns, the new row's owner */
        sqlite3_open(path, &db);
        sqlite3_stmt *q = NULL;
        sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version),"
                               " (SELECT count(*) FROM pragma_table_info('runs')"
                               "  WHERE name IN ('run', 'pid_start')),"
                               " (SELECT pid_start IS NOT NULL FROM runs ORDER BY id DESC LIMIT 1)",
                           -1, &q, NULL);
        int ok = q && sqlite3_step(q) == SQLITE_ROW;
        CHECK(ok && sqlite3_column_int(q, 0) == RM_REG_SCHEMA_VERSION && RM_REG_SCHEMA_VERSION == 3 &&
                  sqlite3_column_int(q, 1) == 2,
              "%s: version %d, %d of the two columns", olds[k].name,
              ok ? sqlite3_column_int(q, 0) : -1, ok ? sqlite3_column_int(q, 1) : -1);
#ifdef __linux__
        CHECK(ok && sqlite3_column_int(q, 2) == 1, "%s: the new row has no owner start time",
              olds[k].name);
#endif
        sqlite3_finalize(q);
        sqlite3_close(db);
    }
    run_close(&a);
}

/* Each child records `per` runs from start to end; every call must succeed. */
static int writer(const char *path, int per, int who) {
    run a;
    if (run_open(&a, who ? "CD1" : "DE1", 0.9, 0)) return 1;
    rm_err e;
    rm_registry *reg;
    if (rm_reg_open(path, &reg, &e)) {
        fprintf(stderr, "writer %d: open: %s\n", who, e.msg);
        return 1;
    }
    for (int i = 0; i < per; i++) {
        long long id;
        if (rm_reg_run_begin(reg, &a.tr, NULL, NULL, &id, &e) ||
            rm_reg_run_progress(reg, id, &a.tr, &e) ||
            rm_reg_run_end(reg, id, &a.tr, NULL, "done", NULL, &e)) {
            fprintf(stderr, "writer %d, run %d: %s\n", who, i, e.msg);
            return 1;
        }
    }
    rm_reg_close(reg);
    run_close(&a);
    return 0;
}

static void two_writers(void) {
    char path[256];
    snprintf(path, sizeof path, "%s/shared.db", dir);
    const int per = 60;
    pid_t kids[2];
    /* both create the file at the same moment, too */
    for (int k = 0; k < 2; k++)
        if ((kids[k] = fork()) == 0) _exit(writer(path, per, k));
    for (int k = 0; k < 2; k++) {
        int st = 0;
        waitpid(kids[k], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", k);
    }
    rm_registry *reg;
    rm_err e;
    CHECK(rm_reg_open(path, &reg, &e) == 0, "%s", e.msg);
    CHECK(count(reg, "status=done", NULL) == 2 * per, "expected %d finished runs", 2 * per);
    CHECK(count(reg, "task=CD1", NULL) == per, "expected %d runs of the second writer", per);
    rm_reg_close(reg);
}

static void cleanup(void) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int main(void) {
    if (!mkdtemp(dir)) return perror("mkdtemp"), 1;
    lifecycle();
    versions();
    two_writers();
    cleanup();
    return check_result("test_registry");
}
