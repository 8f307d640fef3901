/* bind_rng.c: the random generator userdata ("recmem.rng") that Lua-defined tasks draw
 * from. A generator made by recmem.rng(seed) owns its state; the one passed to a task's
 * sample function borrows the trainer's stream and is invalidated when the call returns,
 * so keeping it around cannot touch freed memory. */
#include <config.h>
#include <math.h>
#include "rmlua_int.h"

typedef struct {
    rm_rng *r;   /* NULL once invalidated */
    rm_rng own;
} rngud;

rm_rng *rmlua_check_rng(lua_State *L, int idx) {
    rngud *u = luaL_checkudata(L, idx, RMLUA_RNG);
    if (!u->r)
        luaL_error(L, "this random generator was only valid during the sample() call that "
                      "received it");
    return u->r;
}

static rngud *push_rng(lua_State *L) {
    rngud *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->r = NULL;
    luaL_setmetatable(L, RMLUA_RNG);
    return u;
}

void rmlua_push_rng_borrowed(lua_State *L, rm_rng *r) {
    push_rng(L)->r = r;
}

void rmlua_rng_invalidate(lua_State *L, int idx) {
    rngud *u = luaL_testudata(L, idx, RMLUA_RNG);
    if (u && u->r != &u->own) u->r = NULL;
}

static uint64_t check_seed(lua_State *L, int idx) {
    lua_Integer s = luaL_checkinteger(L, idx);
    if (s < 0) luaL_error(L, "seed must be >= 0");
    return (uint64_t)s;
}

/* recmem.rng([seed]) */
static int rng_new(lua_State *L) {
    uint64_t seed = lua_isnoneornil(L, 2) ? 1 : check_seed(L, 2);
    rngud *u = push_rng(L);
    rm_rng_seed(&u->own, seed);
    u->r = &u->own;
    return 1;
}

static int r_seed(lua_State *L) {
    rm_rng_seed(rmlua_check_rng(L, 1), check_seed(L, 2));
    return 0;
}

/* rng:uniform() in [0, 1); rng:uniform(hi) in [0, hi); rng:uniform(lo, hi) in [lo, hi) */
static int r_uniform(lua_State *L) {
    rm_rng *r = rmlua_check_rng(L, 1);
    if (lua_isnoneornil(L, 2)) lua_pushnumber(L, rm_rng_uniform(r));
    else if (lua_isnoneornil(L, 3)) lua_pushnumber(L, rm_rng_uniform_range(r, 0, luaL_checknumber(L, 2)));
    else lua_pushnumber(L, rm_rng_uniform_range(r, luaL_checknumber(L, 2), luaL_checknumber(L, 3)));
    return 1;
}

/* rng:normal([mean [, sd]]) */
static int r_normal(lua_State *L) {
    rm_rng *r = rmlua_check_rng(L, 1);
    double mean = luaL_optnumber(L, 2, 0), sd = luaL_optnumber(L, 3, 1);
    lua_pushnumber(L, mean + sd * rm_rng_normal(r));
    return 1;
}

static int r_poisson(lua_State *L) {
    rm_rng *r = rmlua_check_rng(L, 1);
    double mean = luaL_checknumber(L, 2);
    if (!(mean >= 0) || isinf(mean)) return luaL_error(L, "rng:poisson: mean must be finite and >= 0");
    lua_pushinteger(L, (lua_Integer)rm_rng_poisson(r, mean));
    return 1;
}

/* rng:bernoulli(p) -> 1 or 0 (a number, to be written into tensors directly) */
static int r_bernoulli(lua_State *L) {
    rm_rng *r = rmlua_check_rng(L, 1);
    double p = luaL_checknumber(L, 2);
    if (!(p >= 0 && p <= 1)) return luaL_error(L, "rng:bernoulli: p must be in [0, 1]");
    lua_pushinteger(L, rm_rng_bernoulli(r, p));
    return 1;
}

/* rng:int(n) -> uniform integer in 1..n, as math.random(n) */
static int r_int(lua_State *L) {
    rm_rng *r = rmlua_check_rng(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    if (n < 1 || n > UINT32_MAX) return luaL_error(L, "rng:int: n must be in 1..%I", (LUAI_UACINT)UINT32_MAX);
    lua_pushinteger(L, (lua_Integer)rm_rng_below(r, (uint32_t)n) + 1);
    return 1;
}

static int r_tostring(lua_State *L) {
    rngud *u = luaL_checkudata(L, 1, RMLUA_RNG);
    lua_pushstring(L, u->r ? "rng (xoshiro256**)" : "rng (expired)");
    return 1;
}

static const luaL_Reg rng_methods[] = {
    {"seed", r_seed}, {"uniform", r_uniform}, {"normal", r_normal}, {"poisson", r_poisson},
    {"bernoulli", r_bernoulli}, {"int", r_int}, {NULL, NULL}};
static const luaL_Reg rng_meta[] = {{"__tostring", r_tostring}, {NULL, NULL}};

void rmlua_open_rng(lua_State *L, int mod) {
    rmlua_newclass(L, RMLUA_RNG, rng_methods, rng_meta);
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, rng_new);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setfield(L, mod, "rng");
}
