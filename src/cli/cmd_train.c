/* cmd_train.c: `recmem train`: the classic command-line path. Parses the paper's flags,
 * trains (one phase, or two for the multitask condition), tests, and reports the test
 * information loss and SI on stdout (plain or --json); progress goes to stderr. */
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "blas.h"
#include "cli.h"
#include "condition.h"
#include "init_from.h"
#include "progress.h"
#include "store/runfile.h"
#include "train.h"

typedef struct {
    const char *task, *task2, *variant, *model, *condition;
    double lambda0, sigma0, rho, lr;
    long hidden, batch, iters, test_batches, log_every, threads, si_trials;
    uint64_t seed;
    int json;
    /* persistence (src/store/runfile.h): checkpoint, resume, registry */
    const char *resume, *out, *db;
    long ckpt_every, more_iters;
    int no_db;
    long warmup;   /* --vardelay-warmup: iterations on the variable-delay variant first */
    const char *init_from; /* --init-from: a saved network whose weights it starts from */
    /* with --resume: the first option given that the checkpoint fixes (refused), and the
       ones that may change for the rest of the run */
    const char *fixed_by_ckpt;
    int set_lr, set_log_every, set_test_batches, set_si_trials;
} train_opts;

/* What one phase (one task) produced. */
typedef struct {
    rm_task task;
    rm_test_result test;
    long iters_done;
    double seconds;
    char error[256];  /* why the phase failed, for the registry */
} phase_result;

static atomic_int stop_flag;

/* The first Ctrl-C (or TERM) asks training to stop and save; a second one falls through to
   the default action, as in lua.c (the atomic checkpoint write keeps the old file whole). */
static void on_signal(int sig) {
    atomic_store(&stop_flag, 1);
    signal(sig, SIG_DFL);
}

static void usage(FILE *f) {
    fputs("usage: recmem train --task NAME [options]\n"
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
          "  --hidden N           hidden units                               [500]\n"
          "  --batch N            trials per iteration                       [50]\n"
          "  --iters N            training iterations                        [25001]\n"
          "  --test-batches N     test batches                               [2501]\n"
          "  --si-trials N        test trials for the SI                     [300]\n"
          "  --log-every N        iterations between log lines               [500]\n"
          "  --lr X               Adam learning rate                         [5e-4]\n"
          "  --seed N             random seed                                [1]\n"
          "  --threads N          BLAS threads                               [1]\n"
          "  --json               print the result as one JSON object on stdout\n"
          "  -o, --out PATH       save the network (.safetensors) at the end and on Ctrl-C\n"
          "  --checkpoint-every K also save every K iterations (needs -o)\n"
          "  --resume PATH        continue a saved run (its config is used; --iters N adds\n"
          "                       N iterations, default: up to its planned length; --lr,\n"
          "                       --log-every, --test-batches, --si-trials may change);\n"
          "                       saves back to PATH unless -o is given\n"
          "  --db PATH            run registry                               [./recmem.db]\n"
          "  --no-db              do not record the run in the registry\n",
          f);
}

