/* lsweep.h: sweeps in Lua (written for `recmem sweep`, built into librmlua because it
 * includes lua.h):
 *   a sweep description file: a Lua chunk that returns
 *     {name = "de1", dir = "sweeps/de1", base = {task = "DE1", hidden = 100, iters = 8000},
 *      axes = {lambda = "0.80:0.98:10", sigma = {0, 0.01}, seed = "1-3"}}
 *   s = recmem.sweep.load(dir)   an existing sweep directory: s.name, s.dir, s.n
 *   s:results()                  one row per point, read afresh at each call: {point (from
 *                                0), status ("done", "failed", "running", "missing"),
 *                                config = {run config}, test_infloss, keep, si, seconds,
 *                                iters, error} (fields without a value are nil)
 *   recmem.sweep.watch(dir [, {x = "lambda", y = "sigma", z = "si"}]), s:watch{...},
 *   recmem.show(s)               in the workbench, the grid pane follows the sweep (the
 *                                handler set with rmlua_set_sweep_watcher); elsewhere the
 *                                grid is printed once (store/sweep_grid.h)
 * main() registers the module part with rmlua_add_opener(rmlua_open_sweep). */
#ifndef RM_LSWEEP_H
#define RM_LSWEEP_H

#include <stddef.h>
#include <jansson.h>

struct lua_State;

/* Runs the description file at path in a plain Lua state and converts the table it returns
   to {"name", "dir", "base": {...}, "axes": {...}} (*raw, new reference). Non-zero with a
   one-line message in err if the file fails or returns something else. */
int rmlua_sweep_describe(const char *path, json_t **raw, char *err, size_t n);
void rmlua_open_sweep(struct lua_State *L);
/* The workbench's handler for recmem.sweep.watch (fn NULL: none, print instead): it gets
   the sweep directory and the axes and value already checked, and returns 0, or -1 with a
   one-line message in err. */
typedef int (*rmlua_sweep_watch_fn)(void *ud, const char *dir, const char *x, const char *y,
                                    const char *z, char *err, size_t n);
void rmlua_set_sweep_watcher(struct lua_State *L, rmlua_sweep_watch_fn fn, void *ud);

#endif
