/* runs.c: which runs exist (the Lua layer's job list), which one the panes follow, their
 * telemetry snapshots, and traces given to recmem.show(). The panes read wb_probe records
 * built here and never look at jobs themselves. Numbers come from the core: the trainer's
 * snapshot, or rm_si_compute for a shown trace. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/metrics.h"
#include "lua/rmlua.h"
#include "tui/tui_internal.h"

const char *runs_state_name(rm_job_state s) {
    switch (s) {
    case RM_JOB_RUNNING: return "running";
    case RM_JOB_PAUSED: return "paused";
    case RM_JOB_DONE: return "done";
    case RM_JOB_STOPPED: return "stopped";
    case RM_JOB_FAILED: return "failed";
    }
    return "?";
}

/* Picks up jobs started since the last call (the list only grows while the state lives). */
static void runs_list(wb *w) {
    rm_job *jobs[WB_MAX_RUNS];
    int n = rmlua_jobs(w->L, jobs, WB_MAX_RUNS);
    if (n > WB_MAX_RUNS) n = WB_MAX_RUNS;
    if (n < 0) n = 0;
    wb_run fresh[WB_MAX_RUNS];
    int used[WB_MAX_RUNS] = {0};
    rm_job *sel_job = w->sel >= 0 && w->sel < w->n_runs ? w->runs[w->sel].job : NULL;
    for (int i = 0; i < n; i++) {
        memset(&fresh[i], 0, sizeof fresh[i]);
        fresh[i].job = jobs[i];
        fresh[i].si_probe_iter = -1;
        for (int j = 0; j < w->n_runs; j++)
            if (!used[j] && w->runs[j].job == jobs[i]) {
                fresh[i] = w->runs[j];
                used[j] = 1;
                break;
            }
    }
    for (int j = 0; j < w->n_runs; j++)
        if (!used[j]) rm_job_snapshot_free(&w->runs[j].snap);
    int old_n = w->n_runs;
    memcpy(w->runs, fresh, sizeof(wb_run) * (size_t)n);
    w->n_runs = n;
    w->sel = -1;
    for (int i = 0; i < n; i++)
        if (w->runs[i].job == sel_job) w->sel = i;
    /* follow new runs unless the user chose one; of several started at once (the demo)
       take the first, so the next one is its comparison */
    if (n > old_n && (!w->user_selected || w->sel < 0)) {
        w->sel = old_n < n ? old_n : n - 1;
        w->show_trace = 0;
        w->heat.offset = 0;
    } else if (n && w->sel < 0) {
        w->sel = n - 1;
    }
}

void runs_refresh(wb *w, int list) {
    if (list) runs_list(w);
    for (int i = 0; i < w->n_runs; i++) {
        wb_run *r = &w->runs[i];
        /* the panes need the selected run and the one compared with it; the others only
           their state, which a never-copied snapshot would not have */
        if (i == w->sel || r == runs_other(w) || !r->have) {
            if (rm_job_snapshot_get(r->job, &r->snap) == RM_OK) r->have = 1;
            if (r->have && r->snap.probe_iter >= 0 && r->snap.probe_iter != r->si_probe_iter &&
                isfinite(r->snap.si)) {
                memmove(r->si_recent + 1, r->si_recent, sizeof(double) * (WB_SI_KEEP - 1));
                r->si_recent[0] = r->snap.si;
                if (r->si_n < WB_SI_KEEP) r->si_n++;
                r->si_probe_iter = r->snap.probe_iter;
            }
        } else {
            r->snap.state = rm_job_state_now(r->job);
        }
    }
}

double runs_si_mean(const wb_run *r) {
    if (!r || r->si_n == 0) return NAN;
    double s = 0;
    for (int i = 0; i < r->si_n; i++) s += r->si_recent[i];
    return s / r->si_n;
}

void runs_free(wb *w) {
    for (int i = 0; i < w->n_runs; i++) rm_job_snapshot_free(&w->runs[i].snap);
    w->n_runs = 0;
    free(w->trace.h);
    free(w->trace.y);
    free(w->trace.target);
    memset(&w->trace, 0, sizeof w->trace);
}

wb_run *runs_selected(wb *w) {
    return w->sel >= 0 && w->sel < w->n_runs ? &w->runs[w->sel] : NULL;
}

