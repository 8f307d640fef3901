/* repl.c: line-at-a-time evaluation shared by the plain REPL and the workbench prompt
 * (shaped like lua.c's doREPL: "return <line>" first so bare expressions print, keep
 * reading while the chunk ends in <eof>), the traceback message handler, and the one-line
 * summaries the REPL prints for values. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "rmlua_int.h"


struct rmlua_repl {
    lua_State *L;
    char *buf;      /* the statement collected so far */
    size_t len, cap;
    char *done;     /* the last complete statement, for history */
};

rmlua_repl *rmlua_repl_new(lua_State *L) {
    rmlua_repl *r = calloc(1, sizeof *r);
    if (r) r->L = L;
    return r;
}

void rmlua_repl_free(rmlua_repl *r) {
    if (!r) return;
    free(r->buf);
    free(r->done);
    free(r);
}

const char *rmlua_repl_prompt(const rmlua_repl *r) {
    return r && r->len ? ">> " : "> ";
}

void rmlua_repl_reset(rmlua_repl *r) {
    if (r) r->len = 0;
}

int rmlua_repl_pending(const rmlua_repl *r) {
    return r && r->len > 0;
}

static int append(rmlua_repl *r, const char *s, size_t n) {
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->len + n + 1) cap *= 2;
        char *p = realloc(r->buf, cap);
        if (!p) return -1;
        r->buf = p;
        r->cap = cap;
    }
    memcpy(r->buf + r->len, s, n);
    r->len += n;
    r->buf[r->len] = 0;
    return 0;
}

/* ---- running a chunk ---- */

/* Message handler: adds a traceback to the error (non-string errors get their __tostring
   or their type), as lua.c's msghandler. */
int rmlua_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Calls the function below narg arguments with the traceback handler. */
int rmlua_docall(lua_State *L, int narg, int nres) {
    int base = lua_gettop(L) - narg;
    lua_pushcfunction(L, rmlua_msghandler);
    lua_insert(L, base);
    int status = lua_pcall(L, narg, nres, base);
    lua_remove(L, base);
    return status;
}

/* Prints the error at the top of the stack through the output function and pops it. */
void rmlua_report(lua_State *L, int status) {
    if (status == LUA_OK) return;
    size_t n;
    const char *msg = lua_tolstring(L, -1, &n);
    if (!msg) msg = "(error object is not a string)", n = strlen(msg);
    rmlua_write(L, msg, n, 1);
    rmlua_write(L, "\n", 1, 1);
    lua_pop(L, 1);
}

/* Prints the values from `first` to the top, tab-separated, as summaries. */
static void print_results(lua_State *L, int first) {
    int top = lua_gettop(L);
    luaL_checkstack(L, 2 * (top - first + 1) + 2, "too many results to print");
    for (int i = first; i <= top; i++) {
        if (i > first) lua_pushliteral(L, "\t");
        rmlua_push_summary(L, i);
    }
    lua_pushliteral(L, "\n");
    lua_concat(L, 2 * (top - first + 1));
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    rmlua_write(L, s, n, 0);
}

/* print_results under a protected call: a value's __tostring may raise an error. */
static int pprint(lua_State *L) {
    print_results(L, 1);
    return 0;
}

static int incomplete(lua_State *L, int status) {
    if (status != LUA_ERRSYNTAX) return 0;
    size_t lmsg;
    const char *msg = lua_tolstring(L, -1, &lmsg);
    static const char eof[] = "<eof>";
    return lmsg >= sizeof eof - 1 && !strcmp(msg + lmsg - (sizeof eof - 1), eof);
}

/* Runs the function at the top and prints what it returns (or the error). */
static void run_and_print(rmlua_repl *r) {
    lua_State *L = r->L;
    int base = lua_gettop(L); /* the function */
    int status = rmlua_docall(L, 0, LUA_MULTRET);
    rmlua_interrupt_clear(L);
    if (status == LUA_OK && lua_gettop(L) >= base) {
        lua_pushcfunction(L, pprint);
        lua_insert(L, base);
        status = rmlua_docall(L, lua_gettop(L) - base, 0);
    }
    rmlua_report(L, status);
    lua_settop(L, base - 1);
}

