/* bind_views.c: the analysis results as views (issue 15). recmem.plot.figure_of(x) turns
 * a result table (its `kind`: weight_profile, pca, decode, eig, fixed_points,
 * lesion_curve), a trace, a run or a figure into a figure description of the plot layer,
 * built once here; recmem.show(x) hands that description to the workbench's view pane
 * (rmlua_set_show_figure_handler) or, outside the workbench, prints a one-line summary of
 * the result. Traces, runs and networks still go to the show this wraps. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "rmlua_int.h"

/* Trajectories drawn in the PCA view: enough to see the shape, few enough to read. */
#define VIEW_MAX_TRIALS 20
/* Fixed points whose spectra the eigenvalue view shows (lowest q first). */
#define VIEW_MAX_POINTS 6

void rmlua_set_show_figure_handler(lua_State *L, rmlua_show_figure_fn fn, void *ud) {
    rmlua_state *st = rmlua_state_of(L);
    st->show_figure = fn;
    st->show_figure_ud = ud;
}

static const char *const KINDS[] = {"weight_profile", "pca", "decode", "eig", "fixed_points",
                                    "lesion_curve", NULL};

/* The kind of the analysis result at idx, or NULL if it is not one. */
static const char *result_kind(lua_State *L, int idx) {
    if (!lua_istable(L, idx)) return NULL;
    lua_getfield(L, idx, "kind");
    const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);   /* the string stays alive in the table */
    for (int i = 0; k && KINDS[i]; i++)
        if (!strcmp(k, KINDS[i])) return KINDS[i];
    return NULL;
}

/* ---- reading a result table ---- */

static rmlua_tensor *tensor_field(lua_State *L, int idx, const char *fn, const char *name) {
    lua_getfield(L, idx, name);
    rmlua_tensor *t = rmlua_tensor_test(L, -1);
    lua_pop(L, 1);   /* the table keeps it alive */
    if (!t || !t->data) luaL_error(L, "%s: the result has no tensor '%s'", fn, name);
    return t;
}

static double num_field(lua_State *L, int idx, const char *name) {
    lua_getfield(L, idx, name);
    double v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : NAN;
    lua_pop(L, 1);
    return v;
}

/* Field name as numbers (a tensor or a table of numbers): pushes the scratch buffer. */
static double *numbers_field(lua_State *L, int idx, const char *fn, const char *name, int *n) {
    if (lua_getfield(L, idx, name) == LUA_TNIL) luaL_error(L, "%s: the result has no '%s'", fn, name);
    double *v = rmlua_numbers(L, -1, fn, name, n);
    lua_remove(L, -2);
    return v;
}

/* The periods field ({{start, end, name}, ...}, as tr:pca and tr:decode give it). */
typedef struct {
    double x0[8], x1[8];
    char name[8][16];
    int n;
} view_periods;

