/* bind_plot.c: figures in Lua ("recmem.figure"): recmem.plot.heatmap{...}, .lines{...},
 * .dots{...}, .grid{...} and .runs_map(rows, {...}) build a figure description of the plot
 * layer (src/plot), fig:save("fig.pdf"|".svg"|".png") renders it; tr:plot() and run:plot()
 * make recmem's own figures; recmem.show(fig) puts a heatmap in the workbench's heatmap
 * pane, and elsewhere prints the figure's one-line summary. Arrays come as tensors or as
 * Lua tables of numbers; all of them are copied into the figure. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plot/plot.h"
#include "rmlua_int.h"

typedef struct {
    plot_figure *f;
} figud;

static plot_figure *check_fig(lua_State *L, int idx) {
    figud *u = luaL_checkudata(L, idx, RMLUA_FIGURE);
    if (!u->f) luaL_error(L, "figure has been freed");
    return u->f;
}

/* Pushes an empty figure object; its description is created at once (so an error while
   filling it leaves it to the garbage collector). */
static plot_figure *push_fig(lua_State *L) {
    figud *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->f = NULL;
    luaL_setmetatable(L, RMLUA_FIGURE);
    rm_err e = {0};
    if (!(u->f = plot_figure_new(&e))) luaL_error(L, "%s", e.msg);
    return u->f;
}

static void plot_fail(lua_State *L, const char *fn, const rm_err *e) {
    luaL_error(L, "%s: %s", fn, e->msg[0] ? e->msg : "failed");
}

/* ---- arrays from Lua ---- */

/* Scratch memory for n doubles that the garbage collector frees (pushed on the stack). */
static double *scratch(lua_State *L, size_t n) {
    return rmlua_scratch(L, n * sizeof(double));
}

/* The numbers of a tensor (any shape, flattened) or a table {1, 2, ...} at idx; pushes the
   scratch buffer. `what` names the argument in errors. */
