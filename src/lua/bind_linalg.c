/* bind_linalg.c: recmem.linalg: eig, eigh, svd, solve and lstsq on tensors, backed by the
 * core's LAPACK wrappers (core/linalg.c). Matrices are 2-axis tensors; a right-hand side
 * may be a vector. Errors are one line, "recmem.linalg.<fn>: <problem>". */
#include <config.h>
#include <math.h>
#include <string.h>
#include "core/linalg.h"
#include "rmlua_int.h"

static rmlua_tensor *check_matrix(lua_State *L, int idx, const char *fn, const char *what,
                                  int square) {
    rmlua_tensor *t = rmlua_tensor_test(L, idx);
    if (!t) luaL_error(L, "recmem.linalg.%s: %s must be a tensor, not %s", fn, what, luaL_typename(L, idx));
    if (!t->data) luaL_error(L, "recmem.linalg.%s: %s has been freed", fn, what);
    if (t->ndim != 2)
        luaL_error(L, "recmem.linalg.%s: %s must be a matrix (2 axes), not %d axes", fn, what, t->ndim);
    if (t->shape[0] < 1 || t->shape[1] < 1)
        luaL_error(L, "recmem.linalg.%s: %s is empty (%dx%d)", fn, what, t->shape[0], t->shape[1]);
    if (square && t->shape[0] != t->shape[1])
        luaL_error(L, "recmem.linalg.%s: %s must be square, not %dx%d", fn, what, t->shape[0],
                   t->shape[1]);
    return t;
}

static int fail(lua_State *L, const rm_err *e) { return luaL_error(L, "recmem.linalg.%s", e->msg); }

/* eig(A) -> {re=, im=, abs=, vectors_re=, vectors_im=}: eigenvalues sorted by modulus
   (largest first), eigenvector k in column k of vectors_re + i vectors_im. */
static int la_eig(lua_State *L) {
    rmlua_tensor *a = check_matrix(L, 1, "eig", "the matrix", 1);
    int n = a->shape[0];
    lua_createtable(L, 0, 6);
    lua_pushliteral(L, "eig");
    lua_setfield(L, -2, "kind");
    rmlua_tensor *re = rmlua_tensor_new(L, 1, &n);
    lua_setfield(L, -2, "re");
    rmlua_tensor *im = rmlua_tensor_new(L, 1, &n);
    lua_setfield(L, -2, "im");
    rmlua_tensor *mod = rmlua_tensor_new(L, 1, &n);
    lua_setfield(L, -2, "abs");
    rmlua_tensor *vre = rmlua_tensor_new(L, 2, a->shape);
    lua_setfield(L, -2, "vectors_re");
    rmlua_tensor *vim = rmlua_tensor_new(L, 2, a->shape);
    lua_setfield(L, -2, "vectors_im");
    rm_err e = {0};
    if (rm_linalg_eig(a->data, n, re->data, im->data, vre->data, vim->data, &e)) return fail(L, &e);
    for (int k = 0; k < n; k++) mod->data[k] = hypotf(re->data[k], im->data[k]);
    return 1;
}

/* eigh(A) -> values (descending), vectors (column k for value k): A symmetric. */
static int la_eigh(lua_State *L) {
    rmlua_tensor *a = check_matrix(L, 1, "eigh", "the matrix", 1);
    int n = a->shape[0];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) {
            float x = a->data[(size_t)i * n + j], y = a->data[(size_t)j * n + i];
            if (fabsf(x - y) > 1e-5f * (fabsf(x) + fabsf(y) + 1e-30f) && fabsf(x - y) > 1e-30f)
                return luaL_error(L, "recmem.linalg.eigh: the matrix is not symmetric "
                                     "(entries %d,%d and %d,%d differ)", i + 1, j + 1, j + 1, i + 1);
        }
    rmlua_tensor *w = rmlua_tensor_new(L, 1, &n);
    rmlua_tensor *rows = rmlua_tensor_new(L, 2, a->shape);
    rm_err e = {0};
    if (rm_linalg_eigh(a->data, n, w->data, rows->data, &e)) return fail(L, &e);
    rmlua_tensor *v = rmlua_tensor_new(L, 2, a->shape);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) v->data[(size_t)i * n + j] = rows->data[(size_t)j * n + i];
    lua_remove(L, -2);
    return 2;
}

