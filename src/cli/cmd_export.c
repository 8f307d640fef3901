/* cmd_export.c: `recmem export RUN.safetensors --mat OUT.mat | --npy DIR`: writes a saved
 * run in the original study's layout (src/store/export.h): parameters, the input and
 * hidden activity of the analysed trials, and the information losses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "store/runfile.h"
#include "store/ckpt.h"
#include "store/export.h"

static void usage(FILE *f) {
    fputs("usage: recmem export RUN.safetensors (--mat OUT.mat | --npy DIR) [options]\n"
          "  --mat PATH          MATLAB file (MAT 5; --v73 for MAT 7.3/HDF5)\n"
          "  --npy DIR           one .npy file per variable in DIR\n"
          "  --trials N          analysed (probe) trials for inpResps/hidResps     [300]\n"
          "  --test-batches N    batches for infloss_test if the run has no test result\n"
          "                      (0: write NaN)                        [the run's own]\n",
          f);
}

int cmd_export(int argc, char **argv) {
    const char *in = NULL, *mat = NULL, *npy = NULL;
    long trials = 300, test_batches = -1;
    int v73 = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--v73")) {
            v73 = 1;
        } else if (cli_is(a, "--mat")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            mat = v;
        } else if (cli_is(a, "--npy")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            npy = v;
        } else if (cli_is(a, "--trials")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 1, 100000, &trials)) return 2;
        } else if (cli_is(a, "--test-batches")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 0, 1000000, &test_batches))
                return 2;
        } else if (a[0] == '-') {
            return cli_fail("export: unknown option '%s' (see recmem export --help)", a);
        } else if (in) {
            return cli_fail("export: one checkpoint at a time ('%s' and '%s')", in, a);
        } else {
            in = a;
        }
    }
    if (!in) return cli_fail("export: which run? (recmem export RUN.safetensors --mat OUT.mat)");
    if (!mat && !npy) return cli_fail("export: give --mat PATH and/or --npy DIR");

    rm_err e;
    /* destinations checked before minutes of testing depend on them */
    if (mat && rm_check_output(mat, &e)) return cli_fail("export: --mat %s", e.msg);
    if (npy) {
        struct stat st;
        char probe[4200];
        int is_dir = stat(npy, &st) == 0 && S_ISDIR(st.st_mode);
        snprintf(probe, sizeof probe, "%s/probe", npy);
        if (rm_check_output(is_dir ? probe : npy, &e)) return cli_fail("export: --npy %s", e.msg);
    }
    rm_ckpt *c = NULL;
    if (rm_ckpt_load(in, &c, &e)) return cli_fail("export: %s", e.msg);
    const rm_trainer *tr = &c->tr;
    double il = c->meta.test_infloss;
    if (isnan(il)) {
        long nb = test_batches >= 0 ? test_batches : tr->cfg.test_batches;
        if (nb > 0) {
            fprintf(stderr, "recmem: %s has no test result: testing on %ld batches\n", in, nb);
            rm_test_result t;
            if (rm_evaluate(&c->task, &c->net, (int)nb, tr->cfg.batch, tr->cfg.read_back, 0,
                            rm_seed_test(tr->cfg.seed), NULL, NULL, NULL, &t, &e)) {
                rm_ckpt_free(c);
                return cli_error("export: test: %s", e.msg);
            }
            il = t.infloss;
        }
    }
    /* the analysed trials come from the test stream, as the SI's do */
    rm_trace probe;
    if (rm_probe(&c->task, &c->net, (int)trials, rm_seed_test(tr->cfg.seed), &probe, &e)) {
        rm_ckpt_free(c);
        return cli_error("export: probe: %s", e.msg);
    }
    rm_export x = {.net = &c->net, .probe = &probe, .infloss_test = il,
                   .infloss_vec = tr->hist.infloss, .n_log = tr->hist.n_log};
    int rc = 0;
    if (mat && rm_export_mat(&x, mat, v73, &e)) rc = cli_error("export: %s", e.msg);
    if (!rc && npy && rm_export_npy(&x, npy, &e)) rc = cli_error("export: %s", e.msg);
    rm_trace_free(&probe);
    rm_ckpt_free(c);
    return rc;
}
