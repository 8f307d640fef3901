/* bind_dynamics.c: the dynamics of a ReLU RNN under a constant input (issue 15):
 * net:jacobian(h) and net:fixed_points{...} with the Jacobian's eigenvalues and their
 * stability. The map is the model's own step F(h) = relu(W_hh h + W_in x + b_in + b_hh);
 * models whose step is not that (hebbian, gru) are refused. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/analysis.h"
#include "core/linalg.h"
#include "rmlua_int.h"


static void check_relu_model(lua_State *L, const rm_net *net, const char *fn) {
    if (strcmp(net->cfg.model, "rnn") && strcmp(net->cfg.model, "ortho"))
        luaL_error(L, "%s: model %s is not supported (only rnn and ortho, whose step is "
                      "relu(W_hh h + W_in x + b))", fn, net->cfg.model);
}

/* The mean input over the delay steps (mask 1) of every trial of the trace at tr_idx. */
static void delay_mean(lua_State *L, int tr_idx, float *x, const char *fn) {
    const rm_trace *tr = rmlua_check_trace(L, tr_idx);
    lua_getiuservalue(L, tr_idx, 1);
    const rm_task *task = rmlua_task_c(rmlua_check_task(L, -1));
    lua_pop(L, 1);
    int t0 = task->stim, t1 = task->stim + task->delay;
    if (t1 > tr->T) t1 = tr->T;
    double *acc = rmlua_scratch(L, (size_t)tr->n_chan * sizeof *acc);
    for (int c = 0; c < tr->n_chan; c++) acc[c] = 0;
    long n = 0;
    for (int b = 0; b < tr->trials; b++)
        for (int t = t0; t < t1; t++) {
            if (tr->mask[(size_t)b * tr->T + t] == 0) continue;
            const float *row = tr->x + ((size_t)b * tr->T + t) * tr->n_chan;
            for (int c = 0; c < tr->n_chan; c++) acc[c] += row[c];
            n++;
        }
    if (!n) luaL_error(L, "%s: the trace has no delay steps to average the input over", fn);
    for (int c = 0; c < tr->n_chan; c++) x[c] = (float)(acc[c] / n);
    lua_pop(L, 1);
}

/* Pushes a trace: opts.trace if given, else net:probe{trials=50, seed=1}. */
static int get_trace(lua_State *L, int net_idx, int opts, const char *fn) {
    if (lua_istable(L, opts) && lua_getfield(L, opts, "trace") != LUA_TNIL) {
        rmlua_check_trace(L, -1);
        return lua_gettop(L);
    }
    if (lua_istable(L, opts)) lua_pop(L, 1);
    lua_getfield(L, net_idx, "probe");
    lua_pushvalue(L, net_idx);
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, 50);
    lua_setfield(L, -2, "trials");
    lua_pushinteger(L, 1);
    lua_setfield(L, -2, "seed");
    lua_call(L, 2, 1);
    (void)fn;
    return lua_gettop(L);
}

/* u = W_in x + b_in + b_hh for the input named by opts.input: "delay" (default: the mean
   input over the delay steps of the trace), "zero", or a tensor [inputs]. Writes the x
   used into x_out [n_in]. */
static void drive(lua_State *L, int net_idx, int opts, const rm_net *net, float *u,
                  float *x_out, const char *fn) {
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    int top = lua_gettop(L);
    if (lua_istable(L, opts)) lua_getfield(L, opts, "input");
    else lua_pushnil(L);
    rmlua_tensor *given = rmlua_tensor_test(L, -1);
    if (given) {
        if (!given->data || given->numel != (size_t)I)
            luaL_error(L, "%s: input must be a tensor of %d values (one per input channel)", fn, I);
        memcpy(x_out, given->data, (size_t)I * sizeof *x_out);
    } else {
        const char *name = lua_isnil(L, -1) ? "delay" : lua_tostring(L, -1);
        if (!name || (strcmp(name, "delay") && strcmp(name, "zero")))
            luaL_error(L, "%s: input must be \"delay\", \"zero\" or a tensor", fn);
        if (!strcmp(name, "zero")) memset(x_out, 0, (size_t)I * sizeof *x_out);
        else {
            int tr = get_trace(L, net_idx, opts, fn);
            if (rmlua_check_trace(L, tr)->n_chan != I)
                luaL_error(L, "%s: the trace has %d input channels, the network %d", fn,
                           rmlua_check_trace(L, tr)->n_chan, I);
            delay_mean(L, tr, x_out, fn);
        }
    }
    const float *W_in = rm_net_param(net, "W_in"), *b_in = rm_net_param(net, "b_in");
    const float *b_hh = rm_net_param(net, "b_hh");
    for (int i = 0; i < N; i++) {
        double s = (double)b_in[i] + b_hh[i];
        for (int c = 0; c < I; c++) s += (double)W_in[(size_t)i * I + c] * x_out[c];
        u[i] = (float)s;
    }
    lua_settop(L, top);
}

