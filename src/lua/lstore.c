/* lstore.c: recmem.load, net:save and recmem.runs (see lstore.h): the Lua face of
 * src/store, built only on the Lua layer's public interface (rmlua.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lauxlib.h>
#include "lua/lstore.h"
#include "lua/rmlua.h"
#include "store/ckpt.h"
#include "store/registry.h"
#include "store/run_json.h"

#define RUNS_OF_NETS "recmem.store.runs_of_nets"

static void set_num(lua_State *L, const char *k, double x) {
    if (isnan(x)) return;   /* unknown: the field stays nil */
    lua_pushnumber(L, x);
    lua_setfield(L, -2, k);
}

static void set_str(lua_State *L, const char *k, const char *s) {
    lua_pushstring(L, s);
    lua_setfield(L, -2, k);
}

/* The Lua network rebuilds a built-in task from name and variant, so the sizes must be
   the paper's. */
int rmlua_ckpt_loadable(const rm_ckpt *c, const char *path, rm_err *e) {
    rm_task std;
    if (rm_task_init(&std, c->task.def, c->task.variant, e) || std.T != c->task.T ||
        std.n_chan != c->task.n_chan)
        return rm_seterr(e, RM_EINVAL, "%s uses non-standard task sizes (%d steps, %d input "
                         "channels; %s has %d and %d), which Lua networks do not support "
                         "(recmem export reads it)", path, c->task.T, c->task.n_chan,
                         c->task.def->name, std.T, std.n_chan);
    return RM_OK;
}

/* recmem.load(path) -> net, run */
static int l_load(lua_State *L) {
    const char *path = luaL_checkstring(L, 1);
    rm_ckpt *c;
    rm_err e;
    if (rm_ckpt_load_with(path, rmlua_defined_task, L, &c, &e)) return luaL_error(L, "%s", e.msg);
    /* a task defined in Lua has its definition's sizes; a built-in one must have the
       paper's. Checked before anything is handed over, so a refusal leaks nothing */
    if (rmlua_defined_task(L, c->task.def->name) != c->task.def &&
        rmlua_ckpt_loadable(c, path, &e)) {
        rm_ckpt_free(c);
        return luaL_error(L, "load: %s", e.msg);
    }
    rm_trainer *tr = malloc(sizeof *tr);
    if (!tr) {
        rm_ckpt_free(c);
        return luaL_error(L, "load: out of memory");
    }
    *tr = c->tr;   /* the network object takes over the trainer and its buffers */
    memset(&c->tr, 0, sizeof c->tr);
    const uint64_t seed = tr->cfg.seed;
    rmlua_net_push(L, &c->net, c->task.def->name, c->task.variant, seed, tr, &c->meta.run);
    lua_createtable(L, 0, 10);
    set_str(L, "path", path);
    set_str(L, "name", c->meta.name);
    set_str(L, "condition", c->meta.run.condition);
    char *desc = rm_run_cfg_dumps(&c->meta.run);
    if (desc) set_str(L, "config", desc); /* the run description, JSON text */
    free(desc);
    set_str(L, "version", c->version);
    set_str(L, "saved_at", c->saved_at);
    lua_pushinteger(L, tr->iter);
    lua_setfield(L, -2, "iter");
    set_num(L, "test_infloss", c->meta.test_infloss);
    set_num(L, "test_loss", c->meta.test_loss);
    set_num(L, "si", c->meta.si);
    rm_ckpt_free(c);   /* net and trainer were handed over: only the shell is left */
    /* remember the run table for net:save (keys are weak: it goes with the net) */
    lua_getfield(L, LUA_REGISTRYINDEX, RUNS_OF_NETS);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return 2;
}

/* Copies what the run table of a loaded net says into meta: its name and condition, and
   its test results while the net is still at the iteration they were measured at. */