static double *get_numbers(lua_State *L, int idx, const char *fn, const char *what, int *n) {
    idx = lua_absindex(L, idx);
    rmlua_tensor *t = rmlua_tensor_test(L, idx);
    if (t) {
        if (!t->data) luaL_error(L, "%s: %s is a freed tensor", fn, what);
        if (t->numel > 100000000) luaL_error(L, "%s: %s is too large", fn, what);
        double *v = scratch(L, t->numel);
        for (size_t i = 0; i < t->numel; i++) v[i] = t->data[i];
        *n = (int)t->numel;
        return v;
    }
    if (!lua_istable(L, idx))
        luaL_error(L, "%s: %s must be a tensor or a table of numbers, not %s", fn, what,
                   luaL_typename(L, idx));
    lua_Integer len = luaL_len(L, idx);
    if (len < 0 || len > 100000000) luaL_error(L, "%s: %s has a length of %I", fn, what, (LUAI_UACINT)len);
    double *v = scratch(L, (size_t)len);
    for (lua_Integer i = 1; i <= len; i++) {
        int ty = lua_geti(L, idx, i);
        if (ty != LUA_TNUMBER)
            luaL_error(L, "%s: %s[%I] must be a number, not %s", fn, what, (LUAI_UACINT)i,
                       luaL_typename(L, -1));
        v[i - 1] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    *n = (int)len;
    return v;
}

/* A 2-D array: a 2-D tensor or a table of equally long rows. Pushes the scratch buffer. */
static double *get_matrix(lua_State *L, int idx, const char *fn, const char *what, int *rows,
                          int *cols) {
    idx = lua_absindex(L, idx);
    rmlua_tensor *t = rmlua_tensor_test(L, idx);
    if (t) {
        if (t->ndim != 2)
            luaL_error(L, "%s: %s must be a 2-D tensor (rows x columns), not %d-D", fn, what, t->ndim);
        *rows = t->shape[0], *cols = t->shape[1];
        int n;
        return get_numbers(L, idx, fn, what, &n);
    }
    if (!lua_istable(L, idx))
        luaL_error(L, "%s: %s must be a 2-D tensor or a table of rows, not %s", fn, what,
                   luaL_typename(L, idx));
    lua_Integer r = luaL_len(L, idx);
    int c = 0;
    if (r > 0) {   /* the first row sets the width */
        lua_geti(L, idx, 1);
        rmlua_tensor *t1 = rmlua_tensor_test(L, -1);
        c = t1 ? (int)t1->numel : lua_istable(L, -1) ? (int)luaL_len(L, -1) : 0;
        lua_pop(L, 1);
    }
    if ((double)r * c > 1e8) luaL_error(L, "%s: %s is too large", fn, what);
    double *v = scratch(L, (size_t)r * (size_t)c);
    for (lua_Integer i = 1; i <= r; i++) {
        lua_geti(L, idx, i);
        if (!lua_istable(L, -1) && !rmlua_tensor_test(L, -1))
            luaL_error(L, "%s: %s[%I] must be a row (a table of numbers), not %s", fn, what,
                       (LUAI_UACINT)i, luaL_typename(L, -1));
        int n;
        double *row = get_numbers(L, -1, fn, what, &n);
        if (n != c)
            luaL_error(L, "%s: %s row %I has %d values, row 1 has %d", fn, what, (LUAI_UACINT)i, n, c);
        memcpy(v + (size_t)(i - 1) * c, row, (size_t)n * sizeof *v);
        lua_pop(L, 2);   /* the row's scratch and the row */
    }
    *rows = (int)r, *cols = c;
    return v;
}

/* The labels in the table at field key of the options (NULL if absent): strings, or
   numbers as their text. Pushes what keeps them alive (the caller resets the stack). */
static const char **get_strings(lua_State *L, int opts, const char *fn, const char *key, int *n) {
    *n = 0;
    if (lua_getfield(L, opts, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (!lua_istable(L, -1))
        luaL_error(L, "%s: %s must be a table of labels, not %s", fn, key, luaL_typename(L, -1));
    int tab = lua_gettop(L);
    lua_Integer len = luaL_len(L, tab);
    if (len < 0 || len > 1000000) luaL_error(L, "%s: %s has %I labels", fn, key, (LUAI_UACINT)len);
    const char **s = lua_newuserdatauv(L, (size_t)(len ? len : 1) * sizeof *s, 1);
    lua_createtable(L, (int)len, 0);   /* the texts, kept with the buffer */
    for (lua_Integer i = 1; i <= len; i++) {
        int ty = lua_geti(L, tab, i);
        if (ty != LUA_TSTRING && ty != LUA_TNUMBER)
            luaL_error(L, "%s: %s[%I] must be a string, not %s", fn, key, (LUAI_UACINT)i,
                       luaL_typename(L, -1));
        s[i - 1] = luaL_tolstring(L, -1, NULL);
        lua_rawseti(L, tab + 2, i);
        lua_pop(L, 1);
    }
    lua_setiuservalue(L, tab + 1, 1);
    *n = (int)len;
    return s;
}

/* ---- common options ---- */

static const char *const COMMON_KEYS[] = {"title", "xlabel", "ylabel", "width", "height", "dpi",
                                          "xmin", "xmax", "ymin", "ymax", "periods", "hline"};
enum { N_COMMON = sizeof COMMON_KEYS / sizeof *COMMON_KEYS };

static void check_keys(lua_State *L, const char *fn, const char *const *own) {
    const char *all[40];
    int k = 0;
    for (int i = 0; i < N_COMMON; i++) all[k++] = COMMON_KEYS[i];
    for (int i = 0; own[i] && k < 39; i++) all[k++] = own[i];
    all[k] = NULL;
    rmlua_check_keys(L, 1, fn, all);
}

static void set_label(lua_State *L, const char *fn, char **dst, const char *key) {
    const char *s = rmlua_opt_str(L, 1, fn, key, NULL);
    rm_err e = {0};
    if (s && plot_set_str(dst, s, &e)) plot_fail(L, fn, &e);
}

/* Options every figure kind takes: labels, limits, size, task periods. */
static void common_options(lua_State *L, const char *fn, plot_figure *f, plot_panel *p) {
    set_label(L, fn, &p->title, "title");
    set_label(L, fn, &p->xlabel, "xlabel");
    set_label(L, fn, &p->ylabel, "ylabel");
    f->width = rmlua_opt_num(L, 1, fn, "width", 0);
    f->height = rmlua_opt_num(L, 1, fn, "height", 0);
    f->dpi = rmlua_opt_num(L, 1, fn, "dpi", 0);
    p->xmin = rmlua_opt_num(L, 1, fn, "xmin", p->xmin);
    p->xmax = rmlua_opt_num(L, 1, fn, "xmax", p->xmax);
    p->ymin = rmlua_opt_num(L, 1, fn, "ymin", p->ymin);
    p->ymax = rmlua_opt_num(L, 1, fn, "ymax", p->ymax);
    p->hline = rmlua_opt_num(L, 1, fn, "hline", NAN);
    if (lua_getfield(L, 1, "periods") != LUA_TNIL) {
        /* periods = {{0, 25, "stim"}, {25, 125, "delay"}, ...} */
        if (!lua_istable(L, -1)) luaL_error(L, "%s: periods must be a table of {start, end, name}", fn);
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, -1, i);
            if (!lua_istable(L, -1)) luaL_error(L, "%s: periods[%I] must be {start, end, name}", fn, (LUAI_UACINT)i);
            lua_geti(L, -1, 1), lua_geti(L, -2, 2), lua_geti(L, -3, 3);
            if (!lua_isnumber(L, -3) || !lua_isnumber(L, -2))
                luaL_error(L, "%s: periods[%I] must be {start, end, name}", fn, (LUAI_UACINT)i);
            rm_err e = {0};
            if (plot_span_add(p, lua_tonumber(L, -3), lua_tonumber(L, -2), lua_tostring(L, -1), &e))
                luaL_error(L, "%s: periods[%I]: %s", fn, (LUAI_UACINT)i, e.msg);
            lua_pop(L, 4);
        }
    }
    lua_pop(L, 1);
}

/* Checks the finished figure so that a bad one fails where it was made, not at save. */
static void finish(lua_State *L, const char *fn, plot_figure *f) {
    rm_err e = {0};
    if (plot_figure_check(f, &e)) plot_fail(L, fn, &e);
}

/* ---- the kinds ---- */

/* recmem.plot.heatmap{z, zmin=, zmax=, zlabel=, xlabels=, ylabels=, origin="top"|"bottom", ...} */
static int l_heatmap(lua_State *L) {
    const char *fn = "recmem.plot.heatmap";
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const own[] = {"z", "zmin", "zmax", "zlabel", "xlabels", "ylabels",
                                      "origin", NULL};
    check_keys(L, fn, own);
    plot_figure *f = push_fig(L);
    int fig = lua_gettop(L);
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, &e);
    if (!p) plot_fail(L, fn, &e);
    if (lua_getfield(L, 1, "z") == LUA_TNIL) luaL_error(L, "%s: z (the 2-D data) is missing", fn);
    int rows, cols;
    double *z = get_matrix(L, -1, fn, "z", &rows, &cols);
    if (plot_heatmap_set(p, z, rows, cols, &e)) plot_fail(L, fn, &e);
    lua_settop(L, fig);
    const char *origin = rmlua_opt_str(L, 1, fn, "origin", "top");
    if (strcmp(origin, "top") && strcmp(origin, "bottom"))
        luaL_error(L, "%s: origin must be \"top\" or \"bottom\", not \"%s\"", fn, origin);
    p->row0_bottom = !strcmp(origin, "bottom");
    p->zmin = rmlua_opt_num(L, 1, fn, "zmin", NAN);
    p->zmax = rmlua_opt_num(L, 1, fn, "zmax", NAN);
    set_label(L, fn, &p->zlabel, "zlabel");
    for (int axis = 0; axis < 2; axis++) {
        int n;
        const char **l = get_strings(L, 1, fn, axis ? "ylabels" : "xlabels", &n);
        if (l && plot_heatmap_labels(p, axis, l, n, &e)) plot_fail(L, fn, &e);
        lua_settop(L, fig);
    }
    common_options(L, fn, f, p);
    finish(L, fn, f);
    lua_settop(L, fig);
    return 1;
}

