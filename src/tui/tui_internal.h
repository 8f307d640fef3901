/* tui_internal.h: what the workbench's files share: the workbench record, panes, the
 * drawing helpers (colours, braille canvas, UTF-8 widths) and the terminal set-up.
 * Only src/tui includes this; everything in it runs on the main thread. */
#ifndef RM_TUI_INTERNAL_H
#define RM_TUI_INTERNAL_H

#include <curses.h>
#include <signal.h>
#include <stddef.h>
#include "core/job.h"
#include "plot/plot.h"
#include "tui/layout.h"
#include "tui/tui.h"

/* ---- colours (colors.c) -------------------------------------------------------------- */

/* Semantic colours: panes ask for a role, the scheme decides how it looks. */
typedef enum {
    C_NORMAL = 0, C_BORDER, C_BORDER_FOCUS, C_TITLE, C_STATUS, C_STATUS_KEY, C_STATUS_WARN,
    C_AXIS, C_LOSS, C_IL, C_RUN_B, C_OUT_Y, C_OUT_TARGET, C_PERIOD, C_ERR, C_ECHO, C_INFO,
    C_HELP, C_CAPTION, C_COUNT
} wb_color;

typedef enum { SCHEME_256 = 0, SCHEME_8, SCHEME_MONO } wb_scheme;

void colors_init(void);               /* after initscr; reads NO_COLOR, COLORS, COLOR_PAIRS */
int colors_utf8(void);                /* the locale can show Unicode block/braille glyphs */
attr_t colors_attr(wb_color c);       /* attributes (incl. pair) for a role */
short colors_pair(wb_color c);        /* pair number for a role (0 in mono) */
/* Heatmap: levels the scheme can show and the cell for an upper/lower level pair
   (lower = -1: one value per cell). */
int colors_heat_levels(void);
int colors_heat_halves(void);        /* 2: two units per cell (half blocks), 1: one */
void colors_heat_cell(cchar_t *cc, int upper, int lower);

/* ---- drawing helpers (draw.c) -------------------------------------------------------- */

