/* cmd_train.c: `recmem train`: the classic command-line path. Parses the paper's flags (or a
 * run description in JSON, --config) into an rm_run_cfg, makes the run (core/run.h), trains
 * its phases with progress on stderr, checkpoints and records it (store/runfile.h), and
 * reports the test information loss and SI on stdout (plain or --json). */
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <jansson.h>
#include "cli.h"
#include "progress.h"
#include "run.h"
#include "store/run_json.h"
#include "store/runfile.h"

typedef struct {
    rm_run_cfg cfg;
    int json, print_config;
    /* persistence (src/store/runfile.h): checkpoint, resume, registry */
    const char *resume, *out, *db;
    long ckpt_every, more_iters;
    int no_db, has_config;
    /* with --resume: the first option given that the checkpoint fixes (refused), and the
       ones that may change for the rest of the run */
    const char *fixed_by_ckpt;
    int set_lr, set_log_every, set_test_batches, set_si_trials, set_threads;
} train_opts;

/* The signal that stopped training (0: none). The first SIGINT, SIGTERM or SIGHUP (a closed
   terminal or ssh session) asks training to stop and save; a second one falls through to the
   default action, as in lua.c (the atomic checkpoint write keeps the old file whole). */
static atomic_int stop_flag;

static void on_signal(int sig) {
    atomic_store(&stop_flag, sig);
    signal(sig, SIG_DFL);
}

static void usage(FILE *f) {
    fputs("usage: recmem train --task NAME [options]\n"
          "       recmem train --config RUN.json [options]\n"
          "  --config FILE        a run description in JSON (recmem runs --config ID prints\n"
          "                       one); options after it override its values\n"
          "  --print-config       print the run description as JSON and exit\n"
          "  --task NAME          DE1 DE2 CD1 CD2 GDE 2AFC SINE COMP (or the original's code)\n"
          "  --variant V          none | vardelay | dynamic | vardelay+dynamic\n"
          "  --model M            rnn | hebbian | ortho | gru (or 0-3)      [rnn]\n"
          "  --condition C        basic | hebbian | tethered | dynamic | vardelay | multitask,\n"
          "                       or several joined by '+' (e.g. tethered+vardelay)  [basic]\n"
          "  --task2 NAME         second task of the multitask condition\n"
          "  --vardelay-warmup K  train the first K iterations with variable delays, then\n"
          "                       the rest on the task as given (a curriculum: CD2 stalls\n"
          "                       at chance with the full delay from the start)\n"
          "  --init-from PATH     start from a saved network's weights (same model and\n"
          "                       --hidden; parameters of another shape, such as the\n"
          "                       read-out of a task with other outputs, start fresh)\n"
          "  --lambda X           diagonal of the initial recurrent weights  [0.98]\n"
          "  --sigma X            std of its off-diagonal entries            [0.0]\n"
          "  --rho X              weight decay                               [0.0]\n"
          "  --kappa-a X          activity penalty              [the condition's: 1e-4]\n"
          "  --read-back K        answer read at step T-K       [the condition's: 5]\n"
          "  --hidden N           hidden units                               [500]\n"
          "  --batch N            trials per iteration                       [50]\n"
          "  --iters N            training iterations                        [25001]\n"
          "  --test-batches N     test batches                               [2501]\n"
          "  --si-trials N        test trials for the SI                     [300]\n"
          "  --log-every N        iterations between log lines               [500]\n"
          "  --lr X               Adam learning rate                         [5e-4]\n"
          "  --seed N             random seed (0 to 2^64-1)                  [1]\n"
          "  --threads N          BLAS threads                               [1]\n"
          "  --json               print the result as one JSON object on stdout (with the\n"
          "                       run description as \"config\")\n"
          "  -o, --out PATH       save the network (.safetensors) at the end and when\n"
          "                       stopped by SIGINT, SIGTERM or SIGHUP\n"
          "  --checkpoint-every K also save every K iterations (needs -o)\n"
          "  --resume PATH        continue a saved run (its config is used; --iters N adds\n"
          "                       N iterations, default: up to its planned length; --lr,\n"
          "                       --log-every, --test-batches, --si-trials, --threads may\n"
          "                       change); saves back to PATH unless -o is given\n"
          "  --db PATH            run registry                               [./recmem.db]\n"
          "  --no-db              do not record the run in the registry\n",
          f);
}

/* Wide limits: the numbers only have to be numbers here; rm_run_cfg_finish checks ranges. */
#define BIG 1000000000000L

