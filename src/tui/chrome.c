/* chrome.c: everything around the panes: the status line (run, progress, speed, ETA,
 * information loss, SI), the caption line of compare mode, the help and quit overlays,
 * and the message shown when the terminal is too small to lay anything out. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tui/tui_internal.h"

void status_draw(wb *w, int y) {
    attrset((int)colors_attr(C_STATUS));
    mvhline(y, 0, ' ', COLS);
    attrset(A_NORMAL);
    int x = draw_text(y, 0, COLS, C_STATUS_KEY, " recmem ");
    char line[320], a[32], b[32], c[32], d[32], e[32];
    wb_run *r = runs_selected(w);
    if (w->show_trace && w->trace.active) {
        fmt_num(a, sizeof a, w->trace.si);
        snprintf(line, sizeof line, " shown trace: %d trials, T %d, %d units │ SI %s",
                 w->trace.trials, w->trace.T, w->trace.N, a);
    } else if (r && r->have) {
        const rm_job_snapshot *s = &r->snap;
        fmt_num(a, sizeof a, s->it_per_s);
        fmt_duration(b, sizeof b, s->state == RM_JOB_RUNNING ? s->eta_s : NAN);
        fmt_num(c, sizeof c, s->infloss);
        fmt_num(d, sizeof d, s->si);
        fmt_num(e, sizeof e, s->loss);
        char m[48] = "";
        if (r->si_n > 1) {
            char v[32];
            fmt_num(v, sizeof v, runs_si_mean(r));
            snprintf(m, sizeof m, " (last %d: %s)", r->si_n, v);
        }
        snprintf(line, sizeof line,
                 " %s [%d/%d] %s │ iter %ld/%ld │ %s it/s │ ETA %s │ loss %s │ IL %s │ SI %s%s",
                 s->name, w->sel + 1, w->n_runs, runs_state_name(s->state), s->iter, s->until,
                 a, b, e, c, d, m);
    } else {
        snprintf(line, sizeof line, " no runs │ net = recmem.net{task=\"DE1\", n=100}; "
                                    "run = net:train{iters=3000}");
    }
    const char *right = w->focus == PANE_PROMPT ? " Tab: panes  F1: help "
                                                : " Tab: prompt  F1: help  q: quit ";
    /* a pinned pair that does not fit is said to be missing, before the run's numbers */
    char hidden[96];
    if (w->pin_hidden) {
        int mc, ml;
        layout_pin_min(w->caption[0] != 0, &mc, &ml);
        snprintf(hidden, sizeof hidden, " pinned pair hidden: needs %dx%d ", mc, ml);
        right = hidden;
    }
    int rw = utf8_width(right);
    int room = COLS - x - rw - 1;
    if (utf8_width(line) > room && !w->pin_hidden)
        room = COLS - x, rw = 0;   /* the run's numbers win over the keys */
    if (r && r->have && r->snap.state == RM_JOB_FAILED && !w->show_trace) {
        x += draw_text(y, x, COLS - x, C_STATUS_WARN, line);
        draw_text(y, x, COLS - x, C_STATUS_WARN, r->snap.error);
        return;
    }
    x += draw_text(y, x, room > 0 ? room : COLS - x, C_STATUS, line);
    if (w->message[0] && wb_now() < w->message_until) {
        char m[200];
        snprintf(m, sizeof m, " %s ", w->message);
        int mw = utf8_width(m);
        draw_text(y, COLS - mw > x ? COLS - mw : x, COLS - x, C_STATUS_WARN, m);
    } else if (rw > 0) {
        draw_text(y, COLS - rw, rw, w->pin_hidden ? C_STATUS_WARN : C_STATUS_KEY, right);
    }
}

/* The compare line: the caption a script set (or which runs are compared), then the SI of
   each side as the mean of its last probes, and their difference. */
void caption_draw(wb *w, int y) {
    move(y, 0);
    clrtoeol();
    wb_run *a = runs_selected(w), *b = runs_other(w);
    char right[160] = "";
    if (w->compare && a && b && a->have && b->have) {
        double sa = runs_si_mean(a), sb = runs_si_mean(b);
        char ta[32], tb[32];
        fmt_num(ta, sizeof ta, sa);
        fmt_num(tb, sizeof tb, sb);
        if (isfinite(sa) && isfinite(sb))
            snprintf(right, sizeof right, " SI left %s, right %s: gap %+.2f ", ta, tb, sa - sb);
        else
            snprintf(right, sizeof right, " SI left %s, right %s ", ta, tb);
    }
    int rw = utf8_width(right);
    if (rw > COLS / 2) rw = 0, right[0] = 0;
    if (w->caption[0]) {
        draw_text(y, 1, COLS - 2 - rw, C_CAPTION, w->caption);
    } else if (w->compare && (!a || !b)) {
        draw_text(y, 1, COLS - 2, C_AXIS, "compare mode: start a second run to compare");
    } else if (w->compare) {
        draw_textf(y, 1, COLS - 2 - rw, C_CAPTION, "left: %s   right: %s",
                   a && a->have ? a->snap.name : "-", b && b->have ? b->snap.name : "-");
    }
    if (rw) draw_text(y, COLS - rw, rw, C_STATUS_KEY, right);
}