/* svd(A) -> U, S, Vt (thin: k = min(m, n)) */
static int la_svd(lua_State *L) {
    rmlua_tensor *a = check_matrix(L, 1, "svd", "the matrix", 0);
    int m = a->shape[0], n = a->shape[1], k = m < n ? m : n;
    rmlua_tensor *u = rmlua_tensor_new(L, 2, (int[]){m, k});
    rmlua_tensor *s = rmlua_tensor_new(L, 1, &k);
    rmlua_tensor *vt = rmlua_tensor_new(L, 2, (int[]){k, n});
    rm_err e = {0};
    if (rm_linalg_svd(a->data, m, n, u->data, s->data, vt->data, &e)) return fail(L, &e);
    return 3;
}

/* The right-hand side at idx: a vector of m or an m x r matrix; *cols = r (1 for a vector). */
static rmlua_tensor *check_rhs(lua_State *L, int idx, const char *fn, int m, int *cols) {
    rmlua_tensor *b = rmlua_tensor_test(L, idx);
    if (!b) luaL_error(L, "recmem.linalg.%s: the right-hand side must be a tensor, not %s", fn,
                       luaL_typename(L, idx));
    if (!b->data) luaL_error(L, "recmem.linalg.%s: the right-hand side has been freed", fn);
    if (b->ndim > 2 || b->shape[0] != m)
        luaL_error(L, "recmem.linalg.%s: the right-hand side must have %d rows (a vector of %d "
                      "or a %dxR matrix)", fn, m, m, m);
    *cols = b->ndim == 2 ? b->shape[1] : 1;
    if (*cols < 1) luaL_error(L, "recmem.linalg.%s: the right-hand side has no columns", fn);
    return b;
}

/* solve(A, b) -> x with A x = b (x shaped like b) */
static int la_solve(lua_State *L) {
    rmlua_tensor *a = check_matrix(L, 1, "solve", "the matrix", 1);
    int n = a->shape[0], r;
    rmlua_tensor *b = check_rhs(L, 2, "solve", n, &r);
    rmlua_tensor *x = rmlua_tensor_new(L, b->ndim, b->shape);
    rm_err e = {0};
    if (rm_linalg_solve(a->data, n, b->data, r, x->data, &e)) return fail(L, &e);
    return 1;
}

/* lstsq(A, b [, rcond]) -> x (n or n x r), rank, singular values */
static int la_lstsq(lua_State *L) {
    rmlua_tensor *a = check_matrix(L, 1, "lstsq", "the matrix", 0);
    int m = a->shape[0], n = a->shape[1], k = m < n ? m : n, r;
    rmlua_tensor *b = check_rhs(L, 2, "lstsq", m, &r);
    double rcond = luaL_optnumber(L, 3, -1);
    int xs[2] = {n, r};
    rmlua_tensor *x = rmlua_tensor_new(L, b->ndim, xs);
    rmlua_tensor *sv = rmlua_tensor_new(L, 1, &k);
    int rank = 0;
    rm_err e = {0};
    if (rm_linalg_lstsq(a->data, m, n, b->data, r, rcond, x->data, &rank, sv->data, &e))
        return fail(L, &e);
    lua_pushinteger(L, rank);
    lua_insert(L, -2);
    return 3;
}

static const luaL_Reg funcs[] = {{"eig", la_eig}, {"eigh", la_eigh}, {"svd", la_svd},
                                 {"solve", la_solve}, {"lstsq", la_lstsq}, {NULL, NULL}};

void rmlua_open_linalg(lua_State *L, int mod) {
    luaL_newlib(L, funcs);
    lua_setfield(L, mod, "linalg");
}
