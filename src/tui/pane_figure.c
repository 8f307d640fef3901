/* pane_figure.c: `f` in a pane saves what the pane shows as a figure file (PDF) through the
 * plot layer: the heatmap pane its probe with the pane's unit order, scaling and fit, the
 * loss pane the selected run's loss and information loss (and the compared run's loss in
 * compare mode) on the pane's axis, the output pane the output and target of the probe.
 * The view pane saves the figure it draws (pane_view.c).
 * The file gets the first free name recmem-<pane>-<n>.pdf in the current directory; the
 * status line and the prompt's scrollback name it. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plot/plot.h"
#include "tui/pane_figure.h"

static int heat_figure(wb *w, int which, plot_figure *f, rm_err *e) {
    wb_probe pr;
    if (!runs_probe(w, which, &pr)) return rm_seterr(e, RM_EINVAL, "no probe to save yet");
    /* the pane squeezes only the active units in when fitting in peak order */
    plot_activity_opts o = {w->heat.sort_peak, w->heat.global_norm, w->heat.fit && w->heat.sort_peak};
    char title[160];
    if (pr.iter >= 0) snprintf(title, sizeof title, "%s @ iter %ld, SI %.3g", pr.name, pr.iter, pr.si);
    else snprintf(title, sizeof title, "%s, SI %.3g", pr.name, pr.si);
    return plot_activity_figure(f, pr.h, 1, pr.T, pr.N, pr.stim, pr.delay, pr.resp, &o, title, e);
}

static int loss_figure(wb *w, plot_figure *f, rm_err *e) {
    wb_run *a = runs_selected(w), *b = w->compare ? runs_other(w) : NULL;
    if (!a || !a->have || a->snap.n_loss == 0) return rm_seterr(e, RM_EINVAL, "no iterations to save yet");
    const rm_job_snapshot *s = &a->snap;
    int rc = plot_training_figure(f, s->loss_hist, s->n_loss, 0, s->il_hist, s->il_iter, s->n_il,
                                  w->log_scale, s->name, e);
    if (rc || !b || !b->have || b->snap.n_loss == 0) return rc;
    /* the compared run's loss: its training curve as a third series */
    plot_figure *g = plot_figure_new(e);
    if (!g) return RM_ENOMEM;
    rc = plot_training_figure(g, b->snap.loss_hist, b->snap.n_loss, 0, NULL, NULL, 0, w->log_scale,
                              NULL, e);
    if (!rc) {
        const plot_series *q = &g->panels[0].series[0];
        char label[96];
        snprintf(label, sizeof label, "compared: %s", b->snap.name);
        rc = plot_lines_add(&f->panels[0], label, q->x, q->y, q->n, e);
    }
    plot_figure_free(g);
    return rc;
}

static int out_figure(wb *w, plot_figure *f, rm_err *e) {
    wb_probe pr;
    if (!runs_probe(w, 0, &pr) || !pr.y || !pr.target || pr.n_out < 1)
        return rm_seterr(e, RM_EINVAL, "no probe to save yet");
    plot_panel *p = plot_figure_add(f, PLOT_LINES, e);
    double *x = malloc((size_t)pr.T * sizeof *x), *y = malloc((size_t)pr.T * sizeof *y);
    int rc = p && x && y ? RM_OK : rm_seterr(e, RM_ENOMEM, "out of memory for the figure");
    for (int ch = 0; !rc && ch < pr.n_out && ch < 4; ch++)
        for (int k = 0; !rc && k < 2; k++) {
            const float *v = k ? pr.target : pr.y;
            for (int t = 0; t < pr.T; t++) x[t] = t + 1, y[t] = v[(size_t)t * pr.n_out + ch];
            char label[32];
            snprintf(label, sizeof label, pr.n_out > 1 ? "%s %d" : "%s", k ? "target" : "output", ch + 1);
            rc = plot_lines_add(p, label, x, y, pr.T, e);
        }
    if (!rc && pr.stim && pr.stim + pr.delay < pr.T)
        rc = plot_span_add(p, 0, pr.stim, "stim", e) || plot_span_add(p, pr.stim, pr.stim + pr.delay, "delay", e) ||
             plot_span_add(p, pr.stim + pr.delay, pr.T, "resp", e);
    if (!rc) rc = plot_set_str(&p->xlabel, "time step", e) || plot_set_str(&p->title, pr.name, e);
    free(x), free(y);
    return rc;
}

void pane_figure_save(wb *w) {
    static const char *const names[PANE_COUNT] = {
        [PANE_HEAT] = "heatmap", [PANE_HEAT_B] = "heatmap", [PANE_LOSS] = "loss", [PANE_OUT] = "output",
        [PANE_VIEW] = "view"};
    const char *kind = w->focus >= 0 && w->focus < PANE_COUNT ? names[w->focus] : NULL;
    if (!kind) {
        wb_message(w, "f saves a pane: move the focus to one with Tab");
        return;
    }
    rm_err e = {0};
    /* the view pane shows a figure already: it is saved as it is */
    plot_figure *f = w->focus == PANE_VIEW ? (w->view ? plot_figure_copy(w->view, &e) : NULL)
                                           : plot_figure_new(&e);
    if (!f && !e.code) rm_seterr(&e, RM_EINVAL, "nothing shown in the view yet");
    int rc = !f ? (int)e.code
             : w->focus == PANE_VIEW ? RM_OK
             : w->focus == PANE_LOSS ? loss_figure(w, f, &e)
             : w->focus == PANE_OUT  ? out_figure(w, f, &e)
                                     : heat_figure(w, w->focus == PANE_HEAT_B, f, &e);
    pane_figure_write(w, kind, f, rc, &e);
    plot_figure_free(f);
}

void pane_figure_write(wb *w, const char *kind, const plot_figure *f, int rc, rm_err *e) {
    char path[64] = "";
    for (int n = 1; !rc && n < 10000; n++) {
        snprintf(path, sizeof path, "recmem-%s-%d.pdf", kind, n);
        if (access(path, F_OK) != 0) break;
    }
    if (!rc) rc = plot_save(f, path, e);
    /* the status line shows it for a few seconds; the scrollback keeps it */
    if (rc) {
        wb_message(w, "figure not saved: %s", e->msg[0] ? e->msg : "out of memory");
        prompt_notice(w, "figure not saved: %s", e->msg[0] ? e->msg : "out of memory");
    } else {
        wb_message(w, "saved %s", path);
        prompt_notice(w, "saved the %s pane as %s", kind, path);
    }
}
