/* bind_task.c: task objects ("recmem.task"): the built-in tasks with their variants, and
 * tasks defined in Lua with recmem.task.define. A Lua task is an rm_task_def made at run
 * time whose fill() calls the Lua sample function, so the core trains on it exactly as on
 * a built-in task. Lua runs only on the thread that owns the state: the binding binds the
 * calling thread's lua_State before any core call that may sample, and fill() refuses to
 * run unbound (a worker thread), which is why async training on a Lua task is refused. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "rmlua_int.h"

#define DEFINED_TASKS "recmem.defined_tasks" /* registry: name -> task object */

struct rmlua_taskud {
    rm_task task;        /* set up; task.def points at a built-in or at def below */
    rm_task_def def;     /* Lua tasks: the run-time definition (def.ud = this) */
    int is_lua;
    char name[32];
    lua_State *L;        /* bound while the core may call fill(); NULL otherwise */
    int ref_sample, ref_observe; /* registry references to the Lua functions */
    char observe_err[200]; /* an observe() error waiting to be reported by the next fill */
    int freed;           /* a Lua task after __close: its functions are released */
    rm_rng stream;       /* task:sample's own stream when no seed or rng is given */
};

rmlua_taskud *rmlua_check_task(lua_State *L, int idx) {
    rmlua_taskud *t = luaL_checkudata(L, idx, RMLUA_TASK);
    if (t->freed) luaL_error(L, "task %s has been freed", t->name);
    return t;
}

const rm_task *rmlua_task_c(rmlua_taskud *t) { return &t->task; }
int rmlua_task_is_lua(const rmlua_taskud *t) { return t->is_lua; }
void rmlua_task_bind(rmlua_taskud *t, lua_State *L) { t->L = L; }
void rmlua_task_unbind(rmlua_taskud *t) { t->L = NULL; }

static const char *loss_name(rm_loss_kind k) {
    return k == RM_LOSS_CIRCULAR ? "circular" : k == RM_LOSS_BCE ? "bce" : "l1";
}

static rmlua_taskud *push_taskud(lua_State *L) {
    rmlua_taskud *t = lua_newuserdatauv(L, sizeof *t, 0);
    memset(t, 0, sizeof *t);
    t->ref_sample = t->ref_observe = LUA_NOREF;
    luaL_setmetatable(L, RMLUA_TASK);
    rm_rng_seed(&t->stream, 1);
    return t;
}

/* ---- Lua-defined tasks: the callbacks the core calls ---- */

/* Reads tensor field `key` of the batch table at idx, checking its shape. */
static rmlua_tensor *batch_field(lua_State *L, int idx, const char *task, const char *key,
                                 int ndim, const int *shape) {
    lua_getfield(L, idx, key);
    rmlua_tensor *t = rmlua_tensor_test(L, -1);
    if (!t || !t->data) luaL_error(L, "task %s: batch.%s must be a tensor", task, key);
    int ok = t->ndim == ndim;
    for (int i = 0; ok && i < ndim; i++) ok = t->shape[i] == shape[i];
    if (!ok) luaL_error(L, "task %s: batch.%s has the wrong shape", task, key);
    lua_pop(L, 1); /* the batch table keeps it alive */
    return t;
}

static void set_int(lua_State *L, const char *k, lua_Integer v) {
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

/* Under lua_pcall: (taskud, batch, rng) as light userdata. */
static int fill_in_lua(lua_State *L) {
    rmlua_taskud *tu = lua_touserdata(L, 1);
    rm_batch *b = lua_touserdata(L, 2);
    rm_rng *rng = lua_touserdata(L, 3);
    const rm_task *t = &tu->task;
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, tu->ref_sample);     /* 1: sample */
    lua_createtable(L, 0, 12);                              /* 2: the batch table */
    set_int(L, "B", b->B);
    set_int(L, "T", b->T);
    set_int(L, "n_chan", b->n_chan);
    set_int(L, "n_out", b->n_out);
    set_int(L, "stim", t->stim);
    set_int(L, "delay", t->delay);
    set_int(L, "resp", t->resp);
    int sx[3] = {b->B, b->T, b->n_chan}, sy[3] = {b->B, b->T, b->n_out}, ss[2] = {b->B, b->n_out};
    rmlua_tensor_new(L, 3, sx);
    lua_setfield(L, 2, "x");
    rmlua_tensor_new(L, 3, sy);
    lua_setfield(L, 2, "target");
    rmlua_tensor_new(L, 2, ss);
    lua_setfield(L, 2, "s");
    rmlua_tensor *opt = rmlua_tensor_new(L, 2, ss);
    for (size_t i = 0; i < opt->numel; i++) opt->data[i] = NAN;
    lua_setfield(L, 2, "opt");
    rmlua_push_rng_borrowed(L, rng);                        /* 3: rng */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_call(L, 2, 0);
    rmlua_rng_invalidate(L, 3);
    /* copy back what sample() wrote (masked steps are zeroed by the core afterwards) */
    rmlua_tensor *x = batch_field(L, 2, tu->name, "x", 3, sx);
    rmlua_tensor *tg = batch_field(L, 2, tu->name, "target", 3, sy);
    rmlua_tensor *s = batch_field(L, 2, tu->name, "s", 2, ss);
    opt = batch_field(L, 2, tu->name, "opt", 2, ss);
    memcpy(b->x, x->data, x->numel * sizeof(float));
    memcpy(b->target, tg->data, tg->numel * sizeof(float));
    for (size_t i = 0; i < s->numel; i++) {
        b->s[i] = s->data[i];
        b->opt[i] = opt->data[i];
    }
    return 0;
}

