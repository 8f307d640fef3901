/* tui.h: the full-screen ncurses workbench (panes: loss, heatmap, output, status, prompt)
 * and the two tables through which it talks to the scripting layer without including it:
 * rm_tui_script (what the workbench asks of the interpreter, filled by the front end, see
 * src/cli/wb_lua.c) and rm_tui_hooks (what the workbench offers back: where output goes,
 * recmem.show, the service call while a script waits, the recmem.workbench functions). */
#ifndef RM_TUI_H
#define RM_TUI_H

#include <stddef.h>
#include "core/job.h"
#include "core/joblist.h"
#include "plot/plot.h"

/* The workbench's side, handed to rm_tui_script.attach. Every function runs on the main
   thread, also while a script runs (the workbench never calls the interpreter from them). */
typedef struct {
    void *ud;
    /* print, REPL results and errors (is_err marks error text) */
    void (*write)(void *ud, const char *s, size_t n, int is_err);
    /* recmem.show: a run (job) becomes the selected one, or a trace is shown (copied; the
       pointer is only valid during the call) */
    void (*show)(void *ud, rm_job *job, const rm_trace *trace);
    /* recmem.show of an analysis result (or a figure of lines): the figure goes to the
       view pane (copied; the pointer is only valid during the call) */
    void (*show_figure)(void *ud, const plot_figure *fig);
    /* recmem.workbench.show_pair: two traces side by side in compare mode, each heatmap
       titled with its name (copied, like show's trace); periods[3] are the stimulus,
       delay and response lengths to mark (all 0: unmarked) */
    void (*show_pair)(void *ud, const rm_trace *a, const char *name_a, const rm_trace *b,
                      const char *name_b, const int periods[3]);
    /* called every ~10 ms while a script waits for a run (run:wait(), a blocking
       net:train): draws the panes, takes pane keys, queues prompt keys for later */
    void (*service)(void *ud);
    /* recmem.workbench.caption / compare / message */
    void (*caption)(void *ud, const char *text);
    void (*compare)(void *ud, int on);
    void (*message)(void *ud, const char *text);
    /* recmem.sweep.watch: the grid pane follows the sweep in dir over axes x and y with
       value z (checked by the caller). 0, or -1 with a one-line message in err. */
    int (*watch_sweep)(void *ud, const char *dir, const char *x, const char *y, const char *z,
                       char *err, size_t n);
    /* recmem.workbench.pin_pair: on moves the pair last shown with show_pair into a row
       above the two heatmaps, which follow the runs again (compare mode: the selected run
       and the next); off removes that row. -1 if on and no pair is shown. */
    int (*pin_pair)(void *ud, int on);
} rm_tui_hooks;

enum { RM_TUI_DONE = 0, RM_TUI_MORE = 1 };

/* The interpreter as the workbench sees it: ctx is opaque. Functions are called on the
   main thread, none may be NULL, and only eval, run_file and guide run script code; the others
   may also be called while script code runs (from the service hook) or, interrupt, from
   a signal handler. */
typedef struct {
    void *ctx;
    rm_joblist *jobs;   /* the runs scripts start: the workbench lists and follows them */
    /* Routes output, show and the service call to h, makes net:train asynchronous and
       defines recmem.workbench; attach(ctx, NULL) undoes all of it. */
    void (*attach)(void *ctx, const rm_tui_hooks *h);
    /* One line of the prompt: RM_TUI_MORE while the statement is unfinished, RM_TUI_DONE
       once it ran; *chunk (may be NULL) gets the whole statement for the history, valid
       until the next call. */
    int (*eval)(void *ctx, const char *line, const char **chunk);
    const char *(*prompt)(void *ctx);   /* "> " or ">> " */
    void (*reset)(void *ctx);           /* abandons an unfinished statement */
    /* Completions of the word ending at end in line, never running user code: a malloc'd
       NULL-terminated array of malloc'd strings (readline's convention), or NULL. */
    char **(*complete)(void *ctx, const char *line, int start, int end);
    /* Async-signal-safe: interrupts running script code (Ctrl-C). */
    void (*interrupt)(void *ctx);
    /* Runs a script file (the teaching demo); an error goes to the write hook. 0 ok. */
    int (*run_file)(void *ctx, const char *path);
    /* Space on an empty prompt: runs the guide a script registered with
       recmem.workbench.guide(fn) (the teaching demo's next step); an error goes to the
       write hook. Returns 0 if a guide ran (or failed), -1 if none is registered. */
    int (*guide)(void *ctx);
    int (*unsaved)(void *ctx);          /* trained networks not saved since */
    /* Forgets the finished runs (the interpreter knows which jobs it still points at, so
       only it can clear safely). Returns how many were cleared. */
    size_t (*clear_runs)(void *ctx);
    /* Lets the interpreter record what runs that ended left behind (their registry rows)
       while no script code runs; runs none itself. Called a few times a second. */
    void (*poll)(void *ctx);
} rm_tui_script;

typedef struct {
    int demo;          /* start the teaching demo (two networks side by side) */
} rm_tui_opts;

/* True if the workbench can run here: stdin and stdout are terminals and TERM is set and
   not "dumb". */
int rm_tui_available(void);
/* Runs the workbench over the interpreter s until the user quits. Returns the exit
   status. The terminal is restored on every exit path (including fatal signals). */
int rm_tui_run(const rm_tui_script *s, const rm_tui_opts *o);

#endif
