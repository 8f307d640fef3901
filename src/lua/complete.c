/* complete.c: tab completion over globals, table fields and the methods and properties of
 * recmem's types. It only ever uses raw access (lua_rawget, lua_next, metatables read
 * with lua_getmetatable) so completing never runs user code: no __index function, no
 * __pairs. A chain like `tr.h:me` is followed through each type's `__fields` table, which
 * names the type a property holds. */
#include <config.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "rmlua_int.h"

static const char *const keywords[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
    "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    NULL};

typedef struct {
    char **v;
    size_t n, cap;
    int oom;
} cands;

static void add_cand(cands *c, const char *prefix, size_t plen, const char *name) {
    if (c->oom) return;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i] + plen, name) && !strncmp(c->v[i], prefix, plen)) return;
    if (c->n + 2 > c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **p = realloc(c->v, cap * sizeof *p);
        if (!p) { c->oom = 1; return; }
        c->v = p;
        c->cap = cap;
    }
    size_t nl = strlen(name);
    char *s = malloc(plen + nl + 1);
    if (!s) { c->oom = 1; return; }
    memcpy(s, prefix, plen);
    memcpy(s + plen, name, nl + 1);
    c->v[c->n++] = s;
}

static int is_ident(const char *s) {
    if (!isalpha((unsigned char)*s) && *s != '_') return 0;
    for (s++; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_') return 0;
    return 1;
}

/* Adds the string keys of the table at idx that start with word (and, if methods_only,
   whose values are functions). */
static void add_keys(lua_State *L, int idx, cands *c, const char *prefix, size_t plen,
                     const char *word, int methods_only) {
    idx = lua_absindex(L, idx);
    size_t wl = strlen(word);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -2);
            int hidden = k[0] == '_' && k[1] == '_' && word[0] != '_';
            if (!hidden && !strncmp(k, word, wl) && is_ident(k) &&
                (!methods_only || lua_type(L, -1) == LUA_TFUNCTION))
                add_cand(c, prefix, plen, k);
        }
        lua_pop(L, 1);
    }
}

