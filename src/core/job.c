/* job.c: a training run in a worker thread (C11 threads). The worker owns the trainer, its
 * net and task while it runs: it trains, probes one trial every few hundred iterations
 * and publishes telemetry into a mutex-guarded record that any thread copies with
 * rm_job_snapshot_get. The published record never points into the trainer, so a finished
 * job stays readable after its network is gone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>
#include "job.h"

#define RATE_SAMPLES 16      /* (time, iter) ring for it/s */
#define RATE_WINDOW_S 5.0    /* it/s over at most the last 5 seconds */
#define RATE_SPACING_S 0.25  /* at most one sample per 250 ms */

struct rm_job {
    thrd_t thread;
    int started, joined;
    rm_trainer *tr;
    long until;
    int probe_every, probe_trials;
    atomic_int stop, pause, state;
    int status;            /* the worker's return code, valid once joined */
    rm_err err;
    uint64_t probe_seed;

    mtx_t mu;              /* guards everything below */
    rm_job_snapshot pub;   /* the published telemetry; its buffers are the job's */
    double rate_t[RATE_SAMPLES];
    long rate_it[RATE_SAMPLES];
    int rate_n, rate_head;
};

static double now_s(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Grows *buf (of *cap elements of size sz) to at least n elements, doubling. */
static int grow(void **buf, size_t *cap, size_t n, size_t sz) {
    if (n <= *cap) return 0;
    size_t c = *cap ? *cap : 256;
    while (c < n) c *= 2;
    void *p = realloc(*buf, c * sz);
    if (!p) return -1;
    *buf = p;
    *cap = c;
    return 0;
}

/* Grows two buffers that share one capacity (il_hist/il_iter, probe_y/probe_target). */
static int grow_pair(void **a, size_t sa, void **b, size_t sb, size_t *cap, size_t n) {
    if (n <= *cap) return 0;
    size_t c = *cap ? *cap : 256;
    while (c < n) c *= 2;
    void *pa = realloc(*a, c * sa);
    if (!pa) return -1;
    *a = pa;
    void *pb = realloc(*b, c * sb);
    if (!pb) return -1; /* *cap unchanged: the next call grows both again */
    *b = pb;
    *cap = c;
    return 0;
}

/* ---- the rate window (called with mu held) ---- */

static void rate_add(rm_job *j, double t, long it) {
    if (j->rate_n) {
        int last = (j->rate_head + RATE_SAMPLES - 1) % RATE_SAMPLES;
        if (t - j->rate_t[last] < RATE_SPACING_S) return;
    }
    j->rate_t[j->rate_head] = t;
    j->rate_it[j->rate_head] = it;
    j->rate_head = (j->rate_head + 1) % RATE_SAMPLES;
    if (j->rate_n < RATE_SAMPLES) j->rate_n++;
}

static void rate_update(rm_job *j, double t, long it) {
    rate_add(j, t, it);
    /* the oldest sample still inside the window */
    int oldest = -1;
    for (int k = 0; k < j->rate_n; k++) {
        int i = (j->rate_head + RATE_SAMPLES - j->rate_n + k) % RATE_SAMPLES;
        if (t - j->rate_t[i] <= RATE_WINDOW_S) {
            oldest = i;
            break;
        }
    }
    if (oldest < 0 || t - j->rate_t[oldest] <= 0 || it == j->rate_it[oldest]) return;
    j->pub.it_per_s = (double)(it - j->rate_it[oldest]) / (t - j->rate_t[oldest]);
    j->pub.eta_s = j->pub.it_per_s > 0 ? (double)(j->until - it) / j->pub.it_per_s : NAN;
}

/* ---- the worker's hooks ---- */

/* Probes probe_trials fresh trials (the same ones each time, so the heatmap shows the
   network changing, not the stimuli) and publishes their average. */
static void publish_probe(rm_job *j, const rm_trainer *tr) {
    rm_trace trace;
    rm_err e = {0};
    if (rm_probe(tr->task, tr->net, j->probe_trials, j->probe_seed, &trace, &e)) return;
    rm_si_result si;
    int si_ok = rm_si_compute(trace.h, trace.trials, trace.T, trace.N,
                              (ptrdiff_t)trace.T * trace.N, trace.N, &si) == 0;
    int T = trace.T, N = trace.N, O = trace.n_out;
    mtx_lock(&j->mu);
    rm_job_snapshot *p = &j->pub;
    if (!grow((void **)&p->probe_h, &p->cap_h, (size_t)T * N, sizeof(float)) &&
        !grow_pair((void **)&p->probe_y, sizeof(float), (void **)&p->probe_target,
                   sizeof(float), &p->cap_y, (size_t)T * O)) {
        {
            size_t nh = (size_t)T * N, ny = (size_t)T * O;
            memset(p->probe_h, 0, nh * sizeof(float));
            memset(p->probe_y, 0, ny * sizeof(float));
            memset(p->probe_target, 0, ny * sizeof(float));
            float w = 1.0f / (float)trace.trials;
            for (int k = 0; k < trace.trials; k++) {
                for (size_t i = 0; i < nh; i++) p->probe_h[i] += w * trace.h[k * nh + i];
                for (size_t i = 0; i < ny; i++) {
                    p->probe_y[i] += w * trace.y[k * ny + i];
                    p->probe_target[i] += w * trace.target[k * ny + i];
                }
            }
            p->T = T;
            p->N = N;
            p->n_out = O;
            p->probe_iter = tr->iter;
            p->si = si_ok ? si.si : NAN;
        }
    }
    mtx_unlock(&j->mu);
    rm_trace_free(&trace);
}

static int on_iter(void *ud, const rm_trainer *tr) {
    rm_job *j = ud;
    double t = now_s();
    mtx_lock(&j->mu);
    rm_job_snapshot *p = &j->pub;
    if (!grow((void **)&p->loss_hist, &p->cap_loss, (size_t)tr->iter, sizeof(float))) {
        /* copy whatever the trainer logged since the last publication */
        for (long i = p->n_loss; i < tr->hist.n_iter && i < tr->iter; i++)
            p->loss_hist[i] = tr->hist.loss[i];
        p->n_loss = tr->hist.n_iter < tr->iter ? tr->hist.n_iter : tr->iter;
    }
    p->iter = tr->iter;
    p->loss = tr->last.total;
    rate_update(j, t, tr->iter);
    mtx_unlock(&j->mu);
    if (tr->iter % j->probe_every == 0 || tr->iter == j->until) publish_probe(j, tr);
    return 0;
}

static void on_log(void *ud, const rm_trainer *tr, long iter, double loss, double infloss) {
    (void)loss;
    (void)tr;
    rm_job *j = ud;
    mtx_lock(&j->mu);
    rm_job_snapshot *p = &j->pub;
    if (!grow_pair((void **)&p->il_hist, sizeof(float), (void **)&p->il_iter, sizeof(long),
                   &p->cap_il, (size_t)p->n_il + 1)) {
        p->il_hist[p->n_il] = (float)infloss;
        p->il_iter[p->n_il] = iter;
        p->n_il++;
        p->infloss = infloss;
    }
    mtx_unlock(&j->mu);
}

static int worker(void *arg) {
    rm_job *j = arg;
    rm_train_hooks h = {.stop = &j->stop, .pause = &j->pause, .on_iter = on_iter,
                        .on_log = on_log, .ud = j};
    int rc = rm_trainer_run(j->tr, j->until, &h, &j->err);
    j->status = rc;
    int state = rc == RM_OK ? RM_JOB_DONE : rc == RM_ESTOPPED ? RM_JOB_STOPPED : RM_JOB_FAILED;
    mtx_lock(&j->mu);
    if (state == RM_JOB_FAILED) {
        strncpy(j->pub.error, j->err.msg, sizeof j->pub.error - 1);
        j->pub.error[sizeof j->pub.error - 1] = 0;
    }
    j->pub.state = state;
    j->pub.eta_s = state == RM_JOB_DONE ? 0 : NAN;
    mtx_unlock(&j->mu);
    atomic_store(&j->state, state);
    return rc;
}

/* ---- the interface ---- */

int rm_job_start(rm_job **out, rm_trainer *tr, long until, int probe_every,
                 int probe_trials, const char *name, rm_err *e) {
    *out = NULL;
    if (until < tr->iter)
        return rm_seterr(e, RM_EINVAL, "job target %ld is before the current iteration %ld",
                         until, tr->iter);
    if (probe_trials < 0 || probe_every < 0)
        return rm_seterr(e, RM_EINVAL, "negative probe settings");
    rm_job *j = calloc(1, sizeof *j);
    if (!j) return rm_seterr(e, RM_ENOMEM, "out of memory for a job");
    if (mtx_init(&j->mu, mtx_plain) != thrd_success) {
        free(j);
        return rm_seterr(e, RM_ENOMEM, "cannot create a mutex for the job");
    }
    j->tr = tr;
    j->until = until;
    j->probe_every = probe_every ? probe_every : 200;
    j->probe_trials = probe_trials ? probe_trials : 1;
    j->probe_seed = rm_seed_test(tr->cfg.seed);
    atomic_init(&j->stop, 0);
    atomic_init(&j->pause, 0);
    atomic_init(&j->state, RM_JOB_RUNNING);
    rm_job_snapshot *p = &j->pub;
    snprintf(p->name, sizeof p->name, "%s", name ? name : "");
    p->state = RM_JOB_RUNNING;
    p->iter = p->start_iter = tr->iter;
    p->until = until;
    p->it_per_s = 0;
    p->eta_s = NAN;
    p->loss = tr->hist.n_iter ? tr->hist.loss[tr->hist.n_iter - 1] : NAN;
    p->infloss = tr->hist.n_log ? tr->hist.infloss[tr->hist.n_log - 1] : NAN;
    p->si = NAN;
    p->probe_iter = -1;
    p->stim = tr->task->stim;
    p->delay = tr->task->delay;
    p->resp = tr->task->resp;
    /* the history so far, so that curves start at iteration 0 */
    if (grow((void **)&p->loss_hist, &p->cap_loss, (size_t)tr->hist.n_iter + 1, sizeof(float)) ||
        grow_pair((void **)&p->il_hist, sizeof(float), (void **)&p->il_iter, sizeof(long),
                  &p->cap_il, (size_t)tr->hist.n_log + 1)) {
        rm_job_snapshot_free(p);
        mtx_destroy(&j->mu);
        free(j);
        return rm_seterr(e, RM_ENOMEM, "out of memory for the job's history");
    }
    if (tr->hist.n_iter) memcpy(p->loss_hist, tr->hist.loss, (size_t)tr->hist.n_iter * sizeof(float));
    p->n_loss = tr->hist.n_iter;
    if (tr->hist.n_log) {
        memcpy(p->il_hist, tr->hist.infloss, (size_t)tr->hist.n_log * sizeof(float));
        memcpy(p->il_iter, tr->hist.log_iter, (size_t)tr->hist.n_log * sizeof(long));
    }
    p->n_il = tr->hist.n_log;
    rate_add(j, now_s(), tr->iter);
    if (thrd_create(&j->thread, worker, j) != thrd_success) {
        rm_job_snapshot_free(p);
        mtx_destroy(&j->mu);
        free(j);
        return rm_seterr(e, RM_ENOMEM, "cannot start a worker thread");
    }
    j->started = 1;
    *out = j;
    return RM_OK;
}

/* Only an atomic store: safe from a signal handler. */
void rm_job_stop(rm_job *j) {
    if (j) atomic_store(&j->stop, 1);
}

void rm_job_pause(rm_job *j, int paused) {
    if (!j) return;
    atomic_store(&j->pause, paused != 0);
    int s = atomic_load(&j->state);
    if (s == RM_JOB_RUNNING || s == RM_JOB_PAUSED)
        atomic_compare_exchange_strong(&j->state, &s, paused ? RM_JOB_PAUSED : RM_JOB_RUNNING);
}

rm_job_state rm_job_state_now(const rm_job *j) {
    return (rm_job_state)atomic_load(&((rm_job *)j)->state);
}

int rm_job_wait(rm_job *j, rm_err *e) {
    if (!j) return RM_OK;
    if (j->started && !j->joined) {
        thrd_join(j->thread, NULL);
        j->joined = 1;
    }
    if (e && j->status != RM_OK) *e = j->err;
    return j->status;
}

int rm_job_snapshot_get(rm_job *j, rm_job_snapshot *s) {
    mtx_lock(&j->mu);
    const rm_job_snapshot *p = &j->pub;
    int T = p->probe_iter >= 0 ? p->T : 0, N = p->probe_iter >= 0 ? p->N : 0;
    int O = p->probe_iter >= 0 ? p->n_out : 0;
    if (grow((void **)&s->loss_hist, &s->cap_loss, (size_t)p->n_loss + 1, sizeof(float)) ||
        grow_pair((void **)&s->il_hist, sizeof(float), (void **)&s->il_iter, sizeof(long),
                  &s->cap_il, (size_t)p->n_il + 1) ||
        grow((void **)&s->probe_h, &s->cap_h, (size_t)T * N + 1, sizeof(float)) ||
        grow_pair((void **)&s->probe_y, sizeof(float), (void **)&s->probe_target,
                  sizeof(float), &s->cap_y, (size_t)T * O + 1)) {
        mtx_unlock(&j->mu);
        return -1;
    }
    /* scalars, then the buffers (the copy's own) */
    float *lh = s->loss_hist, *ih = s->il_hist, *ph = s->probe_h, *py = s->probe_y,
          *pt = s->probe_target;
    long *ii = s->il_iter;
    size_t c1 = s->cap_loss, c2 = s->cap_il, c3 = s->cap_h, c4 = s->cap_y;
    *s = *p;
    s->loss_hist = lh, s->il_hist = ih, s->probe_h = ph, s->probe_y = py;
    s->probe_target = pt, s->il_iter = ii;
    s->cap_loss = c1, s->cap_il = c2, s->cap_h = c3, s->cap_y = c4;
    s->state = (rm_job_state)atomic_load(&j->state);
    memcpy(s->loss_hist, p->loss_hist, (size_t)p->n_loss * sizeof(float));
    memcpy(s->il_hist, p->il_hist, (size_t)p->n_il * sizeof(float));
    memcpy(s->il_iter, p->il_iter, (size_t)p->n_il * sizeof(long));
    if (T > 0 && N > 0) memcpy(s->probe_h, p->probe_h, (size_t)T * N * sizeof(float));
    if (T > 0 && O > 0) {
        memcpy(s->probe_y, p->probe_y, (size_t)T * O * sizeof(float));
        memcpy(s->probe_target, p->probe_target, (size_t)T * O * sizeof(float));
    }
    mtx_unlock(&j->mu);
    return 0;
}

void rm_job_snapshot_free(rm_job_snapshot *s) {
    if (!s) return;
    free(s->loss_hist);
    free(s->il_hist);
    free(s->il_iter);
    free(s->probe_h);
    free(s->probe_y);
    free(s->probe_target);
    s->loss_hist = s->il_hist = s->probe_h = s->probe_y = s->probe_target = NULL;
    s->il_iter = NULL;
    s->cap_loss = s->cap_il = s->cap_h = s->cap_y = 0;
    s->n_loss = s->n_il = 0;
}

void rm_job_free(rm_job *j) {
    if (!j) return;
    rm_job_wait(j, NULL);
    rm_job_snapshot_free(&j->pub);
    mtx_destroy(&j->mu);
    free(j);
}
