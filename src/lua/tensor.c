/* tensor.c: the float tensor userdata ("recmem.tensor") that carries every array between
 * the core and Lua: shape, element access, views along the first axes, reductions along
 * an axis, elementwise arithmetic, conversion to and from Lua tables, and a one-line
 * tostring. Indices and axes are 1-based, as everything else in Lua. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/membudget.h"
#include "rmlua_int.h"

/* ---- construction ---- */

static size_t shape_numel(int ndim, const int *shape) {
    size_t n = 1;
    for (int i = 0; i < ndim; i++) n *= (size_t)shape[i];
    return n;
}

static void check_shape(lua_State *L, int ndim, const int *shape) {
    if (ndim < 1 || ndim > RMLUA_TENSOR_MAXDIM)
        luaL_error(L, "tensor: %d axes (1 to %d allowed)", ndim, RMLUA_TENSOR_MAXDIM);
    double total = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0) luaL_error(L, "tensor: negative size %d on axis %d", shape[i], i + 1);
        total *= shape[i];
    }
    if (total > 1e10) luaL_error(L, "tensor: %f elements is too many", total);
}

/* The userdata is created empty first, then the memory acquired, so an error in between
   leaves nothing to leak (__gc on an empty tensor does nothing). */
static rmlua_tensor *push_empty(lua_State *L, int ndim, const int *shape) {
    check_shape(L, ndim, shape);
    rmlua_tensor *t = lua_newuserdatauv(L, sizeof *t, 1);
    memset(t, 0, sizeof *t);
    luaL_setmetatable(L, RMLUA_TENSOR);
    t->ndim = ndim;
    memcpy(t->shape, shape, (size_t)ndim * sizeof *shape);
    t->numel = shape_numel(ndim, shape);
    return t;
}

rmlua_tensor *rmlua_tensor_new(lua_State *L, int ndim, const int *shape) {
    rmlua_tensor *t = push_empty(L, ndim, shape);
    /* a big one is refused with the numbers before asking for the memory (small ones, the
       common case, skip the system calls) */
    double bytes = (double)t->numel * sizeof(float);
    if (bytes > (double)(64 << 20)) {
        rm_err e;
        char what[64];
        snprintf(what, sizeof what, "tensor: %.0f elements", (double)t->numel);
        if (rm_mem_check(bytes, what, &e)) luaL_error(L, "%s", e.msg);
    }
    t->data = calloc(t->numel ? t->numel : 1, sizeof(float));
    if (!t->data) luaL_error(L, "tensor: out of memory for %I floats", (LUAI_UACINT)t->numel);
    t->owns = 1;
    return t;
}

rmlua_tensor *rmlua_tensor_view(lua_State *L, int anchor_idx, float *data, int ndim,
                                const int *shape) {
    anchor_idx = lua_absindex(L, anchor_idx);
    rmlua_tensor *t = push_empty(L, ndim, shape);
    t->data = data;
    t->owns = 0;
    lua_pushvalue(L, anchor_idx);
    lua_setiuservalue(L, -2, 1);
    return t;
}

/* Whether the memory of tensor t (at idx) is gone: its own, or for a view, that of what it
   views (a tensor, a batch or a trace, each of which a script may free early with
   `<close>`, and whose freed state each marks by a NULL first pointer). */
static int tensor_freed(lua_State *L, int idx, const rmlua_tensor *t) {
    if (!t->data) return 1;
    if (t->owns) return 0;
    if (!lua_checkstack(L, 2)) return 1;
    lua_getiuservalue(L, idx, 1);
    int freed = 0;
    const rmlua_tensor *base = luaL_testudata(L, -1, RMLUA_TENSOR);
    const rmlua_batchud *batch = base ? NULL : luaL_testudata(L, -1, RMLUA_BATCH);
    const rm_trace *trace = base || batch ? NULL : luaL_testudata(L, -1, RMLUA_TRACE);
    if (base) freed = tensor_freed(L, lua_gettop(L), base);
    else if (batch) freed = !batch->b.x;
    else if (trace) freed = !trace->h; /* rm_trace is the trace userdata's first member */
    lua_pop(L, 1);
    return freed;
}

