/* bind_run.c: run objects ("recmem.run"), what net:train returns: one training call's
 * progress and history (run.loss, run.infloss as tensors), and for asynchronous runs the
 * controls :wait(), :stop(), :pause(), :resume(), :status(). A run reads its job's
 * telemetry snapshot, so it never touches a network that a worker is training. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/job.h"
#include "rmlua_int.h"


typedef struct {
    rm_job *job;        /* NULL: the run happened in the Lua thread (a Lua task) */
    long start, until;
    int status;         /* for job-less runs */
    char error[256];
    rm_job_snapshot snap; /* buffers reused between reads */
    int closed;           /* __close ran: the job goes on, this handle is done */
} runud;

static runud *check_run(lua_State *L, int idx) {
    runud *r = luaL_checkudata(L, idx, RMLUA_RUN);
    if (r->closed) luaL_error(L, "run has been freed");
    return r;
}

void rmlua_push_run(lua_State *L, int net_idx, rm_job *job, long start_iter, long until,
                    int status, const rm_err *e) {
    net_idx = lua_absindex(L, net_idx);
    runud *r = lua_newuserdatauv(L, sizeof *r, 1);
    memset(r, 0, sizeof *r);
    luaL_setmetatable(L, RMLUA_RUN);
    r->job = job;
    if (job) rm_joblist_hold(rmlua_state_of(L)->jobs, job); /* clearing must not free it */
    r->start = start_iter;
    r->until = until;
    r->status = status;
    if (e && status != RM_OK) snprintf(r->error, sizeof r->error, "%s", e->msg);
    lua_pushvalue(L, net_idx);
    lua_setiuservalue(L, -2, 1);
}

rm_job *rmlua_run_job(lua_State *L, int idx) {
    runud *r = luaL_testudata(L, idx, RMLUA_RUN);
    return r ? r->job : NULL;
}

static rmlua_netud *run_net(lua_State *L, int idx) {
    lua_getiuservalue(L, idx, 1);
    rmlua_netud *n = luaL_checkudata(L, -1, RMLUA_NET);
    lua_pop(L, 1); /* the run keeps it alive */
    return n;
}

/* Fills r->snap: from the job, or (job-less runs) from the network's trainer. */
static const rm_job_snapshot *snapshot(lua_State *L, runud *r) {
    if (r->job) {
        if (rm_job_snapshot_get(r->job, &r->snap)) luaL_error(L, "run: out of memory");
        return &r->snap;
    }
    rmlua_netud *n = run_net(L, 1);
    if (rmlua_net_poll(L, n)) {
        /* the network is in another run now: that job's history includes this one */
        if (rm_job_snapshot_get(n->job, &r->snap)) luaL_error(L, "run: out of memory");
        return &r->snap;
    }
    if (!n->tr || !n->created) luaL_error(L, "run: its network has no training history");
    rm_job_snapshot *s = &r->snap;
    const rm_history *h = &n->tr->hist;
    rm_job_snapshot_free(s);
    s->loss_hist = malloc((size_t)(h->n_iter + 1) * sizeof(float));
    s->il_hist = malloc((size_t)(h->n_log + 1) * sizeof(float));
    s->il_iter = malloc((size_t)(h->n_log + 1) * sizeof(long));
    if (!s->loss_hist || !s->il_hist || !s->il_iter) {
        rm_job_snapshot_free(s);
        luaL_error(L, "run: out of memory");
    }
    s->cap_loss = (size_t)h->n_iter + 1;
    s->cap_il = (size_t)h->n_log + 1;
    memcpy(s->loss_hist, h->loss, (size_t)h->n_iter * sizeof(float));
    memcpy(s->il_hist, h->infloss, (size_t)h->n_log * sizeof(float));
    memcpy(s->il_iter, h->log_iter, (size_t)h->n_log * sizeof(long));
    s->n_loss = h->n_iter;
    s->n_il = h->n_log;
    s->iter = n->tr->iter;
    s->loss = n->tr->hist.n_iter ? n->tr->hist.loss[n->tr->hist.n_iter - 1] : NAN;
    s->infloss = h->n_log ? h->infloss[h->n_log - 1] : NAN;
    s->state = r->status == RM_OK ? RM_JOB_DONE : r->status == RM_ESTOPPED ? RM_JOB_STOPPED
                                                                          : RM_JOB_FAILED;
    s->it_per_s = NAN;
    s->eta_s = r->status == RM_OK ? 0 : NAN;
    s->si = NAN;
    snprintf(s->error, sizeof s->error, "%s", r->error);
    return s;
}

