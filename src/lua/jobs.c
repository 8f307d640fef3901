/* jobs.c: the runs a Lua state starts. Every training job goes into the core's job list
 * (core/joblist.h), which the state owns and other layers read (the workbench lists its
 * runs from it); recmem.clear_finished_runs() and the workbench's clear key forget the
 * finished ones. The wait loop of blocking calls lives in bind_net.c (rmlua_wait_job) and
 * calls the service function set here, so a front end keeps its screen alive meanwhile. */
#include <config.h>
#include "rmlua_int.h"

void rmlua_add_job(lua_State *L, rm_job *j) {
    rm_err e = {0};
    rmlua_state *st = rmlua_state_of(L);
    if (rm_joblist_add(st->jobs, j, &e)) {
        rm_job_stop(j);
        /* a caller that set a network's job before adding it must not be left dangling */
        for (rmlua_netud *n = st->nets; n; n = n->next)
            if (n->job == j) n->job = NULL;
        rm_job_free(j);
        luaL_error(L, "%s", e.msg);
    }
}

rm_joblist *rmlua_joblist(lua_State *L) {
    return rmlua_state_of(L)->jobs;
}

/* A job stays while C code still points at it: a network that has not been polled since,
   or the wait loop (a clear from the workbench's service function during run:wait()). */
static int still_used(void *ud, const rm_job *j) {
    rmlua_state *st = ud;
    if (st->fg_job == j) return 1;
    for (rmlua_netud *n = st->nets; n; n = n->next)
        if (n->job == j) return 1;
    return 0;
}

void rmlua_poll_runs(lua_State *L) {
    for (rmlua_netud *n = rmlua_state_of(L)->nets; n; n = n->next) rmlua_net_poll(L, n);
}

size_t rmlua_clear_finished_runs(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    for (rmlua_netud *n = st->nets; n; n = n->next)
        if (n->job != st->fg_job) rmlua_net_poll(L, n);
    return rm_joblist_clear_finished(st->jobs, still_used, st);
}

void rmlua_set_service(lua_State *L, rmlua_service_fn fn, void *ud) {
    rmlua_state *st = rmlua_state_of(L);
    st->service = fn;
    st->service_ud = ud;
}

void rmlua_service(lua_State *L) {
    rmlua_state *st = rmlua_state_of(L);
    /* the service may run a script's Lua (the workbench's prompt) while a C call waits:
       what that call holds must not be freed under it (rmlua_in_use) */
    if (!st->service) return;
    rmlua_callback_enter(L);
    st->service(st->service_ud);
    rmlua_callback_leave(L);
}

/* recmem.clear_finished_runs() -> how many were cleared. Run objects stay usable. */
static int l_clear_finished_runs(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)rmlua_clear_finished_runs(L));
    return 1;
}

/* recmem.active_runs() -> runs training or paused, runs listed */
static int l_active_runs(lua_State *L) {
    rm_joblist *l = rmlua_state_of(L)->jobs;
    lua_pushinteger(L, (lua_Integer)rm_joblist_active(l));
    lua_pushinteger(L, (lua_Integer)rm_joblist_count(l));
    return 2;
}

void rmlua_open_jobs(lua_State *L, int mod) {
    static const luaL_Reg funcs[] = {{"clear_finished_runs", l_clear_finished_runs},
                                     {"active_runs", l_active_runs}, {NULL, NULL}};
    luaL_setfuncs(L, funcs, 0);
    (void)mod;
}
