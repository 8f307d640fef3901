/* rmlua.h: the Lua layer's interface to the rest of the program (main, the workbench).
 * The only layer that includes lua.h. Contracts here are shared by src/lua and src/tui. */
#ifndef RM_RMLUA_H
#define RM_RMLUA_H

#include <stddef.h>
#include <lua.h>
#include "core/job.h"
#include "core/rm_err.h"

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

/* Completion candidates for the word ending at `end` in `line` (globals, fields,
   methods via metatables' __index tables), using raw access only: never runs user code.
   Returns a malloc'd NULL-terminated array of malloc'd strings (readline's convention),
   or NULL if none. */
char **rmlua_complete(lua_State *L, const char *line, int start, int end);

/* Async-signal-safe: interrupts running Lua code (error "interrupted") and any blocking
   training call, which stops at the next iteration with the network intact. */
void rmlua_interrupt(lua_State *L);

/* Jobs started with net:train{async=true} (and the demo): the workbench lists and follows
   them. Returns how many there are; fills up to max. The pointers stay valid while the
   state lives. */
int rmlua_jobs(lua_State *L, rm_job **out, int max);

/* recmem.show(run_or_trace) calls this handler (set by the workbench); without one,
   show() prints a summary. The trace pointer is only valid during the call. */
typedef void (*rmlua_show_fn)(void *ud, rm_job *job, const rm_trace *trace);
void rmlua_set_show_handler(lua_State *L, rmlua_show_fn fn, void *ud);

/* Everything that is not a subcommand: `recmem script.lua [args]`, `recmem -e chunk`,
   `recmem -i`, `recmem --demo`, and bare `recmem` (the workbench on a terminal, otherwise
   the plain REPL). Returns the exit status. */
int rmlua_main(int argc, char **argv);

#endif
