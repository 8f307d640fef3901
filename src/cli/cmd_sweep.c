/* cmd_sweep.c: `recmem sweep`: a grid of networks from a description (a Lua file or flags)
 * into a sweep directory, trained by the local pool or as a SLURM job array; and its
 * subcommands run (one point), status (sweep_status.c), collect (sweep_collect.c) and
 * submit. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"
#include "lua/lsweep.h"
#include "store/registry.h"
#include "sweep.h"

#define DEFAULT_CKPT_EVERY 500
#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+"

static void usage(FILE *f) {
    fputs("usage: recmem sweep FILE.lua [options]          a sweep described in Lua\n"
          "       recmem sweep --task T [--KEY SPEC]... -d DIR [options]\n"
          "       recmem sweep DIR [options]               continue (or resubmit) a sweep\n"
          "       recmem sweep run DIR --point I           train one point (a SLURM array task)\n"
          "       recmem sweep status DIR [--csv | --json] what is done, running, failed, missing\n"
          "       recmem sweep status DIR --grid[=X,Y]     mean SI of the kept networks, X by Y\n"
          "       recmem sweep collect DIR [--db PATH]     record the points in the registry\n"
          "       recmem sweep submit DIR [slurm options]  submit the missing and failed points\n"
          "description (flags): any run config key as a flag, --task --variant --model\n"
          "  --condition --task2 --lambda --sigma --rho --hidden --batch --iters --lr --seed\n"
          "  (or --seeds) --vardelay-warmup --init-from --threads --test-batches --si-trials\n"
          "  --log-every, each with a value or SPEC: lo:hi:n (n values, both ends included),\n"
          "  a,b,c (a list), lo-hi (whole numbers, e.g. --seeds 1-5). Axes expand in that key\n"
          "  order, the last one fastest, whatever order they are given in.\n"
          "options:\n"
          "  -d, --dir DIR          the sweep directory (a Lua file may name it: dir=)\n"
          "  -n, --name NAME        the sweep's name in the registry     [the directory's name]\n"
          "  -j, --jobs N           worker processes                     [number of cores]\n"
          "  --checkpoint-every K   each point saves every K iterations  [500]\n"
          "  --dry-run              list the points and estimate the core-hours (with\n"
          "                         --slurm: write the job script, do not submit)\n"
          "  --slurm                submit a SLURM job array instead of training here\n"
          "  --partition P, --time T, --mem M   #SBATCH settings of the array\n"
          "  --max-running K        at most K array tasks at once (--array=...%K)\n"
          "  --sbatch-arg ARG       one more #SBATCH line (repeatable)\n",
          f);
}

typedef struct {
    json_t *flags;            /* run config keys given as flags: key -> spec text */
    const char *pos;          /* FILE.lua or DIR */
    const char *dir, *name;
    long jobs, ckpt_every, point;
    int dry_run, slurm, csv, json;
    const char *grid;         /* status --grid [X,Y]: "" for the first two axes */
    const char *db;
    sweep_slurm_opts so;
} sweep_opts;

/* A run config key as a flag ("--test-batches" -> "test_batches"), or NULL. */
static const char *config_flag(const char *a, char *key, size_t n) {
    if (strncmp(a, "--", 2)) return NULL;
    size_t len = strcspn(a + 2, "=");
    if (len >= n) return NULL;
    snprintf(key, n, "%.*s", (int)len, a + 2);
    for (char *p = key; *p; p++) if (*p == '-') *p = '_';
    if (!strcmp(key, "seeds")) snprintf(key, n, "seed");
    return sweep_key_index(key) >= 0 ? key : NULL;
}

