/* sweep_status.c: `recmem sweep status DIR`: every point's state and result as a table,
 * CSV or JSON with the counts, or (--grid) the mean SI of the kept networks over two axes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "sweep.h"
#include "store/sweep_grid.h"

/* The axes of the sweep: keys whose value differs between points. */
static int axis_keys(const rm_sweep *s, const char **keys, int max) {
    int n = 0;
    json_t *axes = json_object_get(s->desc, "axes"), *a;
    size_t i;
    json_array_foreach(axes, i, a)
        if (n < max) keys[n++] = json_string_value(json_object_get(a, "key"));
    return n;
}

/* status --grid: rows are axis X's values, columns axis Y's; each cell the mean SI of the
   kept networks among its points (the other axes, e.g. seeds, pooled) and their count, or
   a mark: "running", "missing", "not kept", "failed" (store/sweep_grid.c). Follows a
   running sweep when repeated (e.g. under watch). */
static int grid_cmd(const rm_sweep *s, const char *spec) {
    char names[2][64] = {"", ""};
    if (spec[0] && sscanf(spec, "%63[^,],%63s", names[0], names[1]) != 2)
        return cli_fail("sweep status: --grid=X,Y names two axes (e.g. --grid=lambda,sigma)");
    rm_sweep_grid *g;
    rm_err e;
    if (rm_sweep_grid_open(s->dir, spec[0] ? names[0] : NULL, spec[0] ? names[1] : NULL, "si",
                           &g, &e))
        return e.code == RM_ENOMEM ? cli_error("sweep: %s", e.msg)
                                   : cli_fail("sweep status: %s", e.msg);
    rm_sweep_grid_print(g, stdout);
    rm_sweep_grid_free(g);
    return 0;
}

int sweep_status(const rm_sweep *s, int csv, int json, const char *grid) {
    if (grid) return grid_cmd(s, grid);
    const char *keys[32];
    int nk = axis_keys(s, keys, 32);
    size_t count[4] = {0};
    json_t *rows = json_array();
    if (csv) {
        printf("point,status");
        for (int k = 0; k < nk; k++) printf(",%s", keys[k]);
        printf(",test_infloss,keep,si,seconds,iters,error\n");
    } else if (!json) {
        printf("%-6s %-8s", "POINT", "STATUS");
        for (int k = 0; k < nk; k++) printf(" %-10s", keys[k]);
        printf(" %8s %4s %7s %8s  %s\n", "TEST_IL", "KEEP", "SI", "SECONDS", "ERROR");
    }
    for (size_t i = 0; i < s->n; i++) {
        json_t *r;
        rm_point_state st = rm_sweep_state(s, i, &r);
        count[st]++;
        const json_t *pt = rm_sweep_point(s, i);
        double il = json_number_value(json_object_get(r, "test_infloss"));
        double si = json_number_value(json_object_get(r, "si"));
        double sec = json_number_value(json_object_get(r, "seconds"));
        json_t *keep = json_object_get(r, "keep"), *err = json_object_get(r, "error");
        int has = json_is_number(json_object_get(r, "test_infloss"));
        if (json) {
            json_array_append_new(rows, json_pack("{s:I, s:s, s:O, s:o, s:o, s:o, s:o, s:o}",
                "point", (json_int_t)i, "status", rm_point_state_name(st), "config", pt,
                "test_infloss", has ? json_real(il) : json_null(),
                "keep", json_is_boolean(keep) ? json_copy(keep) : json_null(),
                "si", json_is_number(json_object_get(r, "si")) ? json_real(si) : json_null(),
                "seconds", r ? json_real(sec) : json_null(),
                "error", json_is_string(err) ? json_copy(err) : json_null()));
        } else if (csv) {
            printf("%zu,%s", i, rm_point_state_name(st));
            for (int k = 0; k < nk; k++) {
                char v[300];
                rm_sweep_value_text(json_object_get(pt, keys[k]), v, sizeof v);
                printf(",%s", v);
            }
            if (has) printf(",%.9g,%s,%.9g", il, json_is_true(keep) ? "true" : "false", si);
            else printf(",,,");
            if (r) printf(",%.3f,", sec);
            else printf(",,");
            char iv[32];
            rm_sweep_value_text(json_object_get(r, "iters"), iv, sizeof iv);
            printf("%s,", r ? iv : "");
            if (json_is_string(err)) {   /* quoted, quotes doubled */
                putchar('"');
                for (const char *c = json_string_value(err); *c; c++) {
                    if (*c == '"') putchar('"');
                    putchar(*c);
                }
                putchar('"');
            }
            putchar('\n');
        } else {
            printf("%-6zu %-8s", i, rm_point_state_name(st));
            for (int k = 0; k < nk; k++) {
                char v[300];
                rm_sweep_value_text(json_object_get(pt, keys[k]), v, sizeof v);
                printf(" %-10s", v);
            }
            if (has) printf(" %8.4f %4s %7.3f", il, json_is_true(keep) ? "yes" : "no", si);
            else printf(" %8s %4s %7s", "-", "-", "-");
            if (r) printf(" %8.1f", sec);
            else printf(" %8s", "-");
            printf("  %s\n", json_is_string(err) ? json_string_value(err) : "");
        }
        json_decref(r);
    }
    if (json) {
        char *t = json_dumps(rows, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
        if (t) puts(t);
        free(t);
    }
    json_decref(rows);
    fprintf(csv || json ? stderr : stdout,
            "%s%zu points: %zu done, %zu running, %zu failed, %zu missing\n",
            csv || json ? "recmem: " : "", s->n, count[RM_POINT_DONE],
            count[RM_POINT_RUNNING], count[RM_POINT_FAILED], count[RM_POINT_MISSING]);
    return 0;
}
