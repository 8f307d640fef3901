/* tensor_ops.c: the tensor operations analyses need beyond tensor.c's basics: matrix
 * product (BLAS), transpose and permute, slicing and gathering along any axis, sort and
 * argsort, cumulative sums, elementwise math and concatenation. Every result is a new
 * tensor (never a view); axes and indices are 1-based; shapes are checked with a one-line
 * error naming the function. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/blas.h"
#include "rmlua_int.h"

static void shape_str(const rmlua_tensor *t, char *buf, size_t n) {
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < t->ndim && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%d", i ? "x" : "", t->shape[i]);
}

/* The 0-based axis given at idx (default def, 0-based; negative counts from the end). */
static int check_axis(lua_State *L, int idx, const rmlua_tensor *t, const char *fn, int def) {
    if (lua_isnoneornil(L, idx)) return def;
    lua_Integer a = luaL_checkinteger(L, idx);
    if (a < 0) a += t->ndim + 1;
    if (a < 1 || a > t->ndim)
        luaL_error(L, "%s: axis %I out of range 1..%d", fn, (LUAI_UACINT)a, t->ndim);
    return (int)a - 1;
}

/* Sizes before, along and after axis a. */
static void axis_split(const rmlua_tensor *t, int a, size_t *outer, int *n, size_t *inner) {
    *outer = *inner = 1;
    for (int i = 0; i < a; i++) *outer *= (size_t)t->shape[i];
    for (int i = a + 1; i < t->ndim; i++) *inner *= (size_t)t->shape[i];
    *n = t->shape[a];
}

/* ---- matrix product ---- */

/* a:matmul(b): (m x k)(k x n) -> m x n; a vector on the left is a row (k) -> n, on the
   right a column (k) -> m; vector . vector -> a number. */
static int op_matmul(lua_State *L) {
    rmlua_tensor *a = rmlua_tensor_check(L, 1), *b = rmlua_tensor_check(L, 2);
    if (a->ndim > 2 || b->ndim > 2)
        return luaL_error(L, "matmul: needs 1- or 2-axis tensors (got %d and %d axes)", a->ndim,
                          b->ndim);
    int m = a->ndim == 2 ? a->shape[0] : 1, k = a->ndim == 2 ? a->shape[1] : a->shape[0];
    int kb = b->shape[0], n = b->ndim == 2 ? b->shape[1] : 1;
    if (k != kb) {
        char sa[64], sb[64];
        shape_str(a, sa, sizeof sa);
        shape_str(b, sb, sizeof sb);
        return luaL_error(L, "matmul: [%s] times [%s]: inner sizes %d and %d differ", sa, sb, k, kb);
    }
    float *out;
    if (a->ndim == 1 && b->ndim == 1) {
        double s = 0;
        for (int i = 0; i < k; i++) s += (double)a->data[i] * b->data[i];
        lua_pushnumber(L, s);
        return 1;
    }
    if (a->ndim == 1) out = rmlua_tensor_new(L, 1, &n)->data;
    else if (b->ndim == 1) out = rmlua_tensor_new(L, 1, &m)->data;
    else out = rmlua_tensor_new(L, 2, (int[]){m, n})->data;
    if (k == 0) return 1; /* zeros */
    rm_sgemm(0, 0, m, n, k, 1.0f, a->data, k, b->data, n, 0.0f, out, n);
    return 1;
}

/* ---- transpose and permute ---- */

/* A new tensor with axes reordered: output axis d is input axis perm[d]. */
static void push_permuted(lua_State *L, const rmlua_tensor *t, const int *perm) {
    int shape[RMLUA_TENSOR_MAXDIM];
    size_t stride[RMLUA_TENSOR_MAXDIM], in_stride[RMLUA_TENSOR_MAXDIM];
    size_t s = 1;
    for (int d = t->ndim - 1; d >= 0; d--) {
        in_stride[d] = s;
        s *= (size_t)t->shape[d];
    }
    for (int d = 0; d < t->ndim; d++) {
        shape[d] = t->shape[perm[d]];
        stride[d] = in_stride[perm[d]];
    }
    rmlua_tensor *o = rmlua_tensor_new(L, t->ndim, shape);
    int ctr[RMLUA_TENSOR_MAXDIM] = {0};
    size_t off = 0;
    for (size_t i = 0; i < o->numel; i++) {
        o->data[i] = t->data[off];
        for (int d = t->ndim - 1; d >= 0; d--) { /* odometer over the output's indices */
            off += stride[d];
            if (++ctr[d] < shape[d]) break;
            off -= stride[d] * (size_t)shape[d];
            ctr[d] = 0;
        }
    }
}