static int parse(int argc, char **argv, train_opts *o) {
    *o = (train_opts){.lambda0 = 0.98, .sigma0 = 0.0, .rho = 0.0, .lr = 5e-4, .hidden = 500,
                      .batch = 50, .iters = 25001, .test_batches = 2501, .log_every = 500,
                      .threads = 1, .si_trials = 300, .seed = 1, .model = NULL,
                      .condition = "basic"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        static const char *const fixed[] = {"--task", "--task2", "--variant", "--model",
                                            "--condition", "--lambda", "--sigma", "--rho",
                                            "--hidden", "--batch", "--seed",
                                            "--vardelay-warmup", "--init-from", NULL};
        for (int f = 0; fixed[f]; f++)
            if (cli_is(a, fixed[f]) && !o->fixed_by_ckpt) o->fixed_by_ckpt = fixed[f];
        o->set_lr |= cli_is(a, "--lr");
        o->set_log_every |= cli_is(a, "--log-every");
        o->set_test_batches |= cli_is(a, "--test-batches");
        o->set_si_trials |= cli_is(a, "--si-trials");
#define VAL() if (!(v = cli_value(argc, argv, &i))) return -1
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 1; }
        else if (!strcmp(a, "--json")) o->json = 1;
        else if (cli_is(a, "--task")) { VAL(); o->task = v; }
        else if (cli_is(a, "--task2")) { VAL(); o->task2 = v; }
        else if (cli_is(a, "--variant")) { VAL(); o->variant = v; }
        else if (cli_is(a, "--model")) { VAL(); o->model = v; }
        else if (cli_is(a, "--condition")) { VAL(); o->condition = v; }
        else if (cli_is(a, "--lambda")) { VAL(); if (cli_parse_double(a, v, -10, 10, &o->lambda0)) return -1; }
        else if (cli_is(a, "--sigma")) { VAL(); if (cli_parse_double(a, v, 0, 10, &o->sigma0)) return -1; }
        else if (cli_is(a, "--rho")) { VAL(); if (cli_parse_double(a, v, 0, 1e3, &o->rho)) return -1; }
        else if (cli_is(a, "--lr")) { VAL(); if (cli_parse_double(a, v, 1e-12, 10, &o->lr)) return -1; }
        else if (cli_is(a, "--hidden")) { VAL(); if (cli_parse_long(a, v, 1, 20000, &o->hidden)) return -1; }
        else if (cli_is(a, "--batch")) { VAL(); if (cli_parse_long(a, v, 1, 100000, &o->batch)) return -1; }
        else if (cli_is(a, "--iters")) { VAL(); if (cli_parse_long(a, v, 0, 100000000, &o->iters)) return -1; }
        else if (cli_is(a, "--test-batches")) { VAL(); if (cli_parse_long(a, v, 1, 1000000, &o->test_batches)) return -1; }
        else if (cli_is(a, "--si-trials")) { VAL(); if (cli_parse_long(a, v, 0, 1000000, &o->si_trials)) return -1; }
        else if (cli_is(a, "--log-every")) { VAL(); if (cli_parse_long(a, v, 1, 100000000, &o->log_every)) return -1; }
        else if (cli_is(a, "--threads")) { VAL(); if (cli_parse_long(a, v, 1, 256, &o->threads)) return -1; }
        else if (cli_is(a, "--seed")) { VAL(); if (cli_parse_u64(a, v, &o->seed)) return -1; }
        else if (cli_is(a, "--resume")) { VAL(); o->resume = v; }
        else if (cli_is(a, "--init-from")) { VAL(); o->init_from = v; }
        else if (cli_is(a, "--out") || cli_is(a, "-o")) { VAL(); o->out = v; }
        else if (cli_is(a, "--db")) { VAL(); o->db = v; }
        else if (!strcmp(a, "--no-db")) o->no_db = 1;
        else if (cli_is(a, "--vardelay-warmup")) { VAL(); if (cli_parse_long(a, v, 1, 100000000, &o->warmup)) return -1; }
        else if (cli_is(a, "--checkpoint-every")) { VAL(); if (cli_parse_long(a, v, 1, 100000000, &o->ckpt_every)) return -1; }
        else { cli_fail("train: unknown option '%s' (see recmem train --help)", a); return -1; }
#undef VAL
    }
    if (o->resume && o->fixed_by_ckpt) {
        cli_fail("train: --resume takes %s from the checkpoint (what may change: --iters, --lr, "
                 "--log-every, --test-batches, --si-trials)", o->fixed_by_ckpt);
        return -1;
    }
    if (!o->task && !o->resume) { cli_fail("train: --task is required (e.g. --task DE1)"); return -1; }
    if (o->ckpt_every && !o->out && !o->resume) {
        cli_fail("train: --checkpoint-every needs -o PATH");
        return -1;
    }
    for (int i = 1; i < argc; i++)   /* with --resume, --iters means "this many more" */
        if (cli_is(argv[i], "--iters")) o->more_iters = o->iters;
    return 0;
}