static int parse(int argc, char **argv, train_opts *o) {
    memset(o, 0, sizeof *o);
    rm_run_cfg *c = &o->cfg;
    rm_run_cfg_init(c);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        long n;
        rm_err e;
        static const char *const fixed[] = {"--task", "--task2", "--variant", "--model",
                                            "--condition", "--lambda", "--sigma", "--rho",
                                            "--kappa-a", "--read-back", "--hidden", "--batch",
                                            "--seed", "--vardelay-warmup", "--init-from",
                                            "--config", NULL};
        for (int f = 0; fixed[f]; f++)
            if (cli_is(a, fixed[f]) && !o->fixed_by_ckpt) o->fixed_by_ckpt = fixed[f];
        o->set_lr |= cli_is(a, "--lr");
        o->set_log_every |= cli_is(a, "--log-every");
        o->set_test_batches |= cli_is(a, "--test-batches");
        o->set_si_trials |= cli_is(a, "--si-trials");
        o->set_threads |= cli_is(a, "--threads");
#define VAL() if (!(v = cli_value(argc, argv, &i))) return -1
#define STR(field) do { VAL(); snprintf(c->field, sizeof c->field, "%s", v); \
        if (strlen(v) >= sizeof c->field) { cli_fail("train: %s is too long", a); return -1; } } while (0)
#define LONG(field) do { VAL(); if (cli_parse_long(a, v, -BIG, BIG, &n)) return -1; \
        c->field = n; } while (0)
#define INT(field) do { VAL(); if (cli_parse_long(a, v, -BIG, BIG, &n)) return -1; \
        c->field = n < INT_MIN ? INT_MIN : n > INT_MAX ? INT_MAX : (int)n; } while (0)
#define DBL(field) do { VAL(); if (cli_parse_double(a, v, -HUGE_VAL, HUGE_VAL, &c->field)) return -1; } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 1; }
        else if (!strcmp(a, "--json")) o->json = 1;
        else if (!strcmp(a, "--print-config")) o->print_config = 1;
        else if (cli_is(a, "--config")) {
            VAL();
            o->has_config = 1;
            if (rm_run_cfg_load_file(v, c, &e)) { cli_fail("train: --config %s", e.msg); return -1; }
        }
        else if (cli_is(a, "--task")) STR(task);
        else if (cli_is(a, "--task2")) STR(task2);
        else if (cli_is(a, "--variant")) STR(variant);
        else if (cli_is(a, "--model")) STR(model);
        else if (cli_is(a, "--condition")) STR(condition);
        else if (cli_is(a, "--init-from")) STR(init_from);
        else if (cli_is(a, "--lambda")) DBL(lambda0);
        else if (cli_is(a, "--sigma")) DBL(sigma0);
        else if (cli_is(a, "--rho")) DBL(rho);
        else if (cli_is(a, "--kappa-a")) DBL(kappa_a);
        else if (cli_is(a, "--lr")) DBL(lr);
        else if (cli_is(a, "--read-back")) INT(read_back);
        else if (cli_is(a, "--hidden")) INT(hidden);
        else if (cli_is(a, "--batch")) INT(batch);
        else if (cli_is(a, "--iters")) { LONG(iters); o->more_iters = c->iters; }
        else if (cli_is(a, "--test-batches")) INT(test_batches);
        else if (cli_is(a, "--si-trials")) INT(si_trials);
        else if (cli_is(a, "--log-every")) INT(log_every);
        else if (cli_is(a, "--threads")) INT(threads);
        else if (cli_is(a, "--vardelay-warmup")) LONG(vardelay_warmup);
        else if (cli_is(a, "--seed")) { VAL(); if (cli_parse_u64(a, v, &c->seed)) return -1; }
        else if (cli_is(a, "--resume")) { VAL(); o->resume = v; }
        else if (cli_is(a, "--out") || cli_is(a, "-o")) { VAL(); o->out = v; }
        else if (cli_is(a, "--db")) { VAL(); o->db = v; }
        else if (!strcmp(a, "--no-db")) o->no_db = 1;
        else if (cli_is(a, "--checkpoint-every")) {
            VAL();
            if (cli_parse_long(a, v, 1, 100000000, &o->ckpt_every)) return -1;
        }
        else { cli_fail("train: unknown option '%s' (see recmem train --help)", a); return -1; }