static const char *state_name(rm_job_state s) {
    switch (s) {
    case RM_JOB_RUNNING: return "running";
    case RM_JOB_PAUSED: return "paused";
    case RM_JOB_DONE: return "done";
    case RM_JOB_STOPPED: return "stopped";
    default: return "failed";
    }
}

static rm_job_state run_state(lua_State *L, runud *r) {
    if (r->job) return rm_job_state_now(r->job);
    (void)L;
    return r->status == RM_OK ? RM_JOB_DONE : r->status == RM_ESTOPPED ? RM_JOB_STOPPED
                                                                      : RM_JOB_FAILED;
}

/* run:wait() -> "done" | "stopped"; raises the error of a failed run. Ctrl-C stops it. */
static int r_wait(lua_State *L) {
    runud *r = check_run(L, 1);
    if (r->job) {
        rm_err e = {0};
        int rc = rmlua_wait_job(L, r->job, -1, r->until, &e);
        rmlua_netud *n = run_net(L, 1);
        rmlua_net_poll(L, n);
        if (rc == RM_ESTOPPED && rmlua_interrupted(L)) rmlua_check_interrupt(L, ": run stopped");
        if (rc && rc != RM_ESTOPPED) return luaL_error(L, "run: %s", e.msg);
    } else if (r->status && r->status != RM_ESTOPPED) {
        return luaL_error(L, "run: %s", r->error);
    }
    lua_pushstring(L, state_name(run_state(L, r)));
    return 1;
}

/* run:stop(): stops the run at the next iteration and waits for it (the network keeps
   what it learned). */
static int r_stop(lua_State *L) {
    runud *r = check_run(L, 1);
    if (r->job) {
        rm_job_stop(r->job);
        rm_job_wait(r->job, NULL);
        rmlua_net_poll(L, run_net(L, 1));
    }
    lua_pushstring(L, state_name(run_state(L, r)));
    return 1;
}

static int r_pause(lua_State *L) {
    runud *r = check_run(L, 1);
    if (r->job) rm_job_pause(r->job, 1);
    return 0;
}

static int r_resume(lua_State *L) {
    runud *r = check_run(L, 1);
    if (r->job) rm_job_pause(r->job, 0);
    return 0;
}

/* run:status() -> state, iterations done in this run, iterations asked for */
static int r_status(lua_State *L) {
    runud *r = check_run(L, 1);
    const rm_job_snapshot *s = snapshot(L, r);
    lua_pushstring(L, state_name(run_state(L, r)));
    long done = s->iter - r->start;
    if (done < 0) done = 0;
    if (done > r->until - r->start) done = r->until - r->start;
    lua_pushinteger(L, done);
    lua_pushinteger(L, r->until - r->start);
    return 3;
}

static void push_slice_f(lua_State *L, const float *v, long from, long to) {
    int n = to > from ? (int)(to - from) : 0;
    rmlua_tensor *t = rmlua_tensor_new(L, 1, &n);
    if (n) memcpy(t->data, v + from, (size_t)n * sizeof(float));
}