static const rm_task_def *find_task(const char *name) {
    const rm_task_def *d = rm_task_find(name);
    char *end;
    long code = strtol(name, &end, 10);
    if (!d && *name && !*end) d = rm_task_find_code((int)code);
    return d;
}

static int bad_task(const char *name) {
    char list[256] = "";
    for (const rm_task_def *const *d = rm_task_list(); *d; d++) {
        strcat(list, list[0] ? " " : "");
        strncat(list, (*d)->name, sizeof list - strlen(list) - 2);
    }
    return cli_fail("train: unknown task '%s' (known: %s)", name, list);
}

typedef struct {
    progress pr;
    rm_runfile *rf;   /* periodic checkpoints */
} hook_state;

static int on_iter(void *ud, const rm_trainer *tr) {
    hook_state *s = ud;
    char extra[64];
    snprintf(extra, sizeof extra, "loss %.4g", tr->last.total);
    progress_update(&s->pr, tr->iter, extra);
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
    progress *p = ud;
    progress_update(p, done, NULL);
}

/* Trains tr up to `until` (up to `warm_until` on the task it has, the variable-delay
   warm-up, then on the phase's task), then tests on the phase's task. A run that ends
   inside the warm-up keeps the warm-up task, so that its checkpoint resumes it. */
static int run_phase(rm_trainer *tr, const train_opts *o, long warm_until, long until,
                     rm_runfile *rf, phase_result *out) {
    rm_err e = {0};
    hook_state hs = {.rf = rf};
    rm_train_hooks h = {.stop = &stop_flag, .on_iter = on_iter, .on_log = on_log, .ud = &hs};
    progress_begin(&hs.pr, "train", tr->iter, until);
    double t0 = progress_now();
    long warm_end = warm_until < until ? warm_until : until;
    int rc = tr->iter < warm_end ? rm_trainer_run(tr, warm_end, &h, &e) : RM_OK;
    if (!rc && tr->iter >= warm_until &&
        (tr->task->def != out->task.def || tr->task->variant != out->task.variant)) {
        rc = rm_trainer_set_task(tr, &out->task, &e);
        if (!rc)
            progress_line(&hs.pr, "%s: variable-delay warm-up done at iteration %ld; the "
                          "task's own delays from here", out->task.def->name, tr->iter);
    }
    if (!rc) rc = rm_trainer_run(tr, until, &h, &e);
    progress_end(&hs.pr);
    out->seconds = progress_now() - t0;
    out->iters_done = tr->iter;
    snprintf(out->error, sizeof out->error, "%s", rc ? e.msg : "");
    if (rc == RM_ESTOPPED) return cli_error("interrupted: %s", e.msg);
    if (rc) return cli_error("%s", e.msg);
    progress tp;
    progress_begin(&tp, "test", 0, o->test_batches);
    rc = rm_evaluate(tr->task, tr->net, (int)o->test_batches, (int)o->batch, tr->cfg.read_back,
                     (int)o->si_trials, rm_seed_test(o->seed), &stop_flag, on_test, &tp,
                     &out->test, &e);
    progress_end(&tp);
    snprintf(out->error, sizeof out->error, "%s", rc ? e.msg : "");
    if (rc) return cli_error("test: %s", e.msg);
    return 0;
}

static void json_num(const char *key, double v, int comma) {
    if (isfinite(v)) printf("\"%s\":%.9g%s", key, v, comma ? "," : "");
    else printf("\"%s\":null%s", key, comma ? "," : "");
}

static void print_phase_json(const phase_result *p) {
    printf("{\"task\":\"%s\",\"variant\":\"%s\",\"iters\":%ld,", p->task.def->name,
           rm_variant_name(p->task.variant), p->iters_done);
    json_num("seconds", p->seconds, 1);
    json_num("test_infloss", p->test.infloss, 1);
    json_num("test_loss", p->test.loss, 1);
    json_num("si", p->test.si.si, 1);
    json_num("si_entropy", p->test.si.entropy, 1);
    json_num("si_ridge", p->test.si.ridge, 1);
    printf("\"si_trials\":%d,\"keep\":%s}", p->test.si.trials_used,
           p->test.infloss < 0.5 ? "true" : "false");
}