#undef VAL
#undef STR
#undef LONG
#undef INT
#undef DBL
    }
    if (o->resume && o->fixed_by_ckpt) {
        cli_fail("train: --resume takes %s from the checkpoint (what may change: --iters, --lr, "
                 "--log-every, --test-batches, --si-trials, --threads)", o->fixed_by_ckpt);
        return -1;
    }
    const char *env = getenv("RECMEM_DB"); /* one setting for every front end */
    if (!o->db && !o->no_db && env) {
        if (*env) o->db = env;
        else o->no_db = 1;
    }
    if (!c->task[0] && !o->resume) {
        cli_fail("train: --task is required (e.g. --task DE1), or --config FILE");
        return -1;
    }
    if (o->ckpt_every && !o->out && !o->resume) {
        cli_fail("train: --checkpoint-every needs -o PATH");
        return -1;
    }
    return 0;
}

typedef struct {
    progress pr;
    rm_runfile *rf;   /* periodic checkpoints */
    const rm_run *run;
} hook_state;

static int on_iter(void *ud, const rm_trainer *tr) {
    hook_state *s = ud;
    char extra[64];
    snprintf(extra, sizeof extra, "loss %.4g", tr->last.total);
    progress_update(&s->pr, tr->iter, extra);
    const long warm = s->run->cfg.vardelay_warmup;
    if (warm && tr->iter == warm + 1) /* the run switched tasks before this iteration */
        progress_line(&s->pr, "%s: variable-delay warm-up done at iteration %ld; the task's own "
                      "delays from here", tr->task->def->name, warm);
    rm_err e;
    if (rm_runfile_iter(s->rf, tr, &e)) {
        progress_end(&s->pr);
        cli_error("train: checkpoint: %s", e.msg);
        return 1;
    }
    return 0;
}

static void on_log(void *ud, const rm_trainer *tr, long iter, double loss, double il) {
    hook_state *s = ud;
    progress_line(&s->pr, "%s iter %ld  loss %.5f  infloss %.4f", tr->task->def->name, iter,
                  loss, il);
}

static void on_test(void *ud, long done, long total) {
    (void)total;
    progress_update(ud, done, NULL);
}

/* Trains and tests every phase left; returns 0, or an exit status after a message. why
   receives the failure for the registry, seconds[p] each phase's training time. */
static int train_phases(rm_run *r, rm_runfile *rf, char *why, size_t nwhy, double *seconds) {
    rm_err e = {0};
    for (;;) {
        hook_state hs = {.rf = rf, .run = r};
        rm_train_hooks h = {.stop = &stop_flag, .on_iter = on_iter, .on_log = on_log, .ud = &hs};
        progress_begin(&hs.pr, "train", r->tr.iter, rm_run_phase_end(r));
        const double t0 = progress_now();
        int rc = rm_run_train(r, &h, &e);
        seconds[r->phase] = progress_now() - t0;
        progress_end(&hs.pr);
        if (!rc) {
            progress tp;
            progress_begin(&tp, "test", 0, r->cfg.test_batches);
            rc = rm_run_test(r, &stop_flag, on_test, &tp, &e);
            progress_end(&tp);
        }
        if (!rc) {
            rc = rm_run_next_phase(r, &e);
            if (rc == 1) continue;
            if (rc == 0) return 0;
            rc = RM_EINVAL;
        }
        snprintf(why, nwhy, "%s", e.msg);
        if (rc == RM_ESTOPPED) return cli_error("interrupted: %s", e.msg);
        return cli_error("train: %s", e.msg);
    }
}

static void json_num(const char *key, double v, int comma) {
    if (isfinite(v)) printf("\"%s\":%.9g%s", key, v, comma ? "," : "");
    else printf("\"%s\":null%s", key, comma ? "," : "");
}

static void print_phase_json(const rm_run *r, int p, double seconds) {
    const rm_test_result *t = &r->test[p];
    printf("{\"task\":\"%s\",\"variant\":\"%s\",\"iters\":%ld,", r->task[p].def->name,
           rm_variant_name(r->task[p].variant), p + 1 == r->n_phases ? r->tr.iter
                                                                       : r->cfg.iters * (p + 1));
    json_num("seconds", seconds, 1);
    json_num("test_infloss", t->infloss, 1);
    json_num("test_loss", t->loss, 1);
    json_num("si", t->si.si, 1);
    json_num("si_entropy", t->si.entropy, 1);
    json_num("si_ridge", t->si.ridge, 1);
    printf("\"si_trials\":%d,\"keep\":%s}", t->si.trials_used,
           t->infloss < 0.5 ? "true" : "false");
}