/* One series from the table at idx: {x=, y=, label=, markers=} (x optional). */
static void add_series(lua_State *L, int idx, const char *fn, plot_panel *p) {
    idx = lua_absindex(L, idx);
    int top = lua_gettop(L);
    static const char *const keys[] = {"x", "y", "label", "markers", NULL};
    rmlua_check_keys(L, idx, fn, keys);
    if (lua_getfield(L, idx, "y") == LUA_TNIL)
        luaL_error(L, "%s: series %d has no y", fn, p->n_series + 1);
    int ny, nx = 0;
    double *y = get_numbers(L, -1, fn, "y", &ny), *x = NULL;
    if (lua_getfield(L, idx, "x") != LUA_TNIL) {
        x = get_numbers(L, -1, fn, "x", &nx);
        if (nx != ny)
            luaL_error(L, "%s: series %d has %d x values and %d y values", fn, p->n_series + 1, nx, ny);
    }
    rm_err e = {0};
    if (plot_lines_add(p, rmlua_opt_str(L, idx, fn, "label", NULL), x, y, ny, &e)) plot_fail(L, fn, &e);
    p->series[p->n_series - 1].markers = rmlua_opt_bool(L, idx, fn, "markers", 0);
    lua_settop(L, top);
}

/* recmem.plot.lines{series={{x=, y=, label=}, ...}, logy=} or lines{x=, y=, label=} */
static int l_lines(lua_State *L) {
    const char *fn = "recmem.plot.lines";
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const own[] = {"series", "x", "y", "label", "markers", "logy", NULL};
    check_keys(L, fn, own);
    plot_figure *f = push_fig(L);
    int fig = lua_gettop(L);
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    if (!p) plot_fail(L, fn, &e);
    if (lua_getfield(L, 1, "series") != LUA_TNIL) {
        if (!lua_istable(L, -1)) luaL_error(L, "%s: series must be a table of series", fn);
        lua_getfield(L, 1, "y");
        if (!lua_isnil(L, -1)) luaL_error(L, "%s: give either series or x/y, not both", fn);
        lua_pop(L, 1);
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, -1, i) != LUA_TTABLE)
                luaL_error(L, "%s: series[%I] must be a table {x=, y=, label=}", fn, (LUAI_UACINT)i);
            add_series(L, -1, fn, p);
            lua_pop(L, 1);
        }
    } else {
        lua_getfield(L, 1, "y");
        if (lua_isnil(L, -1)) luaL_error(L, "%s: give y (and x), or series={...}", fn);
        lua_pop(L, 1);
        /* the options table itself is the one series */
        lua_createtable(L, 0, 4);
        static const char *const k[] = {"x", "y", "label", "markers"};
        for (int i = 0; i < 4; i++) lua_getfield(L, 1, k[i]), lua_setfield(L, -2, k[i]);
        add_series(L, -1, fn, p);
    }
    lua_settop(L, fig);
    p->logy = rmlua_opt_bool(L, 1, fn, "logy", 0);
    common_options(L, fn, f, p);
    finish(L, fn, f);
    lua_settop(L, fig);
    return 1;
}

