/* cmd_plot.c: `recmem plot`: figure files from the command line. From a saved network: its
 * sorted activity heatmap on probe trials of its task (--heatmap) or its training curves
 * (--loss); from the run registry: a map of one column over two others (--runs FILTER
 * --x lambda0 --y sigma0 --z si). The output file is checked before any work is done; the
 * format follows its extension (.pdf, .svg, .png). --show draws the figure in the terminal
 * as well (or instead of a file) through the plot layer's text renderer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "core/train.h"
#include "plot/plot.h"
#include "store/ckpt.h"
#include "store/registry.h"

static void usage(FILE *f) {
    fputs("usage: recmem plot NET.safetensors (--heatmap | --loss) -o FIG [options]\n"
          "       recmem plot --runs FILTER --x COL --y COL --z COL -o FIG [options]\n"
          "  -o, --output FIG   the figure file: .pdf, .svg or .png (from the extension)\n"
          "  --show             draw the figure in the terminal too (or, without -o, only);\n"
          "                     COLUMNS sets its width, NO_COLOR turns its colours off\n"
          "  --heatmap          activity of the network on probe trials of its task, units\n"
          "                     sorted by peak time, task periods marked\n"
          "  --trials N         probe trials averaged in the heatmap                   [1]\n"
          "  --seed S           seed of the probe trials   [the run's test trials, as the SI's]\n"
          "  --sort peak|index  unit order                                          [peak]\n"
          "  --norm unit|global each unit scaled to its own peak, or one scale      [unit]\n"
          "  --active           leave out units whose peak is under 5% of the largest\n"
          "  --loss             training loss and information loss from the file's history\n"
          "  --linear           linear loss axis (default: log)\n"
          "  --runs FILTER      registry rows to map: terms as for `recmem runs` (task=DE1,\n"
          "                     si>3, status=done; several in one string, or --runs again)\n"
          "  --x COL --y COL    columns for the map's axes            [lambda0, sigma0]\n"
          "  --z COL            column shown as colour, averaged over runs sharing x, y [si]\n"
          "  --db PATH          run registry                                  [./recmem.db]\n"
          "  --title TEXT       figure title\n"
          "  --width PT --height PT   size in points (1/72 inch)             [432 x 324]\n"
          "  --dpi N            PNG resolution                                       [150]\n",
          f);
}

/* The columns --x/--y/--z may name: the registry's numeric columns. */
static int map_value(const rm_run_row *r, const char *col, double *v) {
    if (!strcmp(col, "lambda0")) *v = r->lambda0;
    else if (!strcmp(col, "sigma0")) *v = r->sigma0;
    else if (!strcmp(col, "rho")) *v = r->rho;
    else if (!strcmp(col, "n_hidden")) *v = r->n_hidden < 0 ? NAN : (double)r->n_hidden;
    else if (!strcmp(col, "iters")) *v = r->iters < 0 ? NAN : (double)r->iters;
    else if (!strcmp(col, "iter")) *v = r->iter < 0 ? NAN : (double)r->iter;
    else if (!strcmp(col, "loss")) *v = r->loss;
    else if (!strcmp(col, "infloss")) *v = r->infloss;
    else if (!strcmp(col, "test_infloss")) *v = r->test_infloss;
    else if (!strcmp(col, "test_loss")) *v = r->test_loss;
    else if (!strcmp(col, "si")) *v = r->si;
    else if (!strcmp(col, "id")) *v = (double)r->id;
    else return -1;
    return 0;
}
static const char MAP_COLUMNS[] =
    "lambda0, sigma0, rho, n_hidden, iters, iter, loss, infloss, test_infloss, test_loss, si, id";

#define MAX_TERMS 32

/* Splits a --runs value into terms (whitespace-separated). */
static int add_terms(const char *s, rm_reg_term *terms, int *n) {
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, " \t"); tok; tok = strtok(NULL, " \t")) {
        if (*n == MAX_TERMS) return cli_fail("plot: more than %d --runs terms", MAX_TERMS);
        rm_err e;
        if (rm_reg_term_parse(tok, &terms[(*n)++], &e)) return cli_fail("plot: --runs: %s", e.msg);
    }
    return 0;
}