/* Writes "prefix: msg" into out (n bytes). A Lua error raised through nested calls (a
   train inside a sample function) ends with its cause, so when it does not fit, the middle
   goes, not the end. */
static void put_lua_error(char *out, size_t n, const char *prefix, const char *msg) {
    const char *sep = *prefix ? ": " : "";
    size_t pl = strlen(prefix) + strlen(sep), ml = strlen(msg);
    if (pl + ml < n || pl + 48 >= n) {
        snprintf(out, n, "%s%s%s", prefix, sep, msg);
        return;
    }
    size_t head = 24, tail = n - 1 - pl - head - 5;
    while (head > 0 && ((unsigned char)msg[head] & 0xC0) == 0x80) head--;
    const char *t = msg + ml - tail;
    while (*t && ((unsigned char)*t & 0xC0) == 0x80) t++;
    snprintf(out, n, "%s%s%.*s ... %s", prefix, sep, (int)head, msg, t);
}

static int lua_task_fill(const rm_task *t, rm_batch *b, const rm_fixed *fix, rm_rng *rng,
                         rm_err *e) {
    rmlua_taskud *tu = t->def->ud;
    lua_State *L = tu->L;
    if (rm_fixed_any(fix)) /* its sample function draws its own latents */
        return rm_seterr(e, RM_EINVAL, "task %s is defined in Lua: its stimulus cannot be fixed",
                         tu->name);
    if (!L)
        return rm_seterr(e, RM_EINVAL,
                         "task %s is defined in Lua and can only be sampled by the thread "
                         "running Lua (train it with async=false)", tu->name);
    if (tu->observe_err[0]) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "task %s: observe", tu->name);
        rm_seterr(e, RM_EINVAL, "%s", "");
        if (e) put_lua_error(e->msg, sizeof e->msg, prefix, tu->observe_err);
        tu->observe_err[0] = 0;
        return RM_EINVAL;
    }
    if (tu->freed) return rm_seterr(e, RM_EINVAL, "task %s has been freed", tu->name);
    int top = lua_gettop(L);
    if (!lua_checkstack(L, 8)) return rm_seterr(e, RM_ENOMEM, "Lua stack overflow");
    lua_pushcfunction(L, fill_in_lua);
    lua_pushlightuserdata(L, tu);
    lua_pushlightuserdata(L, b);
    lua_pushlightuserdata(L, rng);
    rmlua_callback_enter(L);
    int status = lua_pcall(L, 3, 0, 0);
    rmlua_callback_leave(L);
    int rc = RM_OK;
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        char prefix[64];
        snprintf(prefix, sizeof prefix, "task %s: sample", tu->name);
        rc = rm_seterr(e, RM_EINVAL, "%s", "");
        if (e) put_lua_error(e->msg, sizeof e->msg, prefix, msg ? msg : "error");
    }
    lua_settop(L, top);
    return rc;
}