static void periods_field(lua_State *L, int idx, view_periods *p) {
    p->n = 0;
    if (lua_getfield(L, idx, "periods") == LUA_TTABLE) {
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n && p->n < 8; i++) {
            lua_geti(L, -1, i);
            if (lua_istable(L, -1)) {
                lua_geti(L, -1, 1), lua_geti(L, -2, 2), lua_geti(L, -3, 3);
                if (lua_isnumber(L, -3) && lua_isnumber(L, -2)) {
                    p->x0[p->n] = lua_tonumber(L, -3);
                    p->x1[p->n] = lua_tonumber(L, -2);
                    snprintf(p->name[p->n], sizeof p->name[0], "%s",
                             lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
                    p->n++;
                }
                lua_pop(L, 3);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

static void fail(lua_State *L, const char *fn, const rm_err *e) {
    luaL_error(L, "%s: %s", fn, e->msg[0] ? e->msg : "failed");
}

/* Sets a panel's labels; NULL leaves one unset. */
static void labels(lua_State *L, const char *fn, plot_panel *p, const char *title,
                   const char *x, const char *y) {
    rm_err e = {0};
    if (plot_set_str(&p->title, title, &e) || plot_set_str(&p->xlabel, x, &e) ||
        plot_set_str(&p->ylabel, y, &e))
        fail(L, fn, &e);
}

/* ---- the views ---- */

/* Mean W_hh against the peak-time lag, the asymmetry in the title. */
static void view_weight_profile(lua_State *L, int r, plot_figure *f, const char *fn) {
    int n, m;
    double *lag = numbers_field(L, r, fn, "lag", &n);
    double *w = numbers_field(L, r, fn, "w", &m);
    if (n != m || n < 1) luaL_error(L, "%s: lag and w have %d and %d values", fn, n, m);
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    if (!p || plot_lines_add(p, "mean W_hh", lag, w, n, &e)) fail(L, fn, &e);
    p->series[0].markers = n <= 60;
    p->hline = 0;
    lua_getfield(L, r, "by");
    int by_order = lua_isstring(L, -1) && !strcmp(lua_tostring(L, -1), "order");
    lua_pop(L, 1);
    char title[128];
    snprintf(title, sizeof title, "weight profile: asymmetry %.3g, self %.3g",
             num_field(L, r, "asymmetry"), num_field(L, r, "self"));
    labels(L, fn, p, title,
           by_order ? "lag: rank(to) - rank(from)" : "lag: peak(to) - peak(from), steps",
           "mean W_hh[to][from]");
}

/* Trajectories in PC1 x PC2 (PC1 over time with one component), one series per task
   period, so the colour says where in the trial a state lies. */
static void view_pca(lua_State *L, int r, plot_figure *f, const char *fn) {
    rmlua_tensor *proj = tensor_field(L, r, fn, "proj");
    rmlua_tensor *ratio = tensor_field(L, r, fn, "ratio");
    if (proj->ndim != 3 || proj->shape[2] < 1)
        luaL_error(L, "%s: proj must be [trials][T][k]", fn);
    int trials = proj->shape[0], T = proj->shape[1], k = proj->shape[2];
    int shown = trials < VIEW_MAX_TRIALS ? trials : VIEW_MAX_TRIALS;
    view_periods per;
    periods_field(L, r, &per);
    if (per.n == 0) {
        per.n = 1, per.x0[0] = 0, per.x1[0] = T;
        snprintf(per.name[0], sizeof per.name[0], "trajectory");
    }
    double *x = rmlua_scratch(L, (size_t)shown * (T + 2) * sizeof *x);
    double *y = rmlua_scratch(L, (size_t)shown * (T + 2) * sizeof *y);
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    if (!p) fail(L, fn, &e);
    for (int q = 0; q < per.n; q++) {
        /* steps x0 .. x1 inclusive: the last one joins the next period's line */
        int t0 = (int)per.x0[q], t1 = (int)per.x1[q];
        if (t0 < 0) t0 = 0;
        if (t1 > T - 1) t1 = T - 1;
        if (t1 < t0) continue;
        int n = 0;
        for (int b = 0; b < shown; b++) {
            for (int t = t0; t <= t1; t++) {
                const float *v = proj->data + ((size_t)b * T + t) * k;
                x[n] = k >= 2 ? v[0] : t + 1;
                y[n++] = k >= 2 ? v[1] : v[0];
            }
            x[n] = y[n] = NAN, n++;   /* each trial its own line */
        }
        if (plot_lines_add(p, per.name[q], x, y, n - 1, &e)) fail(L, fn, &e);
    }
    if (p->n_series == 0) luaL_error(L, "%s: the PCA result has no steps", fn);
    double r1 = ratio->numel > 0 ? 100.0 * ratio->data[0] : NAN;
    double r2 = ratio->numel > 1 ? 100.0 * ratio->data[1] : NAN;
    char title[160], xl[64], yl[64];
    if (k >= 2) {
        snprintf(title, sizeof title, "PCA: PC1 %.1f%%, PC2 %.1f%% of variance (%d of %d trials)",
                 r1, r2, shown, trials);
        snprintf(xl, sizeof xl, "PC1 (%.1f%%)", r1);
        snprintf(yl, sizeof yl, "PC2 (%.1f%%)", r2);
    } else {
        snprintf(title, sizeof title, "PCA: PC1 %.1f%% of variance (%d of %d trials)", r1, shown,
                 trials);
        snprintf(xl, sizeof xl, "time step");
        snprintf(yl, sizeof yl, "PC1 (%.1f%%)", r1);
    }
    labels(L, fn, p, title, xl, yl);
}

/* The T x T score matrix, training step up, test step across, the periods marked. */
static void view_decode(lua_State *L, int r, plot_figure *f, const char *fn) {
    rmlua_tensor *s = tensor_field(L, r, fn, "score");
    if (s->ndim != 2 || s->shape[0] != s->shape[1] || s->shape[0] < 1)
        luaL_error(L, "%s: score must be a square matrix [T][T]", fn);
    int T = s->shape[0];
    double *z = rmlua_scratch(L, s->numel * sizeof *z);
    for (size_t i = 0; i < s->numel; i++) z[i] = isinf(s->data[i]) ? NAN : s->data[i];
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_HEATMAP, &e);
    if (!p || plot_heatmap_set(p, z, T, T, &e)) fail(L, fn, &e);
    p->row0_bottom = 1;
    p->xmin = p->ymin = 0, p->xmax = p->ymax = T;
    p->zmin = 0, p->zmax = 1;   /* below 0 is no better than chance (the index counts it 0) */
    view_periods per;
    periods_field(L, r, &per);
    for (int q = 0; q < per.n; q++)
        if (per.x1[q] > per.x0[q] && plot_span_add(p, per.x0[q], per.x1[q], per.name[q], &e))
            fail(L, fn, &e);
    char title[160];
    snprintf(title, sizeof title, "decoding: index %.3g (diag %.3g, off %.3g, steps %g-%g)",
             num_field(L, r, "index"), num_field(L, r, "diag"), num_field(L, r, "off"),
             num_field(L, r, "from"), num_field(L, r, "to"));
    labels(L, fn, p, title, "test step", "training step");
    if (plot_set_str(&p->zlabel, "score", &e)) fail(L, fn, &e);
}

/* Eigenvalues in the complex plane with the unit circle: recmem.linalg.eig's, or the
   Jacobian's at each fixed point (a series per point). */
static void view_eig(lua_State *L, int r, plot_figure *f, const char *fn, int fixed) {
    rmlua_tensor *re = tensor_field(L, r, fn, fixed ? "eig_re" : "re");
    rmlua_tensor *im = tensor_field(L, r, fn, fixed ? "eig_im" : "im");
    if (re->numel != im->numel || re->numel < 1)
        luaL_error(L, "%s: no eigenvalues (%zu real and %zu imaginary parts)", fn, re->numel,
                   im->numel);
    int sets = fixed && re->ndim == 2 ? re->shape[0] : 1;
    int n = (int)(re->numel / (size_t)(sets > 0 ? sets : 1));
    if (sets > VIEW_MAX_POINTS) sets = VIEW_MAX_POINTS;
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    if (!p) fail(L, fn, &e);
    double cx[129], cy[129];
    for (int i = 0; i <= 128; i++) cx[i] = cos(2 * M_PI * i / 128), cy[i] = sin(2 * M_PI * i / 128);
    if (plot_lines_add(p, "|λ| = 1", cx, cy, 129, &e)) fail(L, fn, &e);
    double *x = rmlua_scratch(L, (size_t)n * sizeof *x), *y = rmlua_scratch(L, (size_t)n * sizeof *y);
    double big = 0;
    int outside = 0;
    for (int m = 0; m < sets; m++) {
        for (int i = 0; i < n; i++) {
            x[i] = re->data[(size_t)m * n + i], y[i] = im->data[(size_t)m * n + i];
            double a = hypot(x[i], y[i]);
            if (a > big) big = a;
            outside += a > 1;
        }
        char label[32];
        if (fixed) snprintf(label, sizeof label, "point %d", m + 1);
        else snprintf(label, sizeof label, "eigenvalues");
        if (plot_lines_add(p, label, x, y, n, &e)) fail(L, fn, &e);
        p->series[p->n_series - 1].markers = 2;
    }
    double lim = 1.1 * (big > 1 ? big : 1);
    p->xmin = p->ymin = -lim, p->xmax = p->ymax = lim;
    p->hline = 0;
    f->width = f->height = 400;   /* a square plane keeps the circle round */
    char title[160];
    if (fixed)
        snprintf(title, sizeof title, "fixed points: %d shown, max |λ| %.3g, %d with |λ| > 1",
                 sets, big, outside);
    else
        snprintf(title, sizeof title, "eigenvalues: %d, max |λ| %.3g, %d with |λ| > 1", n, big,
                 outside);
    labels(L, fn, p, title, "Re λ", "Im λ");
}

/* Information loss against the number of units removed. */
static void view_lesion(lua_State *L, int r, plot_figure *f, const char *fn) {
    int n, m;
    double *x = numbers_field(L, r, fn, "n_removed", &n);
    double *y = numbers_field(L, r, fn, "infloss", &m);
    if (n != m || n < 1) luaL_error(L, "%s: n_removed and infloss have %d and %d values", fn, n, m);
    rm_err e = {0};
    plot_panel *p = plot_figure_add(f, PLOT_LINES, &e);
    if (!p || plot_lines_add(p, "information loss", x, y, n, &e)) fail(L, fn, &e);
    p->series[0].markers = n <= 60;
    /* the order's name: net:lesion_curve gives it as by (its order is the units' order) */
    if (lua_getfield(L, r, "by") != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_getfield(L, r, "order");
    }
    char title[128];
    if (lua_isstring(L, -1)) snprintf(title, sizeof title, "lesion curve (%s order)", lua_tostring(L, -1));
    else snprintf(title, sizeof title, "lesion curve");
    lua_pop(L, 1);
    labels(L, fn, p, title, "units removed", "information loss");
}

/* Fills f with the view of the result at r (of the given kind). */
static void build_view(lua_State *L, int r, const char *kind, plot_figure *f, const char *fn) {
    int top = lua_gettop(L);
    if (!strcmp(kind, "weight_profile")) view_weight_profile(L, r, f, fn);
    else if (!strcmp(kind, "pca")) view_pca(L, r, f, fn);
    else if (!strcmp(kind, "decode")) view_decode(L, r, f, fn);
    else if (!strcmp(kind, "eig")) view_eig(L, r, f, fn, 0);
    else if (!strcmp(kind, "fixed_points")) view_eig(L, r, f, fn, 1);
    else view_lesion(L, r, f, fn);
    rm_err e = {0};
    if (plot_figure_check(f, &e)) fail(L, fn, &e);
    lua_settop(L, top);
}

/* ---- summaries ---- */

/* Pushes the one-line summary of the result at r. */
static void push_summary(lua_State *L, int r, const char *kind) {
    const char *fn = "recmem.show";
    char buf[256];
    int top = lua_gettop(L);
    if (!strcmp(kind, "weight_profile")) {
        int n;
        numbers_field(L, r, fn, "lag", &n);
        snprintf(buf, sizeof buf, "weight profile: %g units, %d lags, asymmetry %.3g, self %.3g",
                 num_field(L, r, "units"), n, num_field(L, r, "asymmetry"), num_field(L, r, "self"));
    } else if (!strcmp(kind, "pca")) {
        rmlua_tensor *ratio = tensor_field(L, r, fn, "ratio");
        int k = (int)ratio->numel, o = 0;
        double sum = 0;
        o = snprintf(buf, sizeof buf, "PCA: %d components, explained", k);
        for (int i = 0; i < k && o < (int)sizeof buf; i++) {
            sum += ratio->data[i];
            if (i < 3) o += snprintf(buf + o, sizeof buf - o, " %.1f%%", 100.0 * ratio->data[i]);
        }
        if (o < (int)sizeof buf) snprintf(buf + o, sizeof buf - o, "%s (%.1f%% in %d)", k > 3 ? " ..." : "", 100 * sum, k);
    } else if (!strcmp(kind, "decode")) {
        rmlua_tensor *s = tensor_field(L, r, fn, "score");
        snprintf(buf, sizeof buf, "cross-temporal decoding: %dx%d steps, index %.3g (diag %.3g, off %.3g, steps %g-%g)",
                 s->ndim == 2 ? s->shape[0] : 0, s->ndim == 2 ? s->shape[1] : 0,
                 num_field(L, r, "index"), num_field(L, r, "diag"), num_field(L, r, "off"),
                 num_field(L, r, "from"), num_field(L, r, "to"));
    } else if (!strcmp(kind, "eig")) {
        rmlua_tensor *a = tensor_field(L, r, fn, "abs");
        int out = 0;
        double big = 0;
        for (size_t i = 0; i < a->numel; i++) big = a->data[i] > big ? a->data[i] : big, out += a->data[i] > 1;
        snprintf(buf, sizeof buf, "eigenvalues: %zu, max |λ| %.3g, %d with |λ| > 1", a->numel, big, out);
    } else if (!strcmp(kind, "fixed_points")) {
        rmlua_tensor *q = tensor_field(L, r, fn, "q");
        rmlua_tensor *mx = tensor_field(L, r, fn, "max_abs");
        int stable = 0;
        for (size_t i = 0; i < mx->numel; i++) stable += mx->data[i] < 1;
        double tol = num_field(L, r, "tol");
        int fixed = 0;
        for (size_t i = 0; i < q->numel; i++) fixed += q->data[i] <= tol;
        snprintf(buf, sizeof buf, "fixed points: %zu found from %g starts, %d with q <= tol, %d stable",
                 q->numel, num_field(L, r, "starts"), fixed, stable);
    } else {
        int n, m;
        double *x = numbers_field(L, r, fn, "n_removed", &n);
        double *y = numbers_field(L, r, fn, "infloss", &m);
        if (n < 1 || n != m) luaL_error(L, "%s: n_removed and infloss have %d and %d values", fn, n, m);
        snprintf(buf, sizeof buf, "lesion curve: %d points, %g to %g units removed, infloss %.3g to %.3g",
                 n, x[0], x[n - 1], y[0], y[n - 1]);
    }
    lua_settop(L, top);
    lua_pushstring(L, buf);
}

/* ---- Lua functions ---- */

/* recmem.plot.figure_of(x): the figure of an analysis result, a trace (tr:plot()), a run
   (run:plot()), or x itself if it is a figure. */
static int l_figure_of(lua_State *L) {
    const char *fn = "recmem.plot.figure_of";
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    if (rmlua_test_figure(L, 1)) return 1;
    if (luaL_testudata(L, 1, RMLUA_TRACE) || luaL_testudata(L, 1, RMLUA_RUN)) {
        lua_getfield(L, 1, "plot");
        lua_pushvalue(L, 1);
        lua_call(L, 1, 1);
        return 1;
    }
    const char *kind = result_kind(L, 1);
    if (!kind)
        return luaL_error(L, "%s: expected an analysis result (a table with kind = "
                             "\"weight_profile\", \"pca\", \"decode\", \"eig\", \"fixed_points\" "
                             "or \"lesion_curve\"), a trace, a run or a figure, not %s",
                          fn, luaL_typename(L, 1));
    plot_figure *f = rmlua_push_figure(L);
    build_view(L, 1, kind, f, fn);
    return 1;
}

/* recmem.show(x), wrapping the show of runs, traces, networks and heatmap figures
   (upvalue 1): an analysis result or a figure of lines goes to the view pane, or prints
   its summary outside the workbench. */
static int l_show_view(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    luaL_checkany(L, 1);
    const char *kind = result_kind(L, 1);
    if (kind) {
        lua_settop(L, 1);
        if (st->show_figure) {
            plot_figure *f = rmlua_push_figure(L);
            build_view(L, 1, kind, f, "recmem.show");
            st->show_figure(st->show_figure_ud, f);
        } else {
            push_summary(L, 1, kind);
            rmlua_write_line(L);
        }
        return 0;
    }
    if (lua_istable(L, 1))
        return luaL_error(L, "recmem.show: this table is not an analysis result (its kind is "
                             "none of weight_profile, pca, decode, eig, fixed_points, lesion_curve)");
    plot_figure *f = rmlua_test_figure(L, 1);
    if (f && st->show_figure && f->n_panels >= 1 && f->panels[0].kind == PLOT_LINES) {
        st->show_figure(st->show_figure_ud, f);
        return 0;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* recmem.summary(x): the one-line summary recmem.show prints outside the workbench */
static int l_summary(lua_State *L) {
    const char *kind = result_kind(L, 1);
    if (!kind) return luaL_error(L, "recmem.summary: expected an analysis result, not %s", luaL_typename(L, 1));
    lua_settop(L, 1);
    push_summary(L, 1, kind);
    return 1;
}

void rmlua_open_views(lua_State *L, int mod) {
    lua_getfield(L, mod, "plot");
    lua_pushcfunction(L, l_figure_of);
    lua_setfield(L, -2, "figure_of");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_summary);
    lua_setfield(L, mod, "summary");
    lua_getfield(L, mod, "show");
    lua_pushcclosure(L, l_show_view, 1);
    lua_setfield(L, mod, "show");
}