/* recmem.plot.dots{groups={{label=, values=, mean=, lo=, hi=}, ...}, hline=0} */
static int l_dots(lua_State *L) {
    const char *fn = "recmem.plot.dots";
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const own[] = {"groups", NULL};
    check_keys(L, fn, own);
    plot_figure *f = push_fig(L);
    int fig = lua_gettop(L);
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_DOTS, &e);
    if (!p) plot_fail(L, fn, &e);
    if (lua_getfield(L, 1, "groups") != LUA_TTABLE)
        luaL_error(L, "%s: groups must be a table of {label=, values=}", fn);
    lua_Integer n = luaL_len(L, -1);
    if (n < 1) luaL_error(L, "%s: groups is empty", fn);
    if (n > PLOT_MAX_GROUPS)
        luaL_error(L, "%s: %I groups (at most %d)", fn, (LUAI_UACINT)n, PLOT_MAX_GROUPS);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, -1, i) != LUA_TTABLE)
            luaL_error(L, "%s: groups[%I] must be a table {label=, values=}", fn, (LUAI_UACINT)i);
        int g = lua_gettop(L);
        static const char *const keys[] = {"label", "values", "mean", "lo", "hi", NULL};
        rmlua_check_keys(L, g, fn, keys);
        if (lua_getfield(L, g, "values") == LUA_TNIL)
            luaL_error(L, "%s: groups[%I] has no values", fn, (LUAI_UACINT)i);
        int nv;
        double *v = get_numbers(L, -1, fn, "values", &nv);
        if (plot_dots_add(p, rmlua_opt_str(L, g, fn, "label", NULL), v, nv, &e)) plot_fail(L, fn, &e);
        plot_group *q = &p->groups[p->n_groups - 1];
        q->mean = rmlua_opt_num(L, g, fn, "mean", q->mean);
        q->lo = rmlua_opt_num(L, g, fn, "lo", q->lo);
        q->hi = rmlua_opt_num(L, g, fn, "hi", q->hi);
        lua_settop(L, g - 1);
    }
    lua_settop(L, fig);
    common_options(L, fn, f, p);
    finish(L, fn, f);
    lua_settop(L, fig);
    return 1;
}

