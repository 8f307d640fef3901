/* state.c: a recmem Lua state: standard libraries plus the preloaded `recmem` module,
 * the per-state C record (output function, interrupt flags, jobs, live networks), the
 * Ctrl-C interrupt, and the helpers every binding shares (options tables, classes). */
#include <config.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lualib.h>
#include "rmlua_int.h"
#include "core/job.h"

#ifndef RM_LUADIR
#define RM_LUADIR "/usr/local/share/recmem/lua"
#endif
#ifndef RM_SRC_LUADIR
#define RM_SRC_LUADIR ""
#endif

rmlua_state *rmlua_state_of(lua_State *L) {
    return *(rmlua_state **)lua_getextraspace(L);
}

/* ---- output ---- */

/* Flushed every time, as Lua's own print does: a script's output redirected to a file
   (a long training script under nohup) shows up as it is printed, and a killed run keeps
   what it printed. */
static void write_std(void *ud, const char *s, size_t n, int is_err) {
    (void)ud;
    FILE *f = is_err ? stderr : stdout;
    if (is_err) fflush(stdout); /* keep results and errors in order on a shared terminal */
    fwrite(s, 1, n, f);
    fflush(f);
}

void rmlua_set_output(lua_State *L, rmlua_write_fn fn, void *ud) {
    rmlua_state *st = rmlua_state_of(L);
    st->write = fn ? fn : write_std;
    st->write_ud = fn ? ud : NULL;
}

void rmlua_write(lua_State *L, const char *s, size_t n, int is_err) {
    rmlua_state *st = rmlua_state_of(L);
    st->write(st->write_ud, s, n, is_err);
}

/* Writes the string on top of the stack and a newline to the output, and pops it. */
void rmlua_write_line(lua_State *L) {
    lua_pushliteral(L, "\n");
    lua_concat(L, 2);
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    rmlua_write(L, s, n, 0);
    lua_pop(L, 1);
}

void rmlua_writef(lua_State *L, int is_err, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    rmlua_write(L, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, is_err);
}

/* print(...) through the output function, as luaB_print does with stdout. */
static int l_print(lua_State *L) {
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    rmlua_write(L, s, len, 0);
    return 0;
}

/* io.write(...) goes through the output function while the default output is stdout
   (so that a script's output lands in the workbench's scrollback too). */
static int l_io_write(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, "_IO_output");
    lua_getfield(L, lua_upvalueindex(2), "stdout");
    int to_stdout = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (!to_stdout) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
        return lua_gettop(L);
    }
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        if (lua_type(L, i) == LUA_TNUMBER) {
            luaL_tolstring(L, i, &len);
            rmlua_write(L, lua_tostring(L, -1), len, 0);
            lua_pop(L, 1);
        } else {
            const char *s = luaL_checklstring(L, i, &len);
            rmlua_write(L, s, len, 0);
        }
    }
    lua_getfield(L, lua_upvalueindex(2), "stdout");
    return 1;
}

/* ---- Ctrl-C ---- */

/* The hook stays armed after it fires (count events only, so message handlers, which are
   C functions, run undisturbed): a pcall in user code cannot swallow an interrupt. The
   REPL disarms it once the statement has returned. */
static void interrupt_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    rmlua_state *st = rmlua_state_of(L);
    st->interrupt_pending = 0;
    lua_sethook(L, interrupt_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "interrupted");
}

