/* bind_batch.c: batch objects ("recmem.batch"): one sampled batch of a task, with its
 * arrays as tensors. x, target and mask are views of the batch's own memory (writing to
 * them changes the batch); s, opt and delay are converted copies (assign a tensor to
 * b.s or b.opt to change them). A batch keeps its task alive (user value 1). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "rmlua_int.h"

rmlua_batchud *rmlua_check_batch(lua_State *L, int idx) {
    rmlua_batchud *b = luaL_checkudata(L, idx, RMLUA_BATCH);
    if (!b->b.x) luaL_error(L, "batch has been freed");
    return b;
}

rmlua_batchud *rmlua_push_batch(lua_State *L, int task_idx, int B) {
    task_idx = lua_absindex(L, task_idx);
    rmlua_taskud *tu = rmlua_check_task(L, task_idx);
    rmlua_batchud *bu = lua_newuserdatauv(L, sizeof *bu, 1);
    memset(bu, 0, sizeof *bu);
    luaL_setmetatable(L, RMLUA_BATCH);
    lua_pushvalue(L, task_idx);
    lua_setiuservalue(L, -2, 1);
    bu->task = rmlua_task_c(tu);
    rm_err e = {0};
    if (rm_batch_alloc(&bu->b, bu->task, B, &e)) rmlua_core_error(L, &e);
    return bu;
}

static void push_doubles(lua_State *L, const double *v, int rows, int cols) {
    int shape[2] = {rows, cols};
    rmlua_tensor *t = rmlua_tensor_new(L, 2, shape);
    for (size_t i = 0; i < t->numel; i++) t->data[i] = (float)v[i];
}

static int b_index(lua_State *L) {
    rmlua_batchud *bu = rmlua_check_batch(L, 1);
    const char *k = luaL_checkstring(L, 2);
    rm_batch *b = &bu->b;
    int s3x[3] = {b->B, b->T, b->n_chan}, s3y[3] = {b->B, b->T, b->n_out}, s2[2] = {b->B, b->T};
    if (!strcmp(k, "x")) rmlua_tensor_view(L, 1, b->x, 3, s3x);
    else if (!strcmp(k, "target")) rmlua_tensor_view(L, 1, b->target, 3, s3y);
    else if (!strcmp(k, "mask")) rmlua_tensor_view(L, 1, b->mask, 2, s2);
    else if (!strcmp(k, "s")) push_doubles(L, b->s, b->B, b->n_out);
    else if (!strcmp(k, "opt")) push_doubles(L, b->opt, b->B, b->n_out);
    else if (!strcmp(k, "delay")) {
        rmlua_tensor *t = rmlua_tensor_new(L, 1, &b->B);
        for (int i = 0; i < b->B; i++) t->data[i] = (float)b->delay[i];
    } else if (!strcmp(k, "B")) lua_pushinteger(L, b->B);
    else if (!strcmp(k, "T")) lua_pushinteger(L, b->T);
    else if (!strcmp(k, "n_chan")) lua_pushinteger(L, b->n_chan);
    else if (!strcmp(k, "n_out")) lua_pushinteger(L, b->n_out);
    else if (!strcmp(k, "task")) lua_getiuservalue(L, 1, 1);
    else {
        luaL_getmetafield(L, 1, "__methods");
        lua_getfield(L, -1, k);
        if (lua_isnil(L, -1)) return luaL_error(L, "batch has no field or method '%s'", rmlua_clip(L, k));
    }
    return 1;
}

/* b.x = tensor etc.: copies into the batch after a shape check. */
static int b_newindex(lua_State *L) {
    rmlua_batchud *bu = rmlua_check_batch(L, 1);
    const char *k = luaL_checkstring(L, 2);
    rm_batch *b = &bu->b;
    size_t want;
    if (!strcmp(k, "x")) want = (size_t)b->B * b->T * b->n_chan;
    else if (!strcmp(k, "target")) want = (size_t)b->B * b->T * b->n_out;
    else if (!strcmp(k, "mask")) want = (size_t)b->B * b->T;
    else if (!strcmp(k, "s") || !strcmp(k, "opt")) want = (size_t)b->B * b->n_out;
    else return luaL_error(L, "batch field '%s' cannot be assigned (x, target, mask, s, opt can)",
                                 rmlua_clip(L, k));
    rmlua_tensor *t = rmlua_tensor_check(L, 3);
    if (t->numel != want || t->shape[0] != b->B)
        return luaL_error(L, "batch.%s: tensor has %I elements, expected %I (first axis %d trials)",
                          k, (LUAI_UACINT)t->numel, (LUAI_UACINT)want, b->B);
    if (!strcmp(k, "x")) memcpy(b->x, t->data, want * sizeof(float));
    else if (!strcmp(k, "target")) memcpy(b->target, t->data, want * sizeof(float));
    else if (!strcmp(k, "mask")) memcpy(b->mask, t->data, want * sizeof(float));
    else {
        double *d = !strcmp(k, "s") ? b->s : b->opt;
        for (size_t i = 0; i < want; i++) d[i] = t->data[i];
    }
    return 0;
}

static int b_tostring(lua_State *L) {
    rmlua_batchud *bu = luaL_checkudata(L, 1, RMLUA_BATCH);
    if (!bu->b.x) {
        lua_pushliteral(L, "batch (freed)");
        return 1;
    }
    lua_pushfstring(L, "batch of %s: %d trials x %d steps, %d inputs, %d outputs",
                    bu->task->def->name, bu->b.B, bu->b.T, bu->b.n_chan, bu->b.n_out);
    return 1;
}

static int b_gc(lua_State *L) {
    rmlua_batchud *bu = luaL_checkudata(L, 1, RMLUA_BATCH);
    if (rmlua_in_use(L, 1)) return luaL_error(L, "batch is in use by a call in progress");
    rm_batch_free(&bu->b); /* safe twice; views check that it is gone */
    return 0;
}

static const luaL_Reg batch_methods[] = {{NULL, NULL}};
static const luaL_Reg batch_meta[] = {{"__index", b_index}, {"__newindex", b_newindex},
                                      {"__tostring", b_tostring}, {"__gc", b_gc},
                                      {NULL, NULL}};


void rmlua_open_batch(lua_State *L, int mod) {
    (void)mod;
    rmlua_newclass(L, RMLUA_BATCH, batch_methods, batch_meta);
    static const char *const names[] = {"x", "target", "mask", "s", "opt", "delay", "B", "T",
                                        "n_chan", "n_out", "task", NULL};
    static const char *const types[] = {RMLUA_TENSOR, RMLUA_TENSOR, RMLUA_TENSOR,
                                        RMLUA_TENSOR, RMLUA_TENSOR, RMLUA_TENSOR, "number",
                                        "number", "number", "number", RMLUA_TASK, NULL};
    rmlua_set_fields(L, RMLUA_BATCH, names, types);
}