/* recmem.plot.grid{fig1, fig2, ..., ncols=, title=, width=, height=, dpi=} */
static int l_grid(lua_State *L) {
    const char *fn = "recmem.plot.grid";
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (n < 1) luaL_error(L, "%s: no figures given", fn);
    lua_pushnil(L);
    while (lua_next(L, 1)) {   /* named keys must be options */
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -1);
            if (strcmp(k, "ncols") && strcmp(k, "title") && strcmp(k, "width") &&
                strcmp(k, "height") && strcmp(k, "dpi"))
                luaL_error(L, "%s: unknown option '%s' (known: ncols, title, width, height, dpi)", fn, k);
        }
    }
    plot_figure *f = push_fig(L);
    int fig = lua_gettop(L);
    rm_err e = {0};
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        figud *u = luaL_testudata(L, -1, RMLUA_FIGURE);
        if (!u || !u->f)
            luaL_error(L, "%s: item %I must be a figure, not %s", fn, (LUAI_UACINT)i, luaL_typename(L, -1));
        if (plot_figure_append(f, u->f, &e)) plot_fail(L, fn, &e);
        lua_pop(L, 1);
    }
    f->ncols = (int)rmlua_opt_int(L, 1, fn, "ncols", 0, 0, 64);
    f->width = rmlua_opt_num(L, 1, fn, "width", 0);
    f->height = rmlua_opt_num(L, 1, fn, "height", 0);
    f->dpi = rmlua_opt_num(L, 1, fn, "dpi", 0);
    const char *t = rmlua_opt_str(L, 1, fn, "title", NULL);
    if (t && plot_set_str(&f->title, t, &e)) plot_fail(L, fn, &e);
    finish(L, fn, f);
    lua_settop(L, fig);
    return 1;
}

/* recmem.plot.runs_map(rows, {x="lambda0", y="sigma0", z="si", title=}): rows as
   recmem.runs returns them; z is averaged over rows sharing (x, y). */
static int l_runs_map(lua_State *L) {
    const char *fn = "recmem.plot.runs_map";
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    static const char *const keys[] = {"x", "y", "z", "title", "width", "height", "dpi", NULL};
    rmlua_check_keys(L, 2, fn, keys);
    const char *cx = rmlua_opt_str(L, 2, fn, "x", "lambda0");
    const char *cy = rmlua_opt_str(L, 2, fn, "y", "sigma0");
    const char *cz = rmlua_opt_str(L, 2, fn, "z", "si");
    lua_Integer n = luaL_len(L, 1);
    if (n < 1) luaL_error(L, "%s: no rows (no runs matched?)", fn);
    if (n > 10000000) luaL_error(L, "%s: too many rows", fn);
    double *v = scratch(L, 3 * (size_t)n);
    const char *cols[3] = {cx, cy, cz};
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, 1, i) != LUA_TTABLE)
            luaL_error(L, "%s: rows[%I] must be a table (a row of recmem.runs)", fn, (LUAI_UACINT)i);
        for (int c = 0; c < 3; c++) {
            lua_getfield(L, -1, cols[c]);
            v[c * n + i - 1] = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    plot_figure *f = push_fig(L);
    rm_err e = {0};
    if (plot_map_figure(f, v, v + n, v + 2 * n, (int)n, cx, cy, cz, &e)) plot_fail(L, fn, &e);
    const char *t = rmlua_opt_str(L, 2, fn, "title", NULL);
    if (t && plot_set_str(&f->panels[0].title, t, &e)) plot_fail(L, fn, &e);
    f->width = rmlua_opt_num(L, 2, fn, "width", 0);
    f->height = rmlua_opt_num(L, 2, fn, "height", 0);
    f->dpi = rmlua_opt_num(L, 2, fn, "dpi", 0);
    finish(L, fn, f);
    return 1;
}

/* ---- figure methods ---- */