/* The paper keeps a network whose test information loss is below 0.5: on every task it
   was tested on. */
static int keep_all(const rm_run *r) {
    for (int p = 0; p < r->n_phases; p++)
        if (r->tested[p] && !(r->test[p].infloss < 0.5)) return 0;
    return 1;
}

static void print_result(const rm_run *r, int json, const double *seconds) {
    const rm_run_cfg *c = &r->cfg;
    const rm_test_result *last = &r->test[r->n_phases - 1];
    if (json) {
        char *cfg = rm_run_cfg_dumps(c);
        printf("{\"model\":\"%s\",\"condition\":\"%s\",\"lambda\":%.17g,\"sigma\":%.17g,"
               "\"rho\":%.17g,\"hidden\":%d,\"batch\":%d,\"seed\":%llu,\"phases\":[", c->model,
               c->condition, c->lambda0, c->sigma0, c->rho, c->hidden, c->batch,
               (unsigned long long)c->seed);
        for (int p = 0, first = 1; p < r->n_phases; p++) {
            if (!r->tested[p]) continue; /* a resumed run's earlier phase */
            if (!first) putchar(',');
            first = 0;
            print_phase_json(r, p, seconds[p]);
        }
        printf("],");
        json_num("kappa_a", c->kappa_a, 1);
        printf("\"read_back\":%d,\"vardelay_warmup\":%ld,", c->read_back, c->vardelay_warmup);
        if (c->init_from[0]) {
            json_t *s = rm_json_text(c->init_from);
            char *t = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
            if (t) printf("\"init_from\":%s,", t);
            free(t);
            json_decref(s);
        }
        /* the last phase's results: for multitask, the second task's */
        json_num("test_infloss", last->infloss, 1);
        json_num("si", last->si.si, 1);
        printf("\"keep\":%s,\"config\":%s}\n", keep_all(r) ? "true" : "false", cfg ? cfg : "null");
        free(cfg);
        return;
    }
    for (int p = 0; p < r->n_phases; p++) {
        if (!r->tested[p]) continue;
        const rm_test_result *t = &r->test[p];
        const rm_task *k = &r->task[p];
        printf("%s%s%s: test information loss %.4f (%s the paper's 0.5 keep criterion)\n",
               k->def->name, k->variant ? "/" : "", k->variant ? rm_variant_name(k->variant) : "",
               t->infloss, t->infloss < 0.5 ? "meets" : "misses");
        printf("%s: SI %.4f (peak entropy %.4f + ridge-to-background %.4f) over %d trials\n",
               k->def->name, t->si.si, t->si.entropy, t->si.ridge, t->si.trials_used);
    }
    if (r->n_phases == 2 && r->tested[0])
        printf("multitask %s -> %s: test information loss %.4f then %.4f, SI on %s %.4f; %s the "
               "keep criterion on both tasks\n", r->task[0].def->name, r->task[1].def->name,
               r->test[0].infloss, r->test[1].infloss, r->task[1].def->name, r->test[1].si.si,
               keep_all(r) ? "meets" : "does not meet");
}

/* --resume: the saved run's description into c, with what may change for the rest of it. */
static int resume_cfg(const train_opts *o, const rm_ckpt *ck, rm_run_cfg *c) {
    *c = ck->meta.run;
    const rm_run_cfg *f = &o->cfg;
    if (o->set_test_batches) c->test_batches = f->test_batches;
    if (o->set_si_trials) c->si_trials = f->si_trials;
    if (o->set_log_every) c->log_every = f->log_every;
    if (o->set_lr) c->lr = f->lr;
    if (o->set_threads) c->threads = f->threads;
    if (o->more_iters && c->task2[0])
        return cli_fail("train: --iters with --resume of a multitask run: it continues to its "
                        "planned length (%ld iterations per task)", c->iters);
    if (o->more_iters) c->iters = ck->tr.iter + o->more_iters;
    return 0;
}

static int resume_run(train_opts *o, rm_run *run) {
    rm_ckpt *ck;
    rm_err e;
    if (rm_ckpt_load(o->resume, &ck, &e)) return cli_fail("train: %s", e.msg);
    rm_run_cfg c;
    int rc = resume_cfg(o, ck, &c);
    if (rc) {
        rm_ckpt_free(ck);
        return rc;
    }
    rc = rm_run_resume(run, &c, &ck->net, &ck->tr, &e);
    rm_ckpt_free(ck);
    if (rc) {
        rm_run_free(run);
        return cli_fail("train: %s: %s", o->resume, e.msg);
    }
    if (!o->out) o->out = o->resume;
    return 0;
}

