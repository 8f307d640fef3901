/* bind_intervene.c: the Lua side of interventions (core/intervene.h): net:probe's options
 * s=, change=, cue= (a fixed stimulus) and lesion=, clamp=, noise=, perturb= (changes to
 * the hidden state during the probe), net:lesioned{units} (a new network without those
 * units) and net:lesion_curve{...}. Units and steps are 1-based here and 0-based in the
 * core; every bad value is a one-line error naming the option. */
#include <config.h>
#include <math.h>
#include <string.h>
#include "core/intervene.h"
#include "rmlua_int.h"

#define MAX_OPS 64

/* ---- parsing ---- */

/* What a parse builds, anchored in a Lua table on the stack so that an error in the
   middle leaks nothing: ops in a userdata (anchor[1]), each op's units in another. */
typedef struct {
    lua_State *L;
    int anchor;        /* stack index of the anchor table */
    const char *fn;
    int N, T;
    rm_iv_op *ops;
    int n_ops;
} parse_ctx;

static int *new_ints(parse_ctx *c, int n) {
    int *p = lua_newuserdatauv(c->L, (size_t)(n > 0 ? n : 1) * sizeof *p, 0);
    lua_rawseti(c->L, c->anchor, (lua_Integer)lua_rawlen(c->L, c->anchor) + 1);
    return p;
}

/* The units at idx: "all" (NULL, every unit) or a non-empty list of integers 1..N,
   returned 0-based. */
static const int *parse_units(parse_ctx *c, int idx, const char *what, int *n) {
    lua_State *L = c->L;
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TSTRING && !strcmp(lua_tostring(L, idx), "all")) {
        *n = c->N;
        return NULL;
    }
    if (!lua_istable(L, idx))
        luaL_error(L, "%s: %s: units must be a list of unit numbers 1..%d or \"all\", not %s",
                   c->fn, what, c->N, luaL_typename(L, idx));
    lua_Integer len = (lua_Integer)lua_rawlen(L, idx);
    if (len < 1) luaL_error(L, "%s: %s: the list of units is empty", c->fn, what);
    if (len > 10 * (lua_Integer)c->N)
        luaL_error(L, "%s: %s: %I units for a network of %d", c->fn, what, (LUAI_UACINT)len, c->N);
    int *u = new_ints(c, (int)len);
    for (lua_Integer i = 1; i <= len; i++) {
        int isint;
        lua_rawgeti(L, idx, i);
        lua_Integer v = lua_tointegerx(L, -1, &isint);
        if (!isint)
            luaL_error(L, "%s: %s: unit %I of the list is %s, not a unit number", c->fn, what,
                       (LUAI_UACINT)i, luaL_typename(L, -1));
        if (v < 1 || v > c->N)
            luaL_error(L, "%s: %s: unit %I is outside 1..%d", c->fn, what, (LUAI_UACINT)v, c->N);
        u[i - 1] = (int)v - 1;
        lua_pop(L, 1);
    }
    *n = (int)len;
    return u;
}

static void check_step(parse_ctx *c, const char *what, lua_Integer t) {
    if (t < 1 || t > c->T)
        luaL_error(c->L, "%s: %s: step %I is outside the trial's 1..%d", c->fn, what,
                   (LUAI_UACINT)t, c->T);
}

static lua_Integer int_at(parse_ctx *c, int idx, const char *what) {
    int isint;
    lua_Integer v = lua_tointegerx(c->L, idx, &isint);
    if (!isint)
        luaL_error(c->L, "%s: %s: t must be a step number or {first, last}, not %s", c->fn,
                   what, luaL_typename(c->L, idx));
    return v;
}

/* Field t of the table at idx: a step, or {first, last} (inclusive); absent: the whole
   trial. */
static void parse_steps(parse_ctx *c, int idx, const char *what, int *t0, int *t1) {
    lua_State *L = c->L;
    *t0 = 1;
    *t1 = c->T;
    int ty = lua_getfield(L, idx, "t");
    if (ty == LUA_TNUMBER) {
        lua_Integer t = int_at(c, -1, what);
        check_step(c, what, t);
        *t0 = *t1 = (int)t;
    } else if (ty == LUA_TTABLE) {
        if (lua_rawlen(L, -1) != 2)
            luaL_error(L, "%s: %s: t must be a step number or {first, last}", c->fn, what);
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        lua_Integer a = int_at(c, -2, what), b = int_at(c, -1, what);
        check_step(c, what, a);
        check_step(c, what, b);
        if (a > b)
            luaL_error(L, "%s: %s: t = {%I, %I} ends before it starts", c->fn, what,
                       (LUAI_UACINT)a, (LUAI_UACINT)b);
        *t0 = (int)a;
        *t1 = (int)b;
        lua_pop(L, 2);
    } else if (ty != LUA_TNIL) {
        luaL_error(L, "%s: %s: t must be a step number or {first, last}, not %s", c->fn, what,
                   luaL_typename(L, -1));
    }
    lua_pop(L, 1);
}

