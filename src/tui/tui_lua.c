/* tui_lua.c: the `recmem.workbench` table (caption, compare, message) that scripts use to
 * arrange the workbench, and the teaching demo, which is examples/teach.lua run in the
 * workbench's own Lua state so a teacher can read and change it. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lauxlib.h>
#include "tui/tui_lua.h"

#ifndef RM_EXAMPLESDIR
#define RM_EXAMPLESDIR "/usr/local/share/recmem/examples"
#endif
#ifndef RM_SRC_EXAMPLESDIR
#define RM_SRC_EXAMPLESDIR "examples"
#endif

static wb *self(lua_State *L) { return lua_touserdata(L, lua_upvalueindex(1)); }

static int l_caption(lua_State *L) {
    wb *w = self(L);
    const char *s = luaL_optstring(L, 1, "");
    int had = w->caption[0] != 0;
    snprintf(w->caption, sizeof w->caption, "%s", s);
    if (had != (w->caption[0] != 0)) wb_layout(w);
    wb_redraw_all(w);
    return 0;
}

static int l_compare(lua_State *L) {
    wb *w = self(L);
    w->compare = lua_isnone(L, 1) ? 1 : lua_toboolean(L, 1);
    wb_layout(w);
    wb_redraw_all(w);
    return 0;
}

static int l_message(lua_State *L) {
    wb_message(self(L), "%s", luaL_checkstring(L, 1));
    return 0;
}

void tui_lua_install(wb *w) {
    lua_State *L = w->L;
    static const luaL_Reg fns[] = {
        {"caption", l_caption}, {"compare", l_compare}, {"message", l_message}, {NULL, NULL}};
    if (lua_getglobal(L, "recmem") != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_newtable(L);
    lua_pushlightuserdata(L, w);
    luaL_setfuncs(L, fns, 1);
    lua_setfield(L, -2, "workbench");
    lua_pop(L, 1);
}

void tui_lua_remove(wb *w) {
    lua_State *L = w->L;
    if (lua_getglobal(L, "recmem") == LUA_TTABLE) {
        lua_pushnil(L);
        lua_setfield(L, -2, "workbench");
    }
    lua_pop(L, 1);
}

static int traceback(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
    return 1;
}

void tui_demo_start(wb *w) {
    char cand[3][1024];
    int n = 0;
    const char *env = getenv("RECMEM_TEACH");
    if (env && *env) snprintf(cand[n++], sizeof cand[0], "%s", env);
    snprintf(cand[n++], sizeof cand[0], "%s/teach.lua", RM_SRC_EXAMPLESDIR);
    snprintf(cand[n++], sizeof cand[0], "%s/teach.lua", RM_EXAMPLESDIR);
    const char *path = NULL;
    for (int i = 0; i < n && !path; i++)
        if (access(cand[i], R_OK) == 0) path = cand[i];
    if (!path) {
        prompt_notice(w, "demo: teach.lua not found (looked in %s and %s; set RECMEM_TEACH)",
                      RM_SRC_EXAMPLESDIR, RM_EXAMPLESDIR);
        return;
    }
    prompt_notice(w, "teaching demo: running %s", path);
    lua_State *L = w->L;
    lua_pushcfunction(L, traceback);
    int base = lua_gettop(L);
    term_in_lua = 1;
    int st = luaL_loadfile(L, path);
    if (st == LUA_OK) st = lua_pcall(L, 0, 0, base);
    term_in_lua = 0;
    fflush(stdout);
    if (st != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        prompt_append(w->pr, msg ? msg : "demo failed", strlen(msg ? msg : "demo failed"), 1);
        prompt_append(w->pr, "\n", 1, 1);
        lua_pop(L, 1);
    }
    lua_settop(L, base - 1);
}
