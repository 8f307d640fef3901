/* test_sweep_grid.c: a sweep's results over two axes (store/sweep_grid.h) on a sweep
 * directory built by hand: lambda x sigma with two seeds per cell, results with known SI,
 * failed, not-kept, missing and running points; the seeds averaged over kept networks; the
 * default axes; a refresh that sees a new result, a dropped claim and a dead claimer, and
 * sees nothing when nothing changed; test_infloss over all finished points; refusals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "store/sweep_grid.h"

static const double lambdas[2] = {0.9, 0.98}, sigmas[3] = {0, 0.01, 0.02};

/* point index of (lambda l, sigma s, seed k): seeds vary fastest */
static size_t pt(int l, int s, int k) { return (size_t)((l * 3 + s) * 2 + k); }

static void result(const rm_sweep *sw, size_t i, const char *status, int keep, double si,
                   double il) {
    json_t *r = json_pack("{s:I, s:s, s:b, s:f, s:f}", "point", (json_int_t)i, "status", status,
                          "keep", keep, "si", si, "test_infloss", il);
    rm_err e;
    CHECK(rm_sweep_result_write(sw, i, r, &e) == RM_OK, "result %zu: %s", i, e.msg);
    json_decref(r);
}

static const rm_grid_cell *cell(const rm_sweep_grid *g, int l, int s) {
    return &g->cells[(size_t)l * g->ny + (size_t)s];
}