void rmlua_interrupt(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    st->interrupt_pending = 1;
    atomic_store(&st->train_stop, 1);
    rm_job *j = st->fg_job;
    if (j) rm_job_stop(j);
    lua_sethook(L, interrupt_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

int rmlua_interrupt_pending(lua_State *L) {
    return rmlua_state_of(L)->interrupt_pending != 0;
}

void rmlua_check_interrupt(lua_State *L, const char *detail) {
    rmlua_state *st = rmlua_state_of(L);
    if (!st->interrupt_pending && lua_gethook(L) != interrupt_hook) return;
    st->interrupt_pending = 0;
    lua_sethook(L, interrupt_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "interrupted%s", detail ? detail : "");
}

int rmlua_interrupted(lua_State *L) {
    return rmlua_state_of(L)->interrupt_pending || lua_gethook(L) == interrupt_hook;
}

void rmlua_interrupt_clear(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    if (lua_gethook(L) == interrupt_hook) lua_sethook(L, NULL, 0, 0);
    st->interrupt_pending = 0;
    atomic_store(&st->train_stop, 0);
}

/* ---- jobs, show, nets ---- */

void rmlua_set_show_handler(lua_State *L, rmlua_show_fn fn, void *ud) {
    rmlua_state *st = rmlua_state_of(L);
    st->show = fn;
    st->show_ud = ud;
}

void rmlua_set_async_default(lua_State *L, int on) {
    rmlua_state_of(L)->async_default = on != 0;
}

void rmlua_set_verbose_default(lua_State *L, int on) {
    rmlua_state_of(L)->verbose_default = on != 0;
}

int rmlua_unsaved(lua_State *L) {
    int n = 0;
    for (rmlua_netud *p = rmlua_state_of(L)->nets; p; p = p->next) {
        long iter = p->tr ? p->tr->iter : 0;
        if (iter != p->saved_iter) n++;
    }
    return n;
}

/* ---- shared helpers ---- */

int rmlua_core_error(lua_State *L, const rm_err *e) {
    return luaL_error(L, "%s", e->msg[0] ? e->msg : "failed");
}

void rmlua_newclass(lua_State *L, const char *tname, const luaL_Reg *methods,
                    const luaL_Reg *meta) {
    luaL_newmetatable(L, tname);
    luaL_setfuncs(L, meta, 0);
    /* a script calling __gc by hand could free what a running call still uses */
    lua_pushstring(L, tname);
    lua_setfield(L, -2, "__metatable");
    if (lua_getfield(L, -1, "__close") == LUA_TNIL) {
        lua_getfield(L, -2, "__gc");
        lua_setfield(L, -3, "__close");
    }
    lua_pop(L, 1);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__methods"); /* completion and extensions find methods here */
    if (lua_getfield(L, -2, "__index") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_setfield(L, -2, "__index");
    } else {
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
}

void rmlua_callback_enter(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    int n = st->n_callers++;
    if (n < (int)(sizeof st->callers / sizeof *st->callers)) st->callers[n] = L;
}

void rmlua_callback_leave(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    if (st->n_callers > 0) st->n_callers--;
}

/* Whether a C function running in thread T has the value at idx (of L) in its frame.
   In L, level 0 is the caller of this check (the __gc or __close asking): not counted. */
static int held_by_c_frame(lua_State *T, lua_State *L, int idx) {
    const void *p = lua_topointer(L, idx);
    lua_Debug ar;
    for (int level = T == L ? 1 : 0; lua_getstack(T, level, &ar); level++) {
        if (!lua_getinfo(T, "S", &ar) || strcmp(ar.what, "C")) continue;
        const char *name;
        for (int i = 1; (name = lua_getlocal(T, &ar, i)); i++) {
            int same = lua_topointer(T, -1) == p;
            lua_pop(T, 1);
            if (same) return 1;
        }
    }
    return 0;
}

int rmlua_in_use(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    rmlua_state *st = rmlua_state_of(L);
    int n = st->n_callers;
    if (n == 0) return 0;  /* no core call is waiting on Lua: nothing can be in use */
    if (n > (int)(sizeof st->callers / sizeof *st->callers)) return 1; /* too deep to tell */
    if (held_by_c_frame(L, L, idx)) return 1;
    for (int i = 0; i < n; i++)
        if (st->callers[i] != L && held_by_c_frame(st->callers[i], L, idx)) return 1;
    return 0;
}

static int field_type(lua_State *L, int idx, const char *key) {
    if (!lua_istable(L, idx)) {
        lua_pushnil(L);
        return LUA_TNIL;
    }
    return lua_getfield(L, idx, key);
}

/* Errors echo what a script gave only up to this many bytes: a 10 MB name must not come
   back as a 10 MB message. */
#define CLIP_BYTES 60

const char *rmlua_clip(lua_State *L, const char *s) {
    size_t n = strlen(s);
    if (n <= CLIP_BYTES) return lua_pushstring(L, s);
    size_t keep = CLIP_BYTES;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80) keep--; /* whole UTF-8 characters */
    lua_pushfstring(L, "%s... (%I bytes)", lua_pushlstring(L, s, keep), (LUAI_UACINT)n);
    lua_remove(L, -2);
    return lua_tostring(L, -1);
}

lua_Integer rmlua_opt_int(lua_State *L, int idx, const char *fn, const char *key,
                          lua_Integer def, lua_Integer lo, lua_Integer hi) {
    idx = lua_absindex(L, idx);
    int t = field_type(L, idx, key);
    lua_Integer v = def;
    if (t == LUA_TNIL && def == RMLUA_REQUIRED) luaL_error(L, "%s: %s is required", fn, key);
    if (t != LUA_TNIL) {
        int isint;
        v = lua_tointegerx(L, -1, &isint);
        if (!isint)
            luaL_error(L, "%s: %s must be an integer, not %s", fn, key,
                       t == LUA_TNUMBER ? "a fraction" : luaL_typename(L, -1));
        if (v < lo || v > hi)
            luaL_error(L, "%s: %s = %I is out of range %I..%I", fn, key, (LUAI_UACINT)v,
                       (LUAI_UACINT)lo, (LUAI_UACINT)hi);
    }
    lua_pop(L, 1);
    return v;
}

double rmlua_opt_num(lua_State *L, int idx, const char *fn, const char *key, double def) {
    idx = lua_absindex(L, idx);
    int t = field_type(L, idx, key);
    double v = def;
    if (t != LUA_TNIL) {
        if (t != LUA_TNUMBER)
            luaL_error(L, "%s: %s must be a number, not %s", fn, key, luaL_typename(L, -1));
        v = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* The string stays valid while the options table holds it. */
const char *rmlua_opt_str(lua_State *L, int idx, const char *fn, const char *key,
                          const char *def) {
    idx = lua_absindex(L, idx);
    int t = field_type(L, idx, key);
    const char *v = def;
    if (t != LUA_TNIL) {
        if (t != LUA_TSTRING)
            luaL_error(L, "%s: %s must be a string, not %s", fn, key, luaL_typename(L, -1));
        v = lua_tostring(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

int rmlua_opt_bool(lua_State *L, int idx, const char *fn, const char *key, int def) {
    idx = lua_absindex(L, idx);
    int t = field_type(L, idx, key);
    int v = def;
    if (t != LUA_TNIL) {
        if (t != LUA_TBOOLEAN)
            luaL_error(L, "%s: %s must be true or false, not %s", fn, key, luaL_typename(L, -1));
        v = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

void rmlua_check_keys(lua_State *L, int idx, const char *fn, const char *const *known) {
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx)) return;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: options must be named (key = value)", fn);
        const char *k = lua_tostring(L, -1);
        int ok = 0;
        for (const char *const *p = known; *p && !ok; p++) ok = !strcmp(*p, k);
        if (!ok) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            for (const char *const *p = known; *p; p++) {
                if (p != known) luaL_addstring(&b, ", ");
                luaL_addstring(&b, *p);
            }
            luaL_pushresult(&b);
            const char *names = lua_tostring(L, -1);
            luaL_error(L, "%s: unknown option '%s' (known: %s)", fn, rmlua_clip(L, k), names);
        }
    }
}

/* ---- the module ---- */

static int l_show(lua_State *L);

static int l_models(lua_State *L) {
    lua_newtable(L);
    int i = 0;
    for (const rm_model_def *const *m = rm_model_list(); m && *m; m++) {
        lua_pushstring(L, (*m)->name);
        lua_rawseti(L, -2, ++i);
    }
    return 1;
}

static int l_variants(lua_State *L) {
    static const char *const names[] = {"none", "vardelay", "dynamic", "vardelay+dynamic", NULL};
    lua_newtable(L);
    for (int i = 0; names[i]; i++) {
        lua_pushstring(L, names[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static const luaL_Reg module_funcs[] = {
    {"show", l_show}, {"models", l_models}, {"variants", l_variants}, {NULL, NULL}};

static int luaopen_recmem(lua_State *L) {
    lua_newtable(L);
    int mod = lua_gettop(L);
    luaL_setfuncs(L, module_funcs, 0);
    lua_pushstring(L, PACKAGE_VERSION);
    lua_setfield(L, mod, "version");
    rmlua_open_tensor(L, mod);
    rmlua_open_rng(L, mod);
    rmlua_open_task(L, mod);
    rmlua_open_batch(L, mod);
    rmlua_open_net(L, mod);
    rmlua_open_intervene(L, mod);
    rmlua_open_trace(L, mod);
    rmlua_open_run(L, mod);
    rmlua_open_jobs(L, mod);
    rmlua_open_train(L, mod);
    rmlua_open_tensor_ops(L, mod);
    rmlua_open_tensor_io(L, mod);
    rmlua_open_linalg(L, mod);
    rmlua_open_analysis(L, mod);
    rmlua_open_dynamics(L, mod);
    rmlua_open_plot(L, mod);
    rmlua_open_views(L, mod);
    rmlua_open_plot_text(L, mod);
    return 1;
}

/* recmem.show(x): hands a run (its job) or a trace to the workbench's handler; without
   one, prints the object's summary. */
static int l_show(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    luaL_checkany(L, 1);
    if (luaL_testudata(L, 1, RMLUA_NET)) {
        /* a network is shown through a one-trial probe */
        lua_getfield(L, 1, "probe");
        lua_pushvalue(L, 1);
        lua_createtable(L, 0, 1);
        lua_pushinteger(L, 1);
        lua_setfield(L, -2, "trials");
        lua_call(L, 2, 1);
        lua_replace(L, 1);
    }
    rm_job *job = NULL;
    const rm_trace *trace = NULL;
    if (luaL_testudata(L, 1, RMLUA_RUN)) {
        job = rmlua_run_job(L, 1);
    } else if (luaL_testudata(L, 1, RMLUA_TRACE)) {
        trace = lua_touserdata(L, 1); /* rm_trace is the trace userdata's first member */
    } else {
        return luaL_error(L, "recmem.show: expected a run, a trace or a network, not %s",
                          luaL_typename(L, 1));
    }
    if (st->show && (job || trace)) {
        st->show(st->show_ud, job, trace);
        return 0;
    }
    lua_settop(L, 1);
    rmlua_push_summary(L, 1);
    rmlua_write_line(L);
    return 0;
}

/* ---- extensions by other layers ---- */

#define MAX_OPENERS 16
static void (*openers[MAX_OPENERS])(lua_State *L);
static int n_openers;

void rmlua_add_opener(void (*open)(lua_State *L)) {
    if (n_openers < MAX_OPENERS) openers[n_openers++] = open;
}

void rmlua_extend(lua_State *L, const char *methods_of, const luaL_Reg *funcs) {
    if (methods_of) {
        luaL_getmetatable(L, methods_of);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            return;
        }
        lua_getfield(L, -1, "__methods");
        luaL_setfuncs(L, funcs, 0);
        lua_pop(L, 2);
        return;
    }
    lua_getglobal(L, "recmem");
    if (lua_istable(L, -1)) luaL_setfuncs(L, funcs, 0);
    lua_pop(L, 1);
}

/* ---- state ---- */

static void add_path(lua_State *L, luaL_Buffer *b, const char *dir) {
    if (!dir || !*dir) return;
    luaL_addstring(b, dir);
    luaL_addstring(b, "/?.lua;");
    luaL_addstring(b, dir);
    luaL_addstring(b, "/?/init.lua;");
}

static int pinit(lua_State *L) {
    luaL_openlibs(L);
    /* package.path: $RECMEM_LUADIR, the source tree (an uninstalled build), the installed
       directory, then Lua's defaults. */
    lua_getglobal(L, "package");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    add_path(L, &b, getenv("RECMEM_LUADIR"));
    add_path(L, &b, RM_SRC_LUADIR);
    add_path(L, &b, RM_LUADIR);
    lua_getfield(L, -2, "path");
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    lua_setfield(L, -2, "path");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, luaopen_recmem);
    lua_setfield(L, -2, "recmem");
    lua_pop(L, 2);
    luaL_requiref(L, "recmem", luaopen_recmem, 1);
    lua_pop(L, 1);
    lua_settop(L, 0);
    lua_pushcfunction(L, l_print);
    lua_setglobal(L, "print");
    lua_getglobal(L, "io");
    lua_getfield(L, -1, "write");
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, l_io_write, 2);
    lua_setfield(L, -2, "write");
    lua_pop(L, 1);
    for (int i = 0; i < n_openers; i++) openers[i](L);
    return 0;
}

lua_State *rmlua_new(rm_err *e) {
    rmlua_state *st = calloc(1, sizeof *st);
    if (!st) {
        rm_seterr(e, RM_ENOMEM, "out of memory for the Lua state");
        return NULL;
    }
    st->write = write_std;
    /* runs are recorded where the command line records them: RECMEM_DB, or ./recmem.db;
       an empty RECMEM_DB records nothing */
    const char *db = getenv("RECMEM_DB");
    if (!db) db = "recmem.db";
    if (*db && !(st->db = strdup(db))) {
        free(st);
        rm_seterr(e, RM_ENOMEM, "out of memory for the Lua state");
        return NULL;
    }
    atomic_init(&st->train_stop, 0);
    st->jobs = rm_joblist_new();
    lua_State *L = st->jobs ? luaL_newstate() : NULL;
    if (!L) {
        rm_joblist_free(st->jobs);
        free(st->db);
        free(st);
        rm_seterr(e, RM_ENOMEM, "cannot create a Lua state (out of memory)");
        return NULL;
    }
    *(rmlua_state **)lua_getextraspace(L) = st;
    lua_pushcfunction(L, pinit);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        rm_seterr(e, RM_EINVAL, "cannot set up Lua: %s", lua_tostring(L, -1));
        lua_close(L);
        rm_joblist_free(st->jobs);
        free(st->db);
        free(st);
        return NULL;
    }
    return L;
}

void rmlua_close(lua_State *L) {
    if (!L) return;
    rmlua_state *st = rmlua_state_of(L);
    /* the networks' jobs stop first: closing frees the trainers they borrow */
    rm_joblist_stop_all(st->jobs);
    rm_joblist_wait_all(st->jobs);
    lua_close(L);
    rm_joblist_free(st->jobs);
    free(st->db);
    free(st);
}