static int parse(int argc, char **argv, int first, sweep_opts *o) {
    for (int i = first; i < argc; i++) {
        const char *a = argv[i], *v;
        char key[32];
#define VAL() if (!(v = cli_value(argc, argv, &i))) return 2
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 1; }
        else if (config_flag(a, key, sizeof key)) {
            VAL();
            if (json_object_get(o->flags, key))
                return cli_fail("sweep: --%s given twice (a list is a,b,c)", a + 2);
            json_object_set_new(o->flags, key, json_string(v));
        }
        else if (cli_is(a, "--dir") || cli_is(a, "-d")) { VAL(); o->dir = v; }
        else if (cli_is(a, "--name") || cli_is(a, "-n")) { VAL(); o->name = v; }
        else if (cli_is(a, "--jobs") || cli_is(a, "-j")) { VAL(); if (cli_parse_long(a, v, 1, 4096, &o->jobs)) return 2; }
        else if (cli_is(a, "--checkpoint-every")) { VAL(); if (cli_parse_long(a, v, 1, 100000000, &o->ckpt_every)) return 2; }
        else if (cli_is(a, "--point")) { VAL(); if (cli_parse_long(a, v, 0, LONG_MAX, &o->point)) return 2; }
        else if (!strcmp(a, "--dry-run")) o->dry_run = 1;
        else if (!strcmp(a, "--slurm")) o->slurm = 1;
        else if (!strcmp(a, "--csv")) o->csv = 1;
        else if (!strcmp(a, "--grid")) o->grid = "";
        else if (!strncmp(a, "--grid=", 7)) o->grid = a + 7;
        else if (!strcmp(a, "--json")) o->json = 1;
        else if (cli_is(a, "--db")) { VAL(); o->db = v; }
        else if (cli_is(a, "--partition")) { VAL(); o->so.partition = v; }
        else if (cli_is(a, "--time")) { VAL(); o->so.time = v; }
        else if (cli_is(a, "--mem")) { VAL(); o->so.mem = v; }
        else if (cli_is(a, "--max-running")) { VAL(); if (cli_parse_long(a, v, 1, 1000000, &o->so.max_running)) return 2; }
        else if (cli_is(a, "--sbatch-arg")) {
            VAL();
            if (o->so.n_extra >= 32) return cli_fail("sweep: at most 32 --sbatch-arg");
            if (strchr(v, '\n')) return cli_fail("sweep: --sbatch-arg must be one line");
            o->so.extra[o->so.n_extra++] = v;
        }
        else if (a[0] == '-' && a[1]) return cli_fail("sweep: unknown option '%s' (see recmem sweep --help)", a);
        else if (o->pos) return cli_fail("sweep: one description at a time ('%s' and '%s')", o->pos, a);
        else o->pos = a;
#undef VAL
    }
    return 0;
}

static int is_sweep_dir(const char *p) {
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/sweep.json", p);
    return access(path, F_OK) == 0;
}

static int ends_with(const char *s, const char *tail) {
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && !strcmp(s + a - b, tail);
}

/* Opens the sweep DIR names (for the subcommands). */
static int open_sweep(const char *dir, rm_sweep **s) {
    rm_err e;
    if (!dir) return cli_fail("sweep: which sweep directory?");
    if (rm_sweep_open(dir, s, &e)) return cli_fail("sweep: %s", e.msg);
    return 0;
}

