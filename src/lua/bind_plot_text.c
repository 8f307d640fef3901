/* bind_plot_text.c: figures drawn in the terminal from Lua, through the plot layer's text
 * renderer (src/plot/plot_text.c): fig:text{...} returns the text, fig:print{...} writes
 * it, recmem.plot.terminal() says whether stdout is a terminal (and its size and colours),
 * and recmem.show(fig) outside the workbench draws the figure when stdout is a terminal
 * (an analysis result: its summary line, then its figure); elsewhere recmem.show keeps its
 * one-line summaries and, in the workbench, its panes. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "plot/plot.h"
#include "rmlua_int.h"

/* The default height's ceiling: a wide terminal still shows a figure and some text. */
#define DEFAULT_MAX_H 36

/* stdout is a terminal that this state writes to (the workbench takes stdout over). */
static int on_terminal(lua_State *L) {
    return !rmlua_state_of(L)->show_figure && isatty(STDOUT_FILENO);
}

/* The terminal's size: COLUMNS / LINES when set (also for output into a file), else what
   the terminal on stdout says, if it is one; 0 unknown. */
static void terminal_size(lua_State *L, int *cols, int *lines) {
    struct winsize ws;
    int have = on_terminal(L) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;
    const char *c = getenv("COLUMNS"), *l = getenv("LINES");
    *cols = c && atoi(c) > 0 ? atoi(c) : have ? ws.ws_col : 0;
    *lines = l && atoi(l) > 0 ? atoi(l) : have ? ws.ws_row : 0;
}

/* The colours a terminal takes: none under NO_COLOR (https://no-color.org) or TERM=dumb,
   24-bit where COLORTERM says so, else the xterm-256 palette. */
static plot_text_color terminal_colors(void) {
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM"), *ct = getenv("COLORTERM");
    if ((nc && *nc) || !term || !*term || !strcmp(term, "dumb")) return PLOT_TEXT_PLAIN;
    if (ct && (!strcmp(ct, "truecolor") || !strcmp(ct, "24bit"))) return PLOT_TEXT_24BIT;
    return PLOT_TEXT_256;
}

static const char *color_name(plot_text_color c) {
    return c == PLOT_TEXT_24BIT ? "24bit" : c == PLOT_TEXT_256 ? "256" : "none";
}

/* The options {width=, height=, color=} at idx (absent: defaults) for figure f. */
static void text_options(lua_State *L, int idx, const char *fn, const plot_figure *f, int *width,
                         int *height, plot_text_color *color) {
    static const char *const keys[] = {"width", "height", "color", NULL};
    int term = on_terminal(L), cols, lines;
    terminal_size(L, &cols, &lines);
    /* colours only on a terminal, as ls and grep do: a file or a pipe, and the workbench's
       scrollback, get text without escape sequences unless asked for colours */
    plot_text_color automatic = term ? terminal_colors() : PLOT_TEXT_PLAIN;
    *color = automatic;
    int w = cols >= PLOT_TEXT_MIN_W ? (cols > PLOT_TEXT_MAX_W ? PLOT_TEXT_MAX_W : cols) : cols ? PLOT_TEXT_MIN_W : 80;
    /* the figure's proportions, a cell being about twice as tall as wide; within the
       terminal's height when it is known */
    double fw, fh;
    plot_figure_size(f, &fw, &fh);
    int h = (int)(w * fh / fw * 0.5 + 0.5) + (f->title ? 1 : 0);
    if (h > DEFAULT_MAX_H) h = DEFAULT_MAX_H;
    if (lines > 1 && h > lines - 1) h = lines - 1;
    if (h < PLOT_TEXT_MIN_H) h = PLOT_TEXT_MIN_H;
    if (h > PLOT_TEXT_MAX_H) h = PLOT_TEXT_MAX_H;
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
        plot_text_color c = terminal_colors();
        *color = !lua_toboolean(L, -1) ? PLOT_TEXT_PLAIN : c == PLOT_TEXT_24BIT ? c : PLOT_TEXT_256;
    } else if (t == LUA_TSTRING) {
        const char *s = lua_tostring(L, -1);
        if (!strcmp(s, "none")) *color = PLOT_TEXT_PLAIN;
        else if (!strcmp(s, "256")) *color = PLOT_TEXT_256;
        else if (!strcmp(s, "24bit")) *color = PLOT_TEXT_24BIT;
        else if (!strcmp(s, "auto")) *color = automatic;
        else luaL_error(L, "%s: color must be \"auto\", \"none\", \"256\", \"24bit\" or a boolean, not \"%s\"", fn,
                        rmlua_clip(L, s));
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
    if (!on_terminal(L)) {
        lua_pushnil(L);
        return 1;
    }
    int cols, lines;
    terminal_size(L, &cols, &lines);
    lua_pushinteger(L, cols ? cols : 80);
    lua_pushinteger(L, lines ? lines : 24);
    lua_pushstring(L, color_name(terminal_colors()));
    return 3;
}

/* recmem.show(x) wrapping the show before it (upvalue 1): outside the workbench, on a
   terminal, a figure is drawn instead of summarised and an analysis result gets its figure
   under its summary. */
static int l_show_text(lua_State *L) {
    int nargs = lua_gettop(L);
    int fig = nargs >= 1 && rmlua_test_figure(L, 1);
    int drawn = 0;
    if (nargs >= 1 && on_terminal(L) && (fig || lua_istable(L, 1))) {
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
