/* sweep_pool.c: the local worker pool of `recmem sweep`: up to N points at a time, each a
 * single-threaded `recmem train` child; a progress line on a terminal, a log line per
 * finished point otherwise; Ctrl-C, TERM and HUP forwarded to the running points (which
 * save their checkpoints) before the pool exits 130. Also `recmem sweep run` (one point in
 * the foreground, as a SLURM array task runs it). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "progress.h"
#include "sweep.h"

static volatile sig_atomic_t stop_signals;

static void on_stop(int sig) { stop_signals++; }

/* Handlers without SA_RESTART, so a signal ends the poll's sleep at once. */
static void catch_stops(void) {
    struct sigaction sa = {.sa_handler = on_stop};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);   /* a closed log pipe must not kill the pool (and its points) */
}

typedef struct {
    const rm_sweep *s;
    int tty;
    size_t done, failed, left, running;
    double t0, busy;    /* wall seconds of the points finished here (for the ETA) */
    size_t finished;    /* points finished here */
    int jobs;
} board;

static void status_text(const board *b, char *buf, size_t n) {
    char eta[32];
    double per = b->finished ? b->busy / b->finished : -1;
    progress_fmt_eta(eta, sizeof eta,
                     per < 0 ? -1 : per * (double)(b->left + b->running) / b->jobs);
    snprintf(buf, n, "%zu done, %zu running, %zu failed, %zu left  ETA %s", b->done, b->running,
             b->failed, b->left, eta);
}

static void redraw(const board *b) {
    if (!b->tty) return;
    char st[160];
    status_text(b, st, sizeof st);
    fprintf(stderr, "\r\033[Ksweep %s: %s", b->s->name, st);
    fflush(stderr);
}

