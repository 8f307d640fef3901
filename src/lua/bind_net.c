/* bind_net.c: network objects ("recmem.net"): creation from a model, task, variant and
 * condition; training (blocking, or asynchronous in a worker thread as a job); probing;
 * one batch's loss and gradients; testing; parameter access. A network being trained by
 * a job belongs to the worker until the job ends: every method first checks that. */
#include <config.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/condition.h"
#include "core/job.h"
#include "core/loss.h"
#include "core/run.h"
#include "core/rm_limits.h"
#include "rmlua_int.h"
#include "store/runfile.h"


/* ---- conditions: the core's table (core/condition.h) ---- */

/* Reads the condition option at idx into c. A name (or names joined by '+') is the core's to
   compose and check. A table (e.g. a copy of recmem.conditions.tethered with kappa_a changed)
   is that condition if its name is one, else basic, with its model, kappa_a, read_back and
   variant as overrides. label receives what net.condition shows. */
static void read_condition(lua_State *L, int idx, const char *fn, rm_run_cfg *c, char *label,
                           size_t nl) {
    c->kappa_a = NAN; /* the new condition's, unless overridden */
    c->read_back = 0;
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *s = lua_tostring(L, idx);
        if (strlen(s) >= sizeof c->condition)
            luaL_error(L, "%s: condition '%.40s...' is too long", fn, s);
        snprintf(c->condition, sizeof c->condition, "%s", s);
        snprintf(label, nl, "%s", s);
        return;
    }
    if (!lua_istable(L, idx))
        luaL_error(L, "%s: condition must be a name or a table, not %s", fn, luaL_typename(L, idx));
    const char *name = rmlua_opt_str(L, idx, fn, "name", NULL);
    rm_condition_set known;
    rm_err e;
    int is_known = name && strlen(name) < sizeof c->condition &&
                   !rm_condition_resolve(name, NULL, -1, &known, &e);
    snprintf(label, nl, "%.47s", name ? name : "custom");
    snprintf(c->condition, sizeof c->condition, "%s", is_known ? name : "basic");
    const char *model = rmlua_opt_str(L, idx, fn, "model", NULL);
    if (model) snprintf(c->model, sizeof c->model, "%.15s", model);
    c->kappa_a = rmlua_opt_num(L, idx, fn, "kappa_a", NAN);
    c->read_back = (int)rmlua_opt_int(L, idx, fn, "read_back", 0, 0, RM_READ_BACK_MAX);
    const char *variant = rmlua_opt_str(L, idx, fn, "variant", NULL);
    int v = rm_variant_parse(variant), have = rm_variant_parse(c->variant);
    if (v < 0) luaL_error(L, "%s: unknown variant '%s' in the condition", fn, rmlua_clip(L, variant));
    snprintf(c->variant, sizeof c->variant, "%s", rm_variant_name((have < 0 ? 0 : have) | v));
}

/* recmem.conditions: the core's table as Lua tables {name, summary, model, model_required,
   kappa_a, read_back, variant[, pairs]}, built once when the module opens. */
static void push_conditions(lua_State *L) {
    lua_newtable(L);
    for (const rm_condition *k = rm_condition_list(); k->name; k++) {
        lua_createtable(L, 0, 8);
        lua_pushstring(L, k->name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, k->summary);
        lua_setfield(L, -2, "summary");
        lua_pushstring(L, k->model ? k->model : "rnn");
        lua_setfield(L, -2, "model");
        lua_pushboolean(L, k->model != NULL);
        lua_setfield(L, -2, "model_required");
        lua_pushnumber(L, k->kappa_a);
        lua_setfield(L, -2, "kappa_a");
        lua_pushinteger(L, k->read_back);
        lua_setfield(L, -2, "read_back");
        lua_pushstring(L, rm_variant_name(k->variant));
        lua_setfield(L, -2, "variant");
        if (k->multitask) {
            lua_newtable(L);
            const char *const *p = rm_condition_multitask_pairs();
            for (int i = 0; p[2 * i]; i++) {
                lua_createtable(L, 2, 0);
                lua_pushstring(L, p[2 * i]);
                lua_rawseti(L, -2, 1);
                lua_pushstring(L, p[2 * i + 1]);
                lua_rawseti(L, -2, 2);
                lua_rawseti(L, -2, i + 1);
            }
            lua_setfield(L, -2, "pairs");
        }
        lua_setfield(L, -2, k->name);
    }
}

/* The run description of recmem.net{...} or net:train{...}, checked by the core. */
static void finish_cfg(lua_State *L, rm_run_cfg *c, const char *fn) {
    rm_err e;
    if (rm_run_cfg_finish(c, RM_RUN_EXTERNAL_TASKS | RM_RUN_LATER_TASK2, &e))
        luaL_error(L, "%s: %s", fn, e.msg);
}

/* An integer option left for the core to range-check (so its message is the one given). */
static long opt_long(lua_State *L, int idx, const char *fn, const char *key, long def) {
    return (long)rmlua_opt_int(L, idx, fn, key, def, -(1L << 40), 1L << 40);
}

/* ---- the run registry: every net:train is recorded (RECMEM_DB, recmem.set_db) ---- */

static void record_begin(lua_State *L, rmlua_netud *n) {
    rmlua_state *st = rmlua_state_of(L);
    if (!st->db) return;
    rm_runfile *rf = calloc(1, sizeof *rf);
    if (!rf) return;
    rm_run_meta meta;
    rm_run_meta_init(&meta);
    meta.run = n->cfg;
    rm_runfile_opts ro = {.db = st->db};
    rm_err warn;
    rm_runfile_begin(rf, &ro, n->tr, &meta, &warn);
    if (warn.code) {
        rmlua_writef(L, 1, "recmem: warning: run not recorded: %s\n", warn.msg);
        rm_runfile_close(rf);
        free(rf);
        return;
    }
    n->rf = rf;
}