static int r_index(lua_State *L) {
    runud *r = check_run(L, 1);
    const char *k = luaL_checkstring(L, 2);
    luaL_getmetafield(L, 1, "__methods");
    if (lua_getfield(L, -1, k) != LUA_TNIL) return 1;
    lua_pop(L, 2);
    if (!strcmp(k, "net")) {
        lua_getiuservalue(L, 1, 1);
        return 1;
    }
    if (!strcmp(k, "start")) {
        lua_pushinteger(L, r->start);
        return 1;
    }
    if (!strcmp(k, "target")) {
        lua_pushinteger(L, r->until);
        return 1;
    }
    const rm_job_snapshot *s = snapshot(L, r);
    long end = s->n_loss < r->until ? s->n_loss : r->until;
    if (!strcmp(k, "loss")) push_slice_f(L, s->loss_hist, r->start, end);
    else if (!strcmp(k, "infloss") || !strcmp(k, "infloss_iter")) {
        long a = 0, b = 0;
        while (a < s->n_il && s->il_iter[a] <= r->start) a++;
        b = a;
        while (b < s->n_il && s->il_iter[b] <= r->until) b++;
        if (k[7] == 0) push_slice_f(L, s->il_hist, a, b);
        else {
            int n = (int)(b - a);
            rmlua_tensor *t = rmlua_tensor_new(L, 1, &n);
            for (int i = 0; i < n; i++) t->data[i] = (float)s->il_iter[a + i];
        }
    } else if (!strcmp(k, "iter")) lua_pushinteger(L, s->iter);
    else if (!strcmp(k, "done")) lua_pushinteger(L, (s->iter < r->until ? s->iter : r->until) - r->start);
    else if (!strcmp(k, "last_loss")) lua_pushnumber(L, s->loss);
    else if (!strcmp(k, "last_infloss")) lua_pushnumber(L, s->infloss);
    else if (!strcmp(k, "it_per_s")) lua_pushnumber(L, s->it_per_s);
    else if (!strcmp(k, "eta")) lua_pushnumber(L, s->eta_s);
    else if (!strcmp(k, "si")) lua_pushnumber(L, s->si);
    else if (!strcmp(k, "error")) {
        if (s->state == RM_JOB_FAILED) lua_pushstring(L, s->error[0] ? s->error : r->error);
        else lua_pushnil(L);
    } else return luaL_error(L, "run has no field or method '%s'", rmlua_clip(L, k));
    return 1;
}

static int r_tostring(lua_State *L) {
    runud *r = check_run(L, 1);
    const rm_job_snapshot *s = snapshot(L, r);
    rm_job_state st = run_state(L, r);
    long done = (s->iter < r->until ? s->iter : r->until) - r->start;
    char buf[200];
    char name[80] = "";
    if (s->name[0]) snprintf(name, sizeof name, " \"%s\"", s->name);
    snprintf(buf, sizeof buf, "run%s: %s, %ld/%ld iterations, loss %.4g, infloss %.4g",
             name, state_name(st),
             done < 0 ? 0 : done, r->until - r->start, s->loss, s->infloss);
    lua_pushstring(L, buf);
    return 1;
}

static int r_gc(lua_State *L) {
    runud *r = luaL_checkudata(L, 1, RMLUA_RUN);
    if (rmlua_in_use(L, 1)) return luaL_error(L, "run is in use by a call in progress");
    rm_job_snapshot_free(&r->snap);
    if (r->job) rm_joblist_release(rmlua_state_of(L)->jobs, r->job); /* the list owns it */
    r->job = NULL;
    r->closed = 1;
    return 0;
}

static const luaL_Reg run_methods[] = {{"wait", r_wait}, {"stop", r_stop}, {"pause", r_pause},
                                       {"resume", r_resume}, {"status", r_status}, {NULL, NULL}};
static const luaL_Reg run_meta[] = {
    {"__index", r_index}, {"__tostring", r_tostring}, {"__gc", r_gc}, {NULL, NULL}};

void rmlua_open_run(lua_State *L, int mod) {
    (void)mod;
    rmlua_newclass(L, RMLUA_RUN, run_methods, run_meta);
    static const char *const names[] = {"net", "start", "target", "loss", "infloss",
                                        "infloss_iter", "iter", "done", "last_loss",
                                        "last_infloss", "it_per_s", "eta", "si", "error", NULL};
    static const char *const types[] = {RMLUA_NET, "number", "number", RMLUA_TENSOR,
                                        RMLUA_TENSOR, RMLUA_TENSOR, "number", "number",
                                        "number", "number", "number", "number", "number",
                                        "string", NULL};
    rmlua_set_fields(L, RMLUA_RUN, names, types);
}