/* t:transpose([a, b]): axes a and b swapped (default the last two; a vector is returned
   as a copy). */
static int op_transpose(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int perm[RMLUA_TENSOR_MAXDIM];
    for (int d = 0; d < t->ndim; d++) perm[d] = d;
    if (t->ndim >= 2 || !lua_isnoneornil(L, 2)) {
        int a = check_axis(L, 2, t, "tensor:transpose", t->ndim - 2);
        int b = check_axis(L, 3, t, "tensor:transpose", t->ndim - 1);
        perm[a] = b;
        perm[b] = a;
    }
    push_permuted(L, t, perm);
    return 1;
}

/* t:permute(p1, ..., pn): output axis d is input axis p_d. */
static int op_permute(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int n = lua_gettop(L) - 1, perm[RMLUA_TENSOR_MAXDIM], seen[RMLUA_TENSOR_MAXDIM] = {0};
    if (n != t->ndim)
        return luaL_error(L, "tensor:permute: %d axes given for a %d-axis tensor", n, t->ndim);
    for (int d = 0; d < n; d++) {
        perm[d] = check_axis(L, d + 2, t, "tensor:permute", 0);
        if (seen[perm[d]]++)
            return luaL_error(L, "tensor:permute: axis %d given twice", perm[d] + 1);
    }
    push_permuted(L, t, perm);
    return 1;
}

/* ---- slicing along any axis ---- */

/* Copies, for every outer/inner position, the entries idx[0..m-1] along axis a. */
static void push_gather(lua_State *L, const rmlua_tensor *t, int a, const int *idx, int m,
                        int drop_axis) {
    size_t outer, inner;
    int n;
    axis_split(t, a, &outer, &n, &inner);
    int shape[RMLUA_TENSOR_MAXDIM], k = 0;
    for (int d = 0; d < t->ndim; d++) {
        if (d != a) shape[k++] = t->shape[d];
        else if (!drop_axis) shape[k++] = m;
    }
    if (k == 0) { /* a vector's single element */
        lua_pushnumber(L, t->data[idx[0]]);
        return;
    }
    rmlua_tensor *o = rmlua_tensor_new(L, k, shape);
    for (size_t p = 0; p < outer; p++)
        for (int i = 0; i < m; i++)
            memcpy(o->data + (p * m + i) * inner, t->data + (p * n + idx[i]) * inner,
                   inner * sizeof(float));
}

/* t:narrow(axis, i [, j]): entries i..j (default i..end) along axis, a copy. */
static int op_narrow(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int a = check_axis(L, 2, t, "tensor:narrow", 0);
    lua_Integer i = luaL_checkinteger(L, 3), j = luaL_optinteger(L, 4, t->shape[a]);
    if (i < 1 || j > t->shape[a] || i > j + 1)
        return luaL_error(L, "tensor:narrow(%d, %I, %I): out of range 1..%d", a + 1,
                          (LUAI_UACINT)i, (LUAI_UACINT)j, t->shape[a]);
    int m = (int)(j - i + 1);
    int *idx = lua_newuserdatauv(L, (size_t)(m ? m : 1) * sizeof *idx, 0);
    for (int k = 0; k < m; k++) idx[k] = (int)(i - 1) + k;
    push_gather(L, t, a, idx, m, 0);
    return 1;
}

/* t:select(axis, i): entry i along axis, that axis removed (a number for a vector). */
static int op_select(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int a = check_axis(L, 2, t, "tensor:select", 0);
    lua_Integer i = luaL_checkinteger(L, 3);
    if (i < 1 || i > t->shape[a])
        return luaL_error(L, "tensor:select(%d, %I): out of range 1..%d", a + 1, (LUAI_UACINT)i,
                          t->shape[a]);
    int k = (int)i - 1;
    push_gather(L, t, a, &k, 1, 1);
    return 1;
}

/* t:index(axis, idx): the entries idx (a table or tensor of 1-based positions, repeats
   allowed) along axis, in that order. */