rmlua_tensor *rmlua_tensor_test(lua_State *L, int idx) {
    rmlua_tensor *t = luaL_testudata(L, idx, RMLUA_TENSOR);
    if (t && tensor_freed(L, lua_absindex(L, idx), t)) luaL_error(L, "tensor has been freed");
    return t;
}

rmlua_tensor *rmlua_tensor_check(lua_State *L, int idx) {
    rmlua_tensor *t = luaL_checkudata(L, idx, RMLUA_TENSOR);
    if (tensor_freed(L, lua_absindex(L, idx), t)) luaL_error(L, "tensor has been freed");
    return t;
}
#define check_tensor(L, i) rmlua_tensor_check(L, i)

static void shape_string(const rmlua_tensor *t, char *buf, size_t n) {
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < t->ndim && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%d", i ? "x" : "", t->shape[i]);
}

/* ---- from and to Lua tables ---- */

/* Measures the nested table at idx: shape from the first element of each level. */
static int table_shape(lua_State *L, int idx, int *shape) {
    int ndim = 0;
    lua_pushvalue(L, idx);
    for (;;) {
        if (ndim == RMLUA_TENSOR_MAXDIM)
            luaL_error(L, "tensor: table nested deeper than %d levels", RMLUA_TENSOR_MAXDIM);
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        if (n > INT32_MAX) luaL_error(L, "tensor: table too long");
        shape[ndim++] = (int)n;
        if (n == 0) break;
        lua_rawgeti(L, -1, 1);
        lua_remove(L, -2);
        if (!lua_istable(L, -1)) break;
    }
    lua_pop(L, 1);
    return ndim;
}

static void fill_from_table(lua_State *L, int idx, const int *shape, int ndim, int axis,
                            float **out, char *path, size_t pathlen) {
    idx = lua_absindex(L, idx);
    if ((int)lua_rawlen(L, idx) != shape[axis])
        luaL_error(L, "tensor: ragged table: %s has %d elements, expected %d",
                   path[0] ? path : "the table", (int)lua_rawlen(L, idx), shape[axis]);
    size_t plen = strlen(path);
    for (int i = 1; i <= shape[axis]; i++) {
        lua_rawgeti(L, idx, i);
        snprintf(path + plen, pathlen - plen, "[%d]", i);
        if (axis + 1 < ndim) {
            if (!lua_istable(L, -1)) luaL_error(L, "tensor: ragged table: %s is not a table", path);
            fill_from_table(L, -1, shape, ndim, axis + 1, out, path, pathlen);
        } else {
            int isnum;
            lua_Number v = lua_tonumberx(L, -1, &isnum);
            if (!isnum)
                luaL_error(L, "tensor: %s is a %s, expected a number", path, luaL_typename(L, -1));
            *(*out)++ = (float)v;
        }
        lua_pop(L, 1);
        path[plen] = 0;
    }
}

static int tensor_from_table(lua_State *L, int idx) {
    int shape[RMLUA_TENSOR_MAXDIM];
    int ndim = table_shape(L, idx, shape);
    rmlua_tensor *t = rmlua_tensor_new(L, ndim, shape);
    float *p = t->data;
    char path[128] = "";
    fill_from_table(L, idx, shape, ndim, 0, &p, path, sizeof path);
    return 1;
}

static void push_table(lua_State *L, const float *p, const int *shape, int ndim, size_t stride) {
    luaL_checkstack(L, 3, "tensor too deep");
    lua_createtable(L, shape[0], 0);
    size_t inner = ndim > 1 ? stride / (size_t)shape[0] : 1;
    for (int i = 0; i < shape[0]; i++) {
        if (ndim == 1) lua_pushnumber(L, p[i]);
        else push_table(L, p + (size_t)i * inner, shape + 1, ndim - 1, inner);
        lua_rawseti(L, -2, i + 1);
    }
}

