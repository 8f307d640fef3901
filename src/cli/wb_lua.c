/* wb_lua.c: the workbench over a Lua state. Fills the workbench's script table
 * (rm_tui_script, tui/tui.h) with functions of the Lua layer, and routes the workbench's
 * hooks back into it: Lua output, recmem.show, the service call of wait loops and the
 * `recmem.workbench` table scripts use to arrange the panes. Only this file sees both
 * sides, so src/tui never includes lua.h. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include "cli/wb_lua.h"
#include "lua/rmlua.h"
#include "tui/tui.h"

typedef struct {
    lua_State *L;
    rmlua_repl *repl;
    rm_tui_hooks hooks;     /* the workbench's, while attached */
} wb_lua;

/* The adapter behind a recmem.workbench function; an error once the workbench has closed
   (a script may have kept the function). */
static wb_lua *self(lua_State *L) {
    wb_lua *c = lua_touserdata(L, lua_upvalueindex(1));
    if (!c->hooks.ud) luaL_error(L, "recmem.workbench: the workbench has closed");
    return c;
}

/* ---- recmem.workbench: caption(text), compare(on), message(text) ---- */

static int l_caption(lua_State *L) {
    wb_lua *c = self(L);
    c->hooks.caption(c->hooks.ud, luaL_optstring(L, 1, ""));
    return 0;
}

static int l_compare(lua_State *L) {
    wb_lua *c = self(L);
    c->hooks.compare(c->hooks.ud, lua_isnone(L, 1) ? 1 : lua_toboolean(L, 1));
    return 0;
}

static int l_message(lua_State *L) {
    wb_lua *c = self(L);
    c->hooks.message(c->hooks.ud, luaL_checkstring(L, 1));
    return 0;
}

static void set_workbench_table(wb_lua *c, int on) {
    lua_State *L = c->L;
    static const luaL_Reg fns[] = {
        {"caption", l_caption}, {"compare", l_compare}, {"message", l_message}, {NULL, NULL}};
    if (lua_getglobal(L, "recmem") == LUA_TTABLE) {
        if (on) {
            lua_newtable(L);
            lua_pushlightuserdata(L, c);
            luaL_setfuncs(L, fns, 1);
        } else {
            lua_pushnil(L);
        }
        lua_setfield(L, -2, "workbench");
    }
    lua_pop(L, 1);
}

/* ---- the script table ---- */

static void s_attach(void *ctx, const rm_tui_hooks *h) {
    wb_lua *c = ctx;
    if (h) c->hooks = *h;
    rmlua_set_output(c->L, h ? h->write : NULL, h ? h->ud : NULL);
    rmlua_set_show_handler(c->L, h ? h->show : NULL, h ? h->ud : NULL);
    rmlua_set_service(c->L, h ? h->service : NULL, h ? h->ud : NULL);
    rmlua_set_async_default(c->L, h != NULL);
    set_workbench_table(c, h != NULL);
    if (!h) memset(&c->hooks, 0, sizeof c->hooks);
}

static int s_eval(void *ctx, const char *line, const char **chunk) {
    wb_lua *c = ctx;
    return rmlua_repl_feed(c->repl, line, chunk) == RMLUA_MORE ? RM_TUI_MORE : RM_TUI_DONE;
}

static const char *s_prompt(void *ctx) {
    return rmlua_repl_prompt(((wb_lua *)ctx)->repl);
}

static void s_reset(void *ctx) {
    rmlua_repl_reset(((wb_lua *)ctx)->repl);
}

static char **s_complete(void *ctx, const char *line, int start, int end) {
    return rmlua_complete(((wb_lua *)ctx)->L, line, start, end);
}

static void s_interrupt(void *ctx) {
    rmlua_interrupt(((wb_lua *)ctx)->L);
}

static int s_run_file(void *ctx, const char *path) {
    lua_State *L = ((wb_lua *)ctx)->L;
    int base = lua_gettop(L);
    int st = luaL_loadfile(L, path);
    if (st == LUA_OK) st = rmlua_docall(L, 0, 0);
    if (st != LUA_OK) {
        size_t n = 0;
        const char *msg = lua_tolstring(L, -1, &n);
        lua_pushfstring(L, "%s\n", msg ? msg : "the script failed");
        msg = lua_tolstring(L, -1, &n);
        ((wb_lua *)ctx)->hooks.write(((wb_lua *)ctx)->hooks.ud, msg, n, 1);
    }
    lua_settop(L, base);
    return st == LUA_OK ? 0 : -1;
}

static int s_unsaved(void *ctx) {
    return rmlua_unsaved(((wb_lua *)ctx)->L);
}

static size_t s_clear_runs(void *ctx) {
    return rmlua_clear_finished_runs(((wb_lua *)ctx)->L);
}

static void s_poll(void *ctx) {
    rmlua_poll_runs(((wb_lua *)ctx)->L);
}

int cli_workbench(lua_State *L, int demo) {
    wb_lua c = {.L = L, .repl = rmlua_repl_new(L)};
    if (!c.repl) {
        fputs("recmem: out of memory\n", stderr);
        return 1;
    }
    const rm_tui_script sc = {
        .ctx = &c, .jobs = rmlua_joblist(L), .attach = s_attach, .eval = s_eval,
        .prompt = s_prompt, .reset = s_reset, .complete = s_complete,
        .interrupt = s_interrupt, .run_file = s_run_file, .unsaved = s_unsaved,
        .clear_runs = s_clear_runs, .poll = s_poll};
    rm_tui_opts o = {.demo = demo};
    int status = rm_tui_run(&sc, &o);
    rmlua_repl_free(c.repl);
    return status;
}