static void print_phase(const phase_result *p) {
    printf("%s%s%s: test information loss %.4f (%s the paper's 0.5 keep criterion)\n",
           p->task.def->name, p->task.variant ? "/" : "",
           p->task.variant ? rm_variant_name(p->task.variant) : "", p->test.infloss,
           p->test.infloss < 0.5 ? "meets" : "misses");
    printf("%s: SI %.4f (peak entropy %.4f + ridge-to-background %.4f) over %d trials\n",
           p->task.def->name, p->test.si.si, p->test.si.entropy, p->test.si.ridge,
           p->test.si.trials_used);
}

/* The paper keeps a network whose test information loss is below 0.5: on every task it
   was trained on. */
static int keep_all(const phase_result *ph, int n) {
    for (int p = 0; p < n; p++)
        if (!(ph[p].test.infloss < 0.5)) return 0;
    return 1;
}

/* Writes condition `c` without its part `part` ("tethered+multitask" -> "tethered") into
   buf; "basic" if nothing is left. */
static const char *drop_part(char *buf, size_t n, const char *c, const char *part) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s", c);
    buf[0] = '\0';
    for (char *save = NULL, *t = strtok_r(tmp, "+", &save); t; t = strtok_r(NULL, "+", &save))
        if (strcasecmp(t, part))
            snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? "+" : "", t);
    return buf[0] ? buf : "basic";
}

/* --resume: loads the checkpoint and rewrites the options from its config, so the rest of
   cmd_train runs as for a fresh run of the same configuration (without creating a net). */
static int resume_load(train_opts *o, rm_ckpt **ck) {
    rm_err e;
    if (rm_ckpt_load(o->resume, ck, &e)) return cli_fail("train: %s", e.msg);
    rm_trainer *tr = &(*ck)->tr;
    o->task = tr->task->def->name;
    /* saved during a warm-up, the task has variable delays that are not its own */
    o->warmup = (*ck)->meta.vardelay_warmup;
    if ((*ck)->meta.init_from[0]) o->init_from = (*ck)->meta.init_from; /* for --json */
    o->variant = rm_variant_name(o->warmup ? tr->task->variant & ~RM_VARIANT_VARDELAY
                                           : tr->task->variant);
    o->model = tr->net->cfg.model;
    /* a multitask run's phases are behind it: it continues on its current task, under the
       rest of its condition */
    static char cond[sizeof (*ck)->meta.condition];
    o->condition = drop_part(cond, sizeof cond, (*ck)->meta.condition, "multitask");
    o->lambda0 = tr->net->cfg.lambda0;
    o->sigma0 = tr->net->cfg.sigma0;
    o->rho = tr->cfg.loss.rho;
    o->hidden = tr->net->cfg.n_hidden;
    o->batch = tr->cfg.batch;
    o->seed = tr->cfg.seed;
    /* these may change for the rest of the run (and are saved with it) */
    if (o->set_test_batches) tr->cfg.test_batches = (int)o->test_batches;
    if (o->set_si_trials) tr->cfg.si_trials = (int)o->si_trials;
    if (o->set_log_every) tr->cfg.log_every = (int)o->log_every;
    if (o->set_lr) tr->cfg.lr = tr->adam.lr = o->lr;
    o->test_batches = tr->cfg.test_batches;
    o->si_trials = tr->cfg.si_trials;
    o->log_every = tr->cfg.log_every;
    o->lr = tr->cfg.lr;
    o->iters = o->more_iters ? tr->iter + o->more_iters : tr->cfg.iters;
    tr->cfg.iters = o->iters;
    if (!o->out) o->out = o->resume;
    return 0;
}

