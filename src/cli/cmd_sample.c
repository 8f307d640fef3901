/* cmd_sample.c: `recmem sample`: draws one batch of a task and writes it as NumPy .npy
 * files (input, target, mask, stimulus, ideal observer's answer, delays), so the tasks
 * can be inspected outside recmem. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "store/npy.h"
#include "task.h"

/* delay.npy is written as int32 straight from the batch's int array. */
_Static_assert(sizeof(int) == 4, "int must be 32 bits");

static void usage(FILE *f) {
    fputs("usage: recmem sample --task NAME [--variant V] [--batch B] [--seed S] -o DIR\n"
          "  --task NAME     DE1 DE2 CD1 CD2 GDE 2AFC SINE COMP (or the original's code)\n"
          "  --variant V     none | vardelay | dynamic | vardelay+dynamic     [none]\n"
          "  --batch B       trials, 1..100000                               [50]\n"
          "  --seed S        random seed                                     [1]\n"
          "  -o, --out DIR   output directory (created if missing)\n"
          "  Writes DIR/input.npy [B][T][channels], target.npy [B][T][outputs],\n"
          "  mask.npy [B][T] (float32), stimulus.npy and opt.npy [B][outputs] (float64;\n"
          "  opt is NaN where the ideal observer is undefined), delay.npy [B] (int32).\n",
          f);
}

typedef struct {
    const char *task, *variant, *dir;
    long batch;
    uint64_t seed;
} sample_opts;

/* 0 ok, 1 --help shown, -1 error already printed. */
static int parse(int argc, char **argv, sample_opts *o) {
    *o = (sample_opts){.batch = 50, .seed = 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        } else if (cli_is(a, "--task")) {
            if (!(v = cli_value(argc, argv, &i)))
                return -1;
            o->task = v;
        } else if (cli_is(a, "--variant")) {
            if (!(v = cli_value(argc, argv, &i)))
                return -1;
            o->variant = v;
        } else if (cli_is(a, "--batch")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 1, 100000, &o->batch))
                return -1;
        } else if (cli_is(a, "--seed")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_u64(a, v, &o->seed))
                return -1;
        } else if (!strcmp(a, "-o") || cli_is(a, "--out")) {
            if (!(v = cli_value(argc, argv, &i)))
                return -1;
            o->dir = v;
        } else {
            cli_fail("sample: unknown argument '%s' (see recmem sample --help)", a);
            return -1;
        }
    }
    if (!o->task) {
        cli_fail("sample: --task is required (e.g. --task DE1)");
        return -1;
    }
    if (!o->dir || !*o->dir) {
        cli_fail("sample: -o DIR is required");
        return -1;
    }
    return 0;
}

/* By name, or by the original's integer code. */
static const rm_task_def *find_task(const char *name) {
    const rm_task_def *d = rm_task_find(name);
    char *end;
    long code = strtol(name, &end, 10);
    if (!d && *name && !*end)
        d = rm_task_find_code((int)code);
    return d;
}

static int bad_task(const char *name) {
    char list[256] = "";
    for (const rm_task_def *const *d = rm_task_list(); *d; d++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", used ? " " : "", (*d)->name);
    }
    return cli_fail("sample: unknown task '%s' (known: %s)", name, list);
}

/* mkdir -p: creates dir and any missing parents. */
static int make_dirs(const char *dir) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = c;
            if (c == '\0')
                break;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* Writes one array into dir and prints what was written. */
static int save(const char *dir, const char *name, rm_npy_dtype dtype, int ndim,
                const size_t *shape, const void *data) {
    char path[4200];
    rm_err e = {0};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (rm_npy_write(path, dtype, ndim, shape, data, &e) != RM_OK)
        return cli_fail("sample: %s", e.msg);
    char dims[128] = "";
    for (int i = 0; i < ndim; i++) {
        size_t used = strlen(dims);
        snprintf(dims + used, sizeof dims - used, "%s%zu", i ? ", " : "", shape[i]);
    }
    printf("  %-14s %-8s (%s%s)\n", name,
           dtype == RM_NPY_F32 ? "float32" : dtype == RM_NPY_F64 ? "float64" : "int32", dims,
           ndim == 1 ? "," : "");
    return 0;
}

int cmd_sample(int argc, char **argv) {
    sample_opts o;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc > 0 ? 0 : 2;
    const rm_task_def *def = find_task(o.task);
    if (!def)
        return bad_task(o.task);
    int variant = o.variant ? rm_variant_parse(o.variant) : 0;
    if (variant < 0)
        return cli_fail("sample: unknown variant '%s' (none, vardelay, dynamic, "
                        "vardelay+dynamic)", o.variant);

    rm_err e = {0};
    rm_task task;
    rm_batch b = {0};
    if (rm_task_init(&task, def, variant, &e) != RM_OK)
        return cli_fail("sample: %s", e.msg);
    if (rm_batch_alloc(&b, &task, (int)o.batch, &e) != RM_OK)
        return e.code == RM_ENOMEM ? cli_error("sample: %s", e.msg) : cli_fail("sample: %s", e.msg);
    rm_rng rng;
    rm_rng_seed(&rng, o.seed);
    if (rm_task_sample(&task, &b, &rng, &e) != RM_OK) {
        rm_batch_free(&b);
        return cli_error("sample: %s", e.msg);
    }
    if (make_dirs(o.dir) != 0) {
        int err = errno;
        rm_batch_free(&b);
        return cli_fail("sample: %s: cannot create directory: %s", o.dir, strerror(err));
    }

    size_t B = (size_t)b.B, T = (size_t)b.T;
    printf("%s (%s), %zu trials of %zu steps, seed %llu -> %s/\n", def->name,
           rm_variant_name(variant), B, T, (unsigned long long)o.seed, o.dir);
    rc = save(o.dir, "input.npy", RM_NPY_F32, 3, (size_t[]){B, T, (size_t)b.n_chan}, b.x) ||
         save(o.dir, "target.npy", RM_NPY_F32, 3, (size_t[]){B, T, (size_t)b.n_out},
              b.target) ||
         save(o.dir, "mask.npy", RM_NPY_F32, 2, (size_t[]){B, T}, b.mask) ||
         save(o.dir, "stimulus.npy", RM_NPY_F64, 2, (size_t[]){B, (size_t)b.n_out}, b.s) ||
         save(o.dir, "opt.npy", RM_NPY_F64, 2, (size_t[]){B, (size_t)b.n_out}, b.opt) ||
         save(o.dir, "delay.npy", RM_NPY_I32, 1, (size_t[]){B}, b.delay);
    rm_batch_free(&b);
    return rc ? 2 : 0;
}