/* A state h at idx: a tensor of N values. */
static const float *check_state(lua_State *L, int idx, int N, const char *fn) {
    rmlua_tensor *h = rmlua_tensor_test(L, idx);
    if (!h || !h->data || h->numel != (size_t)N)
        luaL_error(L, "%s: the state must be a tensor of %d values (one per unit)", fn, N);
    return h->data;
}

/* net:jacobian(h [, {input=, trace=}]) -> J [N][N], dF/dh at h */
static int n_jacobian(lua_State *L) {
    static const char *const keys[] = {"input", "trace", NULL};
    const char *fn = "net:jacobian";
    rm_net *net;
    rmlua_net_get(L, 1, &net, NULL, NULL);
    check_relu_model(L, net, fn);
    lua_settop(L, 3);
    if (!lua_isnil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
    rmlua_check_keys(L, 3, fn, keys);
    const int N = net->cfg.n_hidden;
    const float *h = check_state(L, 2, N, fn);
    float *u = rmlua_scratch(L, (size_t)N * sizeof *u);
    float *x = rmlua_scratch(L, (size_t)net->cfg.n_in * sizeof *x);
    drive(L, 1, 3, net, u, x, fn);
    rmlua_tensor *J = rmlua_tensor_new(L, 2, (int[]){N, N});
    rm_relu_jacobian(rm_net_param(net, "W_hh"), u, N, h, J->data);
    return 1;
}

/* net:fixed_points{input=, trace=, starts=, tol=, iters=, seed=, dedupe=} */
static int n_fixed_points(lua_State *L) {
    static const char *const keys[] = {"input", "trace", "starts", "tol", "iters", "seed",
                                       "dedupe", "vectors", NULL};
    const char *fn = "net:fixed_points";
    rm_net *net;
    rmlua_net_get(L, 1, &net, NULL, NULL);
    check_relu_model(L, net, fn);
    lua_settop(L, 2);
    if (!lua_isnil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    rmlua_check_keys(L, 2, fn, keys);
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    rm_fixed_cfg cfg = {.iters = (int)rmlua_opt_int(L, 2, fn, "iters", 100, 0, 1000000),
                        .tol = rmlua_opt_num(L, 2, fn, "tol", 1e-10)};
    if (!(cfg.tol >= 0)) return luaL_error(L, "%s: tol must be >= 0", fn);
    double radius = rmlua_opt_num(L, 2, fn, "dedupe", 1e-3);
    int vectors = rmlua_opt_bool(L, 2, fn, "vectors", 0);
    if (!(radius >= 0)) return luaL_error(L, "%s: dedupe must be >= 0", fn);
    lua_Integer seed = rmlua_opt_int(L, 2, fn, "seed", 1, 0, LUA_MAXINTEGER);
    float *u = rmlua_scratch(L, (size_t)N * sizeof *u);
    float *x = rmlua_scratch(L, (size_t)I * sizeof *x);
    drive(L, 1, 2, net, u, x, fn);

    /* starts: a tensor [K][N] of states, or a count of states drawn from the trace's
       trials (delay steps, at random) */
    if (lua_istable(L, 2)) lua_getfield(L, 2, "starts");
    else lua_pushnil(L);
    int K;
    const float *starts;
    rmlua_tensor *st = rmlua_tensor_test(L, -1);
    if (st) {
        if (!st->data || st->ndim != 2 || st->shape[1] != N || st->shape[0] < 1)
            return luaL_error(L, "%s: starts must be a count or a tensor [K][%d] of states", fn, N);
        K = st->shape[0];
        starts = st->data;
    } else {
        lua_Integer k = lua_isnil(L, -1) ? 10 : luaL_checkinteger(L, -1);
        if (k < 1 || k > 100000) return luaL_error(L, "%s: starts = %I is out of range 1..100000",
                                                   fn, (LUAI_UACINT)k);
        K = (int)k;
        int ti = get_trace(L, 1, 2, fn);
        const rm_trace *tr = rmlua_check_trace(L, ti);
        if (tr->N != N) return luaL_error(L, "%s: the trace has %d units, the network %d", fn, tr->N, N);
        lua_getiuservalue(L, ti, 1);
        const rm_task *task = rmlua_task_c(rmlua_check_task(L, -1));
        lua_pop(L, 1);
        int t0 = task->stim, t1 = task->stim + task->delay < tr->T ? task->stim + task->delay : tr->T;
        if (t1 <= t0) t0 = 0, t1 = tr->T;
        float *s = rmlua_scratch(L, (size_t)K * N * sizeof *s);
        rm_rng rng;
        rm_rng_seed(&rng, (uint64_t)seed);
        for (int k2 = 0; k2 < K; k2++) {
            int b, t, tries = 0;
            do { /* a step that ran (not masked), in the delay */
                b = (int)rm_rng_below(&rng, (uint32_t)tr->trials);
                t = t0 + (int)rm_rng_below(&rng, (uint32_t)(t1 - t0));
            } while (tr->mask[(size_t)b * tr->T + t] == 0 && ++tries < 1000);
            memcpy(s + (size_t)k2 * N, tr->h + ((size_t)b * tr->T + t) * N, (size_t)N * sizeof *s);
        }
        starts = s;
    }
    float *pts = rmlua_scratch(L, (size_t)K * N * sizeof *pts);
    double *q = rmlua_scratch(L, (size_t)K * sizeof *q);
    rm_err e = {0};
    const float *W = rm_net_param(net, "W_hh");
    rmlua_state *S = rmlua_state_of(L); /* Ctrl-C stops the search between steps */
    atomic_store(&S->train_stop, S->interrupt_pending ? 1 : 0);
    cfg.stop = &S->train_stop;
    if (rm_relu_fixed_points(W, u, N, starts, K, &cfg, pts, q, NULL, &e)) {
        if (e.code == RM_ESTOPPED) rmlua_check_interrupt(L, ": fixed point search stopped");
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    int M = rm_fixed_dedupe(pts, q, K, N, radius);

    lua_createtable(L, 0, 13);
    int res = lua_gettop(L);
    lua_pushliteral(L, "fixed_points");
    lua_setfield(L, res, "kind");
    rmlua_tensor *P = rmlua_tensor_new(L, 2, (int[]){M, N});
    memcpy(P->data, pts, (size_t)M * N * sizeof(float));
    lua_setfield(L, res, "points");
    rmlua_tensor *Q = rmlua_tensor_new(L, 1, &M);
    lua_setfield(L, res, "q");
    rmlua_tensor *er = rmlua_tensor_new(L, 2, (int[]){M, N});
    lua_setfield(L, res, "eig_re");
    rmlua_tensor *ei = rmlua_tensor_new(L, 2, (int[]){M, N});
    lua_setfield(L, res, "eig_im");
    rmlua_tensor *mx = rmlua_tensor_new(L, 1, &M);
    lua_setfield(L, res, "max_abs");
    rmlua_tensor *nu = rmlua_tensor_new(L, 1, &M);
    lua_setfield(L, res, "n_unstable");
    float *vre = NULL, *vim = NULL; /* eigenvector k of point m: column k of [m] */
    if (vectors) {
        vre = rmlua_tensor_new(L, 3, (int[]){M, N, N})->data;
        lua_setfield(L, res, "vectors_re");
        vim = rmlua_tensor_new(L, 3, (int[]){M, N, N})->data;
        lua_setfield(L, res, "vectors_im");
    }
    lua_createtable(L, M, 0);
    int fixed_t = lua_gettop(L);
    lua_createtable(L, M, 0);
    int stable_t = lua_gettop(L);
    float *J = rmlua_scratch(L, (size_t)N * N * sizeof *J);
    for (int k = 0; k < M; k++) {
        Q->data[k] = (float)q[k];
        rm_relu_jacobian(W, u, N, pts + (size_t)k * N, J);
        size_t vo = (size_t)k * N * N;
        if (rm_linalg_eig(J, N, er->data + (size_t)k * N, ei->data + (size_t)k * N,
                          vre ? vre + vo : NULL, vim ? vim + vo : NULL, &e))
            return luaL_error(L, "%s: %s", fn, e.msg);
        double big = 0;
        int unstable = 0;
        for (int j = 0; j < N; j++) {
            double m = hypot(er->data[(size_t)k * N + j], ei->data[(size_t)k * N + j]);
            if (m > big) big = m;
            unstable += m > 1;
        }
        mx->data[k] = (float)big;
        nu->data[k] = (float)unstable;
        lua_pushboolean(L, q[k] <= cfg.tol);
        lua_rawseti(L, fixed_t, k + 1);
        lua_pushboolean(L, big < 1);
        lua_rawseti(L, stable_t, k + 1);
    }
    lua_pop(L, 1); /* J */
    lua_setfield(L, res, "stable");
    lua_setfield(L, res, "fixed");
    rmlua_tensor *xin = rmlua_tensor_new(L, 1, &I);
    memcpy(xin->data, x, (size_t)I * sizeof *x);
    lua_setfield(L, res, "input");
    lua_pushinteger(L, K);
    lua_setfield(L, res, "starts");
    lua_pushinteger(L, M);
    lua_setfield(L, res, "found");
    lua_pushnumber(L, cfg.tol);
    lua_setfield(L, res, "tol");
    lua_settop(L, res);
    return 1;
}

void rmlua_open_dynamics(lua_State *L, int mod) {
    (void)mod;
    static const luaL_Reg net_methods[] = {
        {"jacobian", n_jacobian}, {"fixed_points", n_fixed_points}, {NULL, NULL}};
    luaL_getmetatable(L, RMLUA_NET);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, net_methods, 0);
    lua_pop(L, 2);
}