static void log_line(const board *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(const board *b, const char *fmt, ...) {
    if (b->tty) fputs("\r\033[K", stderr);
    fprintf(stderr, "sweep %s: ", b->s->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    redraw(b);
}

/* Records what a finished child left and updates the counts. */
static void reap(board *b, sweep_child *c, int wstatus, int stopped) {
    json_t *r = NULL;
    int st = sweep_point_finish(b->s, c, wstatus, stopped, &r);
    rm_sweep_unclaim(b->s, c->i);
    b->running--;
    if (st < 0) {
        b->left++;
        log_line(b, "point %zu interrupted; its checkpoint resumes it next time", c->i);
        return;
    }
    char line[600];
    sweep_point_summary(b->s, c->i, r, line, sizeof line);
    json_decref(r);
    if (st == RM_POINT_DONE) b->done++;
    else b->failed++;
    b->finished++;
    b->busy += progress_now() - c->t0;
    char counts[160];
    status_text(b, counts, sizeof counts);
    log_line(b, "%s  [%s]", line, counts);
}

int sweep_pool_run(const rm_sweep *s, int jobs, long ckpt_every) {
    board b = {.s = s, .tty = isatty(STDERR_FILENO), .t0 = progress_now(), .jobs = jobs};
    size_t *todo = calloc(s->n ? s->n : 1, sizeof *todo), ntodo = 0, elsewhere = 0;
    sweep_child *kids = calloc(jobs, sizeof *kids);
    if (!todo || !kids) {
        free(todo);
        free(kids);
        return cli_error("sweep: out of memory");
    }
    for (size_t i = 0; i < s->n; i++) {
        rm_point_state st = rm_sweep_state(s, i, NULL);
        if (st == RM_POINT_DONE) b.done++;
        else if (st == RM_POINT_RUNNING) elsewhere++;
        else todo[ntodo++] = i;   /* missing, or failed: tried again */
    }
    b.left = ntodo;
    if (elsewhere)
        log_line(&b, "%zu points are being trained by another process (see recmem sweep "
                 "status %s); skipping them", elsewhere, s->dir);
    if (b.done)
        log_line(&b, "%zu of %zu points already done", b.done, s->n);
    for (int k = 0; k < jobs; k++) kids[k].pid = -1;
    catch_stops();
    int forwarded = 0;
    size_t next = 0;
    double last_draw = 0;
    while (b.running > 0 || (next < ntodo && !stop_signals)) {
        /* forward every stop signal the pool got to each running point */
        for (; forwarded < stop_signals; forwarded++)
            for (int k = 0; k < jobs; k++)
                if (kids[k].pid > 0) kill(kids[k].pid, SIGINT);
        for (int k = 0; k < jobs && next < ntodo && !stop_signals; k++) {
            if (kids[k].pid > 0) continue;
            size_t i = todo[next++];
            rm_err e;
            int claim = rm_sweep_claim(s, i, &e);
            if (claim == RM_EINVAL) {   /* another process took it meanwhile */
                b.left--;
                continue;
            }
            if (claim || sweep_point_start(s, i, ckpt_every, &kids[k], &e)) {
                if (!claim) rm_sweep_unclaim(s, i);
                json_t *r = json_pack("{s:I, s:O, s:s, s:s}", "point", (json_int_t)i, "config",
                                      rm_sweep_point(s, i), "status", "failed", "error", e.msg);
                rm_err we;
                if (r) rm_sweep_result_write(s, i, r, &we);
                json_decref(r);
                b.left--;
                b.failed++;
                log_line(&b, "point %zu failed to start: %s", i, e.msg);
                kids[k].pid = -1;
                continue;
            }
            b.left--;
            b.running++;
        }
        int wstatus;
        pid_t pid = waitpid(-1, &wstatus, WNOHANG);
        if (pid > 0) {
            for (int k = 0; k < jobs; k++)
                if (kids[k].pid == pid) {
                    reap(&b, &kids[k], wstatus, stop_signals > 0);
                    kids[k].pid = -1;
                }
            continue;
        }
        if (pid < 0 && errno == ECHILD && b.running > 0) break;   /* cannot happen */
        double now = progress_now();
        if (now - last_draw > 0.5) {
            redraw(&b);
            last_draw = now;
        }
        nanosleep(&(struct timespec){0, 50000000}, NULL);   /* a signal cuts it short */
    }
    if (b.tty) fputs("\r\033[K", stderr);
    char counts[160];
    status_text(&b, counts, sizeof counts);
    fprintf(stderr, "sweep %s: %s%s (%s)\n", s->name, stop_signals ? "interrupted: " : "",
            counts, s->dir);
    free(todo);
    free(kids);
    if (stop_signals) return 130;
    return b.failed ? 1 : 0;
}

int sweep_run_one(const rm_sweep *s, size_t i, long ckpt_every) {
    json_t *r = NULL;
    rm_point_state st = rm_sweep_state(s, i, &r);
    json_decref(r);
    if (st == RM_POINT_DONE) {
        fprintf(stderr, "recmem: sweep %s: point %zu is done already\n", s->name, i);
        return 0;
    }
    if (st == RM_POINT_RUNNING) {   /* e.g. a second submission of a running point */
        fprintf(stderr, "recmem: sweep %s: point %zu is being trained by another process "
                "(%s/results); leaving it to that one\n", s->name, i, s->dir);
        return 0;
    }
    catch_stops();
    rm_err e;
    sweep_child c;
    int claim = rm_sweep_claim(s, i, &e);
    if (claim == RM_EINVAL) {   /* it lost a race for the point */
        fprintf(stderr, "recmem: sweep %s: %s; leaving it to that one\n", s->name, e.msg);
        return 0;
    }
    if (claim) return cli_error("sweep %s: %s", s->name, e.msg);
    if (sweep_point_start(s, i, ckpt_every, &c, &e)) {
        rm_sweep_unclaim(s, i);
        return cli_error("sweep: point %zu: %s", i, e.msg);
    }
    int wstatus, forwarded = 0;
    for (;;) {
        for (; forwarded < stop_signals; forwarded++) kill(c.pid, SIGINT);
        pid_t p = waitpid(c.pid, &wstatus, 0);
        if (p == c.pid) break;
        if (p < 0 && errno != EINTR) {
            rm_sweep_unclaim(s, i);
            return cli_error("sweep: waitpid: %s", strerror(errno));
        }
    }
    int fin = sweep_point_finish(s, &c, wstatus, stop_signals > 0, &r);
    rm_sweep_unclaim(s, i);
    if (fin < 0) {
        fprintf(stderr, "recmem: sweep %s: point %zu interrupted; its checkpoint resumes it\n",
                s->name, i);
        return 130;
    }
    char line[600];
    sweep_point_summary(s, i, r, line, sizeof line);
    json_decref(r);
    fprintf(stderr, "sweep %s: %s\n", s->name, line);
    return fin == RM_POINT_DONE ? 0 : 1;
}