static rm_iv_op *new_op(parse_ctx *c, rm_iv_kind kind) {
    if (c->n_ops == MAX_OPS)
        luaL_error(c->L, "%s: more than %d interventions", c->fn, MAX_OPS);
    rm_iv_op *op = &c->ops[c->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

/* A number field that must be there (or has a default if required is 0). */
static double num_field(parse_ctx *c, int idx, const char *what, const char *key, int required,
                        double def) {
    lua_State *L = c->L;
    int ty = lua_getfield(L, idx, key);
    if (ty == LUA_TNIL && required)
        luaL_error(L, "%s: %s needs %s=", c->fn, what, key);
    double v = def;
    if (ty != LUA_TNIL) {
        if (ty != LUA_TNUMBER)
            luaL_error(L, "%s: %s: %s must be a number, not %s", c->fn, what, key,
                       luaL_typename(L, -1));
        v = lua_tonumber(L, -1);
        if (!isfinite(v)) luaL_error(L, "%s: %s: %s must be finite", c->fn, what, key);
    }
    lua_pop(L, 1);
    return v;
}

/* One intervention given as a table at idx. */
static void parse_one(parse_ctx *c, int idx, rm_iv_kind kind, const char *what) {
    static const char *const lesion_keys[] = {"units", "t", NULL};
    static const char *const clamp_keys[] = {"units", "value", "t", NULL};
    static const char *const noise_keys[] = {"sd", "t", "seed", "units", NULL};
    static const char *const perturb_keys[] = {"t", "units", "amount", NULL};
    lua_State *L = c->L;
    idx = lua_absindex(L, idx);
    char fnwhat[96];
    snprintf(fnwhat, sizeof fnwhat, "%s: %s", c->fn, what);
    rm_iv_op *op = new_op(c, kind);
    if (kind == RM_IV_LESION && lua_rawlen(L, idx) > 0) { /* a plain list of units */
        op->units = parse_units(c, idx, what, &op->n_units);
        op->t0 = 1;
        op->t1 = c->T;
        return;
    }
    const char *const *keys = kind == RM_IV_LESION  ? lesion_keys
                              : kind == RM_IV_CLAMP ? clamp_keys
                              : kind == RM_IV_NOISE ? noise_keys
                                                    : perturb_keys;
    rmlua_check_keys(L, idx, fnwhat, keys);
    if (lua_getfield(L, idx, "units") == LUA_TNIL) {
        if (kind == RM_IV_LESION || kind == RM_IV_CLAMP)
            luaL_error(L, "%s: %s needs units=", c->fn, what);
        op->units = NULL; /* noise and perturb: every unit */
        op->n_units = c->N;
    } else {
        op->units = parse_units(c, -1, what, &op->n_units);
    }
    lua_pop(L, 1);
    if (kind == RM_IV_PERTURB) {
        int ty = lua_getfield(L, idx, "t");
        lua_pop(L, 1);
        if (ty != LUA_TNUMBER) luaL_error(L, "%s: perturb needs t= (the step of the pulse)", c->fn);
    }
    parse_steps(c, idx, what, &op->t0, &op->t1);
    if (kind == RM_IV_CLAMP) op->value = num_field(c, idx, what, "value", 1, 0);
    if (kind == RM_IV_PERTURB) op->value = num_field(c, idx, what, "amount", 1, 0);
    if (kind == RM_IV_NOISE) {
        op->value = num_field(c, idx, what, "sd", 1, 0);
        if (op->value < 0) {
            char v[32];
            snprintf(v, sizeof v, "%g", op->value);
            luaL_error(L, "%s: noise: sd = %s is negative", c->fn, v);
        }
        op->seed = (uint64_t)rmlua_opt_int(L, idx, fnwhat, "seed", 1, 0, LUA_MAXINTEGER);
    }
}

/* Option `key` of the table at opts: one intervention, or a list of them. */
static void parse_kind(parse_ctx *c, int opts, const char *key, rm_iv_kind kind) {
    lua_State *L = c->L;
    int ty = lua_getfield(L, opts, key);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (ty != LUA_TTABLE)
        luaL_error(L, "%s: %s must be a table, not %s", c->fn, key, luaL_typename(L, -1));
    int list = lua_rawgeti(L, -1, 1) == LUA_TTABLE;
    lua_pop(L, 1);
    if (!list) {
        parse_one(c, -1, kind, key);
    } else {
        lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer i = 1; i <= len; i++) {
            if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
                luaL_error(L, "%s: %s: entry %I is %s, not a table", c->fn, key,
                           (LUAI_UACINT)i, luaL_typename(L, -1));
            parse_one(c, -1, kind, key);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* s=, change=, cue= of the options at opts into fix. */
static void parse_fixed(lua_State *L, int opts, const char *fn, rm_fixed *fix) {
    *fix = RM_FIXED_NONE;
    int ty = lua_getfield(L, opts, "s");
    if (ty == LUA_TNUMBER) {
        fix->n_s = 1;
        fix->s[0] = lua_tonumber(L, -1);
    } else if (ty == LUA_TTABLE) {
        lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
        if (len < 1 || len > 2)
            luaL_error(L, "%s: s must be a number or a list of 1 or 2 numbers", fn);
        for (lua_Integer i = 1; i <= len; i++) {
            if (lua_rawgeti(L, -1, i) != LUA_TNUMBER)
                luaL_error(L, "%s: s[%I] must be a number, not %s", fn, (LUAI_UACINT)i,
                           luaL_typename(L, -1));
            fix->s[i - 1] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
        fix->n_s = (int)len;
    } else if (ty != LUA_TNIL) {
        luaL_error(L, "%s: s must be a number or a list of numbers, not %s", fn,
                   luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    ty = lua_getfield(L, opts, "change");
    if (ty == LUA_TBOOLEAN) fix->change = lua_toboolean(L, -1);
    else if (ty != LUA_TNIL) {
        int isint;
        lua_Integer v = lua_tointegerx(L, -1, &isint);
        if (!isint || (v != 0 && v != 1))
            luaL_error(L, "%s: change must be true, false, 1 or 0", fn);
        fix->change = (int)v;
    }
    lua_pop(L, 1);
    lua_Integer cue = rmlua_opt_int(L, opts, fn, "cue", 0, 1, 2);
    if (cue) fix->cue = (int)cue - 1;
}

void rmlua_probe_options(lua_State *L, int opts, const char *fn, int N, int T, int fresh,
                         rm_fixed *fix, rm_intervention *iv) {
    opts = lua_absindex(L, opts);
    lua_newtable(L); /* the anchor, left on the stack */
    parse_ctx c = {.L = L, .anchor = lua_gettop(L), .fn = fn, .N = N, .T = T};
    c.ops = lua_newuserdatauv(L, MAX_OPS * sizeof *c.ops, 0);
    lua_rawseti(L, c.anchor, 1);
    *fix = RM_FIXED_NONE;
    *iv = (rm_intervention){0};
    if (!lua_istable(L, opts)) return;
    parse_fixed(L, opts, fn, fix);
    if (!fresh && rm_fixed_any(fix))
        luaL_error(L, "%s: s=, change= and cue= fix the stimulus of fresh trials; they do not "
                      "apply to batch=", fn);
    parse_kind(&c, opts, "lesion", RM_IV_LESION);
    parse_kind(&c, opts, "clamp", RM_IV_CLAMP);
    parse_kind(&c, opts, "noise", RM_IV_NOISE);
    parse_kind(&c, opts, "perturb", RM_IV_PERTURB);
    *iv = (rm_intervention){.ops = c.ops, .n_ops = c.n_ops};
}

/* ---- net:lesioned, net:lesion_curve ---- */

/* net:lesioned{units} -> a new network with those units removed (the original unchanged) */
static int n_lesioned(lua_State *L) {
    const char *fn = "net:lesioned";
    rmlua_netud *n = rmlua_check_netud(L, 1);
    rmlua_net_check_idle(L, n, fn);
    lua_settop(L, 2);
    if (lua_istable(L, 2) && lua_getfield(L, 2, "units") != LUA_TNIL) lua_replace(L, 2);
    else if (lua_istable(L, 2)) lua_pop(L, 1);
    lua_newtable(L); /* 3: anchor */
    parse_ctx c = {.L = L, .anchor = 3, .fn = fn, .N = n->net.cfg.n_hidden, .T = n->task.T};
    int k;
    const int *units = parse_units(&c, 2, "units", &k);
    int *all = NULL;
    if (!units) {
        all = new_ints(&c, k);
        for (int j = 0; j < k; j++) all[j] = j;
        units = all;
    }
    rm_net copy;
    rm_err e = {0};
    if (rm_net_clone(&copy, &n->net, &e)) return luaL_error(L, "%s: %s", fn, e.msg);
    if (rm_net_silence_units(&copy, units, k, &e)) {
        rm_net_free(&copy);
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    rm_run_cfg cfg; /* the original's run description: condition, read-back step, ... */
    rmlua_net_run_cfg(L, 1, &cfg);
    rmlua_net_push(L, &copy, n->task.def->name, n->variant, n->seed, NULL, &cfg);
    return 1;
}

static rm_lesion_order parse_order(lua_State *L, int opts, const char *fn) {
    const char *o = rmlua_opt_str(L, opts, fn, "order", "peak");
    if (!strcmp(o, "peak")) return RM_LESION_PEAK;
    if (!strcmp(o, "random")) return RM_LESION_RANDOM;
    if (!strcmp(o, "weight")) return RM_LESION_WEIGHT;
    luaL_error(L, "%s: order must be \"peak\", \"random\" or \"weight\", not '%s'", fn, o);
    return RM_LESION_PEAK;
}

/* net:lesion_curve{order=, step=, trials=, seed=, read_back=}
     -> {kind = "lesion_curve", n_removed = tensor, infloss = tensor,
         order = tensor of 1-based units, by = "peak"|"random"|"weight"} */
static int n_lesion_curve(lua_State *L) {
    static const char *const keys[] = {"order", "step", "trials", "seed", "read_back", NULL};
    const char *fn = "net:lesion_curve";
    rmlua_state *st = rmlua_state_of(L);
    rmlua_netud *n = rmlua_check_netud(L, 1);
    lua_settop(L, 2);
    if (!lua_isnil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    rmlua_check_keys(L, 2, fn, keys);
    rmlua_net_check_idle(L, n, fn);
    const int N = n->net.cfg.n_hidden;
    rm_lesion_cfg cfg = {
        .order = parse_order(L, 2, fn),
        .step = (int)rmlua_opt_int(L, 2, fn, "step", N >= 20 ? (N + 19) / 20 : 1, 1, N),
        .trials = (int)rmlua_opt_int(L, 2, fn, "trials", 50, 1, 100000),
        .seed = (uint64_t)rmlua_opt_int(L, 2, fn, "seed", 1, 0, LUA_MAXINTEGER),
        .read_back = (int)rmlua_opt_int(L, 2, fn, "read_back", rmlua_net_read_back(L, n), 1,
                                        n->task.T),
    };
    lua_getiuservalue(L, 1, 1); /* 3: the network's task */
    rmlua_taskud *tu = rmlua_check_task(L, 3);
    rm_lesion_curve curve;
    rm_err e = {0};
    atomic_store(&st->train_stop, st->interrupt_pending ? 1 : 0);
    rmlua_task_bind(tu, L);
    int rc = rm_lesion_curve_run(rmlua_task_c(tu), &n->net, &cfg, &st->train_stop, &curve, &e);
    rmlua_task_unbind(tu);
    if (rc) {
        if (rmlua_interrupted(L)) rmlua_check_interrupt(L, ": lesion curve stopped");
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    lua_createtable(L, 0, 5);
    rmlua_tensor *t = rmlua_tensor_new(L, 1, &curve.n_points);
    for (int p = 0; p < curve.n_points; p++) t->data[p] = (float)curve.n_removed[p];
    lua_setfield(L, -2, "n_removed");
    t = rmlua_tensor_new(L, 1, &curve.n_points);
    for (int p = 0; p < curve.n_points; p++) t->data[p] = (float)curve.infloss[p];
    lua_setfield(L, -2, "infloss");
    t = rmlua_tensor_new(L, 1, &curve.N);
    for (int j = 0; j < curve.N; j++) t->data[j] = (float)(curve.order[j] + 1);
    lua_setfield(L, -2, "order");
    /* what recmem.show and recmem.plot.figure_of recognise, and the order's name */
    lua_pushliteral(L, "lesion_curve");
    lua_setfield(L, -2, "kind");
    lua_pushstring(L, rmlua_opt_str(L, 2, fn, "order", "peak"));
    lua_setfield(L, -2, "by");
    rm_lesion_curve_free(&curve);
    return 1;
}

static const luaL_Reg methods[] = {
    {"lesioned", n_lesioned}, {"lesion_curve", n_lesion_curve}, {NULL, NULL}};

void rmlua_open_intervene(lua_State *L, int mod) {
    (void)mod;
    luaL_getmetatable(L, RMLUA_NET);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, methods, 0);
    lua_pop(L, 2);
}