/* A fresh run (from --init-from's network if given). */
static int create_run(train_opts *o, rm_run *run) {
    rm_err e;
    rm_ckpt *start = NULL;
    if (o->cfg.init_from[0] && rm_ckpt_load(o->cfg.init_from, &start, &e))
        return cli_fail("train: --init-from: %s", e.msg);
    char copied[256], fresh[256];
    int rc = rm_run_create(run, &o->cfg, start ? &start->net : NULL, copied, sizeof copied,
                           fresh, sizeof fresh, &e);
    if (!rc && start)
        fprintf(stderr, "recmem: starting from %s (%s, iteration %ld): copied %s; fresh: %s\n",
                o->cfg.init_from, start->task.def->name, start->tr.iter,
                copied[0] ? copied : "none", fresh[0] ? fresh : "none");
    rm_ckpt_free(start);
    if (rc) {
        rm_run_free(run);
        return cli_fail("train: %s", e.msg);
    }
    return 0;
}

int cmd_train(int argc, char **argv) {
    train_opts o;
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? 2 : 0;
    rm_err e = {0};
    if (o.print_config) {
        if (o.resume) {
            rm_ckpt *ck;
            if (rm_ckpt_load(o.resume, &ck, &e)) return cli_fail("train: %s", e.msg);
            rc = resume_cfg(&o, ck, &o.cfg);
            rm_ckpt_free(ck);
            if (rc) return rc;
        }
        if (rm_run_cfg_finish(&o.cfg, o.resume ? RM_RUN_CONTINUED : 0, &e))
            return o.resume ? cli_fail("train: %s: %s", o.resume, e.msg)
                            : cli_fail("train: %s", e.msg);
        char *s = rm_run_cfg_dumps(&o.cfg);
        if (!s) return cli_error("train: out of memory");
        puts(s);
        free(s);
        return 0;
    }
    /* the output must be writable before an hour of training depends on it */
    if (o.out && rm_check_output(o.out, &e)) return cli_fail("train: -o %s", e.msg);

    rm_run run;
    if ((rc = o.resume ? resume_run(&o, &run) : create_run(&o, &run))) return rc;
    if (o.resume && rm_check_output(o.out, &e)) {
        rm_run_free(&run);
        return cli_fail("train: -o %s", e.msg);
    }

    /* checkpoints (-o, --checkpoint-every, signals) and the registry record: a registry that
       cannot record the run is refused now, not discovered after training */
    rm_run_meta meta;
    rm_run_meta_init(&meta);
    meta.run = run.cfg;
    rm_runfile rf;
    rm_runfile_opts ro = {.out = o.out, .db = o.db, .no_db = o.no_db, .every = o.ckpt_every};
    rm_err warn;
    rm_runfile_begin(&rf, &ro, &run.tr, &meta, &warn);
    if (warn.code) {
        rm_runfile_close(&rf);
        rm_run_free(&run);
        return cli_fail("train: registry %s (--no-db to train without recording the run)",
                        warn.msg);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);

    char why[256] = "";
    double seconds[2] = {0, 0};
    rc = train_phases(&run, &rf, why, sizeof why, seconds);
    rm_run_meta_results(&rf.meta, rm_run_result(&run));
    int status = !rc ? RM_OK : stop_flag ? RM_ESTOPPED : RM_EINVAL;
    char kept[1100] = "";
    if (rm_runfile_end(&rf, &run.tr, status, why[0] ? why : NULL, kept, sizeof kept, &e, &warn))
        rc = kept[0] ? cli_error("train: %s; the network is kept in %s", e.msg, kept)
                     : cli_error("train: %s", e.msg);
    else if (o.out && status != RM_EINVAL)
        fprintf(stderr, "recmem: saved %s at iteration %ld\n", o.out, run.tr.iter);
    if (warn.code) fprintf(stderr, "recmem: warning: registry: %s\n", warn.msg);
    rm_runfile_close(&rf);
    if (!rc) print_result(&run, o.json, seconds);
    rm_run_free(&run);
    const int sig = atomic_load(&stop_flag);
    if (sig && rc) return 128 + sig; /* as the shell reports a process the signal ended */
    return rc;
}
