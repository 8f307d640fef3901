/* bind_analysis.c: the mechanism analyses on traces and networks (issue 15): tr:peak_times,
 * tr:order, tr:pca, tr:traj, tr:decode and net:weight_profile. The numbers are computed by
 * the core (core/analysis_*.c); this file reads options, checks shapes and packs results
 * into tables of tensors. Steps and units are 1-based here, 0-based in the core. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/analysis.h"
#include "rmlua_int.h"

void *rmlua_scratch(lua_State *L, size_t bytes) {
    return lua_newuserdatauv(L, bytes ? bytes : 1, 0);
}

/* The task a trace was made on (pushed). */
static const rm_task *trace_task(lua_State *L, int tr_idx) {
    lua_getiuservalue(L, tr_idx, 1);
    return rmlua_task_c(rmlua_check_task(L, -1));
}

/* Options table at idx (nil allowed) with known keys. */
static void check_opts(lua_State *L, int idx, const char *fn, const char *const *keys) {
    if (lua_isnoneornil(L, idx)) return;
    luaL_checktype(L, idx, LUA_TTABLE);
    rmlua_check_keys(L, idx, fn, keys);
}

static double *peak_times(lua_State *L, const rm_trace *tr, double thr, const char *fn) {
    double *peak = rmlua_scratch(L, (size_t)tr->N * sizeof *peak);
    rm_err e = {0};
    if (rm_peak_times(tr->h, tr->trials, tr->T, tr->N, thr, peak, &e))
        luaL_error(L, "%s: %s", fn, e.msg);
    return peak;
}

/* tr:peak_times{threshold=0} -> tensor [N]: 1-based peak step of each unit's
   trial-averaged activity, NaN for units never above threshold */
static int tr_peak_times(lua_State *L) {
    static const char *const keys[] = {"threshold", NULL};
    const rm_trace *tr = rmlua_check_trace(L, 1);
    check_opts(L, 2, "tr:peak_times", keys);
    double thr = rmlua_opt_num(L, 2, "tr:peak_times", "threshold", 0.0);
    double *peak = peak_times(L, tr, thr, "tr:peak_times");
    rmlua_tensor *t = rmlua_tensor_new(L, 1, &tr->N);
    for (int i = 0; i < tr->N; i++) t->data[i] = (float)(peak[i] + 1);
    return 1;
}

/* tr:order{threshold=0} -> tensor [N] of units (1-based) by peak time, silent last;
   and the number of units that are not silent */
static int tr_order(lua_State *L) {
    static const char *const keys[] = {"threshold", NULL};
    const rm_trace *tr = rmlua_check_trace(L, 1);
    check_opts(L, 2, "tr:order", keys);
    double thr = rmlua_opt_num(L, 2, "tr:order", "threshold", 0.0);
    double *peak = peak_times(L, tr, thr, "tr:order");
    int *order = rmlua_scratch(L, (size_t)tr->N * sizeof *order);
    rm_peak_order(peak, tr->N, order);
    rmlua_tensor *t = rmlua_tensor_new(L, 1, &tr->N);
    int active = 0;
    for (int i = 0; i < tr->N; i++) {
        t->data[i] = (float)(order[i] + 1);
        active += !isnan(peak[i]);
    }
    lua_pushinteger(L, active);
    return 2;
}

/* Sets field periods of the table on top: the task's periods as {{start, end, name}, ...}
   in steps from 0 (the form recmem.plot's periods option takes, and the views use) when
   the trace has its task's length; nothing otherwise (a custom batch). */
static void set_periods(lua_State *L, int tr_idx, const rm_trace *tr) {
    const rm_task *task = trace_task(L, tr_idx);
    lua_pop(L, 1);   /* the trace keeps its task alive */
    if (tr->T != task->T || task->stim < 1) return;
    int b[4] = {0, task->stim, task->stim + task->delay, tr->T};
    if (b[2] > tr->T) b[2] = tr->T;
    static const char *const names[3] = {"stim", "delay", "resp"};
    lua_createtable(L, 3, 0);
    for (int k = 0, n = 0; k < 3; k++) {
        if (b[k + 1] <= b[k]) continue;
        lua_createtable(L, 3, 0);
        lua_pushinteger(L, b[k]);
        lua_rawseti(L, -2, 1);
        lua_pushinteger(L, b[k + 1]);
        lua_rawseti(L, -2, 2);
        lua_pushstring(L, names[k]);
        lua_rawseti(L, -2, 3);
        lua_rawseti(L, -2, ++n);
    }
    lua_setfield(L, -2, "periods");
}