/* fig:save(path) -> path. The format follows the extension (.pdf, .svg, .png). */
static int f_save(lua_State *L) {
    plot_figure *f = check_fig(L, 1);
    const char *path = luaL_checkstring(L, 2);
    rm_err e = {0};
    if (plot_save(f, path, &e)) return luaL_error(L, "fig:save: %s", e.msg);
    lua_pushvalue(L, 2);
    return 1;
}

static int f_tostring(lua_State *L) {
    figud *u = luaL_checkudata(L, 1, RMLUA_FIGURE);
    if (!u->f) {
        lua_pushliteral(L, "figure (freed)");
        return 1;
    }
    char buf[256];
    plot_figure_summary(u->f, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static int f_gc(lua_State *L) {
    figud *u = luaL_checkudata(L, 1, RMLUA_FIGURE);
    plot_figure_free(u->f);
    u->f = NULL;
    return 0;
}

static int f_index(lua_State *L) {
    plot_figure *f = check_fig(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "panels")) {
        lua_pushinteger(L, f->n_panels);
        return 1;
    }
    luaL_getmetafield(L, 1, "__methods");
    if (lua_getfield(L, -1, k) == LUA_TNIL) return luaL_error(L, "figure has no field or method '%s'", k);
    return 1;
}

/* ---- recmem's objects ---- */

/* tr:plot{sort="peak"|"index", norm="unit"|"global", active=false, title=} */
static int tr_plot(lua_State *L) {
    const char *fn = "tr:plot";
    const rm_trace *tr = luaL_checkudata(L, 1, RMLUA_TRACE);  /* rm_trace is its first member */
    if (!tr->h) return luaL_error(L, "%s: trace has been freed", fn);
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    static const char *const keys[] = {"sort", "norm", "active", "title", "width", "height", "dpi", NULL};
    rmlua_check_keys(L, 2, fn, keys);
    const char *sort = rmlua_opt_str(L, 2, fn, "sort", "peak");
    const char *norm = rmlua_opt_str(L, 2, fn, "norm", "unit");
    if (strcmp(sort, "peak") && strcmp(sort, "index"))
        return luaL_error(L, "%s: sort must be \"peak\" or \"index\", not \"%s\"", fn, sort);
    if (strcmp(norm, "unit") && strcmp(norm, "global"))
        return luaL_error(L, "%s: norm must be \"unit\" or \"global\", not \"%s\"", fn, norm);
    plot_activity_opts o = {!strcmp(sort, "peak"), !strcmp(norm, "global"),
                            rmlua_opt_bool(L, 2, fn, "active", 0)};
    lua_getiuservalue(L, 1, 1);
    const rm_task *task = rmlua_task_c(rmlua_check_task(L, -1));
    char title[128];
    snprintf(title, sizeof title, "%s: %d trial%s", task->def->name, tr->trials, tr->trials == 1 ? "" : "s");
    const char *t = rmlua_opt_str(L, 2, fn, "title", title);
    plot_figure *f = push_fig(L);
    rm_err e = {0};
    /* periods only when the trace has the task's length (not a custom batch) */
    int periods = tr->T == task->T;
    if (plot_activity_figure(f, tr->h, tr->trials, tr->T, tr->N, periods ? task->stim : 0,
                             periods ? task->delay : 0, periods ? task->resp : 0, &o, t, &e))
        plot_fail(L, fn, &e);
    f->width = rmlua_opt_num(L, 2, fn, "width", 0);
    f->height = rmlua_opt_num(L, 2, fn, "height", 0);
    f->dpi = rmlua_opt_num(L, 2, fn, "dpi", 0);
    finish(L, fn, f);
    return 1;
}

/* run:plot{logy=true, title=}: training loss and information loss of the run */
static int run_plot(lua_State *L) {
    const char *fn = "run:plot";
    luaL_checkudata(L, 1, RMLUA_RUN);
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    static const char *const keys[] = {"logy", "title", "width", "height", "dpi", NULL};
    rmlua_check_keys(L, 2, fn, keys);
    int logy = rmlua_opt_bool(L, 2, fn, "logy", 1);
    const char *t = rmlua_opt_str(L, 2, fn, "title", NULL);
    lua_getfield(L, 1, "start");
    long start = (long)lua_tointeger(L, -1);
    lua_getfield(L, 1, "loss");
    lua_getfield(L, 1, "infloss");
    lua_getfield(L, 1, "infloss_iter");
    rmlua_tensor *loss = rmlua_tensor_check(L, -3), *il = rmlua_tensor_check(L, -2),
                 *it = rmlua_tensor_check(L, -1);
    long *iters = rmlua_scratch(L, it->numel * sizeof *iters);
    for (size_t i = 0; i < it->numel; i++) iters[i] = (long)it->data[i];
    plot_figure *f = push_fig(L);
    rm_err e = {0};
    if (plot_training_figure(f, loss->data, (long)loss->numel, start, il->data, iters,
                             (long)il->numel, logy, t, &e))
        plot_fail(L, fn, &e);
    f->width = rmlua_opt_num(L, 2, fn, "width", 0);
    f->height = rmlua_opt_num(L, 2, fn, "height", 0);
    f->dpi = rmlua_opt_num(L, 2, fn, "dpi", 0);
    finish(L, fn, f);
    return 1;
}

/* recmem.show(fig): a heatmap goes to the workbench's heatmap pane (rows as units, columns
   as steps; the pane orders and scales them its own way); anything else, and every figure
   outside the workbench, prints its summary. Other values go to the original show. */
static int l_show_fig(lua_State *L) {
    figud *u = luaL_testudata(L, 1, RMLUA_FIGURE);
    if (!u) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
        return lua_gettop(L);
    }
    plot_figure *f = check_fig(L, 1);
    rmlua_state *st = rmlua_state_of(L);
    const plot_panel *p = &f->panels[0];
    if (st->show && f->n_panels == 1 && p->kind == PLOT_HEATMAP) {
        size_t n = (size_t)p->rows * p->cols;
        float *h = rmlua_scratch(L, n * sizeof *h);
        for (int r = 0; r < p->rows; r++)
            for (int c = 0; c < p->cols; c++) {
                double v = p->z[(size_t)r * p->cols + c];
                h[(size_t)c * p->rows + r] = isfinite(v) ? (float)v : 0;
            }
        rm_trace tr = {.trials = 1, .T = p->cols, .N = p->rows, .h = h};
        st->show(st->show_ud, NULL, &tr);
        return 0;
    }
    char buf[256];
    plot_figure_summary(f, buf, sizeof buf);
    rmlua_writef(L, 0, "%s\n", buf);
    return 0;
}

