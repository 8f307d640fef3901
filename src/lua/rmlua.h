/* rmlua.h: the Lua layer's interface to the layers above it (src/cli: the interpreter's
 * modes and the workbench's adapter). The only layer that includes lua.h; the workbench
 * (src/tui) never sees this header, it reaches Lua through rm_tui_script (tui/tui.h). */
#ifndef RM_RMLUA_H
#define RM_RMLUA_H

#include <stddef.h>
#include <lua.h>
#include <lauxlib.h>
#include "core/job.h"
#include "core/joblist.h"
#include "core/run.h"
#include "core/rm_err.h"
#include "plot/plot.h"

/* A new state: standard libraries, `recmem` preloaded (require "recmem" works) and set as a
   global, package.path extended with the installed lua/ directory. NULL on failure. */
lua_State *rmlua_new(rm_err *e);
void rmlua_close(lua_State *L);

/* Where print(), REPL results and error messages go (default: stdout / stderr). The
   workbench points this at its prompt pane's scrollback. is_err marks error text. */
typedef void (*rmlua_write_fn)(void *ud, const char *s, size_t n, int is_err);
void rmlua_set_output(lua_State *L, rmlua_write_fn fn, void *ud);

/* Line-at-a-time REPL evaluation shared by the plain REPL and the workbench prompt:
   tries "return <line>" first so bare expressions print (large objects as one-line
   summaries), keeps collecting lines while the chunk is incomplete (<eof> error). */
typedef struct rmlua_repl rmlua_repl;
enum { RMLUA_DONE = 0, RMLUA_MORE = 1 };
rmlua_repl *rmlua_repl_new(lua_State *L);
void rmlua_repl_free(rmlua_repl *r);
/* Feeds one line; RMLUA_MORE if the statement continues, RMLUA_DONE once it ran (its
   output went to the output function). *complete_chunk (may be NULL) receives the whole
   statement for history when DONE (owned by r, valid until the next call). */
int rmlua_repl_feed(rmlua_repl *r, const char *line, const char **complete_chunk);
const char *rmlua_repl_prompt(const rmlua_repl *r); /* "> " or ">> " */
void rmlua_repl_reset(rmlua_repl *r);               /* abandons an unfinished statement */
int rmlua_repl_pending(const rmlua_repl *r);        /* 1 while a statement is unfinished */

/* Calls the function below narg arguments with a traceback message handler (lua.c's
   docall). Returns the lua_pcall status; the error (with traceback) is on the stack. */
int rmlua_docall(lua_State *L, int narg, int nres);

/* Completion candidates for the word ending at `end` in `line` (globals, fields,
   methods via metatables' __index tables), using raw access only: never runs user code.
   Returns a malloc'd NULL-terminated array of malloc'd strings (readline's convention),
   or NULL if none. */
char **rmlua_complete(lua_State *L, const char *line, int start, int end);

/* Async-signal-safe: interrupts running Lua code (error "interrupted") and any blocking
   training call, which stops at the next iteration with the network intact. */
void rmlua_interrupt(lua_State *L);
/* Async-signal-safe: an interrupt was asked for and has not been raised yet. */
int rmlua_interrupt_pending(lua_State *L);
/* Blocking net:train prints its log points unless verbose=false (a person is watching). */
void rmlua_set_verbose_default(lua_State *L, int on);

/* Every job this state started (net:train, the demo), in start order; the list lives as
   long as the state. Readers hold what they keep (core/joblist.h). */
rm_joblist *rmlua_joblist(lua_State *L);
/* Forgets the finished runs (recmem.clear_finished_runs()): networks are polled first, so
   a job is cleared once its network has taken its result. Returns how many were cleared. */
size_t rmlua_clear_finished_runs(lua_State *L);

/* While Lua code waits for a run (run:wait(), blocking net:train), fn(ud) is called about
   every 10 ms on the waiting thread, so the front end keeps its screen alive (Redis's
   interrupt function). fn must not call into this state. NULL unsets. */
typedef void (*rmlua_service_fn)(void *ud);
void rmlua_set_service(lua_State *L, rmlua_service_fn fn, void *ud);
/* Records what the runs that ended left behind (their registry rows): every network is
   polled. Runs no Lua code; the workbench calls it a few times a second. */
