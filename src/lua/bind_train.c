/* bind_train.c: recmem.train(description): a whole run from its run description (a table
 * with the keys of store/run_json.h, or that JSON as text), made and trained by the core's
 * rm_run exactly as `recmem train --config` does (warm-up, multitask phases, tests, the
 * registry), then handed to Lua as a network. Blocking, in the calling thread. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "core/run.h"
#include "rmlua_int.h"
#include "store/ckpt.h"
#include "store/run_json.h"
#include "store/runfile.h"

#define RUN_BOX "recmem.run_in_progress"

/* The run being made, in a userdata so that a Lua error anywhere frees it. */
typedef struct {
    rm_run *run;
} run_box;

static int box_gc(lua_State *L) {
    run_box *b = luaL_checkudata(L, 1, RUN_BOX);
    if (b->run) {
        rm_run_free(b->run);
        free(b->run);
        b->run = NULL;
    }
    return 0;
}

/* The description at idx (a table or JSON text) into c. */
static void read_description(lua_State *L, int idx, rm_run_cfg *c, const char *fn) {
    rm_err e = {0};
    rm_run_cfg_init(c);
    if (lua_type(L, idx) == LUA_TSTRING) {
        if (rm_run_cfg_loads(lua_tostring(L, idx), fn, c, &e)) luaL_error(L, "%s", e.msg);
        return;
    }
    luaL_checktype(L, idx, LUA_TTABLE);
    json_t *o = json_object();
    if (!o) luaL_error(L, "%s: out of memory", fn);
    const char *bad = NULL;
    lua_pushnil(L);
    while (!bad && lua_next(L, idx)) {
        json_t *v = NULL;
        if (lua_type(L, -2) != LUA_TSTRING) bad = "(a key that is not a string)";
        else if (lua_isinteger(L, -1)) v = json_integer((json_int_t)lua_tointeger(L, -1));
        else if (lua_type(L, -1) == LUA_TNUMBER) v = json_real(lua_tonumber(L, -1));
        else if (lua_type(L, -1) == LUA_TSTRING) v = json_string(lua_tostring(L, -1));
        else bad = lua_tostring(L, -2);
        if (v && json_object_set_new(o, lua_tostring(L, -2), v)) bad = "(out of memory)";
        lua_pop(L, 1);
    }
    if (bad) {
        json_decref(o);
        lua_settop(L, idx);
        luaL_error(L, "%s: %s must be a number or a string", fn, rmlua_clip(L, bad));
    }
    int rc = rm_run_cfg_from_json(o, c, &e);
    json_decref(o);
    if (rc) luaL_error(L, "%s: %s", fn, e.msg);
}

static void set_num(lua_State *L, const char *k, double x) {
    lua_pushnumber(L, x);
    lua_setfield(L, -2, k);
}

/* recmem.train(description) -> net, results {phases = {{task, infloss, loss, si, entropy,
   ridge}, ...}, infloss, si, keep} */
static int l_train(lua_State *L) {
    const char *fn = "recmem.train";
    rmlua_state *st = rmlua_state_of(L);
    rm_run_cfg c;
    read_description(L, 1, &c, fn);
    lua_settop(L, 1);
    run_box *box = lua_newuserdatauv(L, sizeof *box, 0); /* 2 */
    box->run = NULL;
    luaL_setmetatable(L, RUN_BOX);
    rm_err e = {0};
    rm_ckpt *start = NULL;
    if (c.init_from[0] && rm_ckpt_load(c.init_from, &start, &e))
        return luaL_error(L, "%s: init_from: %s", fn, e.msg);
    rm_run *r = calloc(1, sizeof *r);
    if (!r) {
        rm_ckpt_free(start);
        return luaL_error(L, "%s: out of memory", fn);
    }
    int rc = rm_run_create(r, &c, start ? &start->net : NULL, NULL, 0, NULL, 0, &e);
    rm_ckpt_free(start);
    box->run = r; /* owned by the box from here on */
    if (rc) return luaL_error(L, "%s: %s", fn, e.msg);

    rm_run_meta meta;
    rm_run_meta_init(&meta);
    meta.run = r->cfg;
    rm_runfile rf;
    rm_runfile_opts ro = {.db = st->db, .no_db = st->db == NULL};
    rm_err warn;
    rm_runfile_begin(&rf, &ro, &r->tr, &meta, &warn);
    if (warn.code) rmlua_writef(L, 1, "recmem: warning: run not recorded: %s\n", warn.msg);
    atomic_store(&st->train_stop, st->interrupt_pending ? 1 : 0);
    rm_train_hooks h = {.stop = &st->train_stop};
    rc = rm_run_complete(r, &h, &e);
    rm_run_meta_results(&rf.meta, rm_run_result(r));
    rm_err ignored;
    rm_runfile_end(&rf, &r->tr, rc, rc && rc != RM_ESTOPPED ? e.msg : NULL, NULL, 0, &ignored,
                   &warn);
    rm_runfile_close(&rf);
    if (rc && rmlua_interrupted(L)) {
        char detail[96];
        snprintf(detail, sizeof detail, ": training stopped at iteration %ld", r->tr.iter);
        rmlua_check_interrupt(L, detail);
    }
    if (rc) return luaL_error(L, "%s: %s", fn, e.msg);

    /* the network takes over the run's net and trainer */
    rm_trainer *tr = malloc(sizeof *tr);
    if (!tr) return luaL_error(L, "%s: out of memory", fn);
    *tr = r->tr;
    memset(&r->tr, 0, sizeof r->tr);
    const rm_task *t = &r->task[r->phase];
    rmlua_net_push(L, &r->net, t->def->name, t->variant, r->cfg.seed, tr, &r->cfg);
    lua_createtable(L, 0, 4);
    lua_createtable(L, r->n_phases, 0);
    for (int p = 0; p < r->n_phases; p++) {
        const rm_test_result *x = &r->test[p];
        lua_createtable(L, 0, 6);
        lua_pushstring(L, r->task[p].def->name);
        lua_setfield(L, -2, "task");
        set_num(L, "infloss", x->infloss);
        set_num(L, "loss", x->loss);
        set_num(L, "si", x->si.si);
        set_num(L, "entropy", x->si.entropy);
        set_num(L, "ridge", x->si.ridge);
        lua_rawseti(L, -2, p + 1);
    }
    lua_setfield(L, -2, "phases");
    set_num(L, "infloss", rm_run_result(r)->infloss);
    set_num(L, "si", rm_run_result(r)->si.si);
    int keep = 1;
    for (int p = 0; p < r->n_phases; p++) keep = keep && r->test[p].infloss < 0.5;
    lua_pushboolean(L, keep);
    lua_setfield(L, -2, "keep");
    return 2;
}

void rmlua_open_train(lua_State *L, int mod) {
    /* the box never reaches a script, but it is a class like any other: hidden metatable,
       __close = __gc, safe twice */
    static const luaL_Reg no_methods[] = {{NULL, NULL}};
    static const luaL_Reg box_meta[] = {{"__gc", box_gc}, {NULL, NULL}};
    rmlua_newclass(L, RUN_BOX, no_methods, box_meta);
    lua_pushcfunction(L, l_train);
    lua_setfield(L, mod, "train");
}