/* Seconds per training iteration of point pt: 3 timed iterations in a child. */
static double time_point(const json_t *pt) {
    json_t *q = json_deep_copy(pt);
    json_object_set_new(q, "iters", json_integer(3));
    json_object_set_new(q, "test_batches", json_integer(1));
    json_object_set_new(q, "si_trials", json_integer(0));
    json_object_set_new(q, "log_every", json_integer(1000000));
    json_object_set_new(q, "vardelay_warmup", json_integer(0));
    json_object_set_new(q, "task2", json_null());
    json_object_set_new(q, "threads", json_integer(1));
    char err[256];
    char **argv = sweep_point_argv(q, NULL, 0, 0, err, sizeof err);
    json_decref(q);
    if (!argv) return NAN;
    int fd[2];
    if (pipe(fd)) {
        sweep_argv_free(argv);
        return NAN;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        int nul = open("/dev/null", O_WRONLY);
        if (nul >= 0) dup2(nul, STDERR_FILENO);
        close(fd[0]);
        close(fd[1]);
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    sweep_argv_free(argv);
    char buf[8192];
    size_t len = 0;
    ssize_t k;
    while (pid > 0 && (k = read(fd[0], buf + len, sizeof buf - 1 - len)) > 0) len += k;
    buf[len] = '\0';
    close(fd[0]);
    int st;
    if (pid > 0) waitpid(pid, &st, 0);
    json_t *r = json_loads(buf, 0, NULL);
    json_t *ph = json_array_get(json_object_get(r, "phases"), 0);
    double secs = json_number_value(json_object_get(ph, "seconds"));
    double per = ph ? secs / 3 : NAN;
    json_decref(r);
    return per;
}

static double cost_units(const json_t *pt) {   /* iterations x batch x hidden^2, per phase */
    double h = (double)json_integer_value(json_object_get(pt, "hidden"));
    double b = (double)json_integer_value(json_object_get(pt, "batch"));
    double it = (double)json_integer_value(json_object_get(pt, "iters"));
    int phases = json_is_null(json_object_get(pt, "task2")) ? 1 : 2;
    return phases * it * b * h * h;
}

static int dry_run(json_t *desc) {
    json_t *points = json_object_get(desc, "points"), *axes = json_object_get(desc, "axes"), *a;
    size_t n = json_array_size(points), i;
    printf("%-6s", "POINT");
    json_array_foreach(axes, i, a) printf("  %-12s", json_string_value(json_object_get(a, "key")));
    putchar('\n');
    for (size_t p = 0; p < n; p++) {
        printf("%-6zu", p);
        json_array_foreach(axes, i, a) {
            char v[64];
            const json_t *pt = json_array_get(points, p);
            rm_sweep_value_text(json_object_get(pt, json_string_value(json_object_get(a, "key"))),
                                v, sizeof v);
            printf("  %-12s", v);
        }
        putchar('\n');
    }
    printf("base:");
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(desc, "base"), key, v) {
        char t[300];
        rm_sweep_value_text(v, t, sizeof t);
        if (!json_is_null(v)) printf(" %s=%s", key, t);
    }
    printf("\n%zu points (axes in run-config key order, the last one fastest)\n", n);
    const json_t *p0 = json_array_get(points, 0);
    double per = n ? time_point(p0) : NAN;
    if (!isfinite(per)) {
        printf("estimate: the first point did not run 3 iterations (see recmem train with its "
               "flags)\n");
        return 0;
    }
    double units = 0, u0 = cost_units(p0);
    for (size_t p = 0; p < n; p++) units += cost_units(json_array_get(points, p));
    double secs = u0 > 0 ? per * json_integer_value(json_object_get(p0, "iters")) * units / u0 : 0;
    printf("estimate: %.3g s per iteration of point 0 (3 timed iterations, one thread); "
           "%.3g core-hours of training for the sweep (other points scaled by iterations x "
           "batch x hidden^2; testing not included)\n", per, secs / 3600);
    return 0;
}

/* A sweep from the description the options give: a Lua file, flags, or an existing
   directory. */