void rmlua_poll_runs(lua_State *L);

/* recmem.show(run_or_trace) calls this handler (set by the workbench); without one,
   show() prints a summary. The trace pointer is only valid during the call. */
typedef void (*rmlua_show_fn)(void *ud, rm_job *job, const rm_trace *trace);
/* The trace at idx (a Lua error if it is not one or has been freed); the workbench's
   recmem.workbench.show_pair reads traces through it. */
const rm_trace *rmlua_check_trace(lua_State *L, int idx);
void rmlua_set_show_handler(lua_State *L, rmlua_show_fn fn, void *ud);
/* recmem.show(x) of an analysis result or a figure hands this handler the figure
   description (plot/plot.h), valid only during the call; without one, show() prints a
   one-line summary. NULL unsets. */
typedef void (*rmlua_show_figure_fn)(void *ud, const plot_figure *fig);
void rmlua_set_show_figure_handler(lua_State *L, rmlua_show_figure_fn fn, void *ud);

/* ---- Additions for other layers (store bindings, workbench) ---- */

/* The float tensor userdata ("recmem.tensor"): row-major, contiguous, 1..8 axes, indices
   1-based on the Lua side. A view (t[i], t:sub) shares its base's memory and keeps the
   base alive. */
#define RMLUA_TENSOR "recmem.tensor"
#define RMLUA_TENSOR_MAXDIM 8
typedef struct {
    float *data;        /* NULL once freed */
    int ndim;
    int shape[RMLUA_TENSOR_MAXDIM];
    size_t numel;
    int owns;           /* 1: data is malloc'd by this tensor */
} rmlua_tensor;
/* Pushes a new zero-filled tensor (raises a Lua error on bad shape or no memory). */
rmlua_tensor *rmlua_tensor_new(lua_State *L, int ndim, const int *shape);
/* Pushes a tensor viewing memory owned by the userdata at anchor_idx (kept alive). */
rmlua_tensor *rmlua_tensor_view(lua_State *L, int anchor_idx, float *data, int ndim,
                                const int *shape);
rmlua_tensor *rmlua_tensor_check(lua_State *L, int idx);
rmlua_tensor *rmlua_tensor_test(lua_State *L, int idx);

/* Networks ("recmem.net"). rmlua_net_get raises a Lua error if idx is not a network or
   if it is being trained; the pointers are valid until control returns to Lua. trainer is
   NULL before the first training call. */
int rmlua_net_get(lua_State *L, int idx, rm_net **net, const rm_task **task,
                  rm_trainer **trainer);
/* Pushes a network object that takes over *net (whose sizes match a task of task_def with
   the variant flags); *net is zeroed. trainer_or_null is taken over too (its task and net
   pointers are re-pointed at the new object's). Raises a Lua error on mismatch. */
void rmlua_net_push(lua_State *L, rm_net *net, const char *task_name, int variant,
                    uint64_t seed, rm_trainer *trainer_or_null, const rm_run_cfg *cfg);
/* The run description of the network at idx (what net:save records). */
void rmlua_net_run_cfg(lua_State *L, int idx, rm_run_cfg *out);
/* The definition of a task defined in Lua in the state L (a lua_State *, as the store's
   task finder passes it); NULL if there is none by that name. */
const rm_task_def *rmlua_defined_task(void *L, const char *name);
/* Marks the network at idx as saved (no "unsaved work" question for it). */
void rmlua_net_set_saved(lua_State *L, int idx);
/* Networks trained since they were last saved. */
int rmlua_unsaved(lua_State *L);

/* Adds functions to the recmem module table (for other layers' bindings); call after
   rmlua_new. methods_of names a class ("recmem.net", ...) whose methods to extend instead,
   or NULL for the module itself. */
void rmlua_extend(lua_State *L, const char *methods_of, const luaL_Reg *funcs);
/* Openers that rmlua_new runs on every new state (register before the first rmlua_new). */
void rmlua_add_opener(void (*open)(lua_State *L));

/* net:train runs asynchronously by default when on (the workbench); blocking otherwise. */
void rmlua_set_async_default(lua_State *L, int on);

#endif
