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
#include "lua/lsweep.h"
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

/* ---- recmem.workbench: caption(text), compare(on), message(text), show_pair(a, na, b, nb),
   guide(fn), pin_pair(on) ---- */

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

/* show_pair(trace_a, name_a, trace_b, name_b [, {stim=, delay=, resp=}]): the periods
   (e.g. net.task) are marked on both heatmaps when they add up to the traces' length. */
static int l_show_pair(lua_State *L) {
    wb_lua *c = self(L);
    const rm_trace *a = rmlua_check_trace(L, 1), *b = rmlua_check_trace(L, 3);
    const char *na = luaL_optstring(L, 2, ""), *nb = luaL_optstring(L, 4, "");
    int periods[3] = {0, 0, 0};
    if (!lua_isnoneornil(L, 5)) {
        static const char *const keys[] = {"stim", "delay", "resp"};
        for (int i = 0; i < 3; i++) {
            lua_getfield(L, 5, keys[i]);   /* a task object or a table */
            int ok = 0;
            lua_Integer v = lua_tointegerx(L, -1, &ok);
            if (!ok || v < 0 || v > a->T)
                return luaL_error(L, "recmem.workbench.show_pair: periods.%s must be an "
                                  "integer from 0 to %d", keys[i], a->T);
            periods[i] = (int)v;
            lua_pop(L, 1);
        }
    }
    c->hooks.show_pair(c->hooks.ud, a, na, b, nb, periods);
    return 0;
}

/* pin_pair([on]): the pair shown last moves above the heatmaps, which follow the runs */
static int l_pin_pair(lua_State *L) {
    wb_lua *c = self(L);
    if (c->hooks.pin_pair(c->hooks.ud, lua_isnone(L, 1) ? 1 : lua_toboolean(L, 1)) < 0)
        return luaL_error(L, "recmem.workbench.pin_pair: no pair to pin (show_pair first)");
    return 0;
}

/* The guide function lives in the registry under this key; nil removes it. */
static const char guide_key = 0;

static int l_guide(lua_State *L) {
    self(L);
    if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &guide_key);
    return 0;
}

static void set_workbench_table(wb_lua *c, int on) {
    lua_State *L = c->L;
    static const luaL_Reg fns[] = {
        {"caption", l_caption}, {"compare", l_compare}, {"message", l_message},
        {"show_pair", l_show_pair}, {"guide", l_guide}, {"pin_pair", l_pin_pair},
        {NULL, NULL}};
    if (lua_getglobal(L, "recmem") == LUA_TTABLE) {
        if (on) {
            lua_newtable(L);
            lua_pushlightuserdata(L, c);
            luaL_setfuncs(L, fns, 1);
        } else {
            lua_pushnil(L);
            lua_pushnil(L);   /* the guide goes with the workbench */
            lua_rawsetp(L, LUA_REGISTRYINDEX, &guide_key);
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
    rmlua_set_show_figure_handler(c->L, h ? h->show_figure : NULL, h ? h->ud : NULL);
    rmlua_set_service(c->L, h ? h->service : NULL, h ? h->ud : NULL);
    rmlua_set_sweep_watcher(c->L, h ? h->watch_sweep : NULL, h ? h->ud : NULL);
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

static void report_error(wb_lua *c) {
    size_t n = 0;
    const char *msg = lua_tolstring(c->L, -1, &n);
    lua_pushfstring(c->L, "%s\n", msg ? msg : "the script failed");
    msg = lua_tolstring(c->L, -1, &n);
    c->hooks.write(c->hooks.ud, msg, n, 1);
}

static int s_run_file(void *ctx, const char *path) {
    lua_State *L = ((wb_lua *)ctx)->L;
    int base = lua_gettop(L);
    int st = luaL_loadfile(L, path);
    if (st == LUA_OK) st = rmlua_docall(L, 0, 0);
    if (st != LUA_OK) report_error(ctx);
    lua_settop(L, base);
    return st == LUA_OK ? 0 : -1;
}

static int s_guide(void *ctx) {
    wb_lua *c = ctx;
    lua_State *L = c->L;
    int base = lua_gettop(L);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &guide_key) != LUA_TFUNCTION) {
        lua_settop(L, base);
        return -1;
    }
    if (rmlua_docall(L, 0, 0) != LUA_OK) report_error(c);
    lua_settop(L, base);
    return 0;
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
        .interrupt = s_interrupt, .run_file = s_run_file, .guide = s_guide, .unsaved = s_unsaved,
        .clear_runs = s_clear_runs, .poll = s_poll};
    rm_tui_opts o = {.demo = demo};
    int status = rm_tui_run(&sc, &o);
    rmlua_repl_free(c.repl);
    return status;
}
