/* cmd_si.c: `recmem si FILE.npy`: the sequentiality index (SPEC 4) of an activity array
 * [trials][T][units] (or one trial [T][units]) stored as float32 or float64 .npy, e.g.
 * hidden activity saved from a run or recorded neural data. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "metrics.h"
#include "store/npy.h"

static void usage(FILE *f) {
    fputs("usage: recmem si FILE.npy [--json]\n"
          "  The sequentiality index of an activity array [trials][T][units] (float32 or\n"
          "  float64 .npy; a 2-D [T][units] array is one trial): mean over trials of the\n"
          "  peak-time entropy plus the mean log ridge-to-background ratio of the units\n"
          "  whose mean activity exceeds 0.1. Arrays with NaN or Inf, or with fewer than\n"
          "  2 time steps, are refused (exit status 2).\n"
          "  --json   print one JSON object instead of text\n",
          f);
}

/* A JSON number, or null for NaN/Inf (JSON has neither). */
static void json_number(const char *key, double v, int last) {
    if (isfinite(v))
        printf("\"%s\":%.17g%s", key, v, last ? "" : ",");
    else
        printf("\"%s\":null%s", key, last ? "" : ",");
}

static void json_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

int cmd_si(int argc, char **argv) {
    const char *path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_fail("si: unknown option '%s' (see recmem si --help)", a);
        } else if (path) {
            return cli_fail("si: one file at a time ('%s' and '%s')", path, a);
        } else {
            path = a;
        }
    }
    if (!path)
        return cli_fail("si: no file given (usage: recmem si FILE.npy [--json])");

    rm_npy a;
    rm_err e = {0};
    if (rm_npy_read(path, &a, &e) != RM_OK)
        return cli_fail("%s", e.msg);  /* the message starts with the file name */
    if (a.ndim != 2 && a.ndim != 3) {
        int nd = a.ndim;
        rm_npy_free(&a);
        return cli_fail("%s: a %d-D array; expected [trials][T][units] or [T][units]", path,
                        nd);
    }
    size_t trials = a.ndim == 3 ? a.shape[0] : 1;
    size_t T = a.shape[a.ndim - 2], N = a.shape[a.ndim - 1];
    if (trials == 0 || T == 0 || N == 0 || trials > 1000000000 || T > 1000000000 ||
        N > 1000000000) {
        rm_npy_free(&a);
        return cli_fail("%s: shape [%zu][%zu][%zu] has no activity to score", path, trials,
                        T, N);
    }
    /* the peak-time entropy is normalised by log T: one step has none */
    if (T < 2) {
        rm_npy_free(&a);
        return cli_fail("%s: trials of %zu step; the SI needs at least 2 time steps (the peak-time "
                        "entropy is divided by log T)", path, T);
    }
    /* NaN or Inf would make every statistic NaN: refuse, saying where, so recorded data with
       gaps can be cleaned rather than scored as garbage */
    size_t n_bad = 0, first_bad = 0, total = trials * T * N;
    for (size_t i = 0; i < total; i++) {
        double v = a.dtype == RM_NPY_F32 ? ((const float *)a.data)[i] : ((const double *)a.data)[i];
        if (!isfinite(v) && !n_bad++) first_bad = i;
    }
    if (n_bad) {
        rm_npy_free(&a);
        return cli_fail("%s: %zu value%s not finite (NaN or Inf), the first at [%zu][%zu][%zu] "
                        "(trial, step, unit; 0-based); the SI needs finite activity", path, n_bad,
                        n_bad == 1 ? " is" : "s are", first_bad / (T * N), first_bad / N % T,
                        first_bad % N);
    }
    rm_si_result r;
    int rc = a.dtype == RM_NPY_F32
                 ? rm_si_compute(a.data, (int)trials, (int)T, (int)N, (ptrdiff_t)(T * N),
                                 (ptrdiff_t)N, &r)
                 : rm_si_compute_d(a.data, (int)trials, (int)T, (int)N, (ptrdiff_t)(T * N),
                                   (ptrdiff_t)N, &r);
    const char *dtype = a.dtype == RM_NPY_F32 ? "float32" : "float64";
    rm_npy_free(&a);
    if (rc != 0)
        return cli_error("si: out of memory");

    if (json) {
        printf("{\"file\":");
        json_string(path);
        printf(",\"dtype\":\"%s\",\"trials\":%zu,\"T\":%zu,\"units\":%zu,", dtype, trials, T,
               N);
        json_number("si", r.si, 0);
        json_number("entropy", r.entropy, 0);
        json_number("ridge", r.ridge, 0);
        printf("\"trials_used\":%d,", r.trials_used);
        json_number("units_kept", r.units_kept, 1);
        printf("}\n");
        return 0;
    }
    printf("%s: %zu trial%s x %zu steps x %zu units (%s)\n", path, trials,
           trials == 1 ? "" : "s", T, N, dtype);
    printf("SI                    %.6f\n", r.si);
    printf("peak entropy          %.6f\n", r.entropy);
    printf("ridge-to-background   %.6f\n", r.ridge);
    printf("trials used           %d of %zu (a trial needs a unit with mean activity > %g)\n",
           r.trials_used, trials, RM_SI_RTHR);
    printf("units kept per trial  %.2f of %zu\n", r.units_kept, N);
    return 0;
}