/* Under lua_pcall: observe(batch) with x holding the counts; it writes batch.opt. */
static int observe_in_lua(lua_State *L) {
    rmlua_taskud *tu = lua_touserdata(L, 1);
    rm_batch *b = lua_touserdata(L, 2);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, tu->ref_observe);
    lua_createtable(L, 0, 8);
    set_int(L, "B", b->B);
    set_int(L, "T", b->T);
    int sx[3] = {b->B, b->T, b->n_chan}, ss[2] = {b->B, b->n_out};
    rmlua_tensor *x = rmlua_tensor_new(L, 3, sx);
    memcpy(x->data, b->x, x->numel * sizeof(float));
    lua_setfield(L, 2, "x");
    rmlua_tensor *s = rmlua_tensor_new(L, 2, ss);
    rmlua_tensor *opt = rmlua_tensor_new(L, 2, ss);
    for (size_t i = 0; i < s->numel; i++) {
        s->data[i] = (float)b->s[i];
        opt->data[i] = (float)b->opt[i];
    }
    lua_setfield(L, 2, "opt");
    lua_setfield(L, 2, "s");
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_call(L, 1, 0);
    opt = batch_field(L, 2, tu->name, "opt", 2, ss);
    for (size_t i = 0; i < opt->numel; i++) b->opt[i] = opt->data[i];
    return 0;
}

/* observe() has no error channel in the core: an error is kept and reported by the next
   fill(), and this batch's opt stays NaN. */
static void lua_task_observe(const rm_task *t, rm_batch *b) {
    rmlua_taskud *tu = t->def->ud;
    lua_State *L = tu->L;
    if (!L || tu->freed) return;
    int top = lua_gettop(L);
    if (!lua_checkstack(L, 8)) return;
    lua_pushcfunction(L, observe_in_lua);
    lua_pushlightuserdata(L, tu);
    lua_pushlightuserdata(L, b);
    rmlua_callback_enter(L);
    int status = lua_pcall(L, 2, 0, 0);
    rmlua_callback_leave(L);
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        put_lua_error(tu->observe_err, sizeof tu->observe_err, "", msg ? msg : "error");
    }
    lua_settop(L, top);
}

/* ---- recmem.task.define{...} ---- */

static int check_count(lua_State *L, int idx, const char *key, int lo, int hi) {
    return (int)rmlua_opt_int(L, idx, "recmem.task.define", key, RMLUA_REQUIRED, lo, hi);
}

static int task_define(lua_State *L) {
    static const char *const keys[] = {"name", "inputs", "outputs", "steps", "sample",
                                       "observe", "loss", "poisson", NULL};
    luaL_checktype(L, 1, LUA_TTABLE);
    rmlua_check_keys(L, 1, "recmem.task.define", keys);
    const char *name = rmlua_opt_str(L, 1, "recmem.task.define", "name", NULL);
    if (!name || !*name) return luaL_error(L, "recmem.task.define: name is required");
    if (strlen(name) >= 32)
        return luaL_error(L, "recmem.task.define: name '%s' is too long (at most 31 bytes)",
                          rmlua_clip(L, name));
    if (rm_task_find(name))
        return luaL_error(L, "recmem.task.define: '%s' is a built-in task; choose another name", name);
    int inputs = check_count(L, 1, "inputs", 1, 100000);
    int outputs = check_count(L, 1, "outputs", 1, 10000);
    if (lua_getfield(L, 1, "steps") != LUA_TTABLE)
        return luaL_error(L, "recmem.task.define: steps must be a table {stim=, delay=, resp=}");
    static const char *const step_keys[] = {"stim", "delay", "resp", NULL};
    rmlua_check_keys(L, -1, "recmem.task.define steps", step_keys);
    int stim = (int)rmlua_opt_int(L, -1, "recmem.task.define steps", "stim", 0, 0, 100000);
    int delay = (int)rmlua_opt_int(L, -1, "recmem.task.define steps", "delay", 0, 0, 100000);
    int resp = (int)rmlua_opt_int(L, -1, "recmem.task.define steps", "resp", RMLUA_REQUIRED, 1, 100000);
    lua_pop(L, 1);
    if (stim + delay + resp < 10)
        return luaL_error(L, "recmem.task.define: a trial needs at least 10 steps (the answer "
                             "is read up to 10 steps before the end)");
    if (lua_getfield(L, 1, "sample") != LUA_TFUNCTION)
        return luaL_error(L, "recmem.task.define: sample must be a function(batch, rng)");
    int has_observe = lua_getfield(L, 1, "observe") != LUA_TNIL;
    if (has_observe && !lua_isfunction(L, -1))
        return luaL_error(L, "recmem.task.define: observe must be a function(batch)");
    const char *loss = rmlua_opt_str(L, 1, "recmem.task.define", "loss", "l1");
    rm_loss_kind kind;
    if (!strcmp(loss, "l1")) kind = RM_LOSS_L1;
    else if (!strcmp(loss, "bce")) kind = RM_LOSS_BCE;
    else if (!strcmp(loss, "circular")) kind = RM_LOSS_CIRCULAR;
    else return luaL_error(L, "recmem.task.define: loss must be \"l1\", \"bce\" or \"circular\", not \"%s\"", loss);
    int poisson = rmlua_opt_bool(L, 1, "recmem.task.define", "poisson", 0);

    rmlua_taskud *tu = push_taskud(L);
    tu->is_lua = 1;
    snprintf(tu->name, sizeof tu->name, "%s", name);
    tu->def = (rm_task_def){.name = tu->name, .code = -1, .n_loc = 1, .n_out = outputs,
                            .out = kind == RM_LOSS_BCE ? RM_OUT_SIGMOID : RM_OUT_LINEAR,
                            .loss = kind, .poisson = poisson, .fill = lua_task_fill,
                            .observe = has_observe ? lua_task_observe : NULL, .ud = tu};
    rm_task *t = &tu->task;
    t->def = &tu->def;
    t->variant = RM_VARIANT_NONE;
    t->n_in = inputs;
    t->stim = stim;
    t->delay = delay;
    t->resp = resp;
    t->T = stim + delay + resp;
    t->ch0 = 0;
    t->n_chan = inputs;
    t->n_out = outputs;
    /* the functions (stack: ..., sample, observe, task) */
    lua_pushvalue(L, -3);
    tu->ref_sample = luaL_ref(L, LUA_REGISTRYINDEX);
    if (has_observe) {
        lua_pushvalue(L, -2);
        tu->ref_observe = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    /* registered by name so that recmem.net{task="name"} finds it */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, DEFINED_TASKS);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, tu->name);
    lua_pop(L, 1);
    return 1;
}