static void meta_from_load(lua_State *L, int net_idx, long iter, rm_run_meta *meta) {
    lua_getfield(L, LUA_REGISTRYINDEX, RUNS_OF_NETS);
    lua_pushvalue(L, net_idx);
    lua_rawget(L, -2);
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "name");
        snprintf(meta->name, sizeof meta->name, "%s", luaL_optstring(L, -1, ""));
        lua_getfield(L, -2, "iter");
        if (lua_tointeger(L, -1) == iter) {
            lua_getfield(L, -3, "test_infloss");
            lua_getfield(L, -4, "test_loss");
            lua_getfield(L, -5, "si");
            meta->test_infloss = luaL_optnumber(L, -3, NAN);
            meta->test_loss = luaL_optnumber(L, -2, NAN);
            meta->si = luaL_optnumber(L, -1, NAN);
            lua_pop(L, 3);
        }
        lua_pop(L, 2);
    }
    lua_pop(L, 2);
}

/* net:save(path [, {name=, condition=}]) -> true */
static int l_save(lua_State *L) {
    rm_net *net;
    const rm_task *task;
    rm_trainer *tr;
    rmlua_net_get(L, 1, &net, &task, &tr);
    const char *path = luaL_checkstring(L, 2);
    rm_run_meta meta;
    rm_run_meta_init(&meta);
    rmlua_net_run_cfg(L, 1, &meta.run);
    meta_from_load(L, 1, tr ? tr->iter : 0, &meta);
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "name");
        if (lua_isstring(L, -1)) snprintf(meta.name, sizeof meta.name, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    rm_err e;
    int rc;
    if (tr) {
        rc = rm_ckpt_save(path, tr, &meta, &e);
    } else {
        /* never trained: a fresh trainer state (zero Adam moments) for the file */
        rm_train_cfg cfg;
        rm_run_train_cfg(&meta.run, &cfg);
        rm_trainer tmp;
        rc = rm_trainer_init(&tmp, &cfg, task, net, &e);
        if (!rc) {
            rc = rm_ckpt_save(path, &tmp, &meta, &e);
            rm_trainer_free(&tmp);
        }
    }
    if (rc) return luaL_error(L, "save: %s", e.msg);
    rmlua_net_set_saved(L, 1);
    lua_pushboolean(L, 1);
    return 1;
}

/* One filter term from a Lua key/value pair of the options table. */
static void term_from(lua_State *L, rm_reg_term *t, const char *fn) {
    rm_err e;
    int rc;
    if (lua_type(L, -2) == LUA_TNUMBER) {
        rc = rm_reg_term_parse(luaL_checkstring(L, -1), t, &e);
    } else {
        if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "%s: filter keys are column names", fn);
        const char *col = lua_tostring(L, -2), *op = "=";
        char val[64];
        int vidx = -1;
        if (lua_istable(L, -1)) {   /* {op, value} */
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            op = luaL_optstring(L, -2, "=");
            vidx = -1;
        } else {
            lua_pushnil(L), lua_pushvalue(L, -2);   /* keep the stack shape the same */
        }
        if (lua_isinteger(L, vidx)) snprintf(val, sizeof val, "%lld", (long long)lua_tointeger(L, vidx));
        else if (lua_type(L, vidx) == LUA_TNUMBER) snprintf(val, sizeof val, "%.17g", lua_tonumber(L, vidx));
        else if (lua_type(L, vidx) != LUA_TSTRING)
            luaL_error(L, "%s: filter %s needs a string or number", fn, col);
        const char *v = lua_type(L, vidx) == LUA_TSTRING ? lua_tostring(L, vidx) : val;
        rc = rm_reg_term_make(t, col, op, v, &e);
        lua_pop(L, 2);
    }
    if (rc) luaL_error(L, "%s: %s", fn, e.msg);
}

