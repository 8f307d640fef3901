/* runs.c: which runs exist (the script's job list, core/joblist.h: any number, each held
 * while it is in wb.runs), which one the panes follow, their telemetry snapshots, the
 * run keys, and traces given to recmem.show(). The panes read wb_probe records built here
 * and never look at jobs themselves. Numbers come from the core: the trainer's snapshot,
 * or rm_si_compute for a shown trace. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/metrics.h"
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

/* Copies the job list when it changed (runs added or cleared). Each listed job is held
   while it is in wb.runs, so a clear elsewhere never frees a job the panes still read. */
static void runs_list(wb *w) {
    rm_joblist *l = w->sc->jobs;
    unsigned long gen = rm_joblist_generation(l);
    if (w->runs_listed && gen == w->runs_gen) return;
    rm_job **jobs;
    size_t nj;
    rm_err e = {0};
    if (rm_joblist_hold_all(l, &jobs, &nj, &e)) return;   /* keep the old list; retry */
    int n = (int)nj, old_n = w->n_runs;
    wb_run *fresh = calloc(nj ? nj : 1, sizeof *fresh);
    char *used = calloc(old_n ? (size_t)old_n : 1, 1);
    if (!fresh || !used) {
        free(fresh);
        free(used);
        for (int i = 0; i < n; i++) rm_joblist_release(l, jobs[i]);
        free(jobs);
        return;
    }
    rm_job *sel_job = w->sel >= 0 && w->sel < old_n ? w->runs[w->sel].job : NULL;
    int first_new = -1;
    for (int i = 0; i < n; i++) {
        int j = 0;
        while (j < old_n && (used[j] || w->runs[j].job != jobs[i])) j++;
        if (j < old_n) {
            fresh[i] = w->runs[j];
            used[j] = 1;
        } else {
            fresh[i] = (wb_run){.job = jobs[i], .si_probe_iter = -1};
            if (first_new < 0) first_new = i;
        }
    }
    /* the old list's holds go: every job still listed is held through jobs[] now */
    for (int j = 0; j < old_n; j++) {
        if (!used[j]) rm_job_snapshot_free(&w->runs[j].snap);
        rm_joblist_release(l, w->runs[j].job);
    }
    free(used);
    free(jobs);
    free(w->runs);
    w->runs = fresh;
    w->n_runs = n;
    w->runs_gen = gen;
    w->runs_listed = 1;
    w->sel = -1;
    for (int i = 0; i < n; i++)
        if (w->runs[i].job == sel_job) w->sel = i;
    /* follow new runs unless the user chose one; of several started at once (the demo)
       take the first, so the next one is its comparison */
    if (first_new >= 0 && (!w->user_selected || w->sel < 0)) {
        w->sel = first_new;
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

static void trace_free(wb_trace *t) {
    free(t->h), free(t->y), free(t->target);
    memset(t, 0, sizeof *t);
}

void runs_free(wb *w) {
    for (int i = 0; i < w->n_runs; i++) {
        rm_job_snapshot_free(&w->runs[i].snap);
        rm_joblist_release(w->sc->jobs, w->runs[i].job);
    }
    free(w->runs);
    w->runs = NULL;
    w->n_runs = 0;
    w->runs_listed = 0;
    wb_trace *ts[4] = {&w->trace, &w->trace_b, &w->pin[0], &w->pin[1]};
    for (int i = 0; i < 4; i++) trace_free(ts[i]);
}

wb_run *runs_selected(wb *w) {
    return w->sel >= 0 && w->sel < w->n_runs ? &w->runs[w->sel] : NULL;
}

wb_run *runs_other(wb *w) {
    if (w->n_runs < 2 || w->sel < 0) return NULL;
    return &w->runs[(w->sel + 1) % w->n_runs];
}

int runs_active(wb *w) {
    return (int)rm_joblist_active(w->sc->jobs);
}

void runs_select(wb *w, int i) {
    if (i < 0 || i >= w->n_runs) return;
    w->sel = i;
    w->user_selected = 1;
    w->show_trace = 0;
    w->heat.offset = 0;
}

/* A copied trace as a probe; key tells its versions apart from a run's (odd keys). */
static int trace_probe(const wb_trace *t, unsigned long gen, wb_probe *p) {
    p->name = t->name;
    p->stim = t->stim, p->delay = t->delay, p->resp = t->resp;
    if (p->stim + p->delay + p->resp != t->T) p->stim = p->delay = p->resp = 0;
    p->T = t->T, p->N = t->N, p->n_out = t->n_out;
    p->h = t->h, p->y = t->y, p->target = t->target;
    p->iter = -1;
    p->si = t->si;
    p->key = (gen << 1) | 1;
    return 1;
}

int runs_pinned_probe(wb *w, int which, wb_probe *p) {
    memset(p, 0, sizeof *p);
    const wb_trace *t = &w->pin[which ? 1 : 0];
    return w->pinned && t->active ? trace_probe(t, w->pin_gen, p) : 0;
}

int runs_probe(wb *w, int which, wb_probe *p) {
    memset(p, 0, sizeof *p);
    wb_trace *shown = which == 0 ? &w->trace : &w->trace_b;
    if (w->show_trace && shown->active) return trace_probe(shown, shown->gen, p);
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

/* Copies a trace into t (trial average of the activity, first trial's output) because the
   pointer dies when the call returns. 0 ok, -1 out of memory or nothing to show. */
static int trace_copy(wb *w, wb_trace *t, const rm_trace *tr, const char *name) {
    if (!tr || tr->T <= 0 || tr->N <= 0 || tr->trials <= 0 || !tr->h) return -1;
    size_t nh = (size_t)tr->T * tr->N, ny = (size_t)tr->T * (tr->n_out > 0 ? tr->n_out : 1);
    float *h = calloc(nh, sizeof *h), *y = calloc(ny, sizeof *y), *tg = calloc(ny, sizeof *tg);
    if (!h || !y || !tg) {
        free(h), free(y), free(tg);
        prompt_notice(w, "show: out of memory");
        return -1;
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
    if (name && *name) snprintf(t->name, sizeof t->name, "%s", name);
    else snprintf(t->name, sizeof t->name, "shown trace (%d trials)", tr->trials);
    t->gen++;
    t->active = 1;
    return 0;
}

/* A shown run or trace is drawn by the heatmap pane: a view or a sweep grid in its place
   steps aside. */
static void heatmap_to_front(wb *w) {
    pane_grid_hide(w);
    pane_view_hide(w);
    wb_layout(w);
}

static void traces_shown(wb *w) {
    heatmap_to_front(w);
    w->show_trace = 1;
    w->heat.offset = 0;
    for (int i = 0; i < PANE_COUNT; i++) w->panes[i].dirty = 1;
}

/* recmem.show(): a run becomes the selected one; a trace goes to the left heatmap (the
   right one shows the selected run's comparison again). */
void runs_show(void *ud, rm_job *job, const rm_trace *tr) {
    wb *w = ud;
    if (job) {
        heatmap_to_front(w);
        runs_refresh(w, 1);
        int found = 0;
        for (int i = 0; i < w->n_runs; i++)
            if (w->runs[i].job == job) runs_select(w, i), found = 1;
        if (!found) prompt_notice(w, "show: that run was cleared from the list (C)");
        for (int i = 0; i < PANE_COUNT; i++) w->panes[i].dirty = 1;
        return;
    }
    if (trace_copy(w, &w->trace, tr, NULL) < 0) return;
    w->trace.stim = w->trace.delay = w->trace.resp = 0;
    w->trace_b.active = 0;
    traces_shown(w);
}

void runs_show_pair(void *ud, const rm_trace *a, const char *name_a, const rm_trace *b,
                    const char *name_b, const int periods[3]) {
    wb *w = ud;
    if (trace_copy(w, &w->trace, a, name_a) < 0 || trace_copy(w, &w->trace_b, b, name_b) < 0) {
        w->trace.active = w->trace_b.active = 0;
        return;
    }
    wb_trace *ts[2] = {&w->trace, &w->trace_b};
    for (int i = 0; i < 2; i++)
        ts[i]->stim = periods[0], ts[i]->delay = periods[1], ts[i]->resp = periods[2];
    w->compare = 1;
    wb_layout(w);
    traces_shown(w);
}

/* The pair last shown with show_pair moves up (its traces change hands, nothing is
   copied); the heatmaps below follow the runs again, side by side. */
int runs_pin(void *ud, int on) {
    wb *w = ud;
    if (on && !(w->trace.active && w->trace_b.active)) return -1;
    for (int i = 0; i < 2; i++) trace_free(&w->pin[i]);
    w->pinned = on != 0;
    if (on) {
        wb_trace *ts[2] = {&w->trace, &w->trace_b};
        for (int i = 0; i < 2; i++) {
            w->pin[i] = *ts[i];
            /* the shown slot keeps its generation count, so the heatmap cache never
               mistakes the next trace shown there for this one */
            *ts[i] = (wb_trace){.gen = ts[i]->gen};
        }
        w->pin_gen++;
        w->show_trace = 0;
        w->compare = 1;
        w->heat.offset = 0;
    }
    wb_layout(w);
    wb_redraw_all(w);
    return 0;
}

/* p pauses or resumes, x stops the selected run. */
static void run_control(wb *w, int ch) {
    wb_run *r = runs_selected(w);
    if (!r) {
        wb_message(w, "no run selected");
        return;
    }
    rm_job_state s = rm_job_state_now(r->job);
    if (s != RM_JOB_RUNNING && s != RM_JOB_PAUSED) {
        wb_message(w, "%s has %s", r->snap.name, runs_state_name(s));
        return;
    }
    if (ch == 'x') {
        rm_job_stop(r->job);
        wb_message(w, "stopping %s", r->snap.name);
    } else {
        rm_job_pause(r->job, s == RM_JOB_RUNNING);
        wb_message(w, "%s %s", s == RM_JOB_RUNNING ? "paused" : "resumed", r->snap.name);
    }
}

/* C: the script forgets its finished runs (it knows which jobs it still points at); the
   list is copied again at once. */
static void runs_clear(wb *w) {
    size_t k = w->sc->clear_runs(w->sc->ctx);
    runs_refresh(w, 1);
    if (k) wb_message(w, "cleared %zu finished run%s", k, k == 1 ? "" : "s");
    else wb_message(w, "no finished runs to clear");
}

int runs_key(wb *w, int ch) {
    switch (ch) {
    case 'p': case 'x': run_control(w, ch); return K_HANDLED;
    case 'C': runs_clear(w); return K_HANDLED | K_REDRAW;
    case '[': case ']':
        if (w->n_runs) runs_select(w, (w->sel + (ch == ']' ? 1 : -1) + w->n_runs) % w->n_runs);
        return K_HANDLED | K_REDRAW;
    }
    if (ch >= '1' && ch <= '9') {
        if (ch - '1' < w->n_runs) runs_select(w, ch - '1');
        else wb_message(w, "there %s %d run%s", w->n_runs == 1 ? "is" : "are", w->n_runs,
                        w->n_runs == 1 ? "" : "s");
        return K_HANDLED | K_REDRAW;
    }
    return K_UNHANDLED;
}
