/* cmd_runs.c: `recmem runs [filter...]`: lists the runs recorded in the registry as an
 * aligned table, or as JSON (--json) for scripts. Filters are terms like task=DE1, si>3,
 * status!=failed, or bare words matched against name, task, model, condition and status.
 * A running row whose process on this host is gone is listed as "died"; --prune marks
 * such rows failed for good. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "store/registry.h"

static void usage(FILE *f) {
    fputs("usage: recmem runs [FILTER...] [--db PATH] [--json | --config ID]\n"
          "       recmem runs --prune [--db PATH]\n"
          "  FILTER      column=value, column!=value, column<value, <=, >, >= (e.g. task=DE1,\n"
          "              si>3, lambda0<=0.9, status=done), or a word matched against name,\n"
          "              task, model, condition and status; several filters must all hold;\n"
          "              sweep=NAME: the points of a sweep (recmem sweep collect)\n"
          "  --db PATH   run registry                                      [./recmem.db]\n"
          "  --json      one JSON array of runs (all columns, config and run as objects)\n"
          "  --config ID the run description of run ID as JSON: what\n"
          "              recmem train --config FILE reads to train it again, bit for bit\n"
          "  --prune     mark runs listed as \"died\" (status running, but their process on\n"
          "              this host is gone: killed, crashed, rebooted) as failed\n",
          f);
}

static void fmt_num(char *out, size_t n, double x, const char *fmt) {
    if (isnan(x)) snprintf(out, n, "-");
    else snprintf(out, n, fmt, x);
}

enum { NCOL = 14 };

static void print_table(const rm_run_row *rows, int n) {
    static const char *const head[NCOL] = {"ID", "STATUS", "TASK", "VARIANT", "MODEL",
                                           "CONDITION", "LAMBDA0", "SIGMA0", "RHO", "N",
                                           "ITER", "TEST_IL", "SI", "CHECKPOINT"};
    static const int right[NCOL] = {1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0};
    char(*cell)[NCOL][160] = calloc(n ? n : 1, sizeof *cell);
    if (!cell) return;
    int width[NCOL];
    for (int c = 0; c < NCOL; c++) width[c] = (int)strlen(head[c]);
    for (int i = 0; i < n; i++) {
        const rm_run_row *r = &rows[i];
        snprintf(cell[i][0], 160, "%lld", r->id);
        snprintf(cell[i][1], 160, "%s", r->status);
        snprintf(cell[i][2], 160, "%s", r->task);
        snprintf(cell[i][3], 160, "%s", r->variant);
        snprintf(cell[i][4], 160, "%s", r->model);
        snprintf(cell[i][5], 160, "%s", r->condition);
        fmt_num(cell[i][6], 160, r->lambda0, "%.4g");
        fmt_num(cell[i][7], 160, r->sigma0, "%.4g");
        fmt_num(cell[i][8], 160, r->rho, "%.4g");
        snprintf(cell[i][9], 160, "%ld", r->n_hidden);
        snprintf(cell[i][10], 160, "%ld/%ld", r->iter, r->iters);
        fmt_num(cell[i][11], 160, r->test_infloss, "%.4f");
        fmt_num(cell[i][12], 160, r->si, "%.3f");
        snprintf(cell[i][13], 160, "%s", r->checkpoint[0] ? r->checkpoint : "-");
        for (int c = 0; c < NCOL; c++)
            if ((int)strlen(cell[i][c]) > width[c]) width[c] = (int)strlen(cell[i][c]);
    }
    for (int i = -1; i < n; i++)   /* -1: the header */
        for (int c = 0; c < NCOL; c++) {
            const char *s = i < 0 ? head[c] : cell[i][c];
            if (c == NCOL - 1) printf("%s\n", s);   /* last column: no padding */
            else printf(right[c] ? "%*s  " : "%-*s  ", width[c], s);
        }
    free(cell);
}

static json_t *jnum(double x) { return isnan(x) ? json_null() : json_real(x); }
static json_t *jstr_or_null(const char *s) { return s[0] ? json_string(s) : json_null(); }