/* Finishes the registry row of the network's last training (status: the trainer's). */
static void record_end(rmlua_netud *n, int status, const char *error) {
    if (!n->rf) return;
    rm_err e, warn;
    rm_runfile_end(n->rf, n->tr, status, status && status != RM_ESTOPPED ? error : NULL, NULL,
                   0, &e, &warn);
    rm_runfile_close(n->rf);
    free(n->rf);
    n->rf = NULL;
}

/* recmem.set_db(path or nil) -> the previous path (or nil): where net:train records runs */
static int l_set_db(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    const char *path = luaL_optstring(L, 1, NULL);
    char *copy = path && *path ? strdup(path) : NULL;
    if (path && *path && !copy) return luaL_error(L, "recmem.set_db: out of memory");
    if (st->db) lua_pushstring(L, st->db);
    else lua_pushnil(L);
    free(st->db);
    st->db = copy;
    return 1;
}

/* ---- the userdata ---- */

rmlua_netud *rmlua_check_netud(lua_State *L, int idx) {
    rmlua_netud *n = luaL_checkudata(L, idx, RMLUA_NET);
    if (!n->created) luaL_error(L, "network has been freed");
    return n;
}

int rmlua_net_poll(lua_State *L, rmlua_netud *n) {
    (void)L;
    if (n->job) {
        rm_job_state s = rm_job_state_now(n->job);
        if (s == RM_JOB_RUNNING || s == RM_JOB_PAUSED) return 1;
        rm_err e = {0};
        int rc = rm_job_wait(n->job, &e);
        n->job = NULL;
        record_end(n, rc, e.msg);
    }
    return 0;
}

void rmlua_net_check_idle(lua_State *L, rmlua_netud *n, const char *what) {
    if (rmlua_net_poll(L, n))
        luaL_error(L, "%s: the network is being trained; wait for its run (run:wait()) or "
                      "stop it (run:stop()) first", what);
}

static void link_net(rmlua_state *st, rmlua_netud *n) {
    n->prev = NULL;
    n->next = st->nets;
    if (st->nets) st->nets->prev = n;
    st->nets = n;
}

static void unlink_net(rmlua_state *st, rmlua_netud *n) {
    if (n->prev) n->prev->next = n->next;
    else if (st->nets == n) st->nets = n->next;
    if (n->next) n->next->prev = n->prev;
    n->next = n->prev = NULL;
}

static rmlua_netud *push_netud(lua_State *L) {
    rmlua_netud *n = lua_newuserdatauv(L, sizeof *n, 2);
    memset(n, 0, sizeof *n);
    luaL_setmetatable(L, RMLUA_NET);
    return n;
}

static int n_gc(lua_State *L) {
    rmlua_netud *n = luaL_checkudata(L, 1, RMLUA_NET);
    if (rmlua_in_use(L, 1))
        return luaL_error(L, "network is in use by a call in progress (a task's sample "
                             "function cannot free it)");
    if (n->job) {
        rm_job_stop(n->job);
        rm_err e = {0};
        int rc = rm_job_wait(n->job, &e);
        n->job = NULL;
        record_end(n, rc, e.msg);
    }
    record_end(n, RM_ESTOPPED, NULL);
    if (n->tr) {
        rm_trainer_free(n->tr);
        free(n->tr);
        n->tr = NULL;
    }
    if (n->created) {
        unlink_net(rmlua_state_of(L), n);
        rm_net_free(&n->net);
        n->created = 0;
    }
    return 0;
}

static long net_iter(const rmlua_netud *n) { return n->tr ? n->tr->iter : 0; }

/* recmem.net{model=, task=, variant=, condition=, lambda=, sigma=, hidden=, seed=} */
static int net_new(lua_State *L) {
    static const char *const keys[] = {"model", "task", "variant", "condition", "lambda",
                                       "sigma", "hidden", "seed", NULL};
    const char *fn = "recmem.net";
    lua_settop(L, 2);
    lua_remove(L, 1); /* the recmem.net table */
    luaL_checktype(L, 1, LUA_TTABLE);
    rmlua_check_keys(L, 1, fn, keys);
    rm_run_cfg c;
    rm_run_cfg_init(&c);
    char label[48] = "";
    int has_cond = lua_getfield(L, 1, "condition") != LUA_TNIL; /* 2 */
    if (has_cond) read_condition(L, 2, fn, &c, label, sizeof label);
    const char *model = rmlua_opt_str(L, 1, fn, "model", NULL);
    if (model) snprintf(c.model, sizeof c.model, "%.15s", model);
    const char *vs = rmlua_opt_str(L, 1, fn, "variant", NULL);
    if (vs) {
        int v = rm_variant_parse(vs), have = rm_variant_parse(c.variant);
        if (v < 0)
            return luaL_error(L, "%s: unknown variant '%s' (none, vardelay, dynamic, "
                                 "vardelay+dynamic)", fn, rmlua_clip(L, vs));
        snprintf(c.variant, sizeof c.variant, "%s", rm_variant_name(v | (have < 0 ? 0 : have)));
    }
    c.hidden = (int)opt_long(L, 1, fn, "hidden", c.hidden);
    c.lambda0 = rmlua_opt_num(L, 1, fn, "lambda", c.lambda0);
    c.sigma0 = rmlua_opt_num(L, 1, fn, "sigma", c.sigma0);
    c.seed = (uint64_t)rmlua_opt_int(L, 1, fn, "seed", 1, 0, LUA_MAXINTEGER);
    if (lua_getfield(L, 1, "task") == LUA_TNIL) /* 3 */
        return luaL_error(L, "%s: task is required (one of recmem.task.list())", fn);
    rmlua_taskud *given = luaL_testudata(L, 3, RMLUA_TASK);
    const char *tname = given ? rmlua_task_c(given)->def->name : lua_tostring(L, 3);
    snprintf(c.task, sizeof c.task, "%.31s", tname ? tname : "");
    if (!given && lua_type(L, 3) != LUA_TSTRING)
        return luaL_error(L, "%s: task must be a name or a task object, not %s", fn,
                          luaL_typename(L, 3));
    if (given && !vs && !has_cond) /* a task object keeps its own variant */
        snprintf(c.variant, sizeof c.variant, "%s", rm_variant_name(rmlua_task_c(given)->variant));
    finish_cfg(L, &c, fn);
    rmlua_taskud *tu = rmlua_task_get(L, 3, c.variant, fn); /* 4 */
    const rm_task *task = rmlua_task_c(tu);
    rm_err e = {0};
    if (rm_run_check_tasks(&c, task, NULL, &e)) return luaL_error(L, "%s: %s", fn, e.msg);

    rmlua_netud *n = push_netud(L); /* 5 */
    lua_pushvalue(L, 4);
    lua_setiuservalue(L, 5, 1);
    n->task = *task;
    n->variant = rm_run_cfg_variant(&c);
    n->seed = c.seed;
    n->cfg = c;
    snprintf(n->condition, sizeof n->condition, "%s", has_cond ? label : "");
    rm_net_cfg cfg;
    rm_run_net_cfg(&c, task, &cfg);
    rm_rng rng;
    rm_rng_seed(&rng, rm_seed_init(n->seed));
    if (rm_net_create(&n->net, &cfg, &rng, &e)) return luaL_error(L, "%s: %s", fn, e.msg);
    n->created = 1;
    link_net(rmlua_state_of(L), n);
    return 1;
}