static int runs_map(plot_figure *f, const char *db, const rm_reg_term *terms, int n_terms,
                    const char *cx, const char *cy, const char *cz) {
    if (access(db, F_OK) != 0) return cli_fail("plot: no run registry at %s", db);
    rm_registry *reg;
    rm_err e;
    if (rm_reg_open(db, &reg, &e)) return cli_fail("plot: %s", e.msg);
    rm_run_row *rows;
    int n;
    int rc = rm_reg_list(reg, terms, n_terms, &rows, &n, &e);
    rm_reg_close(reg);
    if (rc) return cli_fail("plot: %s", e.msg);
    if (n == 0) {
        rm_reg_rows_free(rows, n);
        return cli_fail("plot: no runs match the --runs filter");
    }
    double *v = malloc(3 * (size_t)n * sizeof *v);
    if (!v) {
        rm_reg_rows_free(rows, n);
        return cli_error("plot: out of memory");
    }
    for (int i = 0; i < n; i++) {
        map_value(&rows[i], cx, &v[i]);
        map_value(&rows[i], cy, &v[n + i]);
        map_value(&rows[i], cz, &v[2 * n + i]);
    }
    rm_reg_rows_free(rows, n);
    rc = plot_map_figure(f, v, v + n, v + 2 * n, n, cx, cy, cz, &e);
    free(v);
    if (rc) return cli_fail("plot: %s", e.msg);
    return 0;
}

/* seed_given 0: the probe trials come from the run's test stream, as the SI's and
   `recmem export`'s do. */
static int from_net(plot_figure *f, const char *in, int heatmap, long trials, uint64_t seed,
                    int seed_given, const plot_activity_opts *o, int logy, const char *title) {
    rm_ckpt *c = NULL;
    rm_err e;
    if (rm_ckpt_load(in, &c, &e)) return cli_fail("plot: %s", e.msg);
    const char *base = strrchr(in, '/') ? strrchr(in, '/') + 1 : in;
    char def_title[160];
    int rc = 0;
    if (heatmap) {
        rm_trace tr;
        if (!seed_given) seed = rm_seed_test(c->tr.cfg.seed);
        if (rm_probe(&c->task, &c->net, (int)trials, seed, &tr, &e)) {
            rm_ckpt_free(c);
            return cli_error("plot: probe: %s", e.msg);
        }
        snprintf(def_title, sizeof def_title, "%s, %s (%ld trial%s)", c->task.def->name, base, trials,
                 trials == 1 ? "" : "s");
        if (plot_activity_figure(f, tr.h, tr.trials, tr.T, tr.N, c->task.stim, c->task.delay,
                                 c->task.resp, o, title ? title : def_title, &e))
            rc = cli_fail("plot: %s: %s", in, e.msg);
        rm_trace_free(&tr);
    } else {
        const rm_history *h = &c->tr.hist;
        snprintf(def_title, sizeof def_title, "%s, %s", c->task.def->name, base);
        if (plot_training_figure(f, h->loss, h->n_iter, 0, h->infloss, h->log_iter, h->n_log, logy,
                                 title ? title : def_title, &e))
            rc = cli_fail("plot: %s: %s", in, e.msg);
    }
    rm_ckpt_free(c);
    return rc;
}

/* Draws f on stdout at the terminal's width, in its colours (plain text into a file). */
static int show_figure(const plot_figure *f) {
    int cols, lines, w, h;
    plot_text_color c;
    if (!plot_text_terminal(STDOUT_FILENO, &cols, &lines, &c)) c = PLOT_TEXT_PLAIN;
    plot_text_size(f, cols, lines, &w, &h);
    char *text = NULL;
    rm_err e;
    if (plot_text(f, w, h, c, &text, &e)) return cli_error("plot: %s", e.msg);
    fputs(text, stdout);
    free(text);
    return fflush(stdout) ? cli_error("plot: cannot write the figure to stdout") : 0;
}