/* ---- lookup ---- */

static int parse_variant(lua_State *L, const char *variant, const char *fn) {
    int v = rm_variant_parse(variant);
    if (v < 0)
        luaL_error(L, "%s: unknown variant '%s' (none, vardelay, dynamic, vardelay+dynamic)",
                   fn, rmlua_clip(L, variant));
    return v;
}

static int push_builtin(lua_State *L, const rm_task_def *def, int variant, const char *fn) {
    rmlua_taskud *tu = push_taskud(L);
    rm_err e = {0};
    if (rm_task_init(&tu->task, def, variant, &e)) luaL_error(L, "%s: %s", fn, e.msg);
    snprintf(tu->name, sizeof tu->name, "%s", def->name);
    return 1;
}

static void task_names(lua_State *L) {
    lua_newtable(L);
    int i = 0;
    for (const rm_task_def *const *d = rm_task_list(); *d; d++) {
        lua_pushstring(L, (*d)->name);
        lua_rawseti(L, -2, ++i);
    }
    luaL_getsubtable(L, LUA_REGISTRYINDEX, DEFINED_TASKS);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -4, ++i);
    }
    lua_pop(L, 1);
}

rmlua_taskud *rmlua_task_get(lua_State *L, int idx, const char *variant, const char *fn) {
    idx = lua_absindex(L, idx);
    rmlua_taskud *given = luaL_testudata(L, idx, RMLUA_TASK);
    if (given) rmlua_check_task(L, idx); /* not freed */
    if (given) {
        int v = variant ? parse_variant(L, variant, fn) : given->task.variant;
        if (v == given->task.variant) {
            lua_pushvalue(L, idx);
            return given;
        }
        if (given->is_lua)
            luaL_error(L, "%s: variants apply to the built-in tasks only (%s is defined in Lua)",
                       fn, given->name);
        push_builtin(L, given->task.def, v, fn);
        return lua_touserdata(L, -1);
    }
    if (lua_type(L, idx) != LUA_TSTRING)
        luaL_error(L, "%s: task must be a name or a task object, not %s", fn,
                   luaL_typename(L, idx));
    const char *name = lua_tostring(L, idx);
    int v = variant ? parse_variant(L, variant, fn) : 0;
    const rm_task_def *def = rm_task_find(name);
    if (def) {
        push_builtin(L, def, v, fn);
        return lua_touserdata(L, -1);
    }
    luaL_getsubtable(L, LUA_REGISTRYINDEX, DEFINED_TASKS);
    if (lua_getfield(L, -1, name) == LUA_TUSERDATA) {
        lua_remove(L, -2);
        rmlua_check_task(L, -1); /* not freed */
        if (v) luaL_error(L, "%s: variants apply to the built-in tasks only (%s is defined in Lua)",
                          fn, name);
        return lua_touserdata(L, -1);
    }
    lua_pop(L, 2);
    task_names(L);
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "concat");
    lua_pushvalue(L, -3);
    lua_pushliteral(L, ", ");
    lua_call(L, 2, 1);
    const char *known = lua_tostring(L, -1);
    luaL_error(L, "%s: unknown task '%s' (known: %s)", fn, rmlua_clip(L, name), known);
    return NULL;
}

