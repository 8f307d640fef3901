/* test_joblist.c: the core's list of training jobs (joblist.h): more runs than the
 * workbench used to show (64), listed in start order; a running job is never cleared;
 * finished ones are, except those a caller says it still points at; a held job stays
 * readable after it was cleared; the generation tells pollers that the list changed. */
#include <stdlib.h>
#include <string.h>
#include "joblist.h"
#include "testutil.h"

#define N_JOBS 100

typedef struct {
    rm_task task;
    rm_net net;
    rm_trainer tr;
} run;

static int run_open(run *r, uint64_t seed) {
    rm_err e = {0};
    rm_net_cfg nc;
    rm_train_cfg tc;
    rm_rng rng;
    if (rm_task_init(&r->task, rm_task_find("DE1"), 0, &e)) goto fail;
    rm_net_cfg_default(&nc, &r->task);
    nc.n_hidden = 4;
    rm_train_cfg_default(&tc);
    tc.batch = 1;
    tc.seed = seed;
    rm_rng_seed(&rng, rm_seed_init(seed));
    if (rm_net_create(&r->net, &nc, &rng, &e)) goto fail;
    if (rm_trainer_init(&r->tr, &tc, &r->task, &r->net, &e)) goto fail;
    return 0;
fail:
    CHECK(0, "setting up a run: %s", e.msg);
    return -1;
}

static const rm_job *kept;
static int keep_one(void *ud, const rm_job *j) {
    (void)ud;
    return j == kept;
}

int main(void) {
    static run runs[N_JOBS + 1];
    rm_job *jobs[N_JOBS + 1];
    rm_err e = {0};
    rm_joblist *l = rm_joblist_new();
    CHECK(l != NULL, "rm_joblist_new");
    if (!l) return test_result("test_joblist");
    unsigned long g0 = rm_joblist_generation(l);
    for (int i = 0; i < N_JOBS; i++) {
        char name[16];
        snprintf(name, sizeof name, "r%d", i + 1);
        if (run_open(&runs[i], (uint64_t)i + 1)) return test_result("test_joblist");
        CHECK(rm_job_start(&jobs[i], &runs[i].tr, 2, 0, 1, name, &e) == RM_OK, "start: %s", e.msg);
        CHECK(rm_joblist_add(l, jobs[i], &e) == RM_OK, "add: %s", e.msg);
    }
    CHECK(rm_joblist_count(l) == N_JOBS, "%zu jobs listed, want %d", rm_joblist_count(l), N_JOBS);
    CHECK(rm_joblist_generation(l) != g0, "adding changes the generation");

    /* a copy in start order, each held */
    rm_job **all = NULL;
    size_t n = 0;
    CHECK(rm_joblist_hold_all(l, &all, &n, &e) == RM_OK && n == N_JOBS, "hold_all: %zu", n);
    int order_ok = 1;
    for (size_t i = 0; i < n; i++) order_ok &= all[i] == jobs[i];
    CHECK(order_ok, "the copy is in start order");
    for (size_t i = 0; i < n; i++) rm_joblist_release(l, all[i]);
    free(all);

    /* one more that keeps running: clearing leaves it */
    if (run_open(&runs[N_JOBS], 999)) return test_result("test_joblist");
    CHECK(rm_job_start(&jobs[N_JOBS], &runs[N_JOBS].tr, 1000000000L, 0, 1, "long", &e) == RM_OK,
          "start: %s", e.msg);
    rm_job_pause(jobs[N_JOBS], 1);
    CHECK(rm_joblist_add(l, jobs[N_JOBS], &e) == RM_OK, "add: %s", e.msg);
    for (int i = 0; i < N_JOBS; i++) rm_job_wait(jobs[i], NULL);
    CHECK(rm_joblist_active(l) == 1, "%zu active, want 1 (the paused one)", rm_joblist_active(l));

    rm_joblist_hold(l, jobs[5]);   /* as a Lua run object does */
    kept = jobs[7];                /* as a network that was not polled yet */
    unsigned long g1 = rm_joblist_generation(l);
    size_t cleared = rm_joblist_clear_finished(l, keep_one, NULL);
    CHECK(cleared == N_JOBS - 1, "cleared %zu, want %d", cleared, N_JOBS - 1);
    CHECK(rm_joblist_count(l) == 2, "%zu listed after the clear, want 2", rm_joblist_count(l));
    CHECK(rm_joblist_generation(l) != g1, "clearing changes the generation");
    rm_job_snapshot snap = {0};
    CHECK(rm_job_snapshot_get(jobs[5], &snap) == 0 && snap.state == RM_JOB_DONE && snap.iter == 2 &&
              !strcmp(snap.name, "r6"),
          "a held job stays readable after the clear (state %d, iter %ld, %s)", snap.state,
          snap.iter, snap.name);
    rm_job_snapshot_free(&snap);
    rm_joblist_release(l, jobs[5]);   /* the last holder: freed now */
    CHECK(rm_joblist_clear_finished(l, NULL, NULL) == 1, "the kept one clears once let go");
    CHECK(rm_joblist_count(l) == 1 && rm_joblist_active(l) == 1, "the paused run is still listed");

    rm_joblist_stop_all(l);
    rm_joblist_wait_all(l);
    CHECK(rm_joblist_active(l) == 0, "stop_all stops it");
    rm_joblist_free(l);
    for (int i = 0; i <= N_JOBS; i++) {
        rm_trainer_free(&runs[i].tr);
        rm_net_free(&runs[i].net);
    }
    return test_result("test_joblist");
}