static int t_totable(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    push_table(L, t->data, t->shape, t->ndim, t->numel);
    return 1;
}

/* ---- indexing ---- */

static int check_index(lua_State *L, lua_Integer i, int size, int axis) {
    if (i < 1 || i > size)
        luaL_error(L, "tensor index %I out of range 1..%d (axis %d)", (LUAI_UACINT)i, size, axis);
    return (int)(i - 1);
}

/* t[i]: a number for a 1-axis tensor, otherwise a view of rank ndim-1. */
static void push_sub(lua_State *L, int tidx, rmlua_tensor *t, int i0) {
    if (t->ndim == 1) {
        lua_pushnumber(L, t->data[i0]);
        return;
    }
    size_t inner = t->numel / (size_t)t->shape[0];
    rmlua_tensor_view(L, tidx, t->data + (size_t)i0 * inner, t->ndim - 1, t->shape + 1);
}

/* Offset of element (i1, ..., ik) given as Lua integers at stack positions first..; k may
   be less than ndim (a view then). Returns the offset and sets *k. */
static size_t element_offset(lua_State *L, rmlua_tensor *t, int first, int k) {
    if (k > t->ndim) luaL_error(L, "tensor: %d indices for %d axes", k, t->ndim);
    size_t off = 0, stride = t->numel;
    for (int a = 0; a < k; a++) {
        stride /= (size_t)(t->shape[a] ? t->shape[a] : 1);
        lua_Integer i = luaL_checkinteger(L, first + a);
        off += (size_t)check_index(L, i, t->shape[a], a + 1) * stride;
    }
    return off;
}

static int t_get(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    int k = lua_gettop(L) - 1;
    if (k < 1) return luaL_error(L, "tensor:get needs at least one index");
    size_t off = element_offset(L, t, 2, k);
    if (k == t->ndim) lua_pushnumber(L, t->data[off]);
    else rmlua_tensor_view(L, 1, t->data + off, t->ndim - k, t->shape + k);
    return 1;
}

static int t_set(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    int k = lua_gettop(L) - 2;
    if (k != t->ndim)
        return luaL_error(L, "tensor:set needs %d indices and a value (got %d arguments)",
                          t->ndim, lua_gettop(L) - 1);
    size_t off = element_offset(L, t, 2, k);
    t->data[off] = (float)luaL_checknumber(L, k + 2);
    lua_settop(L, 1);
    return 1;
}

static int t_index(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    if (lua_type(L, 2) == LUA_TNUMBER) {
        int isint;
        lua_Integer i = lua_tointegerx(L, 2, &isint);
        if (!isint) return luaL_error(L, "tensor index must be an integer");
        push_sub(L, 1, t, check_index(L, i, t->shape[0], 1));
        return 1;
    }
    /* methods */
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__methods");
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    if (lua_isnil(L, -1) && lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "tensor has no field or method '%s'", rmlua_clip(L, lua_tostring(L, 2)));
    return 1;
}

static int t_newindex(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    int isint;
    lua_Integer i = lua_tointegerx(L, 2, &isint);
    if (!isint) return luaL_error(L, "tensor: only integer indices can be assigned");
    int i0 = check_index(L, i, t->shape[0], 1);
    size_t inner = t->numel / (size_t)(t->shape[0] ? t->shape[0] : 1);
    float *dst = t->data + (size_t)i0 * inner;
    if (lua_type(L, 3) == LUA_TNUMBER) {
        float v = (float)lua_tonumber(L, 3);
        for (size_t j = 0; j < inner; j++) dst[j] = v;
        return 0;
    }
    rmlua_tensor *src = rmlua_tensor_test(L, 3);
    if (!src) return luaL_error(L, "tensor: can only assign a number or a tensor, not a %s",
                                luaL_typename(L, 3));
    if (src->numel != inner || src->ndim != t->ndim - 1 ||
        memcmp(src->shape, t->shape + 1, (size_t)src->ndim * sizeof(int)))
        return luaL_error(L, "tensor: assigned tensor has the wrong shape");
    memmove(dst, src->data, inner * sizeof(float));
    return 0;
}