int rmlua_repl_feed(rmlua_repl *r, const char *line, const char **complete_chunk) {
    lua_State *L = r->L;
    if (complete_chunk) *complete_chunk = NULL;
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n') n--;
    int top = lua_gettop(L);
    if (r->len == 0) {
        if (n == 0) return RMLUA_DONE;
        /* a bare expression: "return <line>" */
        lua_pushliteral(L, "return ");
        lua_pushlstring(L, line, n);
        lua_concat(L, 2);
        size_t cl;
        const char *code = lua_tolstring(L, -1, &cl);
        int status = luaL_loadbuffer(L, code, cl, "=stdin");
        lua_remove(L, -2);
        if (status == LUA_OK) {
            free(r->done);
            r->done = strndup(line, n);
            if (complete_chunk) *complete_chunk = r->done;
            run_and_print(r);
            lua_settop(L, top);
            return RMLUA_DONE;
        }
        lua_pop(L, 1);
    } else if (append(r, "\n", 1)) {
        r->len = 0;
        rmlua_write(L, "out of memory\n", 14, 1);
        return RMLUA_DONE;
    }
    if (append(r, line, n)) {
        r->len = 0;
        rmlua_write(L, "out of memory\n", 14, 1);
        return RMLUA_DONE;
    }
    int status = luaL_loadbuffer(L, r->buf, r->len, "=stdin");
    if (incomplete(L, status)) {
        lua_settop(L, top);
        return RMLUA_MORE;
    }
    free(r->done);
    r->done = strndup(r->buf, r->len);
    if (complete_chunk) *complete_chunk = r->done;
    r->len = 0;
    if (status == LUA_OK) run_and_print(r);
    else rmlua_report(L, status);
    lua_settop(L, top);
    return RMLUA_DONE;
}

/* ---- summaries ---- */

/* A bounded string builder on the C stack: summaries are one line, so truncation is the
   right answer to overflow, and nothing is leaked if a __tostring raises an error. */
typedef struct {
    char s[320];
    size_t n;
} line_buf;

#define SUMMARY_WIDTH 100

static void lb_add(line_buf *b, const char *s, size_t n) {
    size_t room = sizeof b->s - 1 - b->n;
    if (n > room) n = room;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void lb_adds(line_buf *b, const char *s) { lb_add(b, s, strlen(s)); }

static int key_order(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int plain_table(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (luaL_getmetafield(L, idx, "__name") != LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}

static size_t table_count(lua_State *L, int idx) {
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        lua_pop(L, 1);
    }
    return count;
}

/* One value inside a table summary. */
static void add_inner(lua_State *L, line_buf *b, int idx) {
    idx = lua_absindex(L, idx);
    char tmp[64];
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        lb_add(b, "\"", 1);
        lb_add(b, s, n > 40 ? 40 : n);
        if (n > 40) lb_adds(b, "...");
        lb_add(b, "\"", 1);
        return;
    }
    case LUA_TTABLE:
        if (plain_table(L, idx)) {
            size_t c = table_count(L, idx);
            if (c == 0) lb_adds(b, "{}");
            else {
                snprintf(tmp, sizeof tmp, "{%zu entr%s}", c, c == 1 ? "y" : "ies");
                lb_adds(b, tmp);
            }
            return;
        }
        break;
    default:
        break;
    }
    size_t n;
    const char *s = luaL_tolstring(L, idx, &n);
    lb_add(b, s, n > 60 ? 60 : n);
    if (n > 60) lb_adds(b, "...");
    lua_pop(L, 1);
}

/* {1, 2, 3, a=1, b="x"}: the array part in order, then named keys sorted so the summary is
   stable; nested tables as {n entries}. Raw access only (lua_next, lua_rawget). */
static void push_table_summary(lua_State *L, int idx) {
    line_buf b = {.n = 0};
    b.s[0] = 0;
    size_t count = table_count(L, idx), shown = 0;
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    int truncated = 0;
    lb_add(&b, "{", 1);
    for (lua_Integer i = 1; i <= n; i++) {
        if (b.n > SUMMARY_WIDTH) { truncated = 1; break; }
        if (shown++) lb_adds(&b, ", ");
        lua_rawgeti(L, idx, i);
        add_inner(L, &b, -1);
        lua_pop(L, 1);
    }
    const char *keys[64];
    int nk = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && nk < 64) keys[nk++] = lua_tostring(L, -1);
    }
    qsort(keys, (size_t)nk, sizeof *keys, key_order);
    for (int k = 0; k < nk && !truncated; k++) {
        if (b.n > SUMMARY_WIDTH) { truncated = 1; break; }
        if (shown++) lb_adds(&b, ", ");
        lb_adds(&b, keys[k]);
        lb_add(&b, "=", 1);
        lua_pushstring(L, keys[k]);
        lua_rawget(L, idx);
        add_inner(L, &b, -1);
        lua_pop(L, 1);
    }
    if (truncated || shown < count) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%s... (%zu entries)", shown ? ", " : "", count);
        lb_adds(&b, tmp);
    }
    lb_add(&b, "}", 1);
    lua_pushlstring(L, b.s, b.n);
}

void rmlua_push_summary(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 8, NULL);
    if (plain_table(L, idx)) push_table_summary(L, idx);
    else luaL_tolstring(L, idx, NULL);
}