static int print_json(const rm_run_row *rows, int n) {
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        const rm_run_row *r = &rows[i];
        json_t *cfg = json_loads(r->config, 0, NULL);
        json_t *run = r->run ? json_loads(r->run, 0, NULL) : NULL;
        json_t *o = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:s, s:I, s:I, s:o, s:o,"
            " s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o}",
            "id", (json_int_t)r->id, "name", r->name, "status", r->status, "task", r->task,
            "variant", r->variant, "model", r->model, "condition", r->condition,
            "lambda0", jnum(r->lambda0), "sigma0", jnum(r->sigma0), "rho", jnum(r->rho),
            "n_hidden", (json_int_t)r->n_hidden, "seed", r->seed, "iters", (json_int_t)r->iters,
            "iter", (json_int_t)r->iter, "loss", jnum(r->loss), "infloss", jnum(r->infloss),
            "test_infloss", jnum(r->test_infloss), "test_loss", jnum(r->test_loss),
            "si", jnum(r->si), "checkpoint", jstr_or_null(r->checkpoint),
            "error", jstr_or_null(r->error), "host", jstr_or_null(r->host),
            "pid", (json_int_t)r->pid, "created", jstr_or_null(r->created),
            "updated", jstr_or_null(r->updated), "finished", jstr_or_null(r->finished),
            "config", cfg ? cfg : json_null(), "run", run ? run : json_null());
        if (!o) {
            json_decref(arr);
            return cli_error("runs: out of memory");
        }
        json_array_append_new(arr, o);
    }
    char *s = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    if (!s) return cli_error("runs: out of memory");
    puts(s);
    free(s);
    return 0;
}

int cmd_runs(int argc, char **argv) {
    const char *db = getenv("RECMEM_DB") && *getenv("RECMEM_DB") ? getenv("RECMEM_DB")
                                                                 : RM_REG_DEFAULT_PATH;
    int json = 0, n = 0, prune = 0;
    long config_id = 0;
    rm_reg_term *terms = calloc(argc, sizeof *terms);
    if (!terms) return cli_error("runs: out of memory");
    rm_err e;
    int rc = 0;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(terms);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (cli_is(a, "--config")) {
            if (!(v = cli_value(argc, argv, &i))) rc = 2;
            else if (cli_parse_long(a, v, 1, 1L << 62, &config_id)) rc = 2;
            else if (rm_reg_term_parse("id=0", &terms[n], &e)) rc = cli_fail("runs: %s", e.msg);
            else snprintf(terms[n++].value, sizeof terms[0].value, "%ld", config_id);
        } else if (!strcmp(a, "--prune")) {
            prune = 1;
        } else if (cli_is(a, "--db")) {
            if (!(v = cli_value(argc, argv, &i))) rc = 2;
            else db = v;
        } else if (a[0] == '-' && a[1] == '-') {
            rc = cli_fail("runs: unknown option '%s' (see recmem runs --help)", a);
        } else if (!strncmp(a, "sweep=", 6)) {   /* recmem sweep collect names its runs */
            if (rm_reg_term_make(&terms[n++], "name", "=", a + 6, &e)) rc = cli_fail("runs: %s", e.msg);
        } else if (rm_reg_term_parse(a, &terms[n++], &e)) {
            rc = cli_fail("runs: %s", e.msg);
        }
    }
    if (rc) {
        free(terms);
        return rc;
    }
    /* listing must not create an empty registry as a side effect */
    if (access(db, F_OK) != 0) {
        free(terms);
        return cli_error("runs: no run registry at %s (recmem train records runs there; see --db)", db);
    }
    rm_registry *reg = NULL;
    rm_run_row *rows = NULL;
    int n_rows = 0;
    if (prune) {
        int marked = 0;
        if (n || json) rc = cli_fail("runs: --prune takes no filters, --json or --config");
        else if (rm_reg_open(db, &reg, &e) || rm_reg_prune(reg, &marked, &e))
            rc = cli_error("runs: %s", e.msg);
        else fprintf(stderr, "recmem: %d run%s whose process died marked failed\n", marked,
                     marked == 1 ? "" : "s");
        rm_reg_close(reg);
        free(terms);
        return rc;
    }
    if (rm_reg_open(db, &reg, &e) || rm_reg_list(reg, terms, n, &rows, &n_rows, &e)) {
        rm_reg_close(reg);
        free(terms);
        return cli_error("runs: %s", e.msg);
    }
    rm_reg_close(reg);
    free(terms);
    if (config_id && n_rows == 0) rc = cli_fail("runs: no run %ld in %s", config_id, db);
    else if (config_id && !rows[0].run)
        rc = cli_fail("runs: run %ld was recorded before run descriptions were (its config "
                      "column has the trainer's settings)", config_id);
    else if (config_id) puts(rows[0].run);
    else if (json) rc = print_json(rows, n_rows);
    else if (n_rows == 0) fprintf(stderr, "recmem: no runs match\n");
    else print_table(rows, n_rows);
    rm_reg_rows_free(rows, n_rows);
    return rc;
}