/* recmem.runs{...} -> array of run tables */
static int l_runs(lua_State *L) {
    const char *fn = "recmem.runs";
    if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
    else lua_newtable(L), lua_replace(L, 1);
    lua_getfield(L, 1, "db");
    const char *db = luaL_optstring(L, -1, RM_REG_DEFAULT_PATH);
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) n++, lua_pop(L, 1);
    rm_reg_term *terms = lua_newuserdatauv(L, (n ? n : 1) * sizeof *terms, 0);  /* GC'd */
    int k = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (!(lua_type(L, -2) == LUA_TSTRING && !strcmp(lua_tostring(L, -2), "db")))
            term_from(L, &terms[k++], fn);
        lua_pop(L, 1);
    }
    if (access(db, F_OK) != 0) return luaL_error(L, "%s: no run registry at %s", fn, db);
    rm_registry *reg;
    rm_run_row *rows;
    int nr;
    rm_err e;
    if (rm_reg_open(db, &reg, &e)) return luaL_error(L, "%s: %s", fn, e.msg);
    int rc = rm_reg_list(reg, terms, k, &rows, &nr, &e);
    rm_reg_close(reg);
    if (rc) return luaL_error(L, "%s: %s", fn, e.msg);
    lua_createtable(L, nr, 0);
    for (int i = 0; i < nr; i++) {
        const rm_run_row *r = &rows[i];
        lua_createtable(L, 0, 24);
        lua_pushinteger(L, r->id), lua_setfield(L, -2, "id");
        set_str(L, "name", r->name);
        set_str(L, "status", r->status);
        set_str(L, "task", r->task);
        set_str(L, "variant", r->variant);
        set_str(L, "model", r->model);
        set_str(L, "condition", r->condition);
        set_num(L, "lambda0", r->lambda0);
        set_num(L, "sigma0", r->sigma0);
        set_num(L, "rho", r->rho);
        lua_pushinteger(L, r->n_hidden), lua_setfield(L, -2, "n_hidden");
        lua_pushinteger(L, r->iters), lua_setfield(L, -2, "iters");
        lua_pushinteger(L, r->iter), lua_setfield(L, -2, "iter");
        set_str(L, "seed", r->seed);
        set_num(L, "loss", r->loss);
        set_num(L, "infloss", r->infloss);
        set_num(L, "test_infloss", r->test_infloss);
        set_num(L, "test_loss", r->test_loss);
        set_num(L, "si", r->si);
        if (r->checkpoint[0]) set_str(L, "checkpoint", r->checkpoint);
        if (r->error[0]) set_str(L, "error", r->error);
        if (r->host[0]) set_str(L, "host", r->host);
        if (r->pid >= 0) lua_pushinteger(L, r->pid), lua_setfield(L, -2, "pid");
        set_str(L, "created", r->created);
        set_str(L, "updated", r->updated);
        if (r->finished[0]) set_str(L, "finished", r->finished);
        set_str(L, "config", r->config);   /* JSON text */
        if (r->run) set_str(L, "run", r->run); /* the run description, JSON text */
        lua_rawseti(L, -2, i + 1);
    }
    rm_reg_rows_free(rows, nr);
    return 1;
}

/* net:config() -> the network's run description as JSON text (store/run_json.h): what
   `recmem train --config FILE` reads, and what the registry and net:save record */
static int l_config(lua_State *L) {
    rm_run_cfg c;
    rmlua_net_run_cfg(L, 1, &c);
    char *s = rm_run_cfg_dumps(&c);
    if (!s) return luaL_error(L, "net:config: out of memory");
    lua_pushstring(L, s);
    free(s);
    return 1;
}

void rmlua_open_store(lua_State *L) {
    lua_newtable(L);   /* RUNS_OF_NETS: net -> the run table recmem.load returned */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, RUNS_OF_NETS);
    static const luaL_Reg module[] = {{"load", l_load}, {"runs", l_runs}, {NULL, NULL}};
    static const luaL_Reg net_methods[] = {{"save", l_save}, {"config", l_config},
                                               {NULL, NULL}};
    rmlua_extend(L, NULL, module);
    rmlua_extend(L, "recmem.net", net_methods);
}