int main(void) {
    char dir[] = "/tmp/rm_sweep_grid_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    /* the axes in another order than lambda, sigma: the grid still picks them by default */
    json_t *desc = json_pack("{s:s, s:i, s:s, s:{}, s:[{s:s, s:[i,i]}, {s:s, s:[f,f]}, "
                             "{s:s, s:[f,f,f]}], s:[]}",
                             "format", RM_SWEEP_FORMAT, "version", RM_SWEEP_VERSION, "name", "g",
                             "base", "axes", "key", "seed", "values", 1, 2, "key", "lambda",
                             "values", lambdas[0], lambdas[1], "key", "sigma", "values",
                             sigmas[0], sigmas[1], sigmas[2], "points");
    json_t *pts = json_object_get(desc, "points");
    for (int l = 0; l < 2; l++)
        for (int s = 0; s < 3; s++)
            for (int k = 0; k < 2; k++)
                json_array_append_new(pts, json_pack("{s:s, s:f, s:f, s:i}", "task", "DE1",
                                                     "lambda", lambdas[l], "sigma", sigmas[s],
                                                     "seed", k + 1));
    rm_sweep *sw;
    rm_err e;
    if (rm_sweep_create(dir, desc, &sw, &e)) {
        fprintf(stderr, "create: %s\n", e.msg);
        return 1;
    }
    json_decref(desc);
    result(sw, pt(0, 0, 0), "done", 1, 0.2, 0.1);
    result(sw, pt(0, 0, 1), "done", 1, 0.4, 0.3);
    result(sw, pt(0, 1, 0), "done", 1, 0.5, 0.2);
    result(sw, pt(0, 1, 1), "done", 0, 0.9, 0.8);   /* not kept: left out of the SI */
    result(sw, pt(0, 2, 0), "failed", 0, 0, 0);
    result(sw, pt(0, 2, 1), "failed", 0, 0, 0);
    result(sw, pt(1, 0, 0), "done", 0, 0.1, 0.9);
    result(sw, pt(1, 0, 1), "done", 0, 0.2, 0.7);
    result(sw, pt(1, 1, 1), "failed", 0, 0, 0);     /* (1, 1, 0) missing */
    CHECK(rm_sweep_claim(sw, pt(1, 2, 0), &e) == RM_OK, "claim: %s", e.msg);   /* (1,2,1) missing */

    rm_sweep_grid *g;
    CHECK(rm_sweep_grid_open(dir, NULL, NULL, NULL, &g, &e) == RM_OK, "open: %s", e.msg);
    if (!g) return check_result("test_sweep_grid");
    CHECK(!strcmp(g->xkey, "lambda") && !strcmp(g->ykey, "sigma") && !strcmp(g->zkey, "si"),
          "default axes %s x %s of %s", g->xkey, g->ykey, g->zkey);
    CHECK(g->nx == 2 && g->ny == 3 && g->per_cell == 2, "shape %zux%zu, %zu per cell", g->nx,
          g->ny, g->per_cell);
    CHECK(!strcmp(g->xlab[1], "0.98") && fabs(g->yval[2] - 0.02) < 1e-12, "axis values %s %g",
          g->xlab[1], g->yval[2]);
    CHECK(cell(g, 0, 0)->state == RM_CELL_VALUE && fabs(cell(g, 0, 0)->value - 0.3) < 1e-12 &&
          cell(g, 0, 0)->n_value == 2, "two kept seeds averaged: %g (%d)", cell(g, 0, 0)->value,
          cell(g, 0, 0)->n_value);
    CHECK(fabs(cell(g, 0, 1)->value - 0.5) < 1e-12 && cell(g, 0, 1)->n_value == 1 &&
          cell(g, 0, 1)->done == 2, "only the kept seed: %g (%d)", cell(g, 0, 1)->value,
          cell(g, 0, 1)->n_value);
    CHECK(cell(g, 0, 2)->state == RM_CELL_FAILED && cell(g, 0, 2)->failed == 2 &&
          isnan(cell(g, 0, 2)->value), "failed cell: state %d", cell(g, 0, 2)->state);
    CHECK(cell(g, 1, 0)->state == RM_CELL_NOT_KEPT, "not-kept cell: state %d", cell(g, 1, 0)->state);
    CHECK(cell(g, 1, 1)->state == RM_CELL_MISSING && cell(g, 1, 1)->missing == 1 &&
          cell(g, 1, 1)->failed == 1, "missing cell: state %d", cell(g, 1, 1)->state);
    CHECK(cell(g, 1, 2)->state == RM_CELL_RUNNING && cell(g, 1, 2)->running == 1,
          "running cell: state %d", cell(g, 1, 2)->state);
    CHECK(g->count[RM_POINT_DONE] == 6 && g->count[RM_POINT_FAILED] == 3 &&
          g->count[RM_POINT_RUNNING] == 1 && g->count[RM_POINT_MISSING] == 2,
          "counts %zu %zu %zu %zu", g->count[RM_POINT_DONE], g->count[RM_POINT_FAILED],
          g->count[RM_POINT_RUNNING], g->count[RM_POINT_MISSING]);
    CHECK(fabs(g->zmin - 0.3) < 1e-12 && fabs(g->zmax - 0.5) < 1e-12, "range %g..%g", g->zmin, g->zmax);

    /* the text form */
    char *text = NULL;
    size_t tn = 0;
    FILE *f = open_memstream(&text, &tn);
    rm_sweep_grid_print(g, f);
    fclose(f);
    CHECK(strstr(text, "0.300 (2)") && strstr(text, "0.500 (1)") && strstr(text, "not kept") &&
          strstr(text, "failed") && strstr(text, "running") && strstr(text, "missing") &&
          strstr(text, "12 points: 6 done, 1 running, 3 failed, 2 missing"), "text:\n%s", text);
    free(text);

    /* nothing changed: nothing to redraw */
    unsigned long gen = g->gen;
    CHECK(rm_sweep_grid_refresh(g) == 0 && g->gen == gen, "refresh without changes");
    /* a new result fills the missing cell */
    result(sw, pt(1, 1, 0), "done", 1, 0.7, 0.2);
    CHECK(rm_sweep_grid_refresh(g) == 1 && g->gen != gen, "refresh after a new result");
    CHECK(cell(g, 1, 1)->state == RM_CELL_VALUE && fabs(cell(g, 1, 1)->value - 0.7) < 1e-12,
          "filled cell: state %d value %g", cell(g, 1, 1)->state, cell(g, 1, 1)->value);
    CHECK(fabs(g->zmax - 0.7) < 1e-12, "range grows to %g", g->zmax);
    /* the claim dropped: missing again */
    rm_sweep_unclaim(sw, pt(1, 2, 0));
    CHECK(rm_sweep_grid_refresh(g) == 1 && cell(g, 1, 2)->state == RM_CELL_MISSING,
          "dropped claim: state %d", cell(g, 1, 2)->state);
    /* a claim whose process is gone does not count */
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, NULL, 0);
    char path[4096], host[256] = "";
    gethostname(host, sizeof host - 1);
    rm_sweep_path(sw, "running", pt(1, 2, 1), path, sizeof path);
    json_t *claim = json_pack("{s:s, s:I}", "host", host, "pid", (json_int_t)child);
    CHECK(rm_json_write_atomic(path, claim, &e) == RM_OK, "dead claim: %s", e.msg);
    json_decref(claim);
    rm_sweep_grid_refresh(g);
    CHECK(cell(g, 1, 2)->state == RM_CELL_MISSING && g->count[RM_POINT_RUNNING] == 0,
          "dead claimer: state %d, %zu running", cell(g, 1, 2)->state, g->count[RM_POINT_RUNNING]);
    rm_sweep_grid_free(g);

    /* test information loss: every finished point counts, kept or not; named axes */
    CHECK(rm_sweep_grid_open(dir, "sigma", "seed", "test_infloss", &g, &e) == RM_OK, "open: %s", e.msg);
    if (g) {
        CHECK(g->nx == 3 && g->ny == 2, "sigma x seed: %zux%zu", g->nx, g->ny);
        /* sigma 0, seed 1: lambda 0.9 (0.1) and 0.98 (0.9), both finished */
        CHECK(fabs(g->cells[0].value - 0.5) < 1e-12 && g->cells[0].n_value == 2,
              "infloss mean %g (%d)", g->cells[0].value, g->cells[0].n_value);
        rm_sweep_grid_free(g);
    }
    /* refusals name the problem */
    CHECK(rm_sweep_grid_open(dir, "rho", NULL, NULL, &g, &e) == RM_EINVAL && !g &&
          strstr(e.msg, "'rho' is not an axis"), "bad axis: %s", e.msg);
    CHECK(rm_sweep_grid_open(dir, "seed", "seed", NULL, &g, &e) == RM_EINVAL &&
          strstr(e.msg, "two different axes"), "same axis: %s", e.msg);
    CHECK(rm_sweep_grid_open(dir, NULL, NULL, "loss", &g, &e) == RM_EINVAL &&
          strstr(e.msg, "'loss'"), "bad value: %s", e.msg);
    CHECK(rm_sweep_grid_open("/nonexistent/sweep", NULL, NULL, NULL, &g, &e) != RM_OK &&
          strstr(e.msg, "no sweep here"), "no sweep: %s", e.msg);

    rm_sweep_free(sw);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_result("test_sweep_grid");
}
