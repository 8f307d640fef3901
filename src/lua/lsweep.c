/* lsweep.c: sweep description files and recmem.sweep.load (see lsweep.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "lua/lsweep.h"
#include "store/sweep_dir.h"
#include "store/sweep_grid.h"
#include "lua/rmlua_int.h"

/* A Lua value as JSON: strings, numbers (integers stay integers), booleans, and sequences
   of those; NULL for anything else. */
static json_t *scalar_json(lua_State *L, int idx) {
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: return json_string(lua_tostring(L, idx));
    case LUA_TBOOLEAN: return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        return lua_isinteger(L, idx) ? json_integer(lua_tointeger(L, idx))
                                     : json_real(lua_tonumber(L, idx));
    default: return NULL;
    }
}

static json_t *value_json(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return scalar_json(L, idx);
    lua_Integer n = luaL_len(L, idx);
    json_t *a = json_array();
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, idx, i);
        json_t *v = scalar_json(L, -1);
        lua_pop(L, 1);
        if (!v) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, v);
    }
    return a;
}

/* The table at idx as a JSON object of values; NULL with err on a bad key or value. */
static json_t *table_json(lua_State *L, int idx, const char *what, char *err, size_t n) {
    json_t *o = json_object();
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        json_t *v = lua_type(L, -2) == LUA_TSTRING ? value_json(L, lua_gettop(L)) : NULL;
        if (!v) {
            snprintf(err, n, "%s: the entry %s%s has a value that is not a string, a number "
                     "or a list of them", what, lua_type(L, -2) == LUA_TSTRING ?
                     lua_tostring(L, -2) : "(not a name)", "");
            lua_pop(L, 2);
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, lua_tostring(L, -2), v);
        lua_pop(L, 1);
    }
    return o;
}

static int describe(lua_State *L, const char *path, json_t **raw, char *err, size_t n) {
    if (luaL_loadfile(L, path) || lua_pcall(L, 0, 1, 0)) {
        snprintf(err, n, "%s", lua_tostring(L, -1));
        return -1;
    }
    if (!lua_istable(L, -1)) {
        snprintf(err, n, "%s: must return a table {base=..., axes=..., dir=..., name=...}", path);
        return -1;
    }
    int t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
        lua_pop(L, 1);
        if (strcmp(k, "base") && strcmp(k, "axes") && strcmp(k, "dir") && strcmp(k, "name")) {
            snprintf(err, n, "%s: unknown field '%s' (base, axes, dir, name)", path, k);
            return -1;
        }
    }
    *raw = json_object();
    static const char *const tables[] = {"base", "axes"};
    for (int k = 0; k < 2; k++) {
        lua_getfield(L, t, tables[k]);
        char what[600];
        snprintf(what, sizeof what, "%s: %s", path, tables[k]);
        json_t *o = lua_isnil(L, -1) ? json_object()
                    : lua_istable(L, -1) ? table_json(L, lua_gettop(L), what, err, n) : NULL;
        if (!o && !lua_istable(L, -1)) snprintf(err, n, "%s must be a table", what);
        lua_pop(L, 1);
        if (!o) {
            json_decref(*raw);
            return -1;
        }
        json_object_set_new(*raw, tables[k], o);
    }
    static const char *const texts[] = {"dir", "name"};
    for (int k = 0; k < 2; k++) {
        lua_getfield(L, t, texts[k]);
        if (lua_type(L, -1) == LUA_TSTRING)
            json_object_set_new(*raw, texts[k], json_string(lua_tostring(L, -1)));
        else if (!lua_isnil(L, -1)) {
            snprintf(err, n, "%s: %s must be a string", path, texts[k]);
            json_decref(*raw);
            return -1;
        }
        lua_pop(L, 1);
    }
    return 0;
}

int rmlua_sweep_describe(const char *path, json_t **raw, char *err, size_t n) {
    *raw = NULL;
    lua_State *L = luaL_newstate();
    if (!L) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    luaL_openlibs(L);
    int rc = describe(L, path, raw, err, n);
    lua_close(L);
    return rc;
}

/* ---- recmem.sweep.load ---- */

static void push_json(lua_State *L, const json_t *v) {
    if (json_is_string(v)) lua_pushstring(L, json_string_value(v));
    else if (json_is_integer(v)) lua_pushinteger(L, json_integer_value(v));
    else if (json_is_real(v)) lua_pushnumber(L, json_real_value(v));
    else if (json_is_boolean(v)) lua_pushboolean(L, json_is_true(v));
    else if (json_is_object(v)) {
        lua_createtable(L, 0, (int)json_object_size(v));
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x) {
            push_json(L, x);
            lua_setfield(L, -2, k);
        }
    } else if (json_is_array(v)) {
        lua_createtable(L, (int)json_array_size(v), 0);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            push_json(L, x);
            lua_seti(L, -2, (lua_Integer)i + 1);
        }
    } else lua_pushnil(L);
}

static rm_sweep *open_self(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "dir");
    const char *dir = luaL_checkstring(L, -1);
    rm_sweep *s;
    rm_err e;
    if (rm_sweep_open(dir, &s, &e)) luaL_error(L, "recmem.sweep: %s", e.msg);
    lua_pop(L, 1);
    return s;
}