static int op_index(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int a = check_axis(L, 2, t, "tensor:index", 0);
    rmlua_tensor *it = rmlua_tensor_test(L, 3);
    if (!it && !lua_istable(L, 3))
        return luaL_error(L, "tensor:index: positions must be a table or a tensor, not %s",
                          luaL_typename(L, 3));
    if (it && !it->data) return luaL_error(L, "tensor has been freed");
    size_t m = it ? it->numel : lua_rawlen(L, 3);
    if (m > (size_t)INT32_MAX) return luaL_error(L, "tensor:index: too many positions");
    int *idx = lua_newuserdatauv(L, (m ? m : 1) * sizeof *idx, 0);
    for (size_t k = 0; k < m; k++) {
        double v;
        if (it) v = it->data[k];
        else {
            lua_rawgeti(L, 3, (lua_Integer)k + 1);
            int isnum;
            v = lua_tonumberx(L, -1, &isnum);
            lua_pop(L, 1);
            if (!isnum) return luaL_error(L, "tensor:index: position %d is not a number", (int)k + 1);
        }
        if (!(v >= 1 && v <= t->shape[a]) || v != floor(v)) {
            char num[32];
            snprintf(num, sizeof num, "%g", v);
            return luaL_error(L, "tensor:index: position %s out of range 1..%d (axis %d)", num,
                              t->shape[a], a + 1);
        }
        idx[k] = (int)v - 1;
    }
    push_gather(L, t, a, idx, (int)m, 0);
    return 1;
}

/* ---- sort, argsort, cumulative sums ---- */

typedef struct {
    float v;
    int i;
} keyed;

static int cmp_asc(const void *pa, const void *pb) {
    const keyed *a = pa, *b = pb;
    int na = isnan(a->v), nb = isnan(b->v);
    if (na || nb) return na != nb ? na - nb : (a->i > b->i) - (a->i < b->i); /* NaN last */
    if (a->v != b->v) return a->v < b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i); /* stable */
}

static int cmp_desc(const void *pa, const void *pb) {
    const keyed *a = pa, *b = pb;
    int na = isnan(a->v), nb = isnan(b->v);
    if (na || nb) return na != nb ? na - nb : (a->i > b->i) - (a->i < b->i);
    if (a->v != b->v) return a->v > b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Sorts along axis (arg 2, default the last); descending if arg 3 is true. Pushes the
   sorted values (if want_values) and the 1-based positions. */
static int sort_common(lua_State *L, int want_values) {
    const char *fn = want_values ? "tensor:sort" : "tensor:argsort";
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int a = check_axis(L, 2, t, fn, t->ndim - 1);
    int desc = lua_toboolean(L, 3);
    size_t outer, inner;
    int n;
    axis_split(t, a, &outer, &n, &inner);
    keyed *k = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *k, 0);
    int scratch = lua_gettop(L);
    rmlua_tensor *vals = want_values ? rmlua_tensor_new(L, t->ndim, t->shape) : NULL;
    rmlua_tensor *pos = rmlua_tensor_new(L, t->ndim, t->shape);
    for (size_t p = 0; p < outer; p++)
        for (size_t q = 0; q < inner; q++) {
            size_t base = p * (size_t)n * inner + q;
            for (int i = 0; i < n; i++) k[i] = (keyed){t->data[base + (size_t)i * inner], i};
            qsort(k, (size_t)n, sizeof *k, desc ? cmp_desc : cmp_asc);
            for (int i = 0; i < n; i++) {
                if (vals) vals->data[base + (size_t)i * inner] = k[i].v;
                pos->data[base + (size_t)i * inner] = (float)(k[i].i + 1);
            }
        }
    lua_remove(L, scratch);
    return want_values ? 2 : 1;
}

static int op_sort(lua_State *L) { return sort_common(L, 1); }
static int op_argsort(lua_State *L) { return sort_common(L, 0); }

/* t:cumsum([axis]): running sums along axis (default the last), accumulated in double. */
static int op_cumsum(lua_State *L) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    int a = check_axis(L, 2, t, "tensor:cumsum", t->ndim - 1);
    size_t outer, inner;
    int n;
    axis_split(t, a, &outer, &n, &inner);
    rmlua_tensor *o = rmlua_tensor_new(L, t->ndim, t->shape);
    for (size_t p = 0; p < outer; p++)
        for (size_t q = 0; q < inner; q++) {
            size_t base = p * (size_t)n * inner + q;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += t->data[base + (size_t)i * inner];
                o->data[base + (size_t)i * inner] = (float)s;
            }
        }
    return 1;
}

/* ---- elementwise math ---- */

static float f_relu(float x) { return x > 0 ? x : 0.0f; }

