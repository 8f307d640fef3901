/* rmlua_int.h: what the files of the Lua layer share among themselves: the per-state C
 * record (output, interrupt flags, jobs, nets), the userdata type names, and the small
 * helpers every binding uses. Not for other layers (they use rmlua.h). */
#ifndef RM_RMLUA_INT_H
#define RM_RMLUA_INT_H

#include <signal.h>
#include <stdatomic.h>
#include <lua.h>
#include <lauxlib.h>
#include "rmlua.h"
#include "core/joblist.h"
#include "core/net.h"
#include "core/run.h"
#include "core/task.h"
#include "core/train.h"
#include "core/intervene.h"

#define RMLUA_NET "recmem.net"
#define RMLUA_TASK "recmem.task"
#define RMLUA_BATCH "recmem.batch"
#define RMLUA_TRACE "recmem.trace"
#define RMLUA_RUN "recmem.run"
#define RMLUA_RNG "recmem.rng"
#define RMLUA_FIGURE "recmem.figure"

typedef struct rmlua_netud rmlua_netud;

/* One per Lua state, reachable from any thread of it through lua_getextraspace (so the
   signal handler never calls the Lua API). */
typedef struct rmlua_state {
    rmlua_write_fn write;
    void *write_ud;
    rmlua_show_fn show;
    void *show_ud;
    rmlua_show_figure_fn show_figure;   /* recmem.show of a view (bind_views.c) */
    void *show_figure_ud;
    volatile sig_atomic_t interrupt_pending; /* Ctrl-C seen, not yet turned into an error */
    atomic_int train_stop;    /* stop flag of the training or test running in this thread */
    rm_job *volatile fg_job;  /* the job a blocking call is waiting for, if any */
    int async_default;        /* net:train is asynchronous unless async=false */
    int verbose_default;      /* blocking net:train prints its log points (REPL on a tty) */
    rm_joblist *jobs;         /* every job started in this state (jobs.c); freed at close */
    rmlua_service_fn service; /* called while a blocking call waits (jobs.c) */
    void *service_ud;
    rmlua_netud *nets;        /* live networks (for "unsaved work?" and for close) */
    char *db;                 /* registry net:train records runs in (RECMEM_DB, default
                                 ./recmem.db; recmem.set_db); NULL: not recorded */
    lua_State *callers[16];   /* threads inside a core call that is running a task's Lua
                                 callback (innermost last), for rmlua_in_use */
    int n_callers;
} rmlua_state;

rmlua_state *rmlua_state_of(lua_State *L);

