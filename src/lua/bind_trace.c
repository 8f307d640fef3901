/* bind_trace.c: traces ("recmem.trace"): a network's activity on probe trials, from
 * net:probe. The arrays are tensor views of the trace's own memory (x, h, y, target, mask
 * as [trials][T][...]); s and opt are float copies. tr:si() and tr:infloss() score the
 * activity with the core's metrics (on the double-precision s and opt). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/metrics.h"
#include "rmlua_int.h"

typedef struct {
    rm_trace tr;   /* first member: recmem.show hands &tr to the workbench */
    int read_back; /* the answer is read at T - read_back */
} traceud;


static traceud *check_trace(lua_State *L, int idx) {
    traceud *t = luaL_checkudata(L, idx, RMLUA_TRACE);
    if (!t->tr.h) luaL_error(L, "trace has been freed");
    return t;
}

const rm_trace *rmlua_check_trace(lua_State *L, int idx) {
    return &check_trace(L, idx)->tr;
}

/* An empty trace object (it may fail for memory: run protected). */
static int new_traceud(lua_State *L) {
    traceud *t = lua_newuserdatauv(L, sizeof *t, 2);
    memset(t, 0, sizeof *t);
    luaL_setmetatable(L, RMLUA_TRACE);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 2);
    return 1;
}

void rmlua_push_trace(lua_State *L, rm_trace *tr, int task_idx, int read_back) {
    task_idx = lua_absindex(L, task_idx);
    /* the object first, then the take-over: if making it fails, *tr is freed, not leaked */
    lua_pushcfunction(L, new_traceud);
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) {
        rm_trace_free(tr);
        memset(tr, 0, sizeof *tr);
        lua_error(L);
    }
    traceud *t = lua_touserdata(L, -1);
    t->tr = *tr; /* taken over */
    memset(tr, 0, sizeof *tr);
    t->read_back = read_back;
    lua_pushvalue(L, task_idx);
    lua_setiuservalue(L, -2, 1);
}

/* tr:si() -> si, {entropy=, ridge=, trials=, units=} */
static int tr_si(lua_State *L) {
    traceud *t = check_trace(L, 1);
    const rm_trace *tr = &t->tr;
    rm_si_result r;
    if (rm_si_compute(tr->h, tr->trials, tr->T, tr->N, (ptrdiff_t)tr->T * tr->N, tr->N, &r))
        return luaL_error(L, "tr:si: out of memory");
    lua_pushnumber(L, r.si);
    lua_createtable(L, 0, 4);
    lua_pushnumber(L, r.entropy);
    lua_setfield(L, -2, "entropy");
    lua_pushnumber(L, r.ridge);
    lua_setfield(L, -2, "ridge");
    lua_pushinteger(L, r.trials_used);
    lua_setfield(L, -2, "trials");
    lua_pushnumber(L, r.units_kept);
    lua_setfield(L, -2, "units");
    return 2;
}

/* tr:infloss([read_back]) -> the fractional information loss of these trials */
static int tr_infloss(lua_State *L) {
    traceud *t = check_trace(L, 1);
    const rm_trace *tr = &t->tr;
    lua_Integer rb = luaL_optinteger(L, 2, t->read_back);
    if (rb < 1 || rb > tr->T)
        return luaL_error(L, "tr:infloss: read_back %I out of range 1..%d", (LUAI_UACINT)rb, tr->T);
    lua_getiuservalue(L, 1, 1);
    rmlua_taskud *tu = rmlua_check_task(L, -1);
    const rm_task *task = rmlua_task_c(tu);
    /* the metric reads y time-major [T][B][n_out] */
    size_t n = (size_t)tr->trials * tr->T * tr->n_out;
    float *y = malloc(n * sizeof *y);
    if (!y) return luaL_error(L, "tr:infloss: out of memory");
    for (int k = 0; k < tr->trials; k++)
        for (int s = 0; s < tr->T; s++)
            for (int o = 0; o < tr->n_out; o++)
                y[((size_t)s * tr->trials + k) * tr->n_out + o] =
                    tr->y[((size_t)k * tr->T + s) * tr->n_out + o];
    rm_batch b = {.B = tr->trials, .T = tr->T, .n_chan = tr->n_chan, .n_out = tr->n_out,
                  .x = tr->x, .target = tr->target, .mask = tr->mask, .s = tr->s,
                  .opt = tr->opt};
    rm_infloss acc;
    rm_infloss_reset(&acc, task->def->loss);
    rm_infloss_add(&acc, task, &b, y, tr->T - (int)rb);
    free(y);
    lua_pushnumber(L, rm_infloss_value(&acc));
    return 1;
}

