/* sweep_point.c: one sweep point as a child process: the `recmem train` command line of a
 * point (the one place that maps a run config to flags), starting it with its checkpoint,
 * and turning what it left (exit status, JSON on stdout, stderr log) into its result. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "progress.h"
#include "store/ckpt.h"
#include "sweep.h"

const char *sweep_self_exe(void) {
    static char path[4096];
    if (!path[0]) {
        ssize_t k = readlink("/proc/self/exe", path, sizeof path - 1);
        if (k > 0) path[k] = '\0';
        else snprintf(path, sizeof path, "recmem");   /* found on PATH by execvp */
    }
    return path;
}

static void push(char ***v, int *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void push(char ***v, int *n, const char *fmt, ...) {
    char buf[4200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **nv = realloc(*v, (*n + 2) * sizeof *nv);
    if (!nv) return;   /* the caller checks the count */
    *v = nv;
    nv[(*n)++] = strdup(buf);
    nv[*n] = NULL;
}

void sweep_argv_free(char **argv) {
    for (char **a = argv; a && *a; a++) free(*a);
    free(argv);
}

/* The mapping from a run config to `recmem train`'s flags. When train reads a run config
   file (--config point.json), this is the one function to change. */
char **sweep_point_argv(const json_t *pt, const char *ckpt, int resume, long ckpt_every,
                        char *err, size_t n) {
    static const struct { const char *key, *flag; } flags[] = {
        {"task", "--task"}, {"variant", "--variant"}, {"model", "--model"},
        {"condition", "--condition"}, {"task2", "--task2"}, {"lambda", "--lambda"},
        {"sigma", "--sigma"}, {"rho", "--rho"}, {"hidden", "--hidden"}, {"batch", "--batch"},
        {"iters", "--iters"}, {"lr", "--lr"}, {"seed", "--seed"},
        {"vardelay_warmup", "--vardelay-warmup"}, {"init_from", "--init-from"},
        {"threads", "--threads"}, {"test_batches", "--test-batches"},
        {"si_trials", "--si-trials"}, {"log_every", "--log-every"}};
    char **v = NULL;
    int c = 0, want = 0;
    push(&v, &c, "%s", sweep_self_exe());
    push(&v, &c, "train");
    want = 2;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)pt, key, val) {
        if (json_is_null(val)) continue;
        if (!strcmp(key, "kappa_a") || !strcmp(key, "read_back")) {
            snprintf(err, n, "%s comes from the condition; recmem train has no flag for it", key);
            sweep_argv_free(v);
            return NULL;
        }
        const char *flag = NULL;
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
            if (!strcmp(flags[f].key, key)) flag = flags[f].flag;
        if (!flag) {
            snprintf(err, n, "'%s' is not a run config key", key);
            sweep_argv_free(v);
            return NULL;
        }
        /* defaults that train spells by leaving the flag out */
        if ((!strcmp(key, "vardelay_warmup") && json_integer_value(val) == 0) ||
            (!strcmp(key, "variant") && !strcmp(json_string_value(val), "none")))
            continue;
        /* a resumed run takes its config from the checkpoint; only these may be given */
        if (resume && strcmp(key, "threads")) continue;
        push(&v, &c, "%s", flag);
        if (json_is_string(val)) push(&v, &c, "%s", json_string_value(val));
        else if (json_is_integer(val)) push(&v, &c, "%lld", (long long)json_integer_value(val));
        else push(&v, &c, "%.17g", json_number_value(val));
        want += 2;
    }
    if (resume) {
        push(&v, &c, "--resume");
        push(&v, &c, "%s", ckpt);
        want += 2;
    } else if (ckpt) {
        push(&v, &c, "-o");
        push(&v, &c, "%s", ckpt);
        want += 2;
    }
    if (ckpt) {
        push(&v, &c, "--checkpoint-every");
        push(&v, &c, "%ld", ckpt_every);
        want += 2;
    }
    push(&v, &c, "--json");
    push(&v, &c, "--no-db");
    want += 2;
    int ok = c == want;
    for (int k = 0; ok && k < c; k++) ok = v[k] != NULL;
    if (!ok) {
        snprintf(err, n, "out of memory");
        sweep_argv_free(v);
        return NULL;
    }
    return v;
}

static long file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