static const char *help_lines[] = {
    "recmem workbench",
    "",
    "F1 or ?        this help (any key closes it)",
    "Tab            prompt ↔ panes (in the prompt: complete, or",
    "               leave it when the line is empty); Shift-Tab too",
    "Enter / Esc    back to the prompt (from a pane)",
    "",
    "Panes (when a pane has the focus):",
    "↑ ↓ PgUp PgDn  scroll the heatmap's units; Home/End",
    "s              sort units by peak time / by index",
    "z              fit the active units into the heatmap / one per half row",
    "n              scale each unit to its own peak / to the largest",
    "l              loss axis: linear / log",
    "f              save the focused pane as recmem-<pane>-<n>.pdf",
    "g              a watched sweep's grid / the heatmap (sweep pane:",
    "               arrows pick a cell, t swaps the axes)",
    "v              the view (recmem.show of an analysis) / the heatmap",
    "c              compare: selected run and the next side by side",
    "[ ]  1-9       select the previous / next / n-th run",
    "p              pause or resume the selected run",
    "x              stop the selected run",
    "C              clear the finished runs from the list",
    "q              quit (asks when runs are active)",
    "Space          (empty prompt, teaching demo) the guide's next step",
    "",
    "Prompt: Lua with readline editing, history (↑ ↓) and Tab",
    "completion. PgUp/PgDn scroll the output. Ctrl-C cancels the line",
    "or interrupts running code; Ctrl-D on an empty line quits. While",
    "code runs (run:wait()), the panes go on; typed lines run after it.",
    "net = recmem.net{task=\"DE1\", n=100}; run = net:train{iters=3000}",
    "recmem.show(run) or recmem.show(net:probe{}) puts it in the panes.",
    "recmem.sweep.watch(\"DIR\") shows a sweep's SI map as it fills in.",
};

static void draw_dialog(const char **lines, int n, const char *title) {
    int wmax = 0;
    for (int i = 0; i < n; i++) {
        int l = utf8_width(lines[i]);
        if (l > wmax) wmax = l;
    }
    int bw = wmax + 4, bh = n + 2;
    if (bw > COLS) bw = COLS;
    if (bh > LINES) bh = LINES;
    wb_rect r = {(LINES - bh) / 2, (COLS - bw) / 2, bh, bw};
    draw_fill(r, C_HELP);
    draw_box(r, title, 1);
    for (int i = 0; i < n && i < bh - 2; i++)
        draw_text(r.y + 1 + i, r.x + 2, bw - 4, i == 0 ? C_TITLE : C_HELP, lines[i]);
}

void overlay_draw(wb *w) {
    if (w->overlay == OVERLAY_HELP) {
        draw_dialog(help_lines, (int)(sizeof help_lines / sizeof help_lines[0]), "help");
    } else if (w->overlay == OVERLAY_QUIT) {
        char l1[96] = "", l2[96] = "";
        int n = w->quit_running, u = w->quit_unsaved;
        if (n) snprintf(l1, sizeof l1, "%d run%s still training: quitting stops %s.", n,
                        n == 1 ? " is" : "s are", n == 1 ? "it" : "them");
        if (u) snprintf(l2, sizeof l2, "%d trained network%s not saved (net:save(\"file.st\")).", u,
                        u == 1 ? " is" : "s are");
        const char *lines[5] = {"Quit?", n ? l1 : l2, n && u ? l2 : "", "", "y: quit    n: stay"};
        draw_dialog(lines, 5, "quit");
    }
}

void tiny_draw(wb *w) {
    (void)w;
    erase();
    char a[64], b[64];
    snprintf(a, sizeof a, "terminal too small (%dx%d)", COLS, LINES);
    snprintf(b, sizeof b, "enlarge it to at least %dx%d", LAYOUT_MIN_COLS, LAYOUT_MIN_LINES);
    draw_text(LINES / 2 - 1, (COLS - (int)strlen(a)) / 2 > 0 ? (COLS - (int)strlen(a)) / 2 : 0,
              COLS, C_STATUS_WARN, a);
    draw_text(LINES / 2, (COLS - (int)strlen(b)) / 2 > 0 ? (COLS - (int)strlen(b)) / 2 : 0,
              COLS, C_NORMAL, b);
}