static int t_len(lua_State *L) {
    lua_pushinteger(L, check_tensor(L, 1)->shape[0]);
    return 1;
}

/* ---- shape ---- */

static int t_shape(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    lua_createtable(L, t->ndim, 0);
    for (int i = 0; i < t->ndim; i++) {
        lua_pushinteger(L, t->shape[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static int t_size(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    if (!lua_isnoneornil(L, 2)) {
        lua_Integer a = luaL_checkinteger(L, 2);
        if (a < 1 || a > t->ndim)
            return luaL_error(L, "tensor:size: axis %I out of range 1..%d", (LUAI_UACINT)a, t->ndim);
        lua_pushinteger(L, t->shape[a - 1]);
        return 1;
    }
    luaL_checkstack(L, t->ndim, NULL);
    for (int i = 0; i < t->ndim; i++) lua_pushinteger(L, t->shape[i]);
    return t->ndim;
}

static int t_dim(lua_State *L) {
    lua_pushinteger(L, check_tensor(L, 1)->ndim);
    return 1;
}

static int t_numel(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)check_tensor(L, 1)->numel);
    return 1;
}

/* Shape from either a table {d1, d2, ...} or integer arguments starting at first. */
static int shape_args(lua_State *L, int first, int *shape, const char *fn) {
    int ndim = 0;
    if (lua_istable(L, first)) {
        int n = (int)lua_rawlen(L, first);
        if (n < 1 || n > RMLUA_TENSOR_MAXDIM)
            luaL_error(L, "%s: shape needs 1 to %d sizes", fn, RMLUA_TENSOR_MAXDIM);
        for (int i = 1; i <= n; i++) {
            lua_rawgeti(L, first, i);
            int isint;
            lua_Integer v = lua_tointegerx(L, -1, &isint);
            if (!isint || v < 0 || v > INT32_MAX)
                luaL_error(L, "%s: size %d is not a count (a non-negative integer)", fn, i);
            shape[ndim++] = (int)v;
            lua_pop(L, 1);
        }
        return ndim;
    }
    int top = lua_gettop(L);
    if (top < first) luaL_error(L, "%s: needs a shape", fn);
    if (top - first + 1 > RMLUA_TENSOR_MAXDIM)
        luaL_error(L, "%s: at most %d sizes", fn, RMLUA_TENSOR_MAXDIM);
    for (int i = first; i <= top; i++) {
        lua_Integer v = luaL_checkinteger(L, i);
        if (v < 0) luaL_error(L, "%s: negative size %I", fn, (LUAI_UACINT)v);
        if (v > INT32_MAX) luaL_error(L, "%s: size %I is too large", fn, (LUAI_UACINT)v);
        shape[ndim++] = (int)v;
    }
    return ndim;
}

static int t_reshape(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    int shape[RMLUA_TENSOR_MAXDIM];
    int ndim = shape_args(L, 2, shape, "tensor:reshape");
    if (shape_numel(ndim, shape) != t->numel)
        return luaL_error(L, "tensor:reshape: %I elements cannot take that shape (%I)",
                          (LUAI_UACINT)t->numel, (LUAI_UACINT)shape_numel(ndim, shape));
    rmlua_tensor_view(L, 1, t->data, ndim, shape);
    return 1;
}

/* t:sub(i, j): a view of rows i..j along the first axis. */
static int t_sub(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    lua_Integer j = luaL_optinteger(L, 3, t->shape[0]);
    if (i < 1 || j > t->shape[0] || i > j + 1)
        return luaL_error(L, "tensor:sub(%I, %I) out of range 1..%d", (LUAI_UACINT)i,
                          (LUAI_UACINT)j, t->shape[0]);
    int shape[RMLUA_TENSOR_MAXDIM];
    memcpy(shape, t->shape, sizeof shape);
    shape[0] = (int)(j - i + 1);
    size_t inner = t->numel / (size_t)(t->shape[0] ? t->shape[0] : 1);
    rmlua_tensor_view(L, 1, t->data + (size_t)(i - 1) * inner, t->ndim, shape);
    return 1;
}

static int t_clone(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    rmlua_tensor *c = rmlua_tensor_new(L, t->ndim, t->shape);
    memcpy(c->data, t->data, t->numel * sizeof(float));
    return 1;
}

static int t_fill(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    float v = (float)luaL_checknumber(L, 2);
    for (size_t i = 0; i < t->numel; i++) t->data[i] = v;
    lua_settop(L, 1);
    return 1;
}

/* ---- reductions ---- */

typedef enum { R_SUM, R_MEAN, R_MAX, R_MIN, R_ARGMAX, R_ARGMIN } reduction;

/* Reduces n values spaced by stride; NaN is skipped by max/min (NaN if all are NaN). */
static double reduce(const float *p, int n, size_t stride, reduction r) {
    if (r == R_SUM || r == R_MEAN) {
        double s = 0;
        for (int i = 0; i < n; i++) s += p[(size_t)i * stride];
        return r == R_MEAN ? (n ? s / n : NAN) : s;
    }
    int best = -1;
    for (int i = 0; i < n; i++) {
        float v = p[(size_t)i * stride];
        if (isnan(v)) continue;
        if (best < 0 || ((r == R_MAX || r == R_ARGMAX) ? v > p[(size_t)best * stride]
                                                       : v < p[(size_t)best * stride]))
            best = i;
    }
    if (r == R_ARGMAX || r == R_ARGMIN) return best < 0 ? NAN : best + 1;
    return best < 0 ? NAN : p[(size_t)best * stride];
}

static int t_reduce(lua_State *L, reduction r, const char *name) {
    rmlua_tensor *t = check_tensor(L, 1);
    if (lua_isnoneornil(L, 2)) {
        if ((r == R_ARGMAX || r == R_ARGMIN) && t->ndim > 1) {
            /* the index of the extreme element, one integer per axis */
            double flat = reduce(t->data, (int)t->numel, 1, r);
            if (isnan(flat)) { lua_pushnil(L); return 1; }
            size_t k = (size_t)flat - 1;
            lua_Integer idx[RMLUA_TENSOR_MAXDIM];
            for (int a = t->ndim - 1; a >= 0; a--) {
                idx[a] = (lua_Integer)(k % (size_t)t->shape[a]) + 1;
                k /= (size_t)t->shape[a];
            }
            luaL_checkstack(L, t->ndim, NULL);
            for (int a = 0; a < t->ndim; a++) lua_pushinteger(L, idx[a]);
            return t->ndim;
        }
        if (t->numel > INT32_MAX) return luaL_error(L, "tensor:%s: tensor too large", name);
        double v = reduce(t->data, (int)t->numel, 1, r);
        if ((r == R_ARGMAX || r == R_ARGMIN) && !isnan(v)) lua_pushinteger(L, (lua_Integer)v);
        else lua_pushnumber(L, v);
        return 1;
    }
    lua_Integer axis = luaL_checkinteger(L, 2);
    if (axis < 1 || axis > t->ndim)
        return luaL_error(L, "tensor:%s: axis %I out of range 1..%d", name, (LUAI_UACINT)axis,
                          t->ndim);
    int a = (int)axis - 1;
    if (t->ndim == 1) {
        lua_settop(L, 1);
        return t_reduce(L, r, name);
    }
    size_t outer = 1, inner = 1;
    for (int i = 0; i < a; i++) outer *= (size_t)t->shape[i];
    for (int i = a + 1; i < t->ndim; i++) inner *= (size_t)t->shape[i];
    int n = t->shape[a];
    int shape[RMLUA_TENSOR_MAXDIM], k = 0;
    for (int i = 0; i < t->ndim; i++)
        if (i != a) shape[k++] = t->shape[i];
    rmlua_tensor *out = rmlua_tensor_new(L, k, shape);
    for (size_t o = 0; o < outer; o++)
        for (size_t in = 0; in < inner; in++)
            out->data[o * inner + in] =
                (float)reduce(t->data + o * (size_t)n * inner + in, n, inner, r);
    return 1;
}

static int t_sum(lua_State *L) { return t_reduce(L, R_SUM, "sum"); }
static int t_mean(lua_State *L) { return t_reduce(L, R_MEAN, "mean"); }
static int t_max(lua_State *L) { return t_reduce(L, R_MAX, "max"); }
static int t_min(lua_State *L) { return t_reduce(L, R_MIN, "min"); }
static int t_argmax(lua_State *L) { return t_reduce(L, R_ARGMAX, "argmax"); }
static int t_argmin(lua_State *L) { return t_reduce(L, R_ARGMIN, "argmin"); }

/* ---- arithmetic: tensor op tensor (same shape) or tensor op number, a new tensor ---- */

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV } arith_op;

static float apply(arith_op op, float a, float b) {
    switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    default: return a / b;
    }
}