/* recmem.task{name=, variant=} or recmem.task("DE1" [, variant]) */
static int task_call(lua_State *L) {
    lua_remove(L, 1);
    if (lua_istable(L, 1)) {
        static const char *const keys[] = {"name", "variant", NULL};
        rmlua_check_keys(L, 1, "recmem.task", keys);
        const char *variant = rmlua_opt_str(L, 1, "recmem.task", "variant", NULL);
        if (lua_getfield(L, 1, "name") == LUA_TNIL)
            return luaL_error(L, "recmem.task: name is required");
        rmlua_task_get(L, -1, variant, "recmem.task");
        return 1;
    }
    const char *variant = luaL_optstring(L, 2, NULL);
    luaL_checkany(L, 1);
    rmlua_task_get(L, 1, variant, "recmem.task");
    return 1;
}

static int task_list(lua_State *L) {
    task_names(L);
    return 1;
}

/* ---- methods ---- */

/* task:sample{batch=, seed=, rng=} -> a batch */
static int tk_sample(lua_State *L) {
    rmlua_taskud *tu = rmlua_check_task(L, 1);
    static const char *const keys[] = {"batch", "seed", "rng", NULL};
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    rmlua_check_keys(L, 2, "task:sample", keys);
    int B = (int)rmlua_opt_int(L, 2, "task:sample", "batch", 50, 1, 100000);
    lua_Integer seed = rmlua_opt_int(L, 2, "task:sample", "seed", -1, 0, LUA_MAXINTEGER);
    rm_rng own, *rng = &tu->stream;
    if (seed >= 0) {
        rm_rng_seed(&own, (uint64_t)seed);
        rng = &own;
    }
    if (lua_getfield(L, 2, "rng") != LUA_TNIL) rng = rmlua_check_rng(L, -1);
    lua_pop(L, 1);
    rmlua_batchud *bu = rmlua_push_batch(L, 1, B);
    rm_err e = {0};
    rmlua_task_bind(tu, L);
    int rc = rm_task_sample(&tu->task, &bu->b, rng, &e);
    rmlua_task_unbind(tu);
    if (rc) return rmlua_core_error(L, &e);
    return 1;
}

/* task:period(step [, delay]) -> "stim" | "delay" | "masked" | "resp" (steps 1-based) */
static int tk_period(lua_State *L) {
    rmlua_taskud *tu = rmlua_check_task(L, 1);
    lua_Integer step = luaL_checkinteger(L, 2);
    lua_Integer delay = luaL_optinteger(L, 3, tu->task.delay);
    if (step < 1 || step > tu->task.T)
        return luaL_error(L, "task:period: step %I out of range 1..%d", (LUAI_UACINT)step, tu->task.T);
    if (delay < 0 || delay > tu->task.delay)
        return luaL_error(L, "task:period: delay %I out of range 0..%d", (LUAI_UACINT)delay,
                          tu->task.delay);
    static const char *const names[] = {"stim", "delay", "masked", "resp"};
    lua_pushstring(L, names[rm_task_period(&tu->task, (int)delay, (int)step - 1)]);
    return 1;
}

