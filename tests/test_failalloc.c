/* test_failalloc.c: every allocation may fail (SQLite's and Lua's own testing habit): an
 * allocator that fails on the n-th call, looped over n until a run sees no failure, so
 * every allocation site of
 *   (a) the C run set-up: task, network, trainer, two training steps, a probe, a test;
 *   (b) a Lua script: a task, a network, two iterations of training, a probe, a test
 * fails, and every allocation after it until the run returns. Each n must end in a clean error (a status code and a message; in Lua a
 * caught error) or in success, never in a crash; run under AddressSanitizer (configure
 * --enable-sanitizers) it must also leak nothing. The C allocations are intercepted at link
 * time (-Wl,--wrap=malloc,calloc,realloc, over the static libraries of the core and the
 * Lua layer); Lua's own through lua_setallocf. Both share one count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lua.h>
#include "core/train.h"
#include "lua/rmlua.h"

static long calls, fail_at; /* fail_at 0: never */
static int failed_once;

/* From the n-th allocation on, every one fails (Lua retries a failed allocation after an
   emergency collection, so failing once would be masked). */
static int should_fail(void) {
    if (fail_at && ++calls >= fail_at) {
        failed_once = 1;
        return 1;
    }
    return 0;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) {
    return n && should_fail() ? NULL : __real_realloc(p, n);
}

/* Lua's allocator, failing through the same count (only when asked for memory). */
static void *lua_alloc(void *ud, void *p, size_t osize, size_t nsize) {
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(p);
        return NULL;
    }
    return should_fail() ? NULL : __real_realloc(p, nsize);
}

static int failures;
#define CHECK(c, ...)                                                                         \
    do {                                                                                      \
        if (!(c)) {                                                                           \
            failures++;                                                                       \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                              \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
        }                                                                                     \
    } while (0)

/* (a) Returns the status; e filled on failure. Frees everything it made either way. */
static int c_setup(rm_err *e) {
    rm_task task;
    rm_net net;
    rm_trainer tr;
    memset(&net, 0, sizeof net);
    memset(&tr, 0, sizeof tr);
    int rc = rm_task_init(&task, rm_task_find("CD2"), RM_VARIANT_VARDELAY, e);
    if (rc) return rc;
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &task);
    nc.n_hidden = 8;
    rm_train_cfg tc;
    rm_train_cfg_default(&tc);
    tc.batch = 3;
    tc.log_every = 1;
    rm_rng rng;
    rm_rng_seed(&rng, 1);
    rm_trace trace;
    memset(&trace, 0, sizeof trace);
    rm_test_result res;
    if (!(rc = rm_net_create(&net, &nc, &rng, e)) && !(rc = rm_trainer_init(&tr, &tc, &task, &net, e)) &&
        !(rc = rm_trainer_run(&tr, 2, NULL, e)) &&
        !(rc = rm_probe(&task, &net, 2, 7, &trace, e)))
        rc = rm_evaluate(&task, &net, 1, 2, 5, 2, 9, NULL, NULL, NULL, &res, e);
    rm_trace_free(&trace);
    rm_trainer_free(&tr);
    rm_net_free(&net);
    return rc;
}

static const char *script =
    "local t = recmem.task('DE1')\n"
    "local b = t:sample{batch = 2, seed = 1}\n"
    "local x = b.x:sub(1, 1):sum()\n"
    "local net = recmem.net{task = t, hidden = 8, seed = 3}\n"
    "net:train{iters = 2, batch = 2, log_every = 1, async = false}\n"
    "local tr = net:probe{trials = 2}\n"
    "local si = tr:si()\n"
    "local res = net:test{batches = 1, batch = 2, si_trials = 2}\n"
    "return res\n";

/* (b) 0: the script ran; 1: it raised an error (message in msg); -1: no state. */
static int lua_run(char *msg, size_t n) {
    rm_err e = {0};
    long saved = fail_at;
    fail_at = 0; /* the state itself is made without failures: the script is under test */
    lua_State *L = rmlua_new(&e);
    fail_at = saved;
    if (!L) {
        snprintf(msg, n, "%s", e.msg);
        return -1;
    }
    lua_setallocf(L, lua_alloc, NULL);
    int st = luaL_loadstring(L, script);
    if (st == LUA_OK) st = lua_pcall(L, 0, 1, 0);
    int rc = 0;
    if (st != LUA_OK) {
        const char *m = lua_tostring(L, -1);
        snprintf(msg, n, "%s", m ? m : "(no message)");
        rc = 1;
    }
    fail_at = 0;  /* closing only frees; what the run left must be freed */
    rmlua_close(L);
    return rc;
}

int main(void) {
    long n;
    /* (a) */
    for (n = 1;; n++) {
        calls = 0;
        fail_at = n;
        failed_once = 0;
        rm_err e = {0};
        int rc = c_setup(&e);
        fail_at = 0;
        if (!failed_once) {
            CHECK(rc == RM_OK, "C set-up without a failure: %s", e.msg);
            break;
        }
        CHECK(rc == RM_OK || (e.msg[0] && !strchr(e.msg, '\n')),
              "C set-up, allocation %ld failed: status %d without a one-line message '%s'", n, rc, e.msg);
    }
    printf("test_failalloc: C run set-up: failures from each of its %ld allocations on\n", n - 1);
    CHECK(n > 10, "the C set-up made only %ld allocations: is the wrapper linked?", n - 1);

    /* (b) */
    long lua_n;
    char msg[512];
    int n_err = 0;
    for (lua_n = 1;; lua_n++) {
        calls = 0;
        fail_at = lua_n;
        failed_once = 0;
        int rc = lua_run(msg, sizeof msg);
        CHECK(rc >= 0, "no Lua state: %s", msg);
        if (!failed_once) {
            CHECK(rc == 0, "the script without a failure: %s", msg);
            break;
        }
        if (rc) n_err++;
        else CHECK(0, "Lua: failures from allocation %ld on, yet the script succeeded", lua_n);
    }
    fail_at = 0;
    printf("test_failalloc: Lua script: failures from each of its %ld allocations on, each "
           "a caught error\n", lua_n - 1);
    CHECK(lua_n > 100, "the script made only %ld allocations", lua_n - 1);
    if (failures) fprintf(stderr, "test_failalloc: %d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