/* Columns taken by the UTF-8 string s (control bytes count 1). */
int utf8_width(const char *s);
/* Bytes of s that fit in cols columns (never splits a character); *used gets the columns. */
int utf8_fit(const char *s, int cols, int *used);
/* Writes s at (y, x), at most cols columns; returns columns written. */
int draw_text(int y, int x, int cols, wb_color c, const char *s);
int draw_textf(int y, int x, int cols, wb_color c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void draw_fill(wb_rect r, wb_color c);           /* clears r with spaces */
/* A box around r with a title in its top border; focus highlights it. Returns the column
   after the title. */
int draw_box(wb_rect r, const char *title, int focus);
wb_rect rect_inner(wb_rect r);
/* Short human forms: 1234567 -> "1.23M", seconds -> "1:02:03". */
void fmt_count(char *buf, size_t n, double v);
void fmt_duration(char *buf, size_t n, double s);
void fmt_num(char *buf, size_t n, double v);     /* %.3g, or "-" for NaN */

/* Braille canvas: 2x4 dots per cell, each cell keeps the colour of the last dot set. */
typedef struct {
    int w, h;              /* cells */
    unsigned char *bits;   /* [h][w] */
    unsigned char *color;  /* [h][w] wb_color */
} braille;

int braille_init(braille *b, int w, int h);     /* -1 on allocation failure */
void braille_free(braille *b);
void braille_dot(braille *b, int x, int y, wb_color c);   /* dot coordinates, y down */
void braille_line(braille *b, int x0, int y0, int x1, int y1, wb_color c);
void braille_blit(const braille *b, int y, int x);

/* ---- runs and what the panes show (runs.c) ------------------------------------------- */

#define WB_SI_KEEP 5

typedef struct {
    rm_job *job;           /* held in the script's job list while it is in wb.runs */
    rm_job_snapshot snap;
    int have;              /* snap holds a copy */
    /* SI of the last few probes: one probe trial is noisy, so the status line and the
       compare caption also show their mean */
    double si_recent[WB_SI_KEEP];
    int si_n;
    long si_probe_iter;
} wb_run;

double runs_si_mean(const wb_run *r);   /* mean SI of the last probes, NaN if none */

/* A probe for the heatmap and output panes: a run's last probe or a shown trace. */
typedef struct {
    const char *name;
    int T, N, n_out;
    int stim, delay, resp;           /* period lengths; all 0 if unknown */
    const float *h;                  /* [T][N] */
    const float *y, *target;         /* [T][n_out] */
    long iter;                       /* probe iteration; -1 for a shown trace */
    double si;
    unsigned long key;               /* changes whenever the data changes */
} wb_probe;

/* A trace given to recmem.show(), copied (trial average). */
typedef struct {
    int active;
    int T, N, n_out, trials;
    float *h, *y, *target;
    double si;
    unsigned long gen;
    char name[96];                   /* what the script called it; "shown trace" if nothing */
    int stim, delay, resp;           /* periods to mark; all 0 if unknown */
} wb_trace;

/* ---- panes ---------------------------------------------------------------------------- */

/* PANE_PIN_A/B: the pinned pair above the two heatmaps (recmem.workbench.pin_pair) */
enum { PANE_HEAT = 0, PANE_HEAT_B, PANE_LOSS, PANE_OUT, PANE_GRID, PANE_VIEW, PANE_PROMPT,
       PANE_PIN_A, PANE_PIN_B, PANE_COUNT };

/* Flags returned by key handlers (htop's Panel habit): the handler changes its own pane's
   state, and the one loop in tui.c does what the flags ask of the workbench. */
enum {
    K_UNHANDLED = 0,
    K_HANDLED = 1,        /* the key was this handler's */
    K_REDRAW = 2,         /* redraw every pane */
    K_LAYOUT = 4,         /* lay the panes out again (compare mode changed) */
    K_QUIT = 8,           /* quit (asks first while runs train or work is unsaved) */
    K_FOCUS_NEXT = 16,    /* move the focus on (Tab) */
    K_FOCUS_PREV = 32,    /* move the focus back (Shift-Tab) */
    K_FOCUS_PROMPT = 64,  /* back to the prompt */
    K_HELP = 128          /* show the keys */
};

typedef struct wb wb;
typedef struct pane pane;
struct pane {
    const char *name;
    void (*draw)(wb *w, pane *p);
    wb_rect r;
    int visible, dirty;
    /* A key while this pane has the focus (NULL: none of its own). Unhandled keys go to
       the other panes' handlers, then to the workbench's (runs, compare, quit). */
    int (*key)(wb *w, pane *p, int ch);
};

typedef struct prompt prompt;   /* prompt.c */

/* The unit order and scales of one probe, recomputed only when the probe changes. */
typedef struct {
    unsigned long key;
    int n;
    int *order;             /* display row -> unit */
    float *umax;            /* each unit's peak activity */
    double gmax;            /* the largest activity of any unit */
    int n_active;           /* units whose peak is at least 5% of gmax */
    int sorted_peak;        /* the sort mode the order was made for */
} wb_heat_cache;

/* Heatmap view settings shared by all heatmaps (they scroll together in compare mode).
   cache: the selected run's (or shown trace's), the compared one's, the pinned pair's. */
typedef struct {
    int sort_peak;          /* 1: units by peak time, 0: by index */
    int fit;                /* 1: all units squeezed into the pane */
    int global_norm;        /* 1: one scale for all units, 0: each unit to its own peak */
    int offset;             /* first unit shown */
    int page_units;         /* units visible (for PgUp/PgDn) */
    int n_units;            /* units of the selected probe (to clamp offset) */
    wb_heat_cache cache[4];
} wb_heat;

typedef enum { OVERLAY_NONE = 0, OVERLAY_HELP, OVERLAY_QUIT } wb_overlay;

#define WB_AHEAD_MAX 256

struct wb {
    const rm_tui_script *sc;        /* the interpreter (never called from its own hooks) */
    rm_tui_hooks hooks;
    pane panes[PANE_COUNT];
    int focus;                      /* index into panes */
    int tiny;                       /* terminal too small */
    int caption_row;                /* screen row of the caption line, -1 none */
    int full_redraw;                /* clear the screen before the next draw */
    wb_overlay overlay;
    int overlay_was;                /* an overlay covered the panes at the last draw */
    double last_tick;
    unsigned long sig[PANE_COUNT];  /* what each pane showed, to redraw only on change */
    int quit;
    int quit_running, quit_unsaved; /* what the quit question is about */
    int compare;                    /* two heatmaps side by side */
    int log_scale;
    char caption[256];

    wb_run *runs;                   /* the listed runs, in start order */
    int n_runs;
    unsigned long runs_gen;         /* the job list's generation when runs was copied */
    int runs_listed;                /* runs was copied at least once */
    int sel;                        /* selected run, -1 none */
    int user_selected;              /* the user picked sel: do not follow new runs */
    int show_trace;                 /* panes show wb.trace rather than the selected run */
    wb_trace trace;
    wb_trace trace_b;               /* the right heatmap's, when a pair was shown */
    /* a shown pair pinned above the two heatmaps, which follow the runs again */
    int pinned;
    wb_trace pin[2];
    unsigned long pin_gen;          /* counts pins (the heatmap caches' key) */
    int pin_hidden;                 /* pinned, but the terminal is too small to show it */
    wb_heat heat;
    /* the view pane (pane_view.c): the last figure given to recmem.show, drawn in the
       heatmap's place while view_on */
    plot_figure *view;
    int view_on;
    prompt *pr;
    char message[160];              /* one-shot notice in the status line */
    double message_until;
    double last_service;
    /* keys for the prompt typed while a script runs, replayed once it returns */
    int ahead[WB_AHEAD_MAX];
    int n_ahead;
    struct wb_grid *grid;           /* the watched sweep (pane_grid.c), NULL none */
};

/* runs.c */
/* Copies the snapshots of the runs the panes show; list: also picks up runs added to or
   cleared from the job list. */
void runs_refresh(wb *w, int list);
void runs_free(wb *w);
wb_run *runs_selected(wb *w);
wb_run *runs_other(wb *w);                /* the run compared with the selected one */
int runs_active(wb *w);                   /* runs RUNNING or PAUSED */
void runs_select(wb *w, int i);
int runs_key(wb *w, int ch);              /* [ ] 1-9 p x C: the workbench's run keys */
int runs_probe(wb *w, int which, wb_probe *p);  /* which 0: selected (or trace), 1: other */
void runs_show(void *ud, rm_job *job, const rm_trace *trace);  /* recmem.show handler */
/* recmem.workbench.show_pair: two traces side by side (compare mode), each with a name */
void runs_show_pair(void *ud, const rm_trace *a, const char *name_a, const rm_trace *b,
                    const char *name_b, const int periods[3]);
const char *runs_state_name(rm_job_state s);
/* recmem.workbench.pin_pair: on moves the shown pair above the two heatmaps (they follow
   the runs again); -1 if no pair is shown. Off takes the pinned pair away. */
int runs_pin(void *ud, int on);
int runs_pinned_probe(wb *w, int which, wb_probe *p);   /* which 0 left, 1 right */

/* panes */
void pane_heat_draw(wb *w, pane *p);
int pane_heat_key(wb *w, pane *p, int ch);
void pane_heat_free(wb *w);
void pane_loss_draw(wb *w, pane *p);
int pane_loss_key(wb *w, pane *p, int ch);
void pane_out_draw(wb *w, pane *p);
void pane_figure_save(wb *w);   /* pane_figure.c: the focused pane as a PDF file */
/* pane_grid.c: the grid pane, a watched sweep's results over two axes */
int pane_grid_watch(void *ud, const char *dir, const char *x, const char *y, const char *z,
                    char *err, size_t n);   /* the watch_sweep hook */
int pane_grid_shown(wb *w);     /* a sweep is watched and its grid takes the heatmap's place */
void pane_grid_hide(wb *w);     /* the view takes the place instead */
void pane_grid_tick(wb *w);     /* re-reads the sweep's changed results about once a second */
void pane_grid_draw(wb *w, pane *p);
int pane_grid_key(wb *w, pane *p, int ch);
void pane_grid_free(wb *w);
/* pane_view.c: the view pane (a figure of the plot layer drawn in the terminal) */
void pane_view_draw(wb *w, pane *p);
int pane_view_key(wb *w, pane *p, int ch);
void pane_view_show(void *ud, const plot_figure *fig);   /* the show_figure hook */
void pane_view_hide(wb *w);     /* back to the heatmap (a run or trace was shown) */
void pane_view_free(wb *w);
void status_draw(wb *w, int y);
void caption_draw(wb *w, int y);
void overlay_draw(wb *w);
void tiny_draw(wb *w);

/* prompt.c: the prompt pane (readline in callback mode + scrollback) over the script's
   REPL (rm_tui_script.eval). */
prompt *prompt_new(wb *w, char *err, size_t errlen);
void prompt_free(prompt *pr);
void prompt_draw(wb *w, pane *p);
int prompt_key(wb *w, pane *p, int ch);
void prompt_place_cursor(wb *w);
/* Appends text to the scrollback; kind: 0 output, 1 error, 2 echo, 3 notice. */
void prompt_append(prompt *pr, const char *s, size_t n, int kind);
void prompt_notice(wb *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void prompt_cancel_line(wb *w);           /* Ctrl-C at the prompt */
void prompt_write(void *ud, const char *s, size_t n, int is_err);   /* the write hook */

/* term.c: terminal ownership, signals, stderr/stdout capture. */
int term_start(char *err, size_t errlen);   /* 0 ok */
void term_stop(void);
int term_input_fd(void);
int term_capture_fd(int which);             /* read end of the stdout (0) / stderr (1) pipe */
int term_signal_fd(void);                   /* self-pipe woken by SIGTSTP / SIGINT */
/* Handles pending signals (suspend/continue); returns a mask of TERM_SIG_*. */
enum { TERM_SIG_INT = 1, TERM_SIG_RESUMED = 2 };
int term_signals(void);
/* SIGINT interrupts the script (s->interrupt) while term_in_script is set. */
void term_set_script(const rm_tui_script *s);
extern volatile sig_atomic_t term_in_script;

/* tui.c */
void wb_layout(wb *w);
void wb_redraw_all(wb *w);
void wb_draw(wb *w);
void wb_request_quit(wb *w);                /* quits, or asks first */
void wb_tick(wb *w, int force);             /* refreshes snapshots at ~15 Hz */
void wb_service(void *ud);                  /* the service hook: the loop, minus the prompt */
double wb_now(void);
void wb_message(wb *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* script.c: the hooks the script calls (caption, compare, message) and the teaching demo. */
void script_hooks(wb *w, rm_tui_hooks *h);
/* Runs examples/teach.lua (found via $RECMEM_TEACH, the source tree, or the installed
   examples directory) in the script's state. */
void script_demo_start(wb *w);
int script_guide(wb *w);   /* 0 if a guide ran, -1 if none is registered */

#endif
