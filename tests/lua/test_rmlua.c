/* test_rmlua.c: the Lua layer's C contracts used by the workbench: REPL feeding (bare
 * expressions print, multi-line statements, errors with tracebacks), output redirection,
 * tab completion (candidates, and that it never runs user code), the interrupt of
 * running Lua and of a blocking training call, the jobs list and the show handler. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "core/condition.h"
#include "lua/rmlua.h"

static int failed;
#define CHECK(c, ...)                                                                         \
    do {                                                                                      \
        if (!(c)) {                                                                           \
            failed++;                                                                         \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                              \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
        }                                                                                     \
    } while (0)

/* captured output */
static char out[1 << 16], err[1 << 16];
static size_t n_out, n_err;

static void capture(void *ud, const char *s, size_t n, int is_err) {
    (void)ud;
    char *buf = is_err ? err : out;
    size_t *len = is_err ? &n_err : &n_out;
    if (*len + n >= sizeof out) n = sizeof out - 1 - *len;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = 0;
}

static void clear(void) {
    n_out = n_err = 0;
    out[0] = err[0] = 0;
}

static lua_State *L;
static rmlua_repl *R;

static int feed(const char *line) {
    return rmlua_repl_feed(R, line, NULL);
}

static int has(char **c, const char *s) {
    for (int i = 0; c && c[i]; i++)
        if (!strcmp(c[i], s)) return 1;
    return 0;
}

static void free_cands(char **c) {
    for (int i = 0; c && c[i]; i++) free(c[i]);
    free(c);
}

static char **complete(const char *line) {
    int end = (int)strlen(line), start = end;
    while (start > 0 && !strchr(" (=,", line[start - 1])) start--;
    return rmlua_complete(L, line, start, end);
}

static void on_alarm(int sig) {
    (void)sig;
    rmlua_interrupt(L);
}

/* The service hook: counts its calls and resumes the paused job after a few, so run:wait()
   can only return if the wait loop keeps calling it. */
static int serviced;
static void service(void *ud) {
    if (++serviced == 3) rm_job_pause(ud, 0);
}

static int shown;
static void show(void *ud, rm_job *job, const rm_trace *trace) {
    (void)ud;
    shown = (job ? 1 : 0) + (trace ? 2 : 0);
    if (trace) CHECK(trace->trials == 2 && trace->N == 5, "show gets the trace");
}