static int t_arith(lua_State *L, arith_op op) {
    rmlua_tensor *a = rmlua_tensor_test(L, 1), *b = rmlua_tensor_test(L, 2);
    if (a && b) {
        if (a->ndim != b->ndim || memcmp(a->shape, b->shape, (size_t)a->ndim * sizeof(int))) {
            char sa[96], sb[96];
            shape_string(a, sa, sizeof sa);
            shape_string(b, sb, sizeof sb);
            return luaL_error(L, "tensor arithmetic: shapes differ ([%s] and [%s])", sa, sb);
        }
        rmlua_tensor *c = rmlua_tensor_new(L, a->ndim, a->shape);
        for (size_t i = 0; i < a->numel; i++) c->data[i] = apply(op, a->data[i], b->data[i]);
        return 1;
    }
    rmlua_tensor *t = a ? a : b;
    int num_idx = a ? 2 : 1;
    if (!t->data) return luaL_error(L, "tensor has been freed");
    if (lua_type(L, num_idx) != LUA_TNUMBER)
        return luaL_error(L, "tensor arithmetic with a %s", luaL_typename(L, num_idx));
    float v = (float)lua_tonumber(L, num_idx);
    rmlua_tensor *c = rmlua_tensor_new(L, t->ndim, t->shape);
    for (size_t i = 0; i < t->numel; i++)
        c->data[i] = a ? apply(op, t->data[i], v) : apply(op, v, t->data[i]);
    return 1;
}