int sweep_point_start(const rm_sweep *s, size_t i, long ckpt_every, sweep_child *c, rm_err *e) {
    char ckpt[4096], out[4096], log[4096], msg[256];
    rm_sweep_path(s, "points", i, ckpt, sizeof ckpt);
    rm_sweep_path(s, "out", i, out, sizeof out);
    rm_sweep_path(s, "logs", i, log, sizeof log);
    *c = (sweep_child){.pid = -1, .i = i, .t0 = progress_now(), .log_off = file_size(log)};
    int resume = access(ckpt, F_OK) == 0;
    /* train --resume continues a multitask run on its current task only, so a multitask
       point that was interrupted starts again from the beginning */
    int restart = resume && !json_is_null(json_object_get(rm_sweep_point(s, i), "task2"));
    if (restart) resume = 0;
    if (resume) {
        /* a checkpoint that does not load (it never is torn: writes are atomic) would fail
           every attempt: start afresh instead */
        rm_ckpt *ck = NULL;
        rm_err le;
        if (rm_ckpt_load(ckpt, &ck, &le) == RM_OK) c->resumed_from = ck->tr.iter;
        else resume = 0;
        rm_ckpt_free(ck);
    }
    char **argv = sweep_point_argv(rm_sweep_point(s, i), ckpt, resume, ckpt_every, msg, sizeof msg);
    if (!argv) return rm_seterr(e, RM_EINVAL, "%s", msg);
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int fl = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fo < 0 || fl < 0) {
        int err = errno;
        if (fo >= 0) close(fo);
        if (fl >= 0) close(fl);
        sweep_argv_free(argv);
        return rm_seterr(e, RM_EIO, "%s: %s", fo < 0 ? out : log, strerror(err));
    }
    if (resume)
        dprintf(fl, "recmem sweep: point %zu resumes from its checkpoint at iteration %ld\n", i,
                c->resumed_from);
    if (restart)
        dprintf(fl, "recmem sweep: point %zu (multitask) starts again from the beginning\n", i);
    pid_t parent = getpid(), pid = fork();
    if (pid == 0) {
        /* own process group: a terminal's Ctrl-C reaches the pool, which forwards it once */
        setpgid(0, 0);
        /* if the pool or runner dies (even by kill -9), the point stops and saves rather
           than train on unwatched beside the next attempt */
        prctl(PR_SET_PDEATHSIG, SIGINT);
        if (getppid() != parent) raise(SIGINT);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
        dup2(fo, STDOUT_FILENO);
        dup2(fl, STDERR_FILENO);
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0) dup2(nul, STDIN_FILENO);
        execv(argv[0], argv);
        dprintf(STDERR_FILENO, "recmem: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int err = errno;
    close(fo);
    close(fl);
    sweep_argv_free(argv);
    if (pid < 0) return rm_seterr(e, RM_EIO, "fork: %s", strerror(err));
    setpgid(pid, pid);   /* also here, so a signal sent at once already finds the group */
    c->pid = pid;
    return RM_OK;
}

/* The last "recmem: ..." line the point wrote in this attempt: why it failed. */
static void last_error(const char *log, long off, char *buf, size_t n) {
    buf[0] = '\0';
    FILE *f = fopen(log, "r");
    if (!f) return;
    fseek(f, off, SEEK_SET);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "recmem: ", 8) && strncmp(line, "recmem: saved ", 14) &&
            strncmp(line, "recmem: warning", 15))
            snprintf(buf, n, "%.400s", line + 8);
    }
    fclose(f);
}

static json_t *num_or_null(const json_t *v) {
    return json_is_number(v) ? json_real(json_number_value(v)) : json_null();
}

int sweep_point_finish(const rm_sweep *s, const sweep_child *c, int wstatus, int stopped,
                       json_t **result) {
    if (result) *result = NULL;
    char out[4096], log[4096], why[512] = "";
    rm_sweep_path(s, "out", c->i, out, sizeof out);
    rm_sweep_path(s, "logs", c->i, log, sizeof log);
    int code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
    int sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
    /* recmem train saves and exits 128 + the signal for SIGHUP, SIGINT and SIGTERM: the
       point resumes from its checkpoint, whoever sent the signal (a scheduler's scancel
       reaches the point itself, and may do so before the pool notices its own) */
    int saved = code == 128 + SIGHUP || code == 128 + SIGINT || code == 128 + SIGTERM;
    if (saved || (stopped && sig)) return -1;   /* saved (or not started): resumes */
    json_t *train = code == 0 ? json_load_file(out, 0, NULL) : NULL;
    const char *status = train ? "done" : "failed";
    if (!train) {
        last_error(log, c->log_off, why, sizeof why);
        if (!why[0] && sig) snprintf(why, sizeof why, "killed by signal %d (%s)", sig, strsignal(sig));
        else if (!why[0] && code == 0) snprintf(why, sizeof why, "no result on stdout (see %.400s)", log);
        else if (!why[0]) snprintf(why, sizeof why, "exit status %d (see %.400s)", code, log);
    }
    json_t *phases = json_object_get(train, "phases");
    json_t *last = json_array_get(phases, json_array_size(phases) - 1);
    json_t *r = json_pack("{s:I, s:O, s:s, s:o, s:o, s:o, s:f, s:o, s:I, s:o, s:o}",
        "point", (json_int_t)c->i, "config", rm_sweep_point(s, c->i), "status", status,
        "test_infloss", num_or_null(json_object_get(train, "test_infloss")),
        "keep", train ? json_copy(json_object_get(train, "keep")) : json_null(),
        "si", num_or_null(json_object_get(train, "si")),
        "seconds", progress_now() - c->t0,
        "iters", last ? json_copy(json_object_get(last, "iters")) : json_null(),
        "resumed_from", (json_int_t)c->resumed_from,
        "error", why[0] ? json_string(why) : json_null(),
        "train", train ? train : json_null());
    rm_err e;
    if (!r || rm_sweep_result_write(s, c->i, r, &e)) {
        fprintf(stderr, "recmem: sweep: point %zu: cannot write its result: %s\n", c->i,
                r ? e.msg : "out of memory");
        json_decref(r);
        return -1;
    }
    if (result) *result = r;
    else json_decref(r);
    return train ? RM_POINT_DONE : RM_POINT_FAILED;
}

void sweep_point_summary(const rm_sweep *s, size_t i, const json_t *r, char *buf, size_t n) {
    const char *st = json_string_value(json_object_get(r, "status"));
    double secs = json_number_value(json_object_get(r, "seconds"));
    if (st && !strcmp(st, "done")) {
        double il = json_number_value(json_object_get(r, "test_infloss"));
        double si = json_number_value(json_object_get(r, "si"));
        snprintf(buf, n, "point %zu done in %.1f s: test information loss %.4f (%s), SI %.3f",
                 i, secs, il, json_is_true(json_object_get(r, "keep")) ? "kept" : "not kept", si);
    } else {
        snprintf(buf, n, "point %zu failed after %.1f s: %s", i, secs,
                 json_string_value(json_object_get(r, "error")));
    }
}