/* Runs PCA of the trace's activity (all trials and steps as samples) and pushes the
   result table {variance, ratio, components, mean, proj, total, k}. */
static void push_pca(lua_State *L, const rm_trace *tr, int k, const char *fn) {
    if (k < 1 || k > tr->N) luaL_error(L, "%s: k = %d is not in 1..%d", fn, k, tr->N);
    size_t rows = (size_t)tr->trials * tr->T;
    lua_createtable(L, 0, 8);
    lua_pushliteral(L, "pca");
    lua_setfield(L, -2, "kind");
    rmlua_tensor *var = rmlua_tensor_new(L, 1, &k);
    lua_setfield(L, -2, "variance");
    rmlua_tensor *comp = rmlua_tensor_new(L, 2, (int[]){k, tr->N});
    lua_setfield(L, -2, "components");
    rmlua_tensor *mean = rmlua_tensor_new(L, 1, &tr->N);
    lua_setfield(L, -2, "mean");
    double total = 0;
    rm_err e = {0};
    if (rm_pca(tr->h, rows, tr->N, k, mean->data, comp->data, var->data, &total, &e))
        luaL_error(L, "%s: %s", fn, e.msg);
    rmlua_tensor *ratio = rmlua_tensor_new(L, 1, &k);
    for (int c = 0; c < k; c++) ratio->data[c] = total > 0 ? (float)(var->data[c] / total) : NAN;
    lua_setfield(L, -2, "ratio");
    rmlua_tensor *proj = rmlua_tensor_new(L, 3, (int[]){tr->trials, tr->T, k});
    rm_pca_project(tr->h, rows, tr->N, k, mean->data, comp->data, proj->data);
    lua_setfield(L, -2, "proj");
    lua_pushnumber(L, total);
    lua_setfield(L, -2, "total");
    lua_pushinteger(L, k);
    lua_setfield(L, -2, "k");
    set_periods(L, 1, tr);
}

/* k as the argument at idx: a number, or {k=} */
static int k_arg(lua_State *L, int idx, const char *fn, int def) {
    if (lua_istable(L, idx)) {
        static const char *const keys[] = {"k", NULL};
        rmlua_check_keys(L, idx, fn, keys);
        return (int)rmlua_opt_int(L, idx, fn, "k", def, 1, INT32_MAX);
    }
    lua_Integer k = luaL_optinteger(L, idx, def);
    if (k < 1 || k > INT32_MAX) luaL_error(L, "%s: k must be >= 1", fn);
    return (int)k;
}

/* tr:pca([k]) -> {variance, ratio, components, mean, proj, total, k} */
static int tr_pca(lua_State *L) {
    const rm_trace *tr = rmlua_check_trace(L, 1);
    int k = k_arg(L, 2, "tr:pca", tr->N < 10 ? tr->N : 10);
    push_pca(L, tr, k, "tr:pca");
    return 1;
}

/* tr:traj([k]) -> proj [trials][T][k] (default k = 3, fewer if fewer units), the PCA table */
static int tr_traj(lua_State *L) {
    const rm_trace *tr = rmlua_check_trace(L, 1);
    int k = k_arg(L, 2, "tr:traj", tr->N < 3 ? tr->N : 3);
    push_pca(L, tr, k, "tr:traj");
    lua_getfield(L, -1, "proj");
    lua_insert(L, -2);
    return 2;
}