static int t_add(lua_State *L) { return t_arith(L, OP_ADD); }
static int t_subtract(lua_State *L) { return t_arith(L, OP_SUB); }
static int t_mul(lua_State *L) { return t_arith(L, OP_MUL); }
static int t_div(lua_State *L) { return t_arith(L, OP_DIV); }
static int t_unm(lua_State *L) {
    rmlua_tensor *t = check_tensor(L, 1);
    rmlua_tensor *c = rmlua_tensor_new(L, t->ndim, t->shape);
    for (size_t i = 0; i < t->numel; i++) c->data[i] = -t->data[i];
    return 1;
}

/* ---- lifetime and printing ----
 * A view keeps its base alive (user value 1); a base freed early (`<close>`) leaves its
 * views refusing every use ("tensor has been freed"), as they check the base each time. */

static int t_gc(lua_State *L) {
    rmlua_tensor *t = luaL_checkudata(L, 1, RMLUA_TENSOR);
    if (rmlua_in_use(L, 1)) return luaL_error(L, "tensor is in use by a call in progress");
    if (t->owns) free(t->data);
    t->data = NULL;
    t->owns = 0;
    return 0;
}

static int t_tostring(lua_State *L) {
    rmlua_tensor *t = luaL_checkudata(L, 1, RMLUA_TENSOR);
    if (tensor_freed(L, 1, t)) {
        lua_pushliteral(L, "tensor (freed)");
        return 1;
    }
    char shape[160];
    shape_string(t, shape, sizeof shape);
    if (t->numel == 0) {
        lua_pushfstring(L, "tensor float32 [%s]", shape);
        return 1;
    }
    if (t->numel <= 6 && t->ndim == 1) {
        /* small vectors are more useful shown whole */
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        luaL_addstring(&b, "tensor float32 [");
        luaL_addstring(&b, shape);
        luaL_addstring(&b, "] {");
        for (size_t i = 0; i < t->numel; i++) {
            char num[32];
            snprintf(num, sizeof num, "%s%.4g", i ? ", " : "", (double)t->data[i]);
            luaL_addstring(&b, num);
        }
        luaL_addchar(&b, '}');
        luaL_pushresult(&b);
        return 1;
    }
    double m = reduce(t->data, (int)(t->numel > INT32_MAX ? INT32_MAX : t->numel), 1, R_MEAN);
    char num[32];
    snprintf(num, sizeof num, "%.4g", m);
    lua_pushfstring(L, "tensor float32 [%s] mean=%s", shape, num);
    return 1;
}