/* ---- for the analysis views (bind_views.c) ---- */

plot_figure *rmlua_push_figure(lua_State *L) {
    return push_fig(L);
}

plot_figure *rmlua_test_figure(lua_State *L, int idx) {
    figud *u = luaL_testudata(L, idx, RMLUA_FIGURE);
    return u ? u->f : NULL;
}

double *rmlua_numbers(lua_State *L, int idx, const char *fn, const char *what, int *n) {
    return get_numbers(L, idx, fn, what, n);
}

static const luaL_Reg fig_methods[] = {{"save", f_save}, {NULL, NULL}};
static const luaL_Reg fig_meta[] = {
    {"__index", f_index}, {"__tostring", f_tostring}, {"__gc", f_gc}, {"__close", f_gc}, {NULL, NULL}};
static const luaL_Reg plot_funcs[] = {{"heatmap", l_heatmap}, {"lines", l_lines}, {"dots", l_dots},
                                      {"grid", l_grid}, {"runs_map", l_runs_map}, {NULL, NULL}};

void rmlua_open_plot(lua_State *L, int mod) {
    rmlua_newclass(L, RMLUA_FIGURE, fig_methods, fig_meta);
    static const char *const names[] = {"panels", NULL}, *const types[] = {"number", NULL};
    rmlua_set_fields(L, RMLUA_FIGURE, names, types);   /* for completion */
    lua_newtable(L);
    luaL_setfuncs(L, plot_funcs, 0);
    lua_setfield(L, mod, "plot");
    static const luaL_Reg tr_ext[] = {{"plot", tr_plot}, {NULL, NULL}};
    static const luaL_Reg run_ext[] = {{"plot", run_plot}, {NULL, NULL}};
    luaL_getmetatable(L, RMLUA_TRACE);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, tr_ext, 0);
    lua_pop(L, 2);
    luaL_getmetatable(L, RMLUA_RUN);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, run_ext, 0);
    lua_pop(L, 2);
    lua_getfield(L, mod, "show");
    lua_pushcclosure(L, l_show_fig, 1);
    lua_setfield(L, mod, "show");
}
