/* bind_plot_text.c: figures drawn in the terminal from Lua, through the plot layer's text
 * renderer (src/plot/plot_text.c): fig:text{...} returns the text, fig:print{...} writes
 * it, recmem.plot.terminal() says whether stdout is a terminal (and its size and colours),
 * and recmem.show(fig) outside the workbench draws the figure when stdout is a terminal
 * (an analysis result: its summary line, then its figure); elsewhere recmem.show keeps its
 * one-line summaries and, in the workbench, its panes. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plot/plot.h"
#include "rmlua_int.h"

/* stdout is a terminal that this state writes to (the workbench takes stdout over); its
   size and colours as the plot layer finds them. */
static int on_terminal(lua_State *L, int *cols, int *lines, plot_text_color *color) {
    int fd = rmlua_state_of(L)->show_figure ? -1 : STDOUT_FILENO;
    return plot_text_terminal(fd, cols, lines, color);
}

static const char *color_name(plot_text_color c) {
    return c == PLOT_TEXT_24BIT ? "24bit" : c == PLOT_TEXT_256 ? "256" : "none";
}

/* The options {width=, height=, color=} at idx (absent: defaults) for figure f. */
static void text_options(lua_State *L, int idx, const char *fn, const plot_figure *f, int *width,
                         int *height, plot_text_color *color) {
    static const char *const keys[] = {"width", "height", "color", NULL};
    int cols, lines, w, h;
    plot_text_color terminal;
    int term = on_terminal(L, &cols, &lines, &terminal);
    /* colours only on a terminal, as ls and grep do: a file or a pipe, and the workbench's
       scrollback, get text without escape sequences unless asked for colours */
    plot_text_color automatic = term ? terminal : PLOT_TEXT_PLAIN;
    *color = automatic;
    plot_text_size(f, cols, lines, &w, &h);
    if (lua_isnoneornil(L, idx)) {
        *width = w, *height = h;
        return;
    }
    luaL_checktype(L, idx, LUA_TTABLE);
    rmlua_check_keys(L, idx, fn, keys);
    *width = (int)rmlua_opt_int(L, idx, fn, "width", w, PLOT_TEXT_MIN_W, PLOT_TEXT_MAX_W);
    *height = (int)rmlua_opt_int(L, idx, fn, "height", h, PLOT_TEXT_MIN_H, PLOT_TEXT_MAX_H);
    int t = lua_getfield(L, idx, "color");
    if (t == LUA_TBOOLEAN) {
        /* true: colours even off a terminal, 24-bit where COLORTERM says so */
        *color = !lua_toboolean(L, -1)          ? PLOT_TEXT_PLAIN
                 : terminal == PLOT_TEXT_24BIT ? PLOT_TEXT_24BIT
                                               : PLOT_TEXT_256;
    } else if (t == LUA_TSTRING) {
        const char *s = lua_tostring(L, -1);
        if (!strcmp(s, "none")) *color = PLOT_TEXT_PLAIN;
        else if (!strcmp(s, "256")) *color = PLOT_TEXT_256;
        else if (!strcmp(s, "24bit")) *color = PLOT_TEXT_24BIT;
        else if (!strcmp(s, "auto")) *color = automatic;
        else
            luaL_error(L, "%s: color must be \"auto\", \"none\", \"256\", \"24bit\" or a boolean, "
                          "not \"%s\"", fn, rmlua_clip(L, s));
    } else if (t != LUA_TNIL) {
        luaL_error(L, "%s: color must be a string or a boolean, not %s", fn, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
}

/* Pushes the text of the figure at 1 with the options at 2. */
static void push_text(lua_State *L, const char *fn) {
    plot_figure *f = rmlua_test_figure(L, 1);
    if (!f) luaL_error(L, "%s: expected a figure, not %s", fn, luaL_typename(L, 1));
    int w, h;
    plot_text_color c;
    text_options(L, 2, fn, f, &w, &h, &c);
    char *s = NULL;
    rm_err e = {0};
    if (plot_text(f, w, h, c, &s, &e)) luaL_error(L, "%s: %s", fn, e.msg);
    lua_pushstring(L, s);
    free(s);
}

/* fig:text{width=, height=, color=} -> the figure as text */
static int f_text(lua_State *L) {
    push_text(L, "fig:text");
    return 1;
}

/* fig:print{width=, height=, color=}: writes it where print writes */
static int f_print(lua_State *L) {
    push_text(L, "fig:print");
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    rmlua_write(L, s, n, 0);
    return 0;
}

/* recmem.plot.terminal() -> columns, lines, colours ("24bit", "256" or "none") when stdout
   is a terminal (outside the workbench); nil otherwise. */
static int l_terminal(lua_State *L) {
    int cols, lines;
    plot_text_color c;
    if (!on_terminal(L, &cols, &lines, &c)) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushinteger(L, cols ? cols : 80);
    lua_pushinteger(L, lines ? lines : 24);
    lua_pushstring(L, color_name(c));
    return 3;
}

/* recmem.show(x) wrapping the show before it (upvalue 1): outside the workbench, on a
   terminal, a figure is drawn instead of summarised and an analysis result gets its figure
   under its summary. */
static int l_show_text(lua_State *L) {
    int nargs = lua_gettop(L);
    int fig = nargs >= 1 && rmlua_test_figure(L, 1);
    int drawn = 0;
    int cols, lines;
    plot_text_color c;
    if (nargs >= 1 && on_terminal(L, &cols, &lines, &c) && (fig || lua_istable(L, 1))) {
        if (!fig) {
            /* the original show prints the summary (and checks the result) first */
            lua_pushvalue(L, lua_upvalueindex(1));
            lua_pushvalue(L, 1);
            lua_call(L, 1, 0);
            lua_getfield(L, lua_upvalueindex(2), "figure_of");
            lua_pushvalue(L, 1);
            lua_call(L, 1, 1);
            lua_replace(L, 1);
        }
        lua_settop(L, 1);
        lua_pushnil(L);
        push_text(L, "recmem.show");
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        rmlua_write(L, s, n, 0);
        drawn = 1;
    }
    if (drawn) return 0;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

void rmlua_open_plot_text(lua_State *L, int mod) {
    luaL_getmetatable(L, RMLUA_FIGURE);
    lua_getfield(L, -1, "__methods");
    static const luaL_Reg methods[] = {{"text", f_text}, {"print", f_print}, {NULL, NULL}};
    luaL_setfuncs(L, methods, 0);
    lua_pop(L, 2);
    lua_getfield(L, mod, "plot");
    int plot = lua_gettop(L);
    lua_pushcfunction(L, l_terminal);
    lua_setfield(L, plot, "terminal");
    lua_getfield(L, mod, "show");
    lua_pushvalue(L, plot);
    lua_pushcclosure(L, l_show_text, 2);
    lua_setfield(L, mod, "show");
    lua_pop(L, 1);
}