static int describe(sweep_opts *o, rm_sweep **s) {
    rm_err e;
    *s = NULL;
    if (o->pos && is_sweep_dir(o->pos) && !json_object_size(o->flags)) {
        if (o->dir && strcmp(o->dir, o->pos)) return cli_fail("sweep: give the directory once");
        int rc = open_sweep(o->pos, s);
        if (!rc && o->dry_run && !o->slurm) {   /* list it; train nothing */
            rc = dry_run((*s)->desc);
            rm_sweep_free(*s);
            *s = NULL;
        }
        return rc;
    }
    json_t *raw;
    char err[512], where[PATH_MAX + 4] = "", ldir[PATH_MAX] = "";
    if (o->pos && ends_with(o->pos, ".lua")) {
        if (json_object_size(o->flags))
            return cli_fail("sweep: the description is %s; flags like --%s belong in it",
                            o->pos, json_object_iter_key(json_object_iter(o->flags)));
        if (rmlua_sweep_describe(o->pos, &raw, err, sizeof err))
            return cli_fail("sweep: %s", err);
        snprintf(where, sizeof where, "%s: ", o->pos);
        const char *d = json_string_value(json_object_get(raw, "dir"));
        if (d) snprintf(ldir, sizeof ldir, "%s", d);
    } else if (o->pos) {
        return cli_fail("sweep: '%s' is neither a .lua description nor a sweep directory", o->pos);
    } else {
        if (!json_object_size(o->flags))
            return cli_fail("sweep: no description (a FILE.lua, or flags such as --task DE1 "
                            "--lambda 0.8:0.98:10; see recmem sweep --help)");
        raw = json_pack("{s:{}, s:O}", "base", "axes", o->flags);
    }
    if (!o->dir) o->dir = ldir[0] ? ldir : NULL;
    if (!o->dir) {
        json_decref(raw);
        return cli_fail("sweep: where should it go? (-d DIR%s)", o->pos ? ", or dir= in the file" : "");
    }
    if (o->name) json_object_set_new(raw, "name", json_string(o->name));
    if (!json_is_string(json_object_get(raw, "name"))) {
        /* the directory's name, made fit to be a name (see name_ok) */
        char tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", o->dir);
        for (size_t k = strlen(tmp); k > 1 && tmp[k - 1] == '/'; k--) tmp[k - 1] = '\0';
        char *base = strrchr(tmp, '/');
        base = base ? base + 1 : tmp;
        if (strlen(base) > 63) base[63] = '\0';
        for (char *c = base; *c; c++)
            if (!strchr(NAME_CHARS, *c)) *c = '_';
        json_object_set_new(raw, "name", json_string(base));
    }
    const char *name = json_string_value(json_object_get(raw, "name"));
    if (!name[0] || strlen(name) > 63 || name[strspn(name, NAME_CHARS)]) {
        int rc = cli_fail("sweep: the name '%s' must be 1 to 63 letters, digits, '.', '_', "
                          "'-' or '+' (it names the SLURM job and the registry's runs)", name);
        json_decref(raw);
        return rc;
    }
    json_t *desc = sweep_expand(raw, where, err, sizeof err);
    json_decref(raw);
    if (!desc) return cli_fail("sweep: %s", err);
    /* points run from other directories (SLURM array tasks): --init-from made absolute */
    size_t i;
    json_t *pt;
    json_array_foreach(json_object_get(desc, "points"), i, pt) {
        const char *from = json_string_value(json_object_get(pt, "init_from"));
        char abs[PATH_MAX];
        if (from && from[0] != '/' && realpath(from, abs))
            json_object_set_new(pt, "init_from", json_string(abs));
    }
    int rc = 0;
    if (o->dry_run && !o->slurm) rc = dry_run(desc);
    else if (rm_sweep_create(o->dir, desc, s, &e)) rc = cli_fail("sweep: %s", e.msg);
    json_decref(desc);
    return rc;
}

int cmd_sweep(int argc, char **argv) {
    sweep_opts o = {.flags = json_object(), .ckpt_every = DEFAULT_CKPT_EVERY, .point = -1,
                    .db = RM_REG_DEFAULT_PATH};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = cores > 0 ? cores : 1;
    const char *sub = argc > 1 && (!strcmp(argv[1], "run") || !strcmp(argv[1], "status") ||
                                   !strcmp(argv[1], "collect") || !strcmp(argv[1], "submit"))
                      ? argv[1] : NULL;
    int rc = parse(argc, argv, sub ? 2 : 1, &o);
    if (rc) {
        json_decref(o.flags);
        return rc == 1 ? 0 : rc;
    }
    rm_sweep *s = NULL;
    if (sub && json_object_size(o.flags))
        rc = cli_fail("sweep %s: takes a sweep directory, not a description", sub);
    else if (sub) rc = open_sweep(o.pos ? o.pos : o.dir, &s);
    else rc = describe(&o, &s);
    json_decref(o.flags);
    if (rc || !s) return rc;   /* an error, or a --dry-run listing */
    o.so.dry_run = o.dry_run;
    if (!sub) rc = o.slurm ? sweep_slurm_submit(s, &o.so, o.ckpt_every)
                           : sweep_pool_run(s, (int)o.jobs, o.ckpt_every);
    else if (!strcmp(sub, "run")) {
        if (o.point < 0) rc = cli_fail("sweep run: which point? (--point I)");
        else if ((size_t)o.point >= s->n)
            rc = cli_fail("sweep run: point %ld does not exist (the sweep has %zu: 0 to %zu)",
                          o.point, s->n, s->n - 1);
        else rc = sweep_run_one(s, (size_t)o.point, o.ckpt_every);
    } else if (!strcmp(sub, "status")) rc = sweep_status(s, o.csv, o.json, o.grid);
    else if (!strcmp(sub, "collect")) rc = sweep_collect(s, o.db);
    else rc = sweep_slurm_submit(s, &o.so, o.ckpt_every);
    rm_sweep_free(s);
    return rc;
}
