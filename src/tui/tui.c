/* tui.c: the workbench's event loop (htop's ScreenManager habit). It lays the panes out
 * from LINES/COLS, waits on the keyboard, the captured output pipes and the signal pipe
 * with a timeout of ~1/15 s, hands keys to the focused pane's handler (then the other
 * panes', then the workbench's) and does what their returned flags ask, copies run
 * telemetry at ~15 Hz, and redraws only panes whose flag says they changed. While a
 * script waits for a run, the same loop turns from the service hook, minus the prompt. */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tui/tui_internal.h"

#define TICK_S (1.0 / 15)

int rm_tui_available(void) {
    const char *term = getenv("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term &&
           strcmp(term, "dumb") != 0;
}

double wb_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void wb_message(wb *w, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
    w->message_until = wb_now() + 3;
}

static void set_rect(pane *p, wb_rect r) {
    p->r = r;
    p->visible = r.h >= 3 && r.w >= 10;
    p->dirty = 1;
}

void wb_layout(wb *w) {
    wb_layout_in in = {.width = COLS, .height = LINES, .caption = w->caption[0] != 0,
                       .compare = w->compare, .pinned = w->pinned};
    wb_layout_out o;
    layout_compute(&in, &o);
    w->tiny = o.tiny;
    w->pin_hidden = o.pin_hidden;
    for (int i = 0; i < PANE_COUNT; i++) w->panes[i].visible = 0;
    if (w->tiny) return;
    w->caption_row = o.caption_row;
    set_rect(&w->panes[PANE_PROMPT], o.prompt);
    set_rect(&w->panes[PANE_HEAT], o.heat[0]);
    if (o.heat[1].w) set_rect(&w->panes[PANE_HEAT_B], o.heat[1]);
    if (o.pin[0].w) {
        set_rect(&w->panes[PANE_PIN_A], o.pin[0]);
        set_rect(&w->panes[PANE_PIN_B], o.pin[1]);
    }
    set_rect(&w->panes[PANE_LOSS], o.loss);
    set_rect(&w->panes[PANE_OUT], o.out);
    /* a watched sweep's grid or a view shown from Lua takes the (left) heatmap's place,
       and the pinned one's above it (one at a time: showing either puts the other away) */
    int other = pane_grid_shown(w) ? PANE_GRID : w->view && w->view_on ? PANE_VIEW : -1;
    if (other >= 0) {
        wb_rect r = o.heat[0];
        if (o.pin[0].w) r.y = o.pin[0].y, r.h += o.pin[0].h;
        set_rect(&w->panes[other], r);
        w->panes[PANE_HEAT].visible = w->panes[PANE_PIN_A].visible = 0;
    }
    if (!w->panes[w->focus].visible) w->focus = PANE_PROMPT;
}

void wb_redraw_all(wb *w) {
    for (int i = 0; i < PANE_COUNT; i++) w->panes[i].dirty = 1;
    w->full_redraw = 1;
}

void wb_draw(wb *w) {
    if (w->tiny) {
        tiny_draw(w);
        if (w->overlay == OVERLAY_QUIT) overlay_draw(w);
        curs_set(0);
        refresh();
        return;
    }
    if (w->full_redraw) erase();
    for (int i = 0; i < PANE_COUNT; i++) {
        pane *p = &w->panes[i];
        if (p->visible && (p->dirty || w->full_redraw || w->overlay_was)) {
            p->draw(w, p);
        }
        p->dirty = 0;
    }
    status_draw(w, 0);
    if (w->caption_row >= 0) caption_draw(w, w->caption_row);
    if (w->overlay != OVERLAY_NONE) overlay_draw(w);
    w->overlay_was = w->overlay != OVERLAY_NONE;
    w->full_redraw = 0;
    prompt_place_cursor(w);
    refresh();
}

/* Change signatures: a pane is redrawn when what it shows changed. */
static unsigned long sig_mix(unsigned long h, unsigned long v) {
    return (h ^ v) * 1099511628211UL;
}

void wb_tick(wb *w, int force) {
    double now = wb_now();
    if (!force && now - w->last_tick < TICK_S) return;
    w->last_tick = now;
    if (!term_in_script) w->sc->poll(w->sc->ctx);
    runs_refresh(w, 1);
    pane_grid_tick(w);
    wb_run *a = runs_selected(w), *b = w->compare ? runs_other(w) : NULL;
    wb_probe pa, pb;
    unsigned long heat = sig_mix(runs_probe(w, 0, &pa) ? pa.key : 0, (unsigned long)w->sel);
    unsigned long heat_b = runs_probe(w, 1, &pb) ? pb.key : 0;
    unsigned long loss = sig_mix((unsigned long)w->sel, (unsigned long)w->log_scale);
    if (a && a->have) loss = sig_mix(sig_mix(loss, (unsigned long)a->snap.n_loss), (unsigned long)a->snap.n_il);
    if (b && b->have) loss = sig_mix(loss, (unsigned long)b->snap.n_loss);
    if (heat != w->sig[PANE_HEAT] || w->show_trace) w->panes[PANE_HEAT].dirty = 1;
    if (heat != w->sig[PANE_OUT]) w->panes[PANE_OUT].dirty = 1;
    if (heat_b != w->sig[PANE_HEAT_B] || w->show_trace) w->panes[PANE_HEAT_B].dirty = 1;
    if (loss != w->sig[PANE_LOSS]) w->panes[PANE_LOSS].dirty = 1;
    w->sig[PANE_HEAT] = w->sig[PANE_OUT] = heat;
    w->sig[PANE_HEAT_B] = heat_b;
    w->sig[PANE_LOSS] = loss;
}

/* Quits at once unless runs are training or trained networks are unsaved: then asks. */
void wb_request_quit(wb *w) {
    w->quit_running = runs_active(w);
    w->quit_unsaved = w->sc->unsaved(w->sc->ctx);
    if (w->quit_running || w->quit_unsaved) w->overlay = OVERLAY_QUIT;
    else w->quit = 1;
    wb_redraw_all(w);
}

static void focus_cycle(wb *w, int dir) {
    static const int order[] = {PANE_PROMPT, PANE_HEAT, PANE_GRID, PANE_VIEW, PANE_LOSS, PANE_OUT};
    int n = (int)(sizeof order / sizeof order[0]), k = 0;
    for (int i = 0; i < n; i++)
        if (order[i] == w->focus) k = i;
    for (int step = 0; step < n; step++) {
        k = (k + dir + n) % n;
        if (w->panes[order[k]].visible) break;
    }
    w->focus = order[k];
    wb_redraw_all(w);
}

/* The workbench's own keys, after the panes' handlers declined. */
static int wb_key(wb *w, int ch) {
    switch (ch) {
    case '?': return K_HANDLED | K_HELP;
    case '\t': return K_HANDLED | K_FOCUS_NEXT;
    case KEY_BTAB: return K_HANDLED | K_FOCUS_PREV;
    case '\n': case '\r': case KEY_ENTER: case 27: return K_HANDLED | K_FOCUS_PROMPT;
    case 'q': case 4: return K_HANDLED | K_QUIT;
    case 'c': w->compare = !w->compare; return K_HANDLED | K_LAYOUT | K_REDRAW;
    case 'f': pane_figure_save(w); return K_HANDLED;
    }
    int r = runs_key(w, ch);
    if (r == K_UNHANDLED && ch >= 32 && ch < 127)
        wb_message(w, "'%c' is not a pane key: Enter returns to the prompt", ch);
    return r;
}

/* A key for the panes: the focused pane's handler first, then the others' (so the
   heatmap's and the loss axis's keys work from any pane), then the workbench's. */
static int pane_keys(wb *w, int ch) {
    pane *f = &w->panes[w->focus];
    int r = f->key ? f->key(w, f, ch) : K_UNHANDLED;
    for (int i = 0; i < PANE_COUNT && r == K_UNHANDLED; i++) {
        pane *p = &w->panes[i];
        int seen = p == f || i == PANE_PROMPT || !p->key;
        for (int j = 0; j < i && !seen; j++) seen = w->panes[j].key == p->key;
        if (!seen) r = p->key(w, p, ch);
    }
    return r == K_UNHANDLED ? wb_key(w, ch) : r;
}

/* What the handlers' flags ask of the workbench. */
static void apply_flags(wb *w, int r) {
    if (r & K_LAYOUT) wb_layout(w);
    if (r & K_REDRAW) wb_redraw_all(w);
    if (r & K_HELP) w->overlay = OVERLAY_HELP;
    if (r & K_FOCUS_NEXT) focus_cycle(w, 1);
    if (r & K_FOCUS_PREV) focus_cycle(w, -1);
    if (r & K_FOCUS_PROMPT) {
        w->focus = PANE_PROMPT;
        wb_redraw_all(w);
    }
    if (r & K_QUIT) {
        /* the script is still running under us: it has to return first */
        if (term_in_script) wb_message(w, "Lua code is running: Ctrl-C interrupts it");
        else wb_request_quit(w);
    }
}

/* While a script runs, keys for the prompt wait until it has returned (readline is in
   the middle of the line that is running). Tab and Shift-Tab still move the focus to the
   panes, unless keys are already waiting (then Tab may be a completion). */
static int queue_ahead(wb *w, int ch) {
    if (!term_in_script || w->focus != PANE_PROMPT) return 0;
    if (w->n_ahead == 0 && (ch == KEY_BTAB || ch == '\t')) return 0;
    if (w->n_ahead < WB_AHEAD_MAX) w->ahead[w->n_ahead++] = ch;
    else wb_message(w, "too many keys typed ahead: the rest is dropped");
    w->panes[PANE_PROMPT].dirty = 1;   /* its title counts them */
    return 1;
}

static void handle_key(wb *w, int ch) {
    if (ch == KEY_RESIZE) {
        wb_layout(w);
        wb_redraw_all(w);
        return;
    }
    if (w->overlay == OVERLAY_HELP) {
        w->overlay = OVERLAY_NONE;
        wb_redraw_all(w);
        return;
    }
    if (w->overlay == OVERLAY_QUIT) {
        if (ch == 'y' || ch == 'Y') w->quit = 1;
        else if (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q' || ch == 4) w->overlay = OVERLAY_NONE;
        wb_redraw_all(w);
        return;
    }
    if (ch == KEY_F(1)) {
        w->overlay = OVERLAY_HELP;
        return;
    }
    if (w->tiny) {
        if (ch == 'q' || ch == 4) apply_flags(w, K_QUIT);
        return;
    }
    if (queue_ahead(w, ch)) return;
    if (w->focus == PANE_PROMPT) {
        pane *p = &w->panes[PANE_PROMPT];
        int r = term_in_script ? K_HANDLED | (ch == KEY_BTAB ? K_FOCUS_PREV : K_FOCUS_NEXT)
                               : p->key(w, p, ch);
        apply_flags(w, r);
        return;
    }
    apply_flags(w, pane_keys(w, ch));
}

/* Captured stdout/stderr go to the scrollback. */
static void drain_capture(wb *w) {
    char buf[4096];
    for (int k = 0; k < 2; k++) {
        int fd = term_capture_fd(k);
        ssize_t n;
        while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0) prompt_append(w->pr, buf, (size_t)n, k);
    }
}

/* Keys, output and signals, once: the main loop's body, also run by the service hook. */
static void pump(wb *w) {
    int sig = term_signals();
    if (sig & TERM_SIG_RESUMED) {
        wb_layout(w);
        wb_redraw_all(w);
    }
    if (sig & TERM_SIG_INT) {
        if (w->overlay != OVERLAY_NONE) w->overlay = OVERLAY_NONE, wb_redraw_all(w);
        else if (w->focus == PANE_PROMPT) prompt_cancel_line(w);
        else wb_message(w, "Ctrl-C: x stops the selected run, q quits");
    }
    drain_capture(w);
    /* keys typed for the prompt while a script ran, in order, before new ones */
    int k = 0;
    while (!term_in_script && !w->quit && k < w->n_ahead) handle_key(w, w->ahead[k++]);
    if (k) {
        memmove(w->ahead, w->ahead + k, (size_t)(w->n_ahead - k) * sizeof w->ahead[0]);
        w->n_ahead -= k;
    }
    int ch, keys = 0;
    while (!w->quit && keys < 512 && (ch = getch()) != ERR) {
        handle_key(w, ch);
        keys++;
    }
    wb_tick(w, 0);
}

/* The service hook: called every ~10 ms while a script waits for a run. At ~15 Hz it turns
   the loop once (telemetry, panes, pane keys; prompt keys are queued) and draws. */
void wb_service(void *ud) {
    wb *w = ud;
    double now = wb_now();
    if (now - w->last_service < TICK_S) return;
    w->last_service = now;
    pump(w);
    wb_draw(w);
}

int rm_tui_run(const rm_tui_script *sc, const rm_tui_opts *o) {
    wb *w = calloc(1, sizeof *w);
    if (!w) {
        fputs("recmem: out of memory\n", stderr);
        return 1;
    }
    w->sc = sc;
    w->sel = -1;
    w->heat.sort_peak = 1;
    w->focus = PANE_PROMPT;
    w->caption_row = -1;
    static const pane proto[PANE_COUNT] = {
        [PANE_HEAT] = {.name = "activity", .draw = pane_heat_draw, .key = pane_heat_key, .dirty = 1},
        [PANE_HEAT_B] = {.name = "activity (compared)", .draw = pane_heat_draw,
                         .key = pane_heat_key, .dirty = 1},
        [PANE_LOSS] = {.name = "loss", .draw = pane_loss_draw, .key = pane_loss_key, .dirty = 1},
        [PANE_OUT] = {.name = "output", .draw = pane_out_draw, .dirty = 1},
        [PANE_GRID] = {.name = "sweep", .draw = pane_grid_draw, .key = pane_grid_key, .dirty = 1},
        [PANE_VIEW] = {.name = "view", .draw = pane_view_draw, .key = pane_view_key, .dirty = 1},
        [PANE_PROMPT] = {.name = "Lua", .draw = prompt_draw, .key = prompt_key, .dirty = 1},
        [PANE_PIN_A] = {.name = "activity (pinned)", .draw = pane_heat_draw,
                        .key = pane_heat_key, .dirty = 1},
        [PANE_PIN_B] = {.name = "activity (pinned, right)", .draw = pane_heat_draw,
                        .key = pane_heat_key, .dirty = 1},
    };
    memcpy(w->panes, proto, sizeof proto);

    char err[256];
    if (term_start(err, sizeof err) < 0) {
        fprintf(stderr, "recmem: %s\n", err);
        free(w);
        return 1;
    }
    term_set_script(sc);
    if (!prompt_new(w, err, sizeof err)) {
        term_stop();
        fprintf(stderr, "recmem: %s\n", err);
        free(w);
        return 1;
    }
    script_hooks(w, &w->hooks);
    sc->attach(sc->ctx, &w->hooks);   /* net:train returns at once: the panes show it */
    prompt_notice(w, "recmem workbench: Lua prompt below, live panes above. F1 for help, "
                     "Ctrl-D to quit.");
    wb_layout(w);
    wb_redraw_all(w);
    if (o && o->demo) {
        w->compare = 1;
        w->heat.fit = 1;   /* all 100 units of each network at once */
        wb_layout(w);
        script_demo_start(w);
        wb_layout(w);
        wb_redraw_all(w);
    }
    wb_tick(w, 1);

    while (!w->quit) {
        wb_draw(w);
        struct pollfd fds[4] = {
            {term_input_fd(), POLLIN, 0},
            {term_signal_fd(), POLLIN, 0},
            {term_capture_fd(0), POLLIN, 0},
            {term_capture_fd(1), POLLIN, 0},
        };
        int wait_ms = w->n_ahead ? 0 : (int)(TICK_S * 1000);
        if (poll(fds, 4, wait_ms) < 0 && errno != EINTR) break;
        pump(w);
    }

    rm_joblist_stop_all(sc->jobs);
    sc->attach(sc->ctx, NULL);
    term_set_script(NULL);
    prompt_free(w->pr);
    w->pr = NULL;
    term_stop();
    runs_free(w);
    pane_heat_free(w);
    pane_grid_free(w);
    pane_view_free(w);
    free(w);
    return 0;
}