wb_run *runs_other(wb *w) {
    if (w->n_runs < 2 || w->sel < 0) return NULL;
    return &w->runs[(w->sel + 1) % w->n_runs];
}

int runs_active(wb *w) {
    int n = 0;
    for (int i = 0; i < w->n_runs; i++) {
        rm_job_state s = rm_job_state_now(w->runs[i].job);
        n += s == RM_JOB_RUNNING || s == RM_JOB_PAUSED;
    }
    return n;
}

void runs_select(wb *w, int i) {
    if (i < 0 || i >= w->n_runs) return;
    w->sel = i;
    w->user_selected = 1;
    w->show_trace = 0;
    w->heat.offset = 0;
}

int runs_probe(wb *w, int which, wb_probe *p) {
    memset(p, 0, sizeof *p);
    if (which == 0 && w->show_trace && w->trace.active) {
        wb_trace *t = &w->trace;
        p->name = "shown trace";
        p->T = t->T, p->N = t->N, p->n_out = t->n_out;
        p->h = t->h, p->y = t->y, p->target = t->target;
        p->iter = -1;
        p->si = t->si;
        p->key = (t->gen << 1) | 1;
        return 1;
    }
    wb_run *r = which == 0 ? runs_selected(w) : runs_other(w);
    if (!r || !r->have || r->snap.probe_iter < 0 || !r->snap.probe_h) return 0;
    const rm_job_snapshot *s = &r->snap;
    p->name = s->name;
    p->T = s->T, p->N = s->N, p->n_out = s->n_out;
    p->stim = s->stim, p->delay = s->delay, p->resp = s->resp;
    if (p->stim + p->delay + p->resp != p->T) p->stim = p->delay = p->resp = 0;
    p->h = s->probe_h, p->y = s->probe_y, p->target = s->probe_target;
    p->iter = s->probe_iter;
    p->si = s->si;
    p->key = ((unsigned long)(uintptr_t)r->job * 2654435761UL ^ (unsigned long)s->probe_iter) << 1;
    return p->T > 0 && p->N > 0;
}

/* recmem.show(): a run becomes the selected one; a trace is copied (trial average of the
   activity, first trial's output) because the pointer dies when the call returns. */
void runs_show(void *ud, rm_job *job, const rm_trace *tr) {
    wb *w = ud;
    if (job) {
        runs_refresh(w, 1);
        for (int i = 0; i < w->n_runs; i++)
            if (w->runs[i].job == job) runs_select(w, i);
        for (int i = 0; i < PANE_COUNT; i++) w->panes[i].dirty = 1;
        return;
    }
    if (!tr || tr->T <= 0 || tr->N <= 0 || tr->trials <= 0 || !tr->h) return;
    wb_trace *t = &w->trace;
    size_t nh = (size_t)tr->T * tr->N, ny = (size_t)tr->T * (tr->n_out > 0 ? tr->n_out : 1);
    float *h = calloc(nh, sizeof *h), *y = calloc(ny, sizeof *y), *tg = calloc(ny, sizeof *tg);
    if (!h || !y || !tg) {
        free(h), free(y), free(tg);
        prompt_notice(w, "show: out of memory");
        return;
    }
    for (int k = 0; k < tr->trials; k++)
        for (size_t i = 0; i < nh; i++) h[i] += tr->h[(size_t)k * nh + i] / (float)tr->trials;
    if (tr->y && tr->n_out > 0) memcpy(y, tr->y, ny * sizeof *y);
    if (tr->target && tr->n_out > 0) memcpy(tg, tr->target, ny * sizeof *tg);
    free(t->h), free(t->y), free(t->target);
    t->h = h, t->y = y, t->target = tg;
    t->T = tr->T, t->N = tr->N, t->n_out = tr->n_out, t->trials = tr->trials;
    rm_si_result si;
    t->si = rm_si_compute(tr->h, tr->trials, tr->T, tr->N, (ptrdiff_t)nh, tr->N, &si) == 0
                ? si.si : NAN;
    t->gen++;
    t->active = 1;
    w->show_trace = 1;
    w->heat.offset = 0;
    for (int i = 0; i < PANE_COUNT; i++) w->panes[i].dirty = 1;
}