/* Writes through the state's output function. */
void rmlua_write(lua_State *L, const char *s, size_t n, int is_err);
void rmlua_write_line(lua_State *L);
void rmlua_writef(lua_State *L, int is_err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A script-given string for an error message: pushed, cut to 60 bytes plus "... (N bytes)"
   when longer. Returns the pushed string. */
const char *rmlua_clip(lua_State *L, const char *s);
/* Raises a Lua error with the core's message. */
int rmlua_core_error(lua_State *L, const rm_err *e);
/* If Ctrl-C is pending: clears it and raises "interrupted" (msg may add detail). */
void rmlua_check_interrupt(lua_State *L, const char *detail);
/* jobs.c: puts a job in the state's job list, which owns it from then on (others list it,
   close frees it). Without memory the job is stopped and freed and a Lua error raised. */
void rmlua_add_job(lua_State *L, rm_job *j);
/* Calls the service function, if one is set (from wait loops, every ~10 ms). */
void rmlua_service(lua_State *L);

/* A core call that may run a task's Lua callback: between enter and leave, objects an
   active C function holds are "in use" and must not be freed by a callback. */
void rmlua_callback_enter(lua_State *L);
void rmlua_callback_leave(lua_State *L);
/* 1 if the value at idx is held by a C function that is still running in this thread or
   in a thread waiting for a task callback: freeing it now would pull memory from under
   that call. */
int rmlua_in_use(lua_State *L, int idx);

/* Options tables: a field of the table at idx, with type checks and defaults. The error
   names the function and the field. A default is returned as given (it may lie outside
   lo..hi, e.g. -1 for "not given"); def = RMLUA_REQUIRED makes the field required. */
#define RMLUA_REQUIRED LUA_MININTEGER
lua_Integer rmlua_opt_int(lua_State *L, int idx, const char *fn, const char *key,
                          lua_Integer def, lua_Integer lo, lua_Integer hi);
double rmlua_opt_num(lua_State *L, int idx, const char *fn, const char *key, double def);
const char *rmlua_opt_str(lua_State *L, int idx, const char *fn, const char *key,
                          const char *def);
int rmlua_opt_bool(lua_State *L, int idx, const char *fn, const char *key, int def);
/* Errors if the table at idx has a key not in the NULL-terminated list `known`. */
void rmlua_check_keys(lua_State *L, int idx, const char *fn, const char *const *known);

/* Registers a userdata type: metatable named tname with the methods table as __index
   (unless meta supplies its own __index) plus the metamethods in meta. Scripts cannot
   reach the metatable (getmetatable returns the type name), and __close is __gc unless
   meta gives one, so `local x <close> = ...` frees an object early; every __gc must be
   safe to run twice and every method must refuse a freed object. */
void rmlua_newclass(lua_State *L, const char *tname, const luaL_Reg *methods,
                    const luaL_Reg *meta);

/* Module openers (each leaves nothing on the stack; they add to the module table at mod). */
void rmlua_open_tensor(lua_State *L, int mod);
void rmlua_open_rng(lua_State *L, int mod);
void rmlua_open_task(lua_State *L, int mod);
void rmlua_open_net(lua_State *L, int mod);
void rmlua_open_trace(lua_State *L, int mod);
void rmlua_open_run(lua_State *L, int mod);
void rmlua_open_jobs(lua_State *L, int mod);
void rmlua_open_train(lua_State *L, int mod);
/* Analyses of issue 15 (tensor_ops.c, tensor_io.c, bind_linalg.c, bind_analysis.c,
   bind_dynamics.c); the tensor ones run after rmlua_open_tensor, the others after the
   net and trace classes exist. */
void rmlua_open_tensor_ops(lua_State *L, int mod);
void rmlua_open_tensor_io(lua_State *L, int mod);
void rmlua_open_linalg(lua_State *L, int mod);
void rmlua_open_analysis(lua_State *L, int mod);
void rmlua_open_dynamics(lua_State *L, int mod);
/* A scratch buffer of bytes inside a userdata pushed on the stack: collected with it, so
   a Lua error in between leaks nothing (bind_analysis.c). */
void *rmlua_scratch(lua_State *L, size_t bytes);
void rmlua_open_plot(lua_State *L, int mod);   /* bind_plot.c */
/* For bind_views.c: pushes an empty figure object and returns its description; the
   description of the figure object at idx (NULL if it is none or freed); the numbers of a
   tensor or a table of numbers at idx, in a scratch buffer pushed on the stack. */
plot_figure *rmlua_push_figure(lua_State *L);
plot_figure *rmlua_test_figure(lua_State *L, int idx);
double *rmlua_numbers(lua_State *L, int idx, const char *fn, const char *what, int *n);
/* recmem.show for analysis results and recmem.plot.figure_of (bind_views.c); after
   rmlua_open_plot, whose show it wraps. */
void rmlua_open_views(lua_State *L, int mod);
/* fig:text, fig:print, recmem.plot.terminal and recmem.show drawing figures on a terminal
   (bind_plot_text.c); after rmlua_open_views, whose show it wraps. */
void rmlua_open_plot_text(lua_State *L, int mod);
void rmlua_open_intervene(lua_State *L, int mod); /* net:lesioned, net:lesion_curve */

/* rng.c: a generator userdata; a borrowed one points at C memory until invalidated. */
rm_rng *rmlua_check_rng(lua_State *L, int idx);
void rmlua_push_rng_borrowed(lua_State *L, rm_rng *r);
void rmlua_rng_invalidate(lua_State *L, int idx);

/* task.c */
typedef struct rmlua_taskud rmlua_taskud;
/* The task named by the value at idx: a task object or a name (built-in or defined in
   Lua) with the given variant. Pushes the task object. */
rmlua_taskud *rmlua_task_get(lua_State *L, int idx, const char *variant, const char *fn);
rmlua_taskud *rmlua_check_task(lua_State *L, int idx);
const rm_task *rmlua_task_c(rmlua_taskud *t);
int rmlua_task_is_lua(const rmlua_taskud *t);
/* Lua tasks sample through L: bind before calling the core, unbind after. */
void rmlua_task_bind(rmlua_taskud *t, lua_State *L);
void rmlua_task_unbind(rmlua_taskud *t);
/* batch.c shares: the batch userdata. */
typedef struct {
    rm_batch b;
    const rm_task *task; /* inside the task userdata kept as user value 1 */
} rmlua_batchud;
rmlua_batchud *rmlua_push_batch(lua_State *L, int task_idx, int B);
rmlua_batchud *rmlua_check_batch(lua_State *L, int idx);

/* trace.c: pushes a trace object that takes over *tr; task at task_idx. */
void rmlua_push_trace(lua_State *L, rm_trace *tr, int task_idx, int read_back);
void rmlua_open_batch(lua_State *L, int mod);

/* net.c <-> run.c */
struct rmlua_netud {
    rm_net net;
    int created;          /* net is allocated */
    rm_task task;         /* the task it is trained on (def kept alive by user value 1) */
    rm_trainer *tr;       /* created by the first train call; NULL before */
    rm_job *job;          /* the job training it now, if any */
    uint64_t seed;
    char condition[48];   /* condition it was created for ("" if none) */
    int variant;
    long saved_iter;      /* iterations at the last save (or creation/load) */
    rm_run_cfg cfg;       /* its run description: creation options, then the last training's */
    struct rm_runfile *rf; /* the registry row of the training under way, if recorded */
    int closed;
    rmlua_netud *next, *prev; /* in rmlua_state.nets */
};
rmlua_netud *rmlua_check_netud(lua_State *L, int idx);
/* Finishes the net's job if the worker is done (joins it). Returns 1 if still busy. */
int rmlua_net_poll(lua_State *L, rmlua_netud *n);
/* Errors "network is being trained ..." if busy. */
void rmlua_net_check_idle(lua_State *L, rmlua_netud *n, const char *what);
/* The step T - read_back the net's answer is read at (its training's, or its condition's);
   the net must be at stack index 1. */
int rmlua_net_read_back(lua_State *L, rmlua_netud *n);
/* bind_intervene.c: net:probe's s=, change=, cue= (only if fresh: trials drawn here) and
   lesion=, clamp=, noise=, perturb= of the options at opts, checked against N units and T
   steps, into fix and iv. Pushes one value that owns iv's memory: pop it after the probe. */
void rmlua_probe_options(lua_State *L, int opts, const char *fn, int N, int T, int fresh,
                         rm_fixed *fix, rm_intervention *iv);
/* run.c: pushes a run for net at net_idx; job may be NULL (ran in this thread). */
void rmlua_push_run(lua_State *L, int net_idx, rm_job *job, long start_iter, long until,
                    int status, const rm_err *e);
/* The job of the run at idx (NULL if it ran in the Lua thread or idx is not a run). */
rm_job *rmlua_run_job(lua_State *L, int idx);
/* Waits in this thread for job (Ctrl-C stops it); prints the job's log points from index
   print_from on (none if print_from < 0). Returns the job's status and its error in e. */
int rmlua_wait_job(lua_State *L, rm_job *job, long print_from, long until, rm_err *e);

/* state.c: 1 if Ctrl-C is pending or its error is being raised; clears everything (after
   a REPL statement has returned). */
int rmlua_interrupted(lua_State *L);
void rmlua_interrupt_clear(lua_State *L);
/* A class's __fields table: property name -> type name, read by completion. */
void rmlua_set_fields(lua_State *L, const char *tname, const char *const *names,
                      const char *const *types);

/* repl.c: prints and pops an error. */
int rmlua_msghandler(lua_State *L);
void rmlua_report(lua_State *L, int status);

/* Pretty printing for the REPL: a one-line summary of the value at idx, pushed. */
void rmlua_push_summary(lua_State *L, int idx);

#endif