static void push_doubles(lua_State *L, const double *v, int rows, int cols) {
    int shape[2] = {rows, cols};
    rmlua_tensor *t = rmlua_tensor_new(L, 2, shape);
    for (size_t i = 0; i < t->numel; i++) t->data[i] = (float)v[i];
}

static int tr_index(lua_State *L) {
    traceud *t = check_trace(L, 1);
    const char *k = luaL_checkstring(L, 2);
    rm_trace *tr = &t->tr;
    if (!strcmp(k, "trials")) lua_pushinteger(L, tr->trials);
    else if (!strcmp(k, "T")) lua_pushinteger(L, tr->T);
    else if (!strcmp(k, "N")) lua_pushinteger(L, tr->N);
    else if (!strcmp(k, "read_back")) lua_pushinteger(L, t->read_back);
    else if (!strcmp(k, "task")) lua_getiuservalue(L, 1, 1);
    else {
        /* arrays: made once, then cached (user value 2) so tr.h is the same tensor */
        lua_getiuservalue(L, 1, 2);
        if (lua_getfield(L, -1, k) != LUA_TNIL) return 1;
        lua_pop(L, 1);
        int s3h[3] = {tr->trials, tr->T, tr->N}, s3x[3] = {tr->trials, tr->T, tr->n_chan};
        int s3y[3] = {tr->trials, tr->T, tr->n_out}, s2[2] = {tr->trials, tr->T};
        if (!strcmp(k, "h")) rmlua_tensor_view(L, 1, tr->h, 3, s3h);
        else if (!strcmp(k, "x")) rmlua_tensor_view(L, 1, tr->x, 3, s3x);
        else if (!strcmp(k, "y")) rmlua_tensor_view(L, 1, tr->y, 3, s3y);
        else if (!strcmp(k, "target")) rmlua_tensor_view(L, 1, tr->target, 3, s3y);
        else if (!strcmp(k, "mask")) rmlua_tensor_view(L, 1, tr->mask, 2, s2);
        else if (!strcmp(k, "s")) push_doubles(L, tr->s, tr->trials, tr->n_out);
        else if (!strcmp(k, "opt")) push_doubles(L, tr->opt, tr->trials, tr->n_out);
        else {
            luaL_getmetafield(L, 1, "__methods");
            lua_getfield(L, -1, k);
            if (lua_isnil(L, -1)) return luaL_error(L, "trace has no field or method '%s'", rmlua_clip(L, k));
            return 1;
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, k);
    }
    return 1;
}

static int tr_tostring(lua_State *L) {
    traceud *t = luaL_checkudata(L, 1, RMLUA_TRACE);
    if (!t->tr.h) {
        lua_pushliteral(L, "trace (freed)");
        return 1;
    }
    lua_getiuservalue(L, 1, 1);
    rmlua_taskud *tu = rmlua_check_task(L, -1);
    lua_pushfstring(L, "trace of %s: %d trials x %d steps x %d units", rmlua_task_c(tu)->def->name,
                    t->tr.trials, t->tr.T, t->tr.N);
    return 1;
}

static int tr_gc(lua_State *L) {
    traceud *t = luaL_checkudata(L, 1, RMLUA_TRACE);
    if (rmlua_in_use(L, 1)) return luaL_error(L, "trace is in use by a call in progress");
    rm_trace_free(&t->tr);
    memset(&t->tr, 0, sizeof t->tr);
    return 0;
}

static const luaL_Reg trace_methods[] = {{"si", tr_si}, {"infloss", tr_infloss}, {NULL, NULL}};
static const luaL_Reg trace_meta[] = {
    {"__index", tr_index}, {"__tostring", tr_tostring}, {"__gc", tr_gc}, {NULL, NULL}};

void rmlua_open_trace(lua_State *L, int mod) {
    (void)mod;
    rmlua_newclass(L, RMLUA_TRACE, trace_methods, trace_meta);
    static const char *const names[] = {"x", "h", "y", "target", "mask", "s", "opt", "trials",
                                        "T", "N", "read_back", "task", NULL};
    static const char *const types[] = {RMLUA_TENSOR, RMLUA_TENSOR, RMLUA_TENSOR, RMLUA_TENSOR,
                                        RMLUA_TENSOR, RMLUA_TENSOR, RMLUA_TENSOR, "number",
                                        "number", "number", "number", RMLUA_TASK, NULL};
    rmlua_set_fields(L, RMLUA_TRACE, names, types);
}