static int rawfield(lua_State *L, int idx, const char *key) {
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

/* Candidates from the metatable at the top (popped): its __methods, its __index if that
   is a table (followed up to a few levels), and, unless methods_only, its __fields. */
static void add_from_metatable(lua_State *L, cands *c, const char *prefix, size_t plen,
                               const char *word, int methods_only) {
    for (int depth = 0; depth < 4 && lua_istable(L, -1); depth++) {
        if (rawfield(L, -1, "__methods") == LUA_TTABLE)
            add_keys(L, -1, c, prefix, plen, word, methods_only);
        lua_pop(L, 1);
        if (!methods_only) {
            if (rawfield(L, -1, "__fields") == LUA_TTABLE)
                add_keys(L, -1, c, prefix, plen, word, 0);
            lua_pop(L, 1);
        }
        lua_pushliteral(L, "__index");
        lua_rawget(L, -2);
        lua_remove(L, -2);
        if (!lua_istable(L, -1)) break;
        add_keys(L, -1, c, prefix, plen, word, methods_only);
        if (!lua_getmetatable(L, -1)) break;
        lua_remove(L, -2);
    }
    lua_pop(L, 1);
}

/* Replaces the value at the top by its field `name`, raw. A userdata's properties are
   not read (that would run its __index): its metatable's __fields[name] names the type
   the property holds, and the top becomes that type's metatable with *is_type set.
   Returns 0 (top popped) if the chain cannot be followed. */
static int step(lua_State *L, const char *name, int *is_type) {
    if (!*is_type && lua_istable(L, -1)) {
        lua_pushstring(L, name);
        lua_rawget(L, -2);
        if (lua_isnil(L, -1) && lua_getmetatable(L, -2)) {
            /* a table whose metatable has an __index table (a class, defaults) */
            lua_pushliteral(L, "__index");
            lua_rawget(L, -2);
            if (lua_istable(L, -1)) {
                lua_pushstring(L, name);
                lua_rawget(L, -2);
                lua_replace(L, -4);
            }
            lua_pop(L, 2);
        }
        lua_remove(L, -2);
        return 1;
    }
    if (!*is_type) {
        if (lua_type(L, -1) != LUA_TUSERDATA || !lua_getmetatable(L, -1)) {
            lua_pop(L, 1);
            return 0;
        }
        lua_remove(L, -2);
        *is_type = 1;
    }
    /* the metatable of the current type is at the top */
    lua_pushliteral(L, "__fields");
    lua_rawget(L, -2);
    const char *tname = NULL;
    if (lua_istable(L, -1)) {
        lua_pushstring(L, name);
        lua_rawget(L, -2);
        tname = lua_tostring(L, -1);
        lua_remove(L, -2);
    }
    if (!tname) {
        lua_pop(L, 2);
        return 0;
    }
    luaL_getmetatable(L, tname);
    lua_replace(L, -3);
    lua_pop(L, 1);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}

static void collect(lua_State *L, const char *expr, cands *c) {
    /* split "a.b:c" into the chain a, b and the word c after the last separator */
    const char *last = NULL;
    for (const char *p = expr; *p; p++)
        if (*p == '.' || *p == ':') last = p;
    const char *word = last ? last + 1 : expr;
    size_t plen = (size_t)(word - expr);
    int methods_only = last && *last == ':';
    if (!last) {
        lua_pushglobaltable(L);
        add_keys(L, -1, c, expr, 0, word, 0);
        lua_pop(L, 1);
        size_t wl = strlen(word);
        for (const char *const *k = keywords; *k; k++)
            if (!strncmp(*k, word, wl)) add_cand(c, expr, 0, *k);
        return;
    }
    /* follow the chain from the globals */
    lua_pushglobaltable(L);
    int is_type = 0;
    const char *p = expr;
    while (p < last) {
        const char *q = p;
        while (q < last && *q != '.' && *q != ':') q++;
        char name[128];
        size_t n = (size_t)(q - p);
        if (n == 0 || n >= sizeof name) { lua_pop(L, 1); return; }
        memcpy(name, p, n);
        name[n] = 0;
        if (!step(L, name, &is_type)) return;
        p = q + 1;
    }
    if (is_type) {
        add_from_metatable(L, c, expr, plen, word, methods_only);
        return;
    }
    if (lua_istable(L, -1)) add_keys(L, -1, c, expr, plen, word, methods_only);
    if (lua_getmetatable(L, -1)) add_from_metatable(L, c, expr, plen, word, methods_only);
    lua_pop(L, 1);
}

static int by_string(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int pcollect(lua_State *L) {
    const char *expr = lua_touserdata(L, 1);
    cands *c = lua_touserdata(L, 2);
    collect(L, expr, c);
    return 0;
}

char **rmlua_complete(lua_State *L, const char *line, int start, int end) {
    if (!L || !line || end < 0 || start < 0 || start > end || (size_t)end > strlen(line))
        return NULL;
    /* the expression: identifier characters, dots and colons before end */
    int estart = end;
    while (estart > 0) {
        char ch = line[estart - 1];
        if (isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == ':') estart--;
        else break;
    }
    char expr[512];
    size_t elen = (size_t)(end - estart);
    if (elen >= sizeof expr) return NULL;
    memcpy(expr, line + estart, elen);
    expr[elen] = 0;
    if (expr[0] && isdigit((unsigned char)expr[0])) return NULL; /* a number */

    cands c = {0};
    int top = lua_gettop(L);
    /* raw access cannot raise errors except out of memory: protect against that */
    lua_pushcfunction(L, pcollect);
    lua_pushlightuserdata(L, expr);
    lua_pushlightuserdata(L, &c);
    int status = lua_pcall(L, 2, 0, 0);
    lua_settop(L, top);
    if (status != LUA_OK || c.oom || c.n == 0) {
        for (size_t i = 0; i < c.n; i++) free(c.v[i]);
        free(c.v);
        return NULL;
    }
    qsort(c.v, c.n, sizeof *c.v, by_string);

    /* readline's convention: [0] is the common prefix that replaces the word, then the
       matches, then NULL; all relative to the caller's `start` */
    char **out = calloc(c.n + 2, sizeof *out);
    if (!out) goto fail;
    size_t lcp = strlen(c.v[0]);
    for (size_t i = 1; i < c.n; i++) {
        size_t k = 0;
        while (k < lcp && c.v[i][k] == c.v[0][k]) k++;
        lcp = k;
    }
    size_t before = start < estart ? (size_t)(estart - start) : 0; /* caller's word starts earlier */
    size_t skip = start > estart ? (size_t)(start - estart) : 0;   /* ... or later */
    size_t o = 0;
    for (size_t i = 0; i <= c.n; i++) {
        const char *src = i == 0 ? c.v[0] : c.v[i - 1];
        size_t sl = i == 0 ? lcp : strlen(src);
        if (skip > sl) skip = sl;
        char *s = malloc(before + sl - skip + 1);
        if (!s) goto fail_out;
        memcpy(s, line + start, before);
        memcpy(s + before, src + skip, sl - skip);
        s[before + sl - skip] = 0;
        out[o++] = s;
        if (c.n == 1) break; /* a single match is the substitution itself */
    }
    out[o] = NULL;
    for (size_t i = 0; i < c.n; i++) free(c.v[i]);
    free(c.v);
    return out;
fail_out:
    for (size_t i = 0; i < o; i++) free(out[i]);
    free(out);
fail:
    for (size_t i = 0; i < c.n; i++) free(c.v[i]);
    free(c.v);
    return NULL;
}