/* ---- training ---- */

static void print_log(lua_State *L, long iter, long until, double loss, double infloss,
                      double rate) {
    char r[32] = "";
    if (rate > 0) snprintf(r, sizeof r, "  %.0f it/s", rate);
    rmlua_writef(L, 0, "  iter %ld/%ld  loss %.4g  infloss %.4g%s\n", iter, until, loss,
                 infloss, r);
}

typedef struct {
    lua_State *L;
    long until;
} log_ctx;

static void on_log_print(void *ud, const rm_trainer *tr, long iter, double loss,
                         double infloss) {
    (void)tr;
    log_ctx *c = ud;
    print_log(c->L, iter, c->until, loss, infloss, 0);
}

/* Starts the worker with Ctrl-C and friends blocked in it, so that they are always
   delivered to the thread running Lua. */
static int start_job(rm_job **job, rmlua_netud *n, long until, int probe_every,
                     int probe_trials, const char *name, rm_err *e) {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = rm_job_start(job, n->tr, until, probe_every, probe_trials, name, e);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Waits for a job in this thread; Ctrl-C stops it (the signal handler does, through
   fg_job). Prints the log points from index print_from on as they come (a job's snapshot
   starts with the network's earlier history, so the caller says where this training's
   points begin: the first snapshot may already hold some). Returns the job's status. */
int rmlua_wait_job(lua_State *L, rm_job *job, long print_from, long until, rm_err *e) {
    rmlua_state *st = rmlua_state_of(L);
    rm_job_snapshot snap;
    memset(&snap, 0, sizeof snap);
    long printed = print_from;
    st->fg_job = job;
    if (st->interrupt_pending) rm_job_stop(job);
    for (;;) {
        rm_job_state s = rm_job_state_now(job);
        int running = s == RM_JOB_RUNNING || s == RM_JOB_PAUSED;
        if (printed >= 0 && rm_job_snapshot_get(job, &snap) == 0) {
            for (; printed < snap.n_il; printed++)
                print_log(L, snap.il_iter[printed], until,
                          snap.loss_hist[snap.il_iter[printed] - 1 < snap.n_loss
                                             ? snap.il_iter[printed] - 1 : snap.n_loss - 1],
                          snap.il_hist[printed], snap.it_per_s);
        }
        if (!running) break;
        if (st->interrupt_pending) rm_job_stop(job);
        rmlua_service(L); /* the workbench keeps drawing while Lua waits */
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    st->fg_job = NULL;
    rm_job_snapshot_free(&snap);
    return rm_job_wait(job, e);
}

/* The task= option of train, test and probe: a name means that task in the network's
   variant; a task object keeps its own (recmem.task{name=, variant=} picks one). */
static rmlua_taskud *task_arg(lua_State *L, int idx, const rmlua_netud *n, const char *fn) {
    const char *variant = lua_type(L, idx) == LUA_TSTRING ? rm_variant_name(n->variant) : NULL;
    return rmlua_task_get(L, idx, variant, fn);
}

/* net:train{iters=, condition=, kappa_a=, read_back=, rho=, lr=, batch=, log_every=,
   seed=, task=, threads=, async=, verbose=, name=, probe_every=, probe_trials=} -> run. The network's run description
   (n->cfg) with this call's options is checked by the core, as the command line's is. */
static int n_train(lua_State *L) {
    static const char *const keys[] = {"iters", "condition", "kappa_a", "read_back", "rho",
                                       "lr", "batch", "log_every", "seed", "task", "async",
                                       "verbose", "name", "threads", "probe_every",
                                       "probe_trials", NULL};
    const char *fn = "net:train";
    rmlua_state *st = rmlua_state_of(L);
    rmlua_netud *n = rmlua_check_netud(L, 1);
    lua_settop(L, 2);
    if (lua_isnil(L, 2)) lua_newtable(L), lua_replace(L, 2);
    luaL_checktype(L, 2, LUA_TTABLE);
    rmlua_check_keys(L, 2, fn, keys);
    rmlua_net_check_idle(L, n, fn);
    rm_run_cfg c = n->cfg;
    c.iters = opt_long(L, 2, fn, "iters", RMLUA_REQUIRED);

    /* the condition: this call's, else the network's */
    char label[48];
    snprintf(label, sizeof label, "%s", n->condition);
    if (lua_getfield(L, 2, "condition") != LUA_TNIL) { /* 3 */
        snprintf(c.condition, sizeof c.condition, "basic");
        c.model[0] = '\0';
        read_condition(L, 3, fn, &c, label, sizeof label);
    }
    c.kappa_a = rmlua_opt_num(L, 2, fn, "kappa_a", c.kappa_a);
    c.read_back = (int)opt_long(L, 2, fn, "read_back", c.read_back);
    c.rho = rmlua_opt_num(L, 2, fn, "rho", c.rho);
    c.lr = rmlua_opt_num(L, 2, fn, "lr", c.lr);
    c.batch = (int)opt_long(L, 2, fn, "batch", c.batch);
    c.log_every = (int)opt_long(L, 2, fn, "log_every", c.log_every);
    c.threads = (int)opt_long(L, 2, fn, "threads", c.threads);
    lua_Integer seed = rmlua_opt_int(L, 2, fn, "seed", -1, 0, LUA_MAXINTEGER);
    if (seed >= 0) c.seed = (uint64_t)seed;
    int async = rmlua_opt_bool(L, 2, fn, "async", st->async_default);
    int verbose = rmlua_opt_bool(L, 2, fn, "verbose", st->verbose_default);
    const char *name = rmlua_opt_str(L, 2, fn, "name", NULL);
    /* the workbench's probe (heatmap, SI): how often, over how many trials; training's
       results do not depend on it (the probe draws its own trials) */
    int probe_every = (int)rmlua_opt_int(L, 2, fn, "probe_every", 200, 1, 1000000);
    int probe_trials = (int)rmlua_opt_int(L, 2, fn, "probe_trials", 1, 1, 1000);

    /* a new task (multitask): same inputs and outputs */
    rmlua_taskud *newtask = NULL;
    if (lua_getfield(L, 2, "task") != LUA_TNIL) { /* 4 */
        newtask = task_arg(L, 4, n, fn); /* 5 */
        const rm_task *t = rmlua_task_c(newtask);
        if (t->n_chan != n->net.cfg.n_in || t->n_out != n->net.cfg.n_out ||
            t->def->out != n->net.cfg.out)
            return luaL_error(L, "%s: task %s has %d inputs and %d %s outputs, this network "
                                 "%d and %d: one network cannot do both", fn, t->def->name,
                              t->n_chan, t->n_out,
                              t->def->out == RM_OUT_SIGMOID ? "sigmoid" : "linear",
                              n->net.cfg.n_in, n->net.cfg.n_out);
        /* the description names the first task and, under multitask, this one as task2 */
        if (strcmp(t->def->name, n->task.def->name) && strstr(c.condition, "multitask"))
            snprintf(c.task2, sizeof c.task2, "%s", t->def->name);
        else if (strcmp(t->def->name, n->task.def->name))
            snprintf(c.task, sizeof c.task, "%s", t->def->name), c.task2[0] = '\0';
    } else {
        lua_getiuservalue(L, 1, 1); /* 5: the current task */
    }
    rmlua_taskud *tu = rmlua_check_task(L, 5);
    const rm_task *cur = rmlua_task_c(tu);
    /* the task's variant; the condition adds what it needs, which the task must have */
    snprintf(c.variant, sizeof c.variant, "%s", rm_variant_name(cur->variant));
    finish_cfg(L, &c, fn);
    if (strcmp(c.model, n->net.cfg.model))
        return luaL_error(L, "%s: condition %s needs model %s, but this network is %s; make "
                             "one with recmem.net{condition=\"%s\", ...}", fn, c.condition,
                          c.model, n->net.cfg.model, c.condition);
    const int want = rm_run_cfg_variant(&c), variant = cur->variant;
    if ((want & variant) != want)
        return luaL_error(L, "%s: condition %s needs the %s variant of the task, but %s is %s; "
                             "make a network with recmem.net{condition=\"%s\", ...}",
                          fn, c.condition, rm_variant_name(want), newtask ? "the task" :
                          "this network", rm_variant_name(variant), c.condition);
    snprintf(c.variant, sizeof c.variant, "%s", rm_variant_name(variant));
    rm_err e = {0};
    if (rm_run_check_tasks(&c, cur, NULL, &e)) return luaL_error(L, "%s: %s", fn, e.msg);
    if (async && rmlua_task_is_lua(tu))
        return luaL_error(L, "%s: task %s is defined in Lua, and Lua runs only in the main "
                             "thread: train it with async=false", fn, cur->def->name);
    if (n->tr && c.seed != n->tr->cfg.seed)
        return luaL_error(L, "%s: the data seed is fixed by the first training call", fn);
    if (n->tr && c.batch != n->tr->cfg.batch)
        return luaL_error(L, "%s: the batch size is fixed by the first training call (%d)",
                          fn, n->tr->cfg.batch);

    if (!n->tr) {
        rm_trainer *tr = calloc(1, sizeof *tr);
        if (!tr) return luaL_error(L, "%s: out of memory", fn);
        if (newtask) n->task = *cur;
        rm_train_cfg cfg;
        rm_run_train_cfg(&c, &cfg);
        if (rm_trainer_init(tr, &cfg, &n->task, &n->net, &e)) {
            free(tr);
            return luaL_error(L, "%s: %s", fn, e.msg);
        }
        n->tr = tr;
    } else {
        if (newtask) {
            rm_task t = *cur;
            if (rm_trainer_set_task(n->tr, &t, &e)) return luaL_error(L, "%s: %s", fn, e.msg);
            n->task = t;
            n->tr->task = &n->task;
        }
        n->tr->cfg.loss.kappa_a = c.kappa_a;
        n->tr->cfg.loss.rho = c.rho;
        n->tr->cfg.read_back = c.read_back;
        n->tr->cfg.log_every = c.log_every;
        n->tr->adam.lr = n->tr->cfg.lr = c.lr; /* cfg.lr is what a checkpoint records */
    }
    if (newtask) {
        lua_pushvalue(L, 5);
        lua_setiuservalue(L, 1, 1);
        n->variant = n->task.variant; /* net.variant follows the task it trains on */
    }
    snprintf(n->condition, sizeof n->condition, "%s", label);
    n->cfg = c;
    /* one BLAS thread unless asked: the same count as the command line's, the same bits */
    rm_run_use_threads(&c);

    long start = n->tr->iter, until = start + c.iters;
    n->tr->cfg.iters = until;
    record_begin(L, n);
    if (!rmlua_task_is_lua(tu)) {
        char jname[64];
        if (name) snprintf(jname, sizeof jname, "%s", name);
        else snprintf(jname, sizeof jname, "%s %s l=%g s=%g", n->task.def->name,
                      n->net.cfg.model, n->net.cfg.lambda0, n->net.cfg.sigma0);
        rm_job *job;
        long first_log = n->tr->hist.n_log; /* this training's log points start here */
        if (start_job(&job, n, until, probe_every, probe_trials, jname, &e)) {
            record_end(n, e.code, e.msg);
            return luaL_error(L, "%s: %s", fn, e.msg);
        }
        /* the state owns the job from here on, even if registering fails (then it frees
           it): n->job is set only once the state has it */
        rmlua_add_job(L, job);
        n->job = job;
        if (async) {
            rmlua_push_run(L, 1, job, start, until, RM_OK, NULL);
            return 1;
        }
        int rc = rmlua_wait_job(L, job, verbose ? first_log : -1, until, &e);
        n->job = NULL;
        record_end(n, rc, e.msg);
        rmlua_push_run(L, 1, job, start, until, rc, &e);
        if (rc == RM_ESTOPPED && rmlua_interrupted(L)) {
            char detail[128];
            snprintf(detail, sizeof detail, ": training stopped at iteration %ld (the network "
                     "keeps what it learned)", n->tr->iter);
            rmlua_check_interrupt(L, detail);
        }
        if (rc && rc != RM_ESTOPPED) return luaL_error(L, "%s: %s", fn, e.msg);
        return 1;
    }
    /* a Lua task: train right here, sampling through this state */
    atomic_store(&st->train_stop, 0);
    if (st->interrupt_pending) atomic_store(&st->train_stop, 1);
    log_ctx lc = {L, until};
    rm_train_hooks h = {.stop = &st->train_stop, .on_log = verbose ? on_log_print : NULL, .ud = &lc};
    rmlua_task_bind(tu, L);
    int rc = rm_trainer_run(n->tr, until, &h, &e);
    rmlua_task_unbind(tu);
    record_end(n, rc, e.msg);
    if (rc && rmlua_interrupted(L)) {
        char detail[128];
        snprintf(detail, sizeof detail, ": training stopped at iteration %ld (the network "
                 "keeps what it learned)", n->tr->iter);
        rmlua_check_interrupt(L, detail);
    }
    rmlua_push_run(L, 1, NULL, start, until, rc, &e);
    if (rc && rc != RM_ESTOPPED) return luaL_error(L, "%s: %s", fn, e.msg);
    return 1;
}

/* ---- probing, loss, testing ---- */

static int read_back_of(lua_State *L, rmlua_netud *n) {
    (void)L;
    return n->tr ? n->tr->cfg.read_back : n->cfg.read_back;
}

/* The task a call works on: opts.task (same sizes as the network) or the network's.
   Pushes the task object. */
static rmlua_taskud *call_task(lua_State *L, rmlua_netud *n, int opts, const char *fn) {
    if (lua_istable(L, opts) && lua_getfield(L, opts, "task") != LUA_TNIL) {
        rmlua_taskud *tu = task_arg(L, -1, n, fn);
        lua_remove(L, -2);
        const rm_task *t = rmlua_task_c(tu);
        if (t->n_chan != n->net.cfg.n_in || t->n_out != n->net.cfg.n_out)
            luaL_error(L, "%s: task %s has %d inputs and %d outputs, the network %d and %d", fn,
                       t->def->name, t->n_chan, t->n_out, n->net.cfg.n_in, n->net.cfg.n_out);
        return tu;
    }
    if (lua_istable(L, opts)) lua_pop(L, 1);
    lua_getiuservalue(L, 1, 1);
    return rmlua_check_task(L, -1);
}

/* net:probe{trials=, seed=, task=, batch=, s=, change=, cue=, lesion=, clamp=, noise=,
   perturb=} -> trace (the fixed stimulus and interventions: bind_intervene.c) */
static int n_probe(lua_State *L) {
    static const char *const keys[] = {"trials", "seed", "task", "batch", "s", "change", "cue",
                                       "lesion", "clamp", "noise", "perturb", NULL};
    const char *fn = "net:probe";
    rmlua_netud *n = rmlua_check_netud(L, 1);
    lua_settop(L, 2);
    if (!lua_isnil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    rmlua_check_keys(L, 2, fn, keys);
    rmlua_net_check_idle(L, n, fn);
    int trials = (int)rmlua_opt_int(L, 2, fn, "trials", 50, 1, 100000);
    lua_Integer seed = rmlua_opt_int(L, 2, fn, "seed", 1, 0, LUA_MAXINTEGER);
    rm_trace tr;
    rm_err e = {0};
    rm_fixed fix;
    rm_intervention iv;
    int rc;
    if (lua_istable(L, 2) && lua_getfield(L, 2, "batch") != LUA_TNIL) { /* 3 */
        rmlua_batchud *bu = rmlua_check_batch(L, 3);
        if (bu->b.n_chan != n->net.cfg.n_in || bu->b.n_out != n->net.cfg.n_out)
            return luaL_error(L, "%s: the batch has %d inputs and %d outputs, the network %d and %d",
                              fn, bu->b.n_chan, bu->b.n_out, n->net.cfg.n_in, n->net.cfg.n_out);
        rmlua_probe_options(L, 2, fn, n->net.cfg.n_hidden, bu->b.T, 0, &fix, &iv); /* 4 */
        rc = rm_probe_batch_iv(bu->task, &n->net, &bu->b, &iv, &tr, &e);
        lua_pop(L, 1);
        lua_getiuservalue(L, 3, 1); /* 4: its task */
    } else {
        rmlua_taskud *tu = call_task(L, n, 2, fn); /* 4 */
        const rm_task *t = rmlua_task_c(tu);
        rmlua_probe_options(L, 2, fn, n->net.cfg.n_hidden, t->T, 1, &fix, &iv); /* 5 */
        rmlua_task_bind(tu, L);
        rc = rm_probe_iv(t, &n->net, trials, (uint64_t)seed, &fix, &iv, &tr, &e);
        rmlua_task_unbind(tu);
        lua_pop(L, 1);
    }
    if (rc) {
        rmlua_check_interrupt(L, NULL);
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    rmlua_push_trace(L, &tr, -1, read_back_of(L, n));
    return 1;
}

/* net:loss(batch [, {kappa_a=, rho=}]) -> loss, grads (name -> tensor), parts */
static int n_loss(lua_State *L) {
    static const char *const keys[] = {"kappa_a", "rho", NULL};
    const char *fn = "net:loss";
    rmlua_netud *n = rmlua_check_netud(L, 1);
    rmlua_batchud *bu = rmlua_check_batch(L, 2);
    lua_settop(L, 3);
    if (!lua_isnil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
    rmlua_check_keys(L, 3, fn, keys);
    rmlua_net_check_idle(L, n, fn);
    rm_loss_cfg lc = {.kappa_a = rmlua_opt_num(L, 3, fn, "kappa_a",
                                               n->tr ? n->tr->cfg.loss.kappa_a : 1e-4),
                      .rho = rmlua_opt_num(L, 3, fn, "rho", n->tr ? n->tr->cfg.loss.rho : 0)};
    const rm_batch *b = &bu->b;
    if (b->n_chan != n->net.cfg.n_in || b->n_out != n->net.cfg.n_out ||
        bu->task->def->out != n->net.cfg.out)
        return luaL_error(L, "%s: the batch (%s, %d inputs, %d outputs) does not fit the network "
                             "(%d inputs, %d outputs)", fn, bu->task->def->name, b->n_chan,
                          b->n_out, n->net.cfg.n_in, n->net.cfg.n_out);
    rm_ws ws;
    memset(&ws, 0, sizeof ws);
    rm_err e = {0};
    if (rm_ws_reserve(&ws, &n->net, b->B, b->T, &e)) {
        rm_ws_free(&ws);
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    rm_ws_load(&ws, &n->net, b);
    rm_net_zero_grads(&n->net);
    rm_net_forward(&n->net, &ws);
    rm_loss_parts parts;
    rm_loss_compute(bu->task, &n->net, &ws, &lc, &parts);
    rm_net_backward(&n->net, &ws);
    rm_ws_free(&ws);
    lua_pushnumber(L, parts.total);
    lua_createtable(L, 0, n->net.n_views);
    for (int i = 0; i < n->net.n_views; i++) {
        const rm_param_view *v = &n->net.view[i];
        int shape[2] = {v->rows, v->cols};
        rmlua_tensor *t = v->rows == 1 ? rmlua_tensor_new(L, 1, shape + 1)
                                       : rmlua_tensor_new(L, 2, shape);
        memcpy(t->data, n->net.grads + v->offset, t->numel * sizeof(float));
        lua_setfield(L, -2, v->name);
    }
    lua_createtable(L, 0, 4);
    lua_pushnumber(L, parts.task);
    lua_setfield(L, -2, "task");
    lua_pushnumber(L, parts.penalty);
    lua_setfield(L, -2, "penalty");
    lua_pushnumber(L, parts.decay);
    lua_setfield(L, -2, "decay");
    lua_pushnumber(L, parts.total);
    lua_setfield(L, -2, "total");
    return 3;
}

/* net:test{batches=, batch=, seed=, read_back=, si_trials=, task=} -> results table */
static int n_test(lua_State *L) {
    static const char *const keys[] = {"batches", "batch", "seed", "read_back", "si_trials",
                                       "task", NULL};
    const char *fn = "net:test";
    rmlua_state *st = rmlua_state_of(L);
    rmlua_netud *n = rmlua_check_netud(L, 1);
    lua_settop(L, 2);
    if (!lua_isnil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
    rmlua_check_keys(L, 2, fn, keys);
    rmlua_net_check_idle(L, n, fn);
    int batches = (int)rmlua_opt_int(L, 2, fn, "batches", 100, RM_TEST_BATCHES_MIN, RM_TEST_BATCHES_MAX);
    int B = (int)rmlua_opt_int(L, 2, fn, "batch", 50, RM_BATCH_MIN, RM_BATCH_MAX);
    lua_Integer seed = rmlua_opt_int(L, 2, fn, "seed", -1, 0, LUA_MAXINTEGER);
    int rb = (int)rmlua_opt_int(L, 2, fn, "read_back", read_back_of(L, n), RM_READ_BACK_MIN,
                                 RM_READ_BACK_MAX);
    int si_default = batches * B < 300 ? batches * B : 300;
    int si_trials = (int)rmlua_opt_int(L, 2, fn, "si_trials", si_default, 0, RM_SI_TRIALS_MAX);
    rmlua_taskud *tu = call_task(L, n, 2, fn);
    uint64_t s = seed >= 0 ? (uint64_t)seed : rm_seed_test(n->seed);
    rm_test_result r;
    rm_err e = {0};
    atomic_store(&st->train_stop, st->interrupt_pending ? 1 : 0);
    rmlua_task_bind(tu, L);
    int rc = rm_evaluate(rmlua_task_c(tu), &n->net, batches, B, rb, si_trials, s,
                         &st->train_stop, NULL, NULL, &r, &e);
    rmlua_task_unbind(tu);
    if (rc) {
        if (rmlua_interrupted(L)) rmlua_check_interrupt(L, ": test stopped");
        return luaL_error(L, "%s: %s", fn, e.msg);
    }
    lua_createtable(L, 0, 8);
    lua_pushnumber(L, r.infloss);
    lua_setfield(L, -2, "infloss");
    lua_pushnumber(L, r.loss);
    lua_setfield(L, -2, "loss");
    lua_pushnumber(L, r.si.si);
    lua_setfield(L, -2, "si");
    lua_pushnumber(L, r.si.entropy);
    lua_setfield(L, -2, "entropy");
    lua_pushnumber(L, r.si.ridge);
    lua_setfield(L, -2, "ridge");
    lua_pushinteger(L, r.si.trials_used);
    lua_setfield(L, -2, "si_trials");
    lua_pushinteger(L, r.trials);
    lua_setfield(L, -2, "trials");
    return 1;
}

/* ---- parameters and history ---- */

static const rm_param_view *check_view(lua_State *L, rmlua_netud *n, int idx, const char *fn) {
    const char *name = luaL_checkstring(L, idx);
    const rm_param_view *v = rm_net_view(&n->net, name);
    if (!v) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 0; i < n->net.n_views; i++) {
            if (i) luaL_addstring(&b, ", ");
            luaL_addstring(&b, n->net.view[i].name);
        }
        luaL_pushresult(&b);
        const char *names = lua_tostring(L, -1);
        luaL_error(L, "%s: no parameter '%s' (this %s network has %s)", fn, rmlua_clip(L, name),
                   n->net.cfg.model, names);
    }
    return v;
}

static void push_view(lua_State *L, rmlua_netud *n, const rm_param_view *v) {
    int shape[2] = {v->rows, v->cols};
    rmlua_tensor *t = v->rows == 1 ? rmlua_tensor_new(L, 1, shape + 1) : rmlua_tensor_new(L, 2, shape);
    memcpy(t->data, n->net.params + v->offset, t->numel * sizeof(float));
}

/* net:param(name) -> a copy of the parameter as a tensor */
static int n_param(lua_State *L) {
    rmlua_netud *n = rmlua_check_netud(L, 1);
    rmlua_net_check_idle(L, n, "net:param");
    push_view(L, n, check_view(L, n, 2, "net:param"));
    return 1;
}

/* net:params() -> {name = tensor copy} */
static int n_params(lua_State *L) {
    rmlua_netud *n = rmlua_check_netud(L, 1);
    rmlua_net_check_idle(L, n, "net:params");
    lua_createtable(L, 0, n->net.n_views);
    for (int i = 0; i < n->net.n_views; i++) {
        push_view(L, n, &n->net.view[i]);
        lua_setfield(L, -2, n->net.view[i].name);
    }
    return 1;
}

/* net:set_param(name, tensor) */
static int n_set_param(lua_State *L) {
    rmlua_netud *n = rmlua_check_netud(L, 1);
    rmlua_net_check_idle(L, n, "net:set_param");
    const rm_param_view *v = check_view(L, n, 2, "net:set_param");
    rmlua_tensor *t = rmlua_tensor_check(L, 3);
    if (t->numel != (size_t)v->rows * v->cols)
        return luaL_error(L, "net:set_param: %s is %dx%d, the tensor has %I elements", v->name,
                          v->rows, v->cols, (LUAI_UACINT)t->numel);
    for (size_t i = 0; i < t->numel; i++)
        if (!isfinite(t->data[i]))
            return luaL_error(L, "net:set_param: element %I is not finite", (LUAI_UACINT)(i + 1));
    memcpy(n->net.params + v->offset, t->data, t->numel * sizeof(float));
    return 0;
}

/* net:history() -> {loss=tensor, infloss=tensor, infloss_iter=tensor} (whole training) */
static int n_history(lua_State *L) {
    rmlua_netud *n = rmlua_check_netud(L, 1);
    rmlua_net_check_idle(L, n, "net:history");
    const rm_history *h = n->tr ? &n->tr->hist : NULL;
    int nl = h ? (int)h->n_iter : 0, ng = h ? (int)h->n_log : 0;
    lua_createtable(L, 0, 3);
    rmlua_tensor *t = rmlua_tensor_new(L, 1, &nl);
    if (nl) memcpy(t->data, h->loss, (size_t)nl * sizeof(float));
    lua_setfield(L, -2, "loss");
    t = rmlua_tensor_new(L, 1, &ng);
    if (ng) memcpy(t->data, h->infloss, (size_t)ng * sizeof(float));
    lua_setfield(L, -2, "infloss");
    t = rmlua_tensor_new(L, 1, &ng);
    for (int i = 0; i < ng; i++) t->data[i] = (float)h->log_iter[i];
    lua_setfield(L, -2, "infloss_iter");
    return 1;
}

/* ---- fields ---- */

static int n_index(lua_State *L) {
    rmlua_netud *n = rmlua_check_netud(L, 1);
    const char *k = luaL_checkstring(L, 2);
    const rm_net_cfg *c = &n->net.cfg;
    /* methods first */
    luaL_getmetafield(L, 1, "__methods");
    if (lua_getfield(L, -1, k) != LUA_TNIL) return 1;
    lua_pop(L, 2);
    int busy = rmlua_net_poll(L, n);
    if (!strcmp(k, "model")) lua_pushstring(L, c->model);
    else if (!strcmp(k, "task")) lua_getiuservalue(L, 1, 1);
    else if (!strcmp(k, "variant")) lua_pushstring(L, rm_variant_name(n->variant));
    else if (!strcmp(k, "condition")) lua_pushstring(L, n->condition[0] ? n->condition : "basic");
    else if (!strcmp(k, "hidden")) lua_pushinteger(L, c->n_hidden);
    else if (!strcmp(k, "inputs")) lua_pushinteger(L, c->n_in);
    else if (!strcmp(k, "outputs")) lua_pushinteger(L, c->n_out);
    else if (!strcmp(k, "lambda")) lua_pushnumber(L, c->lambda0);
    else if (!strcmp(k, "sigma")) lua_pushnumber(L, c->sigma0);
    else if (!strcmp(k, "seed")) lua_pushinteger(L, (lua_Integer)n->seed);
    else if (!strcmp(k, "n_params")) lua_pushinteger(L, (lua_Integer)n->net.n_params);
    else if (!strcmp(k, "busy")) lua_pushboolean(L, busy);
    else if (!strcmp(k, "saved")) lua_pushboolean(L, busy ? 0 : net_iter(n) == n->saved_iter);
    else if (!strcmp(k, "iter")) {
        if (busy) return luaL_error(L, "net.iter: the network is being trained; ask its run (run.iter)");
        lua_pushinteger(L, net_iter(n));
    } else if (!strcmp(k, "param_names")) {
        lua_createtable(L, n->net.n_views, 0);
        for (int i = 0; i < n->net.n_views; i++) {
            lua_pushstring(L, n->net.view[i].name);
            lua_rawseti(L, -2, i + 1);
        }
    } else {
        return luaL_error(L, "network has no field or method '%s'", rmlua_clip(L, k));
    }
    return 1;
}

static int n_newindex(lua_State *L) {
    return luaL_error(L, "network fields cannot be assigned (use net:set_param for weights)");
}

static int n_tostring(lua_State *L) {
    rmlua_netud *n = luaL_checkudata(L, 1, RMLUA_NET);
    if (!n->created) {
        lua_pushliteral(L, "net (freed)");
        return 1;
    }
    const rm_net_cfg *c = &n->net.cfg;
    char buf[256];
    int busy = rmlua_net_poll(L, n);
    char it[48];
    if (busy) snprintf(it, sizeof it, "training");
    else snprintf(it, sizeof it, "iter=%ld", net_iter(n));
    snprintf(buf, sizeof buf, "net %s on %s%s%s [%d->%d->%d] lambda=%g sigma=%g %s%s",
             c->model, n->task.def->name, n->variant ? " " : "",
             n->variant ? rm_variant_name(n->variant) : "", c->n_in, c->n_hidden, c->n_out,
             c->lambda0, c->sigma0, it,
             !busy && net_iter(n) != n->saved_iter ? " (unsaved)" : "");
    lua_pushstring(L, buf);
    return 1;
}

static const luaL_Reg net_methods[] = {
    {"train", n_train}, {"probe", n_probe}, {"loss", n_loss}, {"test", n_test},
    {"param", n_param}, {"params", n_params}, {"set_param", n_set_param},
    {"history", n_history}, {NULL, NULL}};
static const luaL_Reg net_meta[] = {{"__index", n_index}, {"__newindex", n_newindex},
                                    {"__tostring", n_tostring}, {"__gc", n_gc},
                                    {"__close", n_gc}, {NULL, NULL}};

int rmlua_net_read_back(lua_State *L, rmlua_netud *n) { return read_back_of(L, n); }

/* ---- for other layers (rmlua.h) ---- */

int rmlua_net_get(lua_State *L, int idx, rm_net **net, const rm_task **task,
                  rm_trainer **trainer) {
    rmlua_netud *n = rmlua_check_netud(L, idx);
    rmlua_net_check_idle(L, n, "network");
    if (net) *net = &n->net;
    if (task) *task = &n->task;
    if (trainer) *trainer = n->tr;
    return 0;
}

void rmlua_net_set_saved(lua_State *L, int idx) {
    rmlua_netud *n = rmlua_check_netud(L, idx);
    if (!rmlua_net_poll(L, n)) n->saved_iter = net_iter(n);
}

void rmlua_net_run_cfg(lua_State *L, int idx, rm_run_cfg *out) {
    *out = rmlua_check_netud(L, idx)->cfg;
}

void rmlua_net_push(lua_State *L, rm_net *net, const char *task_name, int variant,
                    uint64_t seed, rm_trainer *trainer_or_null, const rm_run_cfg *cfg) {
    lua_pushstring(L, task_name);
    rmlua_taskud *tu = rmlua_task_get(L, -1, rm_variant_name(variant), "load");
    const rm_task *t = rmlua_task_c(tu);
    if (net->cfg.n_in != t->n_chan || net->cfg.n_out != t->n_out)
        luaL_error(L, "load: the network (%d inputs, %d outputs) does not fit task %s (%d, %d)",
                   net->cfg.n_in, net->cfg.n_out, t->def->name, t->n_chan, t->n_out);
    rmlua_netud *n = push_netud(L);
    lua_pushvalue(L, -2);
    lua_setiuservalue(L, -2, 1);
    n->net = *net;
    memset(net, 0, sizeof *net);
    n->created = 1;
    n->task = *t;
    n->variant = variant;
    n->seed = seed;
    n->tr = trainer_or_null;
    if (n->tr) {
        n->tr->net = &n->net;
        n->tr->task = &n->task;
    }
    n->saved_iter = net_iter(n);
    n->cfg = *cfg;
    snprintf(n->condition, sizeof n->condition, "%s", cfg->condition);
    link_net(rmlua_state_of(L), n);
    lua_remove(L, -2); /* the task */
    lua_remove(L, -2); /* the name */
}

void rmlua_open_net(lua_State *L, int mod) {
    rmlua_newclass(L, RMLUA_NET, net_methods, net_meta);
    static const char *const names[] = {"model", "task", "variant", "condition", "hidden",
                                        "inputs", "outputs", "lambda", "sigma", "seed",
                                        "n_params", "busy", "saved", "iter", "param_names", NULL};
    static const char *const types[] = {"string", RMLUA_TASK, "string", "string", "number",
                                        "number", "number", "number", "number", "number",
                                        "number", "boolean", "boolean", "number", "table", NULL};
    rmlua_set_fields(L, RMLUA_NET, names, types);
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, net_new);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setfield(L, mod, "net");
    push_conditions(L);
    lua_setfield(L, mod, "conditions");
    lua_pushcfunction(L, l_set_db);
    lua_setfield(L, mod, "set_db");
}