int cmd_train(int argc, char **argv) {
    train_opts o;
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? 2 : 0;
    rm_ckpt *ck = NULL;   /* --resume: the checkpoint owns the task, net and trainer */
    if (o.resume && (rc = resume_load(&o, &ck))) return rc;

    /* the condition (possibly composed, e.g. tethered+vardelay) fixes the model, penalty,
       read-out step, variant and phases, and refuses combinations that cannot run */
    rm_condition_set cs;
    rm_err ce;
    if (rm_condition_resolve(o.condition, o.model, o.task2 != NULL, &cs, &ce))
        return cli_fail("train: %s", ce.msg);
    const rm_condition_set *cond = &cs;
    const rm_model_def *md = rm_model_find(cs.model);
    int variant = o.variant ? rm_variant_parse(o.variant) : 0;
    if (variant < 0)
        return cli_fail("train: unknown variant '%s' (none, vardelay, dynamic, vardelay+dynamic)",
                        o.variant);
    variant |= cond->variant;

    const rm_task_def *d1 = find_task(o.task), *d2 = o.task2 ? find_task(o.task2) : NULL;
    if (!d1) return bad_task(o.task);
    if (o.task2 && !d2) return bad_task(o.task2);

    rm_err e = {0};
    phase_result ph[2] = {0};
    int n_phases = o.task2 ? 2 : 1;
    if (rm_task_init(&ph[0].task, d1, variant, &e) ||
        (d2 && rm_task_init(&ph[1].task, d2, variant, &e)))
        return cli_fail("train: %s", e.msg);
    rm_task warm; /* --vardelay-warmup: the task with variable delays */
    if (o.warmup) {
        if (variant & RM_VARIANT_VARDELAY)
            return cli_fail("train: --vardelay-warmup needs a fixed delay, but the %s already "
                            "makes it variable", o.variant && rm_variant_parse(o.variant) &
                            RM_VARIANT_VARDELAY ? "variant" : "condition");
        if (d2) return cli_fail("train: --vardelay-warmup does not combine with the multitask "
                                "condition");
        if (!o.resume && o.warmup >= o.iters)
            return cli_fail("train: --vardelay-warmup %ld leaves no iterations of --iters %ld "
                            "for the task itself", o.warmup, o.iters);
        if (rm_task_init(&warm, d1, variant | RM_VARIANT_VARDELAY, &e))
            return cli_fail("train: %s", e.msg);
    }
    if (d2 && (ph[0].task.n_chan != ph[1].task.n_chan || ph[0].task.n_out != ph[1].task.n_out ||
               d1->out != d2->out))
        return cli_fail("train: tasks %s and %s differ in inputs or outputs, so one network "
                        "cannot do both", d1->name, d2->name);

    rm_blas_set_threads((int)o.threads);
    rm_net_cfg ncfg;
    rm_net_cfg_default(&ncfg, &ph[0].task);
    snprintf(ncfg.model, sizeof ncfg.model, "%s", md->name);
    ncfg.n_hidden = (int)o.hidden;
    ncfg.lambda0 = o.lambda0;
    ncfg.sigma0 = o.sigma0;
    rm_train_cfg tcfg;
    rm_train_cfg_default(&tcfg);
    tcfg.batch = (int)o.batch;
    tcfg.iters = o.iters;
    tcfg.test_batches = (int)o.test_batches;
    tcfg.log_every = (int)o.log_every;
    tcfg.lr = o.lr;
    tcfg.loss.kappa_a = cond->kappa_a;
    tcfg.loss.rho = o.rho;
    tcfg.read_back = cond->read_back;
    tcfg.si_trials = (int)o.si_trials;
    tcfg.seed = o.seed;

    rm_rng init_rng;
    rm_rng_seed(&init_rng, rm_seed_init(o.seed));
    rm_net net;
    rm_trainer tr;
    rm_trainer *trp = ck ? &ck->tr : &tr;
    if (!ck && rm_net_create(&net, &ncfg, &init_rng, &e)) return cli_fail("train: %s", e.msg);
    if (!ck && o.init_from && (rc = cli_init_from(&net, o.init_from))) {
        rm_net_free(&net);
        return rc;
    }
    if (!ck && rm_trainer_init(&tr, &tcfg, o.warmup ? &warm : &ph[0].task, &net, &e)) {
        rm_net_free(&net);
        return cli_fail("train: %s", e.msg);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    /* checkpoints (-o, --checkpoint-every, Ctrl-C) and the registry record */
    rm_run_meta meta;
    rm_run_meta_init(&meta);
    snprintf(meta.condition, sizeof meta.condition, "%.63s", cond->name);
    meta.vardelay_warmup = o.warmup;
    if (o.init_from) snprintf(meta.init_from, sizeof meta.init_from, "%.255s", o.init_from);
    rm_runfile rf;
    rm_runfile_opts ro = {.out = o.out, .db = o.db, .no_db = o.no_db, .every = o.ckpt_every};
    rm_err warn;
    rm_runfile_begin(&rf, &ro, trp, ck ? &ck->meta : &meta, &warn);
    if (warn.code) fprintf(stderr, "recmem: warning: run not recorded: %s\n", warn.msg);

    for (int p = 0; p < n_phases && !rc; p++) {
        if (p > 0 && rm_trainer_set_task(trp, &ph[p].task, &e)) {
            rc = cli_error("train: %s", e.msg);
            break;
        }
        rc = run_phase(trp, &o, p == 0 ? o.warmup : 0, o.iters * (p + 1), &rf, &ph[p]);
    }
    const phase_result *last = &ph[n_phases - 1];
    rf.meta.test_infloss = last->test.infloss;
    rf.meta.test_loss = last->test.loss;
    rf.meta.si = last->test.si.si;
    int status = !rc ? RM_OK : stop_flag ? RM_ESTOPPED : RM_EINVAL;
    const char *why = NULL;
    for (int p = 0; p < n_phases; p++) why = ph[p].error[0] ? ph[p].error : why;
    if (rm_runfile_end(&rf, trp, status, why, &e, &warn)) rc = cli_error("train: %s", e.msg);
    else if (o.out && status != RM_EINVAL)
        fprintf(stderr, "recmem: saved %s at iteration %ld\n", o.out, trp->iter);
    if (warn.code) fprintf(stderr, "recmem: warning: registry: %s\n", warn.msg);
    rm_runfile_close(&rf);
    if (!rc) {
        if (o.json) {
            printf("{\"model\":\"%s\",\"condition\":\"%s\",\"lambda\":%.9g,\"sigma\":%.9g,"
                   "\"rho\":%.9g,\"hidden\":%ld,\"batch\":%ld,\"seed\":%llu,\"phases\":[",
                   md->name, cond->name, o.lambda0, o.sigma0, o.rho, o.hidden, o.batch,
                   (unsigned long long)o.seed);
            for (int p = 0; p < n_phases; p++) {
                if (p) putchar(',');
                print_phase_json(&ph[p]);
            }
            printf("],");
            json_num("kappa_a", cond->kappa_a, 1);
            printf("\"read_back\":%d,\"vardelay_warmup\":%ld,", cond->read_back, o.warmup);
            if (o.init_from) {
                json_t *s = json_string(o.init_from);
                char *t = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
                if (t) printf("\"init_from\":%s,", t);
                free(t);
                json_decref(s);
            }
            /* the last phase's results: for multitask, the second task's */
            json_num("test_infloss", ph[n_phases - 1].test.infloss, 1);
            json_num("si", ph[n_phases - 1].test.si.si, 1);
            printf("\"keep\":%s}\n", keep_all(ph, n_phases) ? "true" : "false");
        } else {
            for (int p = 0; p < n_phases; p++) print_phase(&ph[p]);
            if (n_phases == 2)
                printf("multitask %s -> %s: test information loss %.4f then %.4f, SI on %s "
                       "%.4f; %s the keep criterion on both tasks\n", ph[0].task.def->name,
                       ph[1].task.def->name, ph[0].test.infloss, ph[1].test.infloss,
                       ph[1].task.def->name, ph[1].test.si.si,
                       keep_all(ph, n_phases) ? "meets" : "does not meet");
        }
    }
    if (ck) {
        rm_ckpt_free(ck);
    } else {
        rm_trainer_free(&tr);
        rm_net_free(&net);
    }
    if (stop_flag && rc) return 130;
    return rc;
}