/* ---- module functions ---- */

/* recmem.tensor(table) or recmem.tensor(d1, d2, ...) (zeros) */
static int tensor_call(lua_State *L) {
    lua_remove(L, 1); /* the recmem.tensor table itself */
    if (lua_istable(L, 1)) return tensor_from_table(L, 1);
    if (rmlua_tensor_test(L, 1)) return t_clone(L);
    int shape[RMLUA_TENSOR_MAXDIM];
    int ndim = shape_args(L, 1, shape, "recmem.tensor");
    rmlua_tensor_new(L, ndim, shape);
    return 1;
}

static int tensor_zeros(lua_State *L) {
    int shape[RMLUA_TENSOR_MAXDIM];
    int ndim = shape_args(L, 1, shape, "recmem.tensor.zeros");
    rmlua_tensor_new(L, ndim, shape);
    return 1;
}

static int tensor_ones(lua_State *L) {
    int shape[RMLUA_TENSOR_MAXDIM];
    int ndim = shape_args(L, 1, shape, "recmem.tensor.ones");
    rmlua_tensor *t = rmlua_tensor_new(L, ndim, shape);
    for (size_t i = 0; i < t->numel; i++) t->data[i] = 1.0f;
    return 1;
}

static int tensor_is(lua_State *L) {
    lua_pushboolean(L, luaL_testudata(L, 1, RMLUA_TENSOR) != NULL);
    return 1;
}

static const luaL_Reg tensor_methods[] = {
    {"get", t_get}, {"set", t_set}, {"shape", t_shape}, {"size", t_size}, {"dim", t_dim},
    {"numel", t_numel}, {"reshape", t_reshape}, {"sub", t_sub}, {"clone", t_clone},
    {"fill", t_fill}, {"sum", t_sum}, {"mean", t_mean}, {"max", t_max}, {"min", t_min},
    {"argmax", t_argmax}, {"argmin", t_argmin}, {"totable", t_totable}, {NULL, NULL}};

static const luaL_Reg tensor_meta[] = {
    {"__index", t_index}, {"__newindex", t_newindex}, {"__len", t_len},
    {"__tostring", t_tostring}, {"__gc", t_gc}, {"__add", t_add},
    {"__sub", t_subtract}, {"__mul", t_mul}, {"__div", t_div}, {"__unm", t_unm},
    {NULL, NULL}};

void rmlua_open_tensor(lua_State *L, int mod) {
    rmlua_newclass(L, RMLUA_TENSOR, tensor_methods, tensor_meta);
    lua_newtable(L);
    lua_pushcfunction(L, tensor_zeros);
    lua_setfield(L, -2, "zeros");
    lua_pushcfunction(L, tensor_ones);
    lua_setfield(L, -2, "ones");
    lua_pushcfunction(L, tensor_is);
    lua_setfield(L, -2, "is");
    lua_newtable(L);
    lua_pushcfunction(L, tensor_call);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setfield(L, mod, "tensor");
}