int cmd_plot(int argc, char **argv) {
    const char *in = NULL, *out = NULL, *db = RM_REG_DEFAULT_PATH, *title = NULL;
    const char *cx = "lambda0", *cy = "sigma0", *cz = "si";
    int heatmap = 0, loss = 0, runs = 0, logy = 1, seed_given = 0, show = 0;
    long trials = 1;
    uint64_t seed = 1;
    double width = 0, height = 0, dpi = 0;
    plot_activity_opts o = {1, 0, 0};
    rm_reg_term terms[MAX_TERMS];
    int n_terms = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "-o") || cli_is(a, "--output")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            out = v;
        } else if (!strcmp(a, "--show")) {
            show = 1;
        } else if (!strcmp(a, "--heatmap")) {
            heatmap = 1;
        } else if (!strcmp(a, "--loss")) {
            loss = 1;
        } else if (!strcmp(a, "--linear")) {
            logy = 0;
        } else if (!strcmp(a, "--active")) {
            o.active_only = 1;
        } else if (cli_is(a, "--trials")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 1, 100000, &trials)) return 2;
        } else if (cli_is(a, "--seed")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_u64(a, v, &seed)) return 2;
            seed_given = 1;
        } else if (cli_is(a, "--sort")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            if (strcmp(v, "peak") && strcmp(v, "index"))
                return cli_fail("plot: --sort must be peak or index, not '%s'", v);
            o.sort_peak = !strcmp(v, "peak");
        } else if (cli_is(a, "--norm")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            if (strcmp(v, "unit") && strcmp(v, "global"))
                return cli_fail("plot: --norm must be unit or global, not '%s'", v);
            o.global_norm = !strcmp(v, "global");
        } else if (cli_is(a, "--runs")) {
            if (!(v = cli_value(argc, argv, &i)) || add_terms(v, terms, &n_terms)) return 2;
            runs = 1;
        } else if (cli_is(a, "--x") || cli_is(a, "--y") || cli_is(a, "--z")) {
            char which = a[2];
            if (!(v = cli_value(argc, argv, &i))) return 2;
            double dummy;
            rm_run_row probe_row;
            memset(&probe_row, 0, sizeof probe_row);
            if (map_value(&probe_row, v, &dummy))
                return cli_fail("plot: --%c: '%s' is not a numeric column (one of %s)", which, v,
                                MAP_COLUMNS);
            if (which == 'x') cx = v;
            else if (which == 'y') cy = v;
            else cz = v;
        } else if (cli_is(a, "--db")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            db = v;
        } else if (cli_is(a, "--title")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            title = v;
        } else if (cli_is(a, "--width")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_double(a, v, 72, 14400, &width)) return 2;
        } else if (cli_is(a, "--height")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_double(a, v, 72, 14400, &height)) return 2;
        } else if (cli_is(a, "--dpi")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_double(a, v, 10, 1200, &dpi)) return 2;
        } else if (a[0] == '-' && a[1]) {
            return cli_fail("plot: unknown option '%s' (see recmem plot --help)", a);
        } else if (in) {
            return cli_fail("plot: one network at a time ('%s' and '%s')", in, a);
        } else {
            in = a;
        }
    }
    if (heatmap + loss + runs == 0)
        return cli_fail("plot: what to draw? --heatmap or --loss of a network, or --runs FILTER");
    if (heatmap + loss + runs > 1)
        return cli_fail("plot: one figure at a time: --heatmap, --loss and --runs exclude each other");
    if (!runs && !in) return cli_fail("plot: which network? (recmem plot NET.safetensors --%s -o FIG)",
                                      heatmap ? "heatmap" : "loss");
    if (runs && in) return cli_fail("plot: --runs maps the registry; '%s' is not needed", in);
    if (!out && !show)
        return cli_fail("plot: where to? give -o FIG.pdf (or .svg, .png), or --show for the terminal");
    rm_err e;
    if (out && plot_check_output(out, &e)) return cli_fail("plot: %s", e.msg);

    plot_figure *f = plot_figure_new(&e);
    if (!f) return cli_error("plot: %s", e.msg);
    int rc = runs ? runs_map(f, db, terms, n_terms, cx, cy, cz)
                  : from_net(f, in, heatmap, trials, seed, seed_given, &o, logy, title);
    if (!rc && runs && title && plot_set_str(&f->panels[0].title, title, &e)) rc = cli_error("plot: %s", e.msg);
    f->width = width, f->height = height, f->dpi = dpi;
    if (!rc && out && plot_save(f, out, &e)) rc = cli_error("plot: %s", e.msg);
    if (!rc && out) {
        char buf[256];
        plot_figure_summary(f, buf, sizeof buf);
        printf("%s: %s\n", out, buf);
    }
    if (!rc && show) rc = show_figure(f);
    plot_figure_free(f);
    return rc;
}
