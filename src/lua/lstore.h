/* lstore.h: the store's additions to the `recmem` Lua module (written by the store, built
 * into librmlua because it includes lua.h):
 *   net, run = recmem.load(path)   a saved network (ready to probe or keep training: its
 *                                  trainer, Adam state and data stream continue exactly)
 *                                  and a table describing the run (name, condition, iter,
 *                                  test_infloss, si, version, saved_at, path, config:
 *                                  the run description as JSON text)
 *   net:save(path [, {name=}])     writes net (and its training state) as a checkpoint
 *   rows = recmem.runs{...}        runs from the registry: positional strings are filters
 *                                  ("si>3"), key=value pairs are equalities (task="DE1"),
 *                                  key={op, value} comparisons (lambda0={"<=", 0.9}),
 *                                  db="path" picks the database (default ./recmem.db)
 * main() registers it with rmlua_add_opener(rmlua_open_store) before any Lua state exists. */
#ifndef RM_LSTORE_H
#define RM_LSTORE_H

#include <lua.h>
#include "store/ckpt.h"

void rmlua_open_store(lua_State *L);

/* 0 if recmem.load can hand c over to a Lua network; otherwise fills e with a one-line
   reason naming path (recmem open asks before it starts Lua). */
int rmlua_ckpt_loadable(const rm_ckpt *c, const char *path, rm_err *e);

#endif
