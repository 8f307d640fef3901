/* cmd_bench.c: `recmem bench`: the median time of one training iteration (forward, BPTT,
 * Adam) against the GEMM floor: the same sgemm calls, with the same shapes, timed alone in
 * the same run. The ratio time/floor is what non-GEMM work costs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "blas.h"
#include "cli.h"
#include "progress.h"
#include "train.h"

#define MAX_CALLS 8192

typedef struct {
    int hidden;
    double ms, floor_ms, gflop;
    size_t calls;
} bench_row;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* One training iteration on a fixed batch: what `train` does per step minus sampling. */
static void iteration(rm_trainer *tr) {
    rm_ws *ws = &tr->ws;
    rm_ws_load(ws, tr->net, &tr->batch);
    rm_net_forward(tr->net, ws);
    rm_net_zero_grads(tr->net);
    rm_loss_compute(tr->task, tr->net, ws, &tr->cfg.loss, &tr->last);
    rm_net_backward(tr->net, ws);
    rm_adam_update(&tr->adam, tr->net->params, tr->net->grads);
}

/* Replays the recorded calls on the iteration's own buffers, so the floor sees the same
   shapes, strides and memory traffic. Outputs are clobbered, which is harmless: the next
   iteration recomputes every activation and zeroes the gradients. */
static void replay(const rm_gemm_call *c, size_t n) {
    for (size_t i = 0; i < n; i++)
        rm_sgemm(c[i].transA, c[i].transB, c[i].M, c[i].N, c[i].K, c[i].alpha, c[i].A,
                 c[i].lda, c[i].B, c[i].ldb, c[i].beta, c[i].C, c[i].ldc);
}

static int bench_size(const char *model, int hidden, int reps, bench_row *row) {
    rm_err e = {0};
    rm_task task;
    if (rm_task_init(&task, rm_task_find("DE1"), 0, &e)) return cli_error("bench: %s", e.msg);
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &task);
    snprintf(nc.model, sizeof nc.model, "%s", model);
    nc.n_hidden = hidden;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    rm_rng rng;
    rm_rng_seed(&rng, 1);
    rm_net net;
    rm_trainer tr;
    if (rm_net_create(&net, &nc, &rng, &e)) return cli_error("bench: %s", e.msg);
    if (rm_trainer_init(&tr, &tc, &task, &net, &e)) {
        rm_net_free(&net);
        return cli_error("bench: %s", e.msg);
    }
    rm_task_sample(&task, &tr.batch, &tr.rng, &e);

    /* Record the GEMM calls of one iteration. */
    rm_gemm_call *calls = malloc(MAX_CALLS * sizeof *calls);
    size_t n_calls = 0;
    rm_blas_record(calls, MAX_CALLS, &n_calls);
    iteration(&tr);
    rm_blas_record(NULL, 0, NULL);
    if (n_calls > MAX_CALLS) n_calls = MAX_CALLS;
    double flop = 0;
    for (size_t i = 0; i < n_calls; i++) {
        const rm_gemm_call *c = &calls[i];
        flop += 2.0 * c->M * c->N * c->K;
    }
    double *t_it = malloc(reps * sizeof(double)), *t_fl = malloc(reps * sizeof(double));
    if (!calls || !t_it || !t_fl) return cli_error("bench: out of memory");

    iteration(&tr); /* warm-up */
    replay(calls, n_calls);
    /* Interleave the two measurements so that machine noise hits both alike. */
    for (int r = 0; r < reps; r++) {
        double t0 = progress_now();
        iteration(&tr);
        double t1 = progress_now();
        replay(calls, n_calls);
        double t2 = progress_now();
        t_it[r] = (t1 - t0) * 1e3;
        t_fl[r] = (t2 - t1) * 1e3;
    }
    row->hidden = hidden;
    row->ms = median(t_it, reps);
    row->floor_ms = median(t_fl, reps);
    row->gflop = flop * 1e-9;
    row->calls = n_calls;
    free(calls), free(t_it), free(t_fl);
    rm_trainer_free(&tr);
    rm_net_free(&net);
    return 0;
}

void cli_print_blas(FILE *f) {
    rm_cpu_flags c;
    rm_cpu_flags_get(&c);
    fprintf(f, "BLAS: %s; kernel %s (OPENBLAS_CORETYPE %s); CPU: AVX %s, AVX2 %s, FMA %s, "
            "AVX-512 %s\n", rm_blas_config(), rm_blas_kernel(),
            getenv("OPENBLAS_CORETYPE") ? getenv("OPENBLAS_CORETYPE") : "not set",
            c.avx ? "yes" : "no", c.avx2 ? "yes" : "no", c.fma ? "yes" : "no",
            c.avx512f ? "yes" : "no");
}

int cmd_bench(int argc, char **argv) {
    const char *model = "rnn";
    long threads = 1, reps = 0;
    int json = 0;
    long sizes[4] = {500, 100};
    int n_sizes = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            puts("usage: recmem bench [--model M] [--hidden N] [--reps R] [--threads N] [--json]\n"
                 "  times one training iteration (DE1: batch 50, 150 steps, 50 inputs) at 500\n"
                 "  and 100 hidden units (or --hidden N) against the GEMM floor.");
            return 0;
        } else if (!strcmp(a, "--json")) json = 1;
        else if (cli_is(a, "--model")) {
            if (!(v = cli_value(argc, argv, &i))) return 2;
            model = v;
        } else if (cli_is(a, "--hidden")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 1, 4000, &sizes[0]))
                return 2;
            n_sizes = 1;
        } else if (cli_is(a, "--reps")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 1, 100000, &reps))
                return 2;
        } else if (cli_is(a, "--threads")) {
            if (!(v = cli_value(argc, argv, &i)) || cli_parse_long(a, v, 1, 256, &threads))
                return 2;
        } else return cli_fail("bench: unknown option '%s' (see recmem bench --help)", a);
    }
    const rm_model_def *md = rm_model_find(model);
    if (!md) return cli_fail("bench: unknown model '%s'", model);
    rm_blas_set_threads((int)threads);
    if (!json) cli_print_blas(stdout);
    for (int s = 0; s < n_sizes; s++) {
        bench_row row = {0};
        int r = reps ? (int)reps : (sizes[s] >= 300 ? 21 : 101);
        int rc = bench_size(md->name, (int)sizes[s], r, &row);
        if (rc) return rc;
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        double ratio = row.ms / row.floor_ms;
        if (json)
            printf("{\"model\":\"%s\",\"hidden\":%d,\"ms_per_iter\":%.4f,\"gemm_floor_ms\":%.4f,"
                   "\"ratio\":%.4f,\"gemm_gflop\":%.4f,\"gemm_calls\":%zu,\"reps\":%d,"
                   "\"threads\":%ld,\"peak_rss_mb\":%.1f}\n",
                   md->name, row.hidden, row.ms, row.floor_ms, ratio, row.gflop, row.calls, r,
                   threads, ru.ru_maxrss / 1024.0);
        else
            printf("%s N=%-4d  %8.3f ms/iter  GEMM floor %8.3f ms  ratio %.3f  "
                   "(%.3f GFLOP in %zu GEMMs, median of %d, %ld thread%s, peak RSS %.0f MB)\n",
                   md->name, row.hidden, row.ms, row.floor_ms, ratio, row.gflop, row.calls, r,
                   threads, threads == 1 ? "" : "s", ru.ru_maxrss / 1024.0);
        fflush(stdout);
    }
    return 0;
}