static int map(lua_State *L, float (*f)(float)) {
    rmlua_tensor *t = rmlua_tensor_check(L, 1);
    rmlua_tensor *o = rmlua_tensor_new(L, t->ndim, t->shape);
    for (size_t i = 0; i < t->numel; i++) o->data[i] = f(t->data[i]);
    return 1;
}

static int op_exp(lua_State *L) { return map(L, expf); }
static int op_log(lua_State *L) { return map(L, logf); }
static int op_abs(lua_State *L) { return map(L, fabsf); }
static int op_sqrt(lua_State *L) { return map(L, sqrtf); }
static int op_relu(lua_State *L) { return map(L, f_relu); }
static int op_cos(lua_State *L) { return map(L, cosf); }
static int op_sin(lua_State *L) { return map(L, sinf); }
static int op_tanh(lua_State *L) { return map(L, tanhf); }

/* ---- concatenation ---- */

/* recmem.tensor.cat({a, b, ...} [, axis]): joined along axis (default 1); every other
   axis must agree. */
static int op_cat(lua_State *L) {
    lua_settop(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    int n = (int)lua_rawlen(L, 1);
    if (n < 1) return luaL_error(L, "tensor.cat: needs a list of at least one tensor");
    lua_rawgeti(L, 1, 1);
    rmlua_tensor *first = rmlua_tensor_test(L, -1);
    if (!first || !first->data) return luaL_error(L, "tensor.cat: element 1 is not a tensor");
    int a = check_axis(L, 2, first, "tensor.cat", 0);
    int shape[RMLUA_TENSOR_MAXDIM];
    memcpy(shape, first->shape, sizeof shape);
    shape[a] = 0;
    for (int k = 1; k <= n; k++) {
        lua_rawgeti(L, 1, k);
        rmlua_tensor *t = rmlua_tensor_test(L, -1);
        if (!t || !t->data) return luaL_error(L, "tensor.cat: element %d is not a tensor", k);
        int same = t->ndim == first->ndim;
        for (int d = 0; same && d < t->ndim; d++) same = d == a || t->shape[d] == first->shape[d];
        if (!same) {
            char s1[64], s2[64];
            shape_str(first, s1, sizeof s1);
            shape_str(t, s2, sizeof s2);
            return luaL_error(L, "tensor.cat: element %d is [%s], element 1 [%s]: only axis %d "
                                 "may differ", k, s2, s1, a + 1);
        }
        if ((double)shape[a] + t->shape[a] > INT32_MAX)
            return luaL_error(L, "tensor.cat: the result is too large");
        shape[a] += t->shape[a];
        lua_pop(L, 1);
    }
    rmlua_tensor *o = rmlua_tensor_new(L, first->ndim, shape);
    size_t outer, inner;
    int total;
    axis_split(o, a, &outer, &total, &inner);
    size_t at = 0; /* offset along the axis, in inner blocks */
    for (int k = 1; k <= n; k++) {
        lua_rawgeti(L, 1, k);
        rmlua_tensor *t = rmlua_tensor_test(L, -1);
        size_t block = (size_t)t->shape[a] * inner;
        for (size_t p = 0; p < outer; p++)
            memcpy(o->data + p * (size_t)total * inner + at * inner, t->data + p * block,
                   block * sizeof(float));
        at += (size_t)t->shape[a];
        lua_pop(L, 1);
    }
    return 1;
}

static const luaL_Reg methods[] = {
    {"matmul", op_matmul}, {"transpose", op_transpose}, {"permute", op_permute},
    {"narrow", op_narrow}, {"select", op_select}, {"index", op_index}, {"sort", op_sort},
    {"argsort", op_argsort}, {"cumsum", op_cumsum}, {"exp", op_exp}, {"log", op_log},
    {"abs", op_abs}, {"sqrt", op_sqrt}, {"relu", op_relu}, {"cos", op_cos}, {"sin", op_sin},
    {"tanh", op_tanh}, {NULL, NULL}};

/* The methods on every tensor; matmul and cat also as recmem.tensor functions. Runs after
   rmlua_open_tensor (needs the class and mod.tensor). */
void rmlua_open_tensor_ops(lua_State *L, int mod) {
    luaL_getmetatable(L, RMLUA_TENSOR);
    lua_getfield(L, -1, "__methods");
    luaL_setfuncs(L, methods, 0);
    lua_pop(L, 2);
    lua_getfield(L, mod, "tensor");
    lua_pushcfunction(L, op_matmul);
    lua_setfield(L, -2, "matmul");
    lua_pushcfunction(L, op_cat);
    lua_setfield(L, -2, "cat");
    lua_pop(L, 1);
}
