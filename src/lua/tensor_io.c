/* tensor_io.c: tensors to and from NumPy .npy files (t:save(path), recmem.tensor.load),
 * so that arrays move between a recmem session and NumPy without a conversion step. */
#include <config.h>
#include <string.h>
#include "store/npy.h"
#include "rmlua_int.h"

/* t:save(path): float32, C order, written atomically. Returns t. */
static int io_save(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    const char *path = luaL_checkstring(L, 2);
    size_t shape[RMLUA_TENSOR_MAXDIM];
    for (int d = 0; d < t->ndim; d++) shape[d] = (size_t)t->shape[d];
    rm_err e = {0};
    if (rm_npy_write(path, RM_NPY_F32, t->ndim, shape, t->data, &e))
        return luaL_error(L, "tensor:save: %s", e.msg);
    lua_settop(L, 1);
    return 1;
}

#define NPY_GUARD "recmem.npy_guard"

/* The array being loaded lives in a userdata whose __gc frees it, so a Lua error (no
   memory for the tensor) leaks nothing. */
static int guard_gc(lua_State *L) {
    rm_npy_free(luaL_checkudata(L, 1, NPY_GUARD));
    return 0;
}

/* recmem.tensor.load(path): a float32 or float64 .npy file of 1 to 8 axes as a tensor. */
static int io_load(lua_State *L) {
    const char *path = luaL_checkstring(L, 1);
    rm_npy *a = lua_newuserdatauv(L, sizeof *a, 0);
    memset(a, 0, sizeof *a);
    luaL_setmetatable(L, NPY_GUARD);
    rm_err e = {0};
    if (rm_npy_read(path, a, &e)) return luaL_error(L, "tensor.load: %s", e.msg);
    int shape[RMLUA_TENSOR_MAXDIM];
    int ok = a->ndim >= 1 && a->ndim <= RMLUA_TENSOR_MAXDIM;
    for (int d = 0; ok && d < a->ndim; d++) {
        ok = a->shape[d] <= (size_t)INT32_MAX;
        if (ok) shape[d] = (int)a->shape[d];
    }
    if (!ok)
        return luaL_error(L, "tensor.load: %s: a %d-axis array (1 to %d axes allowed)", path,
                          a->ndim, RMLUA_TENSOR_MAXDIM);
    rmlua_tensor *t = rmlua_tensor_new(L, a->ndim, shape);
    if (a->dtype == RM_NPY_F32) memcpy(t->data, a->data, a->count * sizeof(float));
    else
        for (size_t i = 0; i < a->count; i++) t->data[i] = (float)((const double *)a->data)[i];
    rm_npy_free(a);
    return 1;
}

void rmlua_open_tensor_io(lua_State *L, int mod) {
    luaL_newmetatable(L, NPY_GUARD);
    lua_pushcfunction(L, guard_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_getmetatable(L, RMLUA_TENSOR);
    lua_getfield(L, -1, "__methods");
    lua_pushcfunction(L, io_save);
    lua_setfield(L, -2, "save");
    lua_pop(L, 2);
    lua_getfield(L, mod, "tensor");
    lua_pushcfunction(L, io_load);
    lua_setfield(L, -2, "load");
    lua_pop(L, 1);
}