/* s:results() */
static int l_results(lua_State *L) {
    rm_sweep *s = open_self(L);
    lua_createtable(L, (int)s->n, 0);
    for (size_t i = 0; i < s->n; i++) {
        json_t *r;
        rm_point_state st = rm_sweep_state(s, i, &r);
        lua_createtable(L, 0, 10);
        lua_pushinteger(L, (lua_Integer)i);
        lua_setfield(L, -2, "point");
        lua_pushstring(L, rm_point_state_name(st));
        lua_setfield(L, -2, "status");
        push_json(L, rm_sweep_point(s, i));
        lua_setfield(L, -2, "config");
        static const char *const keys[] = {"test_infloss", "keep", "si", "seconds", "iters",
                                           "resumed_from", "error", NULL};
        for (int k = 0; keys[k]; k++) {
            push_json(L, json_object_get(r, keys[k]));
            lua_setfield(L, -2, keys[k]);
        }
        json_decref(r);
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
    rm_sweep_free(s);
    return 1;
}

/* ---- recmem.sweep.watch ---- */

/* The workbench's grid pane handler, kept in the registry under this key's address. */
static const char watch_key = 0;
typedef struct {
    rmlua_sweep_watch_fn fn;
    void *ud;
} watcher;

void rmlua_set_sweep_watcher(lua_State *L, rmlua_sweep_watch_fn fn, void *ud) {
    watcher *w = lua_newuserdatauv(L, sizeof *w, 0);
    w->fn = fn;
    w->ud = ud;
    lua_rawsetp(L, LUA_REGISTRYINDEX, &watch_key);
}

/* Shows the sweep in dir: the workbench's grid pane follows it; elsewhere its grid is
   printed once. opts (index, may be none) names the axes and the value. */
static int watch(lua_State *L, const char *fn, const char *dir, int opts) {
    const char *x = NULL, *y = NULL, *z = NULL;
    if (!lua_isnoneornil(L, opts)) {
        luaL_checktype(L, opts, LUA_TTABLE);
        static const char *const known[] = {"x", "y", "z", NULL};
        rmlua_check_keys(L, opts, fn, known);
        x = rmlua_opt_str(L, opts, fn, "x", NULL);
        y = rmlua_opt_str(L, opts, fn, "y", NULL);
        z = rmlua_opt_str(L, opts, fn, "z", NULL);
    }
    rm_sweep_grid *g;
    rm_err e;
    /* opened here in either case, so a bad directory or axis is an error of this call */
    if (rm_sweep_grid_open(dir, x, y, z, &g, &e)) return luaL_error(L, "%s: %s", fn, e.msg);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &watch_key);
    watcher *w = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (w && w->fn) {
        char err[256] = "";
        /* the pane opens its own copy: it outlives this call */
        int rc = w->fn(w->ud, dir, g->xkey, g->ykey, g->zkey, err, sizeof err);
        rm_sweep_grid_free(g);
        if (rc) return luaL_error(L, "%s: %s", fn, err);
        return 0;
    }
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (f) {
        rm_sweep_grid_print(g, f);
        fclose(f);
    }
    rm_sweep_grid_free(g);
    if (!f || !text) {
        free(text);
        return luaL_error(L, "%s: out of memory", fn);
    }
    rmlua_write(L, text, n, 0);
    free(text);
    return 0;
}

/* recmem.sweep.watch(dir [, {x=, y=, z=}]) */
static int l_watch(lua_State *L) {
    return watch(L, "recmem.sweep.watch", luaL_checkstring(L, 1), 2);
}

/* s:watch([{x=, y=, z=}]) */
static int l_self_watch(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "dir");
    const char *dir = luaL_checkstring(L, -1);
    lua_pop(L, 1);   /* the table still holds it */
    return watch(L, "sweep:watch", dir, 2);
}

static int is_sweep(lua_State *L, int idx) {
    if (!lua_istable(L, idx) || !lua_getmetatable(L, idx)) return 0;
    luaL_getmetatable(L, "recmem.sweep");
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

/* recmem.show(s) for a sweep object; anything else goes to the show it wraps. */
static int l_show_sweep(lua_State *L) {
    if (!is_sweep(L, 1)) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
        return lua_gettop(L);
    }
    lua_settop(L, 2);
    lua_getfield(L, 1, "dir");
    const char *dir = luaL_checkstring(L, -1);
    lua_pop(L, 1);
    return watch(L, "recmem.show", dir, 2);
}

static int l_tostring(lua_State *L) {
    lua_getfield(L, 1, "name");
    lua_getfield(L, 1, "n");
    lua_getfield(L, 1, "dir");
    lua_pushfstring(L, "sweep %s - %d points in %s", lua_tostring(L, -3),
                    (int)lua_tointeger(L, -2), lua_tostring(L, -1));
    return 1;
}

/* recmem.sweep.load(dir) */
static int l_load(lua_State *L) {
    const char *dir = luaL_checkstring(L, 1);
    rm_sweep *s;
    rm_err e;
    if (rm_sweep_open(dir, &s, &e)) return luaL_error(L, "recmem.sweep.load: %s", e.msg);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, s->name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, dir);
    lua_setfield(L, -2, "dir");
    lua_pushinteger(L, (lua_Integer)s->n);
    lua_setfield(L, -2, "n");
    push_json(L, json_object_get(s->desc, "axes"));
    lua_setfield(L, -2, "axes");
    rm_sweep_free(s);
    if (luaL_newmetatable(L, "recmem.sweep")) {
        static const luaL_Reg methods[] = {{"results", l_results}, {"watch", l_self_watch},
                                           {NULL, NULL}};
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_setmetatable(L, -2);
    return 1;
}

void rmlua_open_sweep(lua_State *L) {
    lua_getglobal(L, "recmem");
    if (lua_istable(L, -1)) {
        static const luaL_Reg fns[] = {{"load", l_load}, {"watch", l_watch}, {NULL, NULL}};
        luaL_newlib(L, fns);
        lua_setfield(L, -2, "sweep");
        lua_getfield(L, -1, "show");
        lua_pushcclosure(L, l_show_sweep, 1);
        lua_setfield(L, -2, "show");
    }
    lua_pop(L, 1);
}