/* tr:decode{target=, method="ridge", lambda=, train=, item=, circular=, from=, to=} */
static int tr_decode(lua_State *L) {
    static const char *const keys[] = {"target", "method", "lambda", "train", "item",
                                       "circular", "from", "to", NULL};
    const char *fn = "tr:decode";
    const rm_trace *tr = rmlua_check_trace(L, 1);
    lua_settop(L, 2);
    check_opts(L, 2, fn, keys);
    const rm_task *task = trace_task(L, 1); /* 3 */
    const char *method = rmlua_opt_str(L, 2, fn, "method", "ridge");
    if (strcmp(method, "ridge"))
        return luaL_error(L, "%s: unknown method '%s' (known: ridge)", fn, method);
    double lambda = rmlua_opt_num(L, 2, fn, "lambda", 1.0);
    double frac = rmlua_opt_num(L, 2, fn, "train", 0.5);
    if (!(frac > 0 && frac < 1)) return luaL_error(L, "%s: train must be a fraction in (0, 1)", fn);
    int n_train = (int)floor(frac * tr->trials + 0.5);
    if (n_train < 2 || tr->trials - n_train < 2)
        return luaL_error(L, "%s: %d trials give %d training and %d test trials; probe at "
                             "least 4 (2 of each)", fn, tr->trials, n_train, tr->trials - n_train);
    /* the target: s or opt (one column, item=) or a tensor [trials] / [trials][q] */
    int q = 1, circular_default = 0;
    const double *col = NULL;
    rmlua_tensor *given = NULL;
    if (lua_istable(L, 2)) lua_getfield(L, 2, "target");
    else lua_pushnil(L);
    if (lua_isnil(L, -1) || lua_type(L, -1) == LUA_TSTRING) {
        const char *which = lua_isnil(L, -1) ? "s" : lua_tostring(L, -1);
        if (strcmp(which, "s") && strcmp(which, "opt"))
            return luaL_error(L, "%s: target '%s' is not s, opt or a tensor", fn, which);
        int item = (int)rmlua_opt_int(L, 2, fn, "item", 1, 1, tr->n_out);
        col = (!strcmp(which, "s") ? tr->s : tr->opt) + (item - 1);
        circular_default = task->def->loss == RM_LOSS_CIRCULAR;
    } else if ((given = rmlua_tensor_test(L, -1))) {
        if (!given->data) return luaL_error(L, "%s: the target tensor has been freed", fn);
        if (given->ndim > 2 || given->shape[0] != tr->trials)
            return luaL_error(L, "%s: a target tensor must be [trials] or [trials][q] with "
                                 "%d trials", fn, tr->trials);
        q = given->ndim == 2 ? given->shape[1] : 1;
        if (q < 1) return luaL_error(L, "%s: the target tensor has no columns", fn);
    } else {
        return luaL_error(L, "%s: target must be \"s\", \"opt\" or a tensor, not %s", fn,
                          luaL_typename(L, -1));
    }
    int circular = rmlua_opt_bool(L, 2, fn, "circular", circular_default);
    if (circular && given && q != 1)
        return luaL_error(L, "%s: a circular target is one angle per trial", fn);
    int qq = circular ? 2 : q;
    float *y = rmlua_scratch(L, (size_t)tr->trials * qq * sizeof *y);
    for (int b = 0; b < tr->trials; b++) {
        if (given) {
            for (int c = 0; c < q && !circular; c++) y[(size_t)b * q + c] = given->data[(size_t)b * q + c];
            if (!circular) continue;
        }
        double v = given ? given->data[b] : col[(size_t)b * tr->n_out];
        if (isnan(v)) return luaL_error(L, "%s: the target of trial %d is NaN", fn, b + 1);
        if (circular) {
            y[(size_t)b * 2] = (float)cos(2 * v);
            y[(size_t)b * 2 + 1] = (float)sin(2 * v);
        } else {
            y[b] = (float)v;
        }
    }
    /* the summary's default window is the delay (the whole trial if there is none) */
    int d0 = task->stim + 1, d1 = task->stim + task->delay < tr->T ? task->stim + task->delay : tr->T;
    if (task->delay < 1 || d0 > d1) d0 = 1, d1 = tr->T;
    int from = (int)rmlua_opt_int(L, 2, fn, "from", d0, 1, tr->T);
    int to = (int)rmlua_opt_int(L, 2, fn, "to", d1, 1, tr->T);
    if (from > to) return luaL_error(L, "%s: from = %d is after to = %d", fn, from, to);
    lua_createtable(L, 0, 13);
    lua_pushliteral(L, "decode");
    lua_setfield(L, -2, "kind");
    int T = tr->T;
    rmlua_tensor *score = rmlua_tensor_new(L, 2, (int[]){T, T});
    lua_setfield(L, -2, "score");
    rmlua_tensor *err = rmlua_tensor_new(L, 2, (int[]){T, T});
    lua_setfield(L, -2, "err");
    rm_err e = {0};
    rmlua_state *S = rmlua_state_of(L); /* Ctrl-C stops it between training steps */
    atomic_store(&S->train_stop, S->interrupt_pending ? 1 : 0);
    if (rm_decode_cross(tr->h, tr->trials, T, tr->N, y, qq, circular, lambda, n_train,
                        score->data, err->data, &S->train_stop, &e)) {
        if (e.code == RM_ESTOPPED) rmlua_check_interrupt(L, ": decoding stopped");
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    rmlua_tensor *diag = rmlua_tensor_new(L, 1, &T);
    for (int t = 0; t < T; t++) diag->data[t] = score->data[(size_t)t * T + t];
    lua_setfield(L, -2, "diagonal");
    double d, o, idx = rm_decode_index(score->data, T, from - 1, to - 1, &d, &o);
    lua_pushnumber(L, idx);
    lua_setfield(L, -2, "index");
    lua_pushnumber(L, d);
    lua_setfield(L, -2, "diag");
    lua_pushnumber(L, o);
    lua_setfield(L, -2, "off");
    lua_pushinteger(L, from);
    lua_setfield(L, -2, "from");
    lua_pushinteger(L, to);
    lua_setfield(L, -2, "to");
    lua_pushinteger(L, n_train);
    lua_setfield(L, -2, "train");
    lua_pushinteger(L, tr->trials - n_train);
    lua_setfield(L, -2, "test");
    lua_pushboolean(L, circular);
    lua_setfield(L, -2, "circular");
    lua_pushnumber(L, lambda);
    lua_setfield(L, -2, "lambda");
    set_periods(L, 1, tr);
    return 1;
}

/* net:weight_profile(tr [, {by="time"|"order", bin=1, window=, threshold=0}]) */
static int n_weight_profile(lua_State *L) {
    static const char *const keys[] = {"by", "bin", "window", "threshold", NULL};
    const char *fn = "net:weight_profile";
    rm_net *net;
    rmlua_net_get(L, 1, &net, NULL, NULL);
    const rm_trace *tr = rmlua_check_trace(L, 2);
    lua_settop(L, 3);
    check_opts(L, 3, fn, keys);
    const rm_param_view *v = rm_net_view(net, "W_hh");
    if (!v) v = rm_net_view(net, "W_hc"); /* the GRU's candidate recurrence */
    if (!v) return luaL_error(L, "%s: this %s network has no recurrent weight W_hh", fn, net->cfg.model);
    if (tr->N != v->rows)
        return luaL_error(L, "%s: the trace has %d units, the network %d", fn, tr->N, v->rows);
    const char *by = rmlua_opt_str(L, 3, fn, "by", "time");
    if (strcmp(by, "time") && strcmp(by, "order"))
        return luaL_error(L, "%s: by must be \"time\" or \"order\", not '%s'", fn, by);
    int bin = (int)rmlua_opt_int(L, 3, fn, "bin", 1, 1, 100000);
    int window = (int)rmlua_opt_int(L, 3, fn, "window", -1, -1, INT32_MAX);
    double thr = rmlua_opt_num(L, 3, fn, "threshold", 0.0);
    double *key = peak_times(L, tr, thr, fn);
    if (!strcmp(by, "order")) {
        double *rank = rmlua_scratch(L, (size_t)tr->N * sizeof *rank);
        rm_peak_ranks(key, tr->N, rank);
        key = rank;
    }
    rm_weight_profile_t p;
    rm_err e = {0};
    if (rm_weight_profile(net->params + v->offset, tr->N, key, bin, window, &p, &e))
        return luaL_error(L, "%s: %s", fn, e.msg);
    lua_createtable(L, 0, 9);
    lua_pushliteral(L, "weight_profile");
    lua_setfield(L, -2, "kind");
    rmlua_tensor *lag = rmlua_tensor_new(L, 1, &p.n_bins);
    rmlua_tensor *w = rmlua_tensor_new(L, 1, &p.n_bins);
    rmlua_tensor *cnt = rmlua_tensor_new(L, 1, &p.n_bins);
    for (int k = 0; k < p.n_bins; k++) {
        lag->data[k] = (float)((p.k0 + k) * p.bin);
        w->data[k] = (float)p.w[k];
        cnt->data[k] = (float)p.count[k];
    }
    lua_setfield(L, -4, "count");
    lua_setfield(L, -3, "w");
    lua_setfield(L, -2, "lag");
    lua_pushnumber(L, p.asymmetry);
    lua_setfield(L, -2, "asymmetry");
    lua_pushnumber(L, p.self);
    lua_setfield(L, -2, "self");
    lua_pushinteger(L, p.units);
    lua_setfield(L, -2, "units");
    lua_pushinteger(L, p.bin);
    lua_setfield(L, -2, "bin");
    lua_pushstring(L, by);
    lua_setfield(L, -2, "by");
    rm_weight_profile_free(&p);
    return 1;
}

void rmlua_open_analysis(lua_State *L, int mod) {
    (void)mod;
    static const luaL_Reg trace_methods[] = {
        {"peak_times", tr_peak_times}, {"order", tr_order}, {"pca", tr_pca},
        {"traj", tr_traj}, {"decode", tr_decode}, {NULL, NULL}};
    static const luaL_Reg net_methods[] = {{"weight_profile", n_weight_profile}, {NULL, NULL}};
    luaL_getmetatable(L, RMLUA_TRACE);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, trace_methods, 0);
    lua_pop(L, 2);
    luaL_getmetatable(L, RMLUA_NET);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, net_methods, 0);
    lua_pop(L, 2);
}