static int tk_index(lua_State *L) {
    rmlua_taskud *tu = rmlua_check_task(L, 1);
    const char *k = luaL_checkstring(L, 2);
    const rm_task *t = &tu->task;
    if (!strcmp(k, "name")) lua_pushstring(L, tu->name);
    else if (!strcmp(k, "variant")) lua_pushstring(L, rm_variant_name(t->variant));
    else if (!strcmp(k, "T")) lua_pushinteger(L, t->T);
    else if (!strcmp(k, "stim")) lua_pushinteger(L, t->stim);
    else if (!strcmp(k, "delay")) lua_pushinteger(L, t->delay);
    else if (!strcmp(k, "resp")) lua_pushinteger(L, t->resp);
    else if (!strcmp(k, "inputs") || !strcmp(k, "n_chan")) lua_pushinteger(L, t->n_chan);
    else if (!strcmp(k, "outputs") || !strcmp(k, "n_out")) lua_pushinteger(L, t->n_out);
    else if (!strcmp(k, "n_in")) lua_pushinteger(L, t->n_in);
    else if (!strcmp(k, "locations")) lua_pushinteger(L, t->def->n_loc);
    else if (!strcmp(k, "loss")) lua_pushstring(L, loss_name(t->def->loss));
    else if (!strcmp(k, "output")) lua_pushstring(L, t->def->out == RM_OUT_SIGMOID ? "sigmoid" : "linear");
    else if (!strcmp(k, "code")) lua_pushinteger(L, t->def->code);
    else if (!strcmp(k, "lua")) lua_pushboolean(L, tu->is_lua);
    else {
        luaL_getmetafield(L, 1, "__methods");
        lua_getfield(L, -1, k);
        if (lua_isnil(L, -1)) return luaL_error(L, "task has no field or method '%s'", rmlua_clip(L, k));
    }
    return 1;
}

static int tk_tostring(lua_State *L) {
    rmlua_taskud *tu = luaL_checkudata(L, 1, RMLUA_TASK);
    if (tu->freed) {
        lua_pushfstring(L, "task %s (freed)", tu->name);
        return 1;
    }
    const rm_task *t = &tu->task;
    lua_pushfstring(L, "task %s%s%s [%d inputs -> %d outputs, %d+%d+%d steps, %s loss%s]",
                    tu->name, t->variant ? " " : "", t->variant ? rm_variant_name(t->variant) : "",
                    t->n_chan, t->n_out, t->stim, t->delay, t->resp, loss_name(t->def->loss),
                    tu->is_lua ? ", defined in Lua" : "");
    return 1;
}

static int tk_gc(lua_State *L) {
    rmlua_taskud *tu = luaL_checkudata(L, 1, RMLUA_TASK);
    if (rmlua_in_use(L, 1))
        return luaL_error(L, "task %s is in use by a call in progress", tu->name);
    if (tu->is_lua) tu->freed = 1;  /* built-in tasks hold nothing: they stay usable */
    luaL_unref(L, LUA_REGISTRYINDEX, tu->ref_sample);
    luaL_unref(L, LUA_REGISTRYINDEX, tu->ref_observe);
    tu->ref_sample = tu->ref_observe = LUA_NOREF;
    return 0;
}

static const luaL_Reg task_methods[] = {{"sample", tk_sample}, {"period", tk_period}, {NULL, NULL}};
static const luaL_Reg task_meta[] = {
    {"__index", tk_index}, {"__tostring", tk_tostring}, {"__gc", tk_gc}, {NULL, NULL}};

static const char *const task_fields[] = {"name", "variant", "T", "stim", "delay", "resp",
                                          "inputs", "outputs", "n_chan", "n_out", "n_in",
                                          "locations", "loss", "output", "code", "lua", NULL};

/* __fields: property -> type name, for completion (which must not call __index). */
void rmlua_set_fields(lua_State *L, const char *tname, const char *const *names,
                      const char *const *types) {
    luaL_getmetatable(L, tname);
    lua_newtable(L);
    for (int i = 0; names[i]; i++) {
        lua_pushstring(L, types && types[i] ? types[i] : "value");
        lua_setfield(L, -2, names[i]);
    }
    lua_setfield(L, -2, "__fields");
    lua_pop(L, 1);
}

void rmlua_open_task(lua_State *L, int mod) {
    rmlua_newclass(L, RMLUA_TASK, task_methods, task_meta);
    rmlua_set_fields(L, RMLUA_TASK, task_fields, NULL);
    lua_newtable(L);
    lua_pushcfunction(L, task_define);
    lua_setfield(L, -2, "define");
    lua_pushcfunction(L, task_list);
    lua_setfield(L, -2, "list");
    lua_newtable(L);
    lua_pushcfunction(L, task_call);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setfield(L, mod, "task");
}

const rm_task_def *rmlua_defined_task(void *ud, const char *name) {
    lua_State *L = ud;
    luaL_getsubtable(L, LUA_REGISTRYINDEX, DEFINED_TASKS);
    lua_getfield(L, -1, name);
    rmlua_taskud *tu = luaL_testudata(L, -1, RMLUA_TASK);
    lua_pop(L, 2);
    return tu ? &tu->def : NULL;
}