int main(void) {
    rm_err e = {0};
    L = rmlua_new(&e);
    if (!L) {
        fprintf(stderr, "rmlua_new: %s\n", e.msg);
        return 1;
    }
    rmlua_set_output(L, capture, NULL);
    R = rmlua_repl_new(L);

    /* bare expressions print; statements do not */
    clear();
    CHECK(feed("1 + 1") == RMLUA_DONE, "expression done");
    CHECK(!strcmp(out, "2\n"), "bare expression prints its value: '%s'", out);
    clear();
    feed("x = 41");
    CHECK(n_out == 0, "a statement prints nothing: '%s'", out);
    feed("x + 1, 'a'");
    CHECK(!strcmp(out, "42\ta\n"), "several values, tab-separated: '%s'", out);
    clear();
    feed("print('hi')");
    CHECK(!strcmp(out, "hi\n"), "print goes to the output function: '%s'", out);
    clear();
    feed("do io.write('a', 1, '\\n') end");
    CHECK(!strcmp(out, "a1\n"), "io.write goes to the output function: '%s'", out);

    /* multi-line statements */
    clear();
    CHECK(!strcmp(rmlua_repl_prompt(R), "> "), "first prompt");
    CHECK(feed("function f(a)") == RMLUA_MORE, "incomplete function continues");
    CHECK(!strcmp(rmlua_repl_prompt(R), ">> "), "continuation prompt");
    CHECK(feed("  return a * 2") == RMLUA_MORE, "still incomplete");
    const char *chunk = NULL;
    CHECK(rmlua_repl_feed(R, "end", &chunk) == RMLUA_DONE, "complete");
    CHECK(chunk && !strcmp(chunk, "function f(a)\n  return a * 2\nend"), "whole chunk for history: '%s'",
          chunk ? chunk : "(null)");
    feed("f(21)");
    CHECK(!strcmp(out, "42\n"), "the multi-line function works: '%s'", out);

    /* summaries of large objects, tables on one line */
    clear();
    feed("recmem.tensor(50, 150, 500)");
    CHECK(!strcmp(out, "tensor float32 [50x150x500] mean=0\n"), "tensor summary: '%s'", out);
    clear();
    feed("{1, 2, a = 'x', b = {1, 2}}");
    CHECK(!strcmp(out, "{1, 2, a=\"x\", b={2 entries}}\n"), "table summary: '%s'", out);
    clear();
    feed("t = {} for i = 1, 1000 do t[i] = i end");
    feed("t");
    CHECK(strlen(out) < 200 && strstr(out, "(1000 entries)"), "long tables are cut: '%s'", out);

    /* errors: message and traceback on the error channel, the REPL goes on */
    clear();
    CHECK(feed("error('boom')") == RMLUA_DONE, "error done");
    CHECK(strstr(err, "boom") && strstr(err, "stack traceback"), "error with traceback: '%s'", err);
    CHECK(n_out == 0, "nothing on the output channel");
    clear();
    feed("x = = 1");
    CHECK(strstr(err, "unexpected symbol"), "syntax error reported: '%s'", err);
    clear();
    feed("setmetatable({}, {__tostring = function() error('bad tostring') end})");
    CHECK(strstr(err, "bad tostring"), "a failing __tostring is an error, not a crash: '%s'", err);
    clear();
    feed("2 * 3");
    CHECK(!strcmp(out, "6\n"), "the REPL still works: '%s'", out);

    /* completion */
    char **c = complete("rec");
    CHECK(c && has(c, "recmem"), "global completion");
    free_cands(c);
    c = complete("recmem.ta");
    CHECK(c && !strcmp(c[0], "recmem.task") && !c[1], "field completion is the single match");
    free_cands(c);
    c = complete("recmem.task.");
    CHECK(has(c, "recmem.task.define") && has(c, "recmem.task.list"), "fields of a table");
    free_cands(c);
    c = complete("x = recmem.n");
    CHECK(has(c, "recmem.net"), "completion after '='");
    free_cands(c);
    feed("net = recmem.net{task = 'DE1', hidden = 5}");
    c = complete("net:tr");
    CHECK(c && !strcmp(c[0], "net:train"), "method completion");
    free_cands(c);
    c = complete("net:");
    CHECK(has(c, "net:probe") && has(c, "net:loss") && !has(c, "net:hidden"), "methods only after ':'");
    free_cands(c);
    c = complete("net.hid");
    CHECK(c && !strcmp(c[0], "net.hidden"), "property completion from __fields");
    free_cands(c);
    feed("tr = net:probe{trials = 2}");
    c = complete("tr.h:me");
    CHECK(c && !strcmp(c[0], "tr.h:mean"), "a property's type gives its methods");
    free_cands(c);
    c = complete("wh");
    CHECK(has(c, "while"), "keywords");
    free_cands(c);
    /* never runs user code */
    feed("called = 0");
    feed("trap = setmetatable({}, {__index = function(t, k) called = called + 1 return {zz = 1} end})");
    c = complete("trap.a.z");
    free_cands(c);
    c = complete("trap.");
    free_cands(c);
    clear();
    feed("called");
    CHECK(!strcmp(out, "0\n"), "completion ran an __index function: called = %s", out);
    c = complete("nosuch.x");
    CHECK(c == NULL, "nothing to complete");
    free_cands(c);
    c = complete("12.5");
    CHECK(c == NULL, "numbers are not completed");

    /* interrupting running Lua, even through pcall */
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {0, 200000}};
    setitimer(ITIMER_REAL, &it, NULL);
    clear();
    feed("while true do end");
    CHECK(strstr(err, "interrupted"), "an endless loop is interrupted: '%s'", err);
    setitimer(ITIMER_REAL, &it, NULL);
    clear();
    feed("for i = 1, 1e12 do pcall(function() while true do end end) end");
    CHECK(strstr(err, "interrupted"), "pcall does not swallow the interrupt: '%s'", err);
    clear();
    feed("1");
    CHECK(!strcmp(out, "1\n"), "after an interrupt the REPL works: '%s'", out);

    /* interrupting a blocking training call keeps the network */
    feed("big = recmem.net{task = 'DE1', hidden = 20}");
    setitimer(ITIMER_REAL, &it, NULL);
    clear();
    feed("big:train{iters = 1000000, batch = 5}");
    CHECK(strstr(err, "interrupted") && strstr(err, "training stopped at iteration"),
          "blocking train interrupted: '%s'", err);
    clear();
    feed("big.iter > 0 and big.iter < 1000000, big.busy");
    CHECK(!strcmp(out, "true\tfalse\n"), "the network is intact and idle: '%s'", out);
    CHECK(rmlua_unsaved(L) >= 1, "a trained network counts as unsaved");

    /* jobs and show */
    rm_joblist *jl = rmlua_joblist(L);
    size_t before = rm_joblist_count(jl);
    feed("run = big:train{iters = 5, async = true}");
    size_t after = rm_joblist_count(jl);
    CHECK(after == before + 1, "an async run is listed (%zu -> %zu)", before, after);
    rm_job **jobs = NULL;
    size_t n_jobs = 0;
    rm_err je = {0};
    CHECK(rm_joblist_hold_all(jl, &jobs, &n_jobs, &je) == 0 && n_jobs == after,
          "the list copies every job (%zu)", n_jobs);
    clear();
    feed("run:wait()");
    CHECK(!strcmp(out, "done\n"), "run:wait(): '%s'", out);
    rmlua_set_show_handler(L, show, NULL);
    feed("recmem.show(run)");
    CHECK(shown == 1, "show(run) hands over the job");
    feed("recmem.show(recmem.net{task = 'DE1', hidden = 5}:probe{trials = 2})");
    CHECK(shown == 2, "show(trace) hands over the trace");
    rm_job_snapshot snap = {0};
    CHECK(n_jobs && rm_job_snapshot_get(jobs[n_jobs - 1], &snap) == 0 && snap.state == RM_JOB_DONE &&
              snap.n_loss == snap.iter && snap.probe_iter >= 0 && snap.N == 20,
          "the job's snapshot (state %d, n_loss %ld, iter %ld, probe %ld, N %d)", snap.state,
          snap.n_loss, snap.iter, snap.probe_iter, snap.N);
    rm_job_snapshot_free(&snap);

    /* async default (the workbench) */
    rmlua_set_async_default(L, 1);
    clear();
    feed("r2 = big:train{iters = 3}");
    feed("r2:status()");
    CHECK(strstr(out, "running") || strstr(out, "done"), "async by default: '%s'", out);
    feed("r2:wait()");
    for (size_t i = 0; i < n_jobs; i++) rm_joblist_release(jl, jobs[i]);
    free(jobs);

    /* while Lua waits for a run, the service hook keeps being called (the workbench draws) */
    feed("r3 = big:train{iters = 5, async = true}; r3:pause()");
    rm_job **all = NULL;
    size_t n_all = 0;
    CHECK(rm_joblist_hold_all(jl, &all, &n_all, &je) == 0 && n_all > 0, "list the jobs");
    if (n_all) {
        rmlua_set_service(L, service, all[n_all - 1]);
        clear();
        feed("r3:wait()");
        CHECK(serviced >= 3 && !strcmp(out, "done\n"), "run:wait() services the front end "
              "(%d calls) and returns once the run ends: '%s'", serviced, out);
        rmlua_set_service(L, NULL, NULL);
    }
    for (size_t i = 0; i < n_all; i++) rm_joblist_release(jl, all[i]);
    free(all);

    /* finished runs can be cleared; their run objects still answer */
    size_t listed = rm_joblist_count(jl);
    clear();
    feed("n_cleared = recmem.clear_finished_runs(); print(n_cleared, recmem.active_runs())");
    char want[64];
    snprintf(want, sizeof want, "%zu\t0\t0\n", listed);
    CHECK(listed >= 3 && !strcmp(out, want), "clear_finished_runs: '%s', want '%s'", out, want);
    CHECK(rm_joblist_count(jl) == 0, "nothing listed after the clear");
    clear();
    feed("print(r2:status()); print(r3.iter > 0)");
    CHECK(!strcmp(out, "done\t3\t3\ntrue\n"), "a cleared run still answers: '%s'", out);
    feed("r2 = nil; r3 = nil; run = nil; collectgarbage(); collectgarbage()");

    /* recmem.conditions is the core's table (which the command line uses) */
    int n_core = 0;
    for (const rm_condition *k = rm_condition_list(); k->name; k++, n_core++) {
        lua_getglobal(L, "recmem");
        lua_getfield(L, -1, "conditions");
        if (lua_getfield(L, -1, k->name) != LUA_TTABLE) {
            CHECK(0, "conditions.lua has no %s", k->name);
            lua_pop(L, 3);
            continue;
        }
        lua_getfield(L, -1, "kappa_a");
        CHECK(lua_tonumber(L, -1) == k->kappa_a, "%s: kappa_a %g in Lua, %g in the core", k->name,
              lua_tonumber(L, -1), k->kappa_a);
        lua_getfield(L, -2, "read_back");
        CHECK(lua_tointeger(L, -1) == k->read_back, "%s: read_back", k->name);
        lua_getfield(L, -3, "variant");
        CHECK(rm_variant_parse(lua_tostring(L, -1)) == k->variant, "%s: variant", k->name);
        lua_getfield(L, -4, "model_required");
        lua_getfield(L, -5, "model");
        if (k->model)
            CHECK(lua_toboolean(L, -2) && lua_tostring(L, -1) && !strcmp(lua_tostring(L, -1), k->model),
                  "%s: model %s required", k->name, k->model);
        else
            CHECK(!lua_toboolean(L, -2), "%s: no model required", k->name);
        lua_getfield(L, -6, "pairs");
        CHECK(lua_istable(L, -1) == (k->multitask != 0), "%s: task pairs iff multitask", k->name);
        lua_pop(L, 9);
    }
    lua_getglobal(L, "recmem");
    lua_getfield(L, -1, "conditions");
    int n_lua = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        n_lua++;
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    CHECK(n_lua == n_core, "%d conditions in Lua, %d in the core", n_lua, n_core);

    rmlua_repl_free(R);
    rmlua_close(L);
    if (failed) fprintf(stderr, "%d checks failed\n", failed);
    else printf("test_rmlua: all checks passed\n");
    return failed ? 1 : 0;
}
