/* test_membudget.c: the memory estimate counts what a trainer really allocates (for every
 * model, two tasks, two batch sizes), and sizes beyond the memory available are refused
 * before allocating, with the numbers in the message. */
#include <string.h>
#include <sys/resource.h>
#include "membudget.h"
#include "testutil.h"
#include "train.h"

static double allocated(const rm_trainer *tr) {
    const rm_batch *b = &tr->batch;
    double steps = (double)b->B * b->T;
    return 2.0 * tr->net->n_params * sizeof(float)            /* params + grads */
           + 2.0 * tr->net->n_params * sizeof(float)          /* Adam m, v */
           + (double)tr->ws.arena_floats * sizeof(float)
           + steps * (b->n_chan + b->n_out + 1) * sizeof(float)
           + (double)b->B * (2.0 * b->n_out * sizeof(double) + 2 * sizeof(int));
}

int main(void) {
    const char *tasks[] = {"DE1", "CD2"};
    for (const rm_model_def *const *m = rm_model_list(); *m; m++)
        for (int k = 0; k < 2; k++)
            for (int B = 1; B <= 40; B += 39) {
                rm_err e = {0};
                rm_task t;
                rm_net net;
                rm_trainer tr;
                CHECK(!rm_task_init(&t, rm_task_find(tasks[k]), 0, &e), "%s", e.msg);
                rm_net_cfg nc;
                rm_net_cfg_default(&nc, &t);
                snprintf(nc.model, sizeof nc.model, "%s", (*m)->name);
                nc.n_hidden = 24;
                rm_train_cfg tc;
                rm_train_cfg_default(&tc);
                tc.batch = B;
                double est = 0;
                CHECK(!rm_train_bytes(&nc, &t, B, &est, &e), "%s", e.msg);
                CHECK(!rm_net_create(&net, &nc, NULL, &e) && !rm_trainer_init(&tr, &tc, &t, &net, &e),
                      "%s/%s: %s", (*m)->name, tasks[k], e.msg);
                double got = allocated(&tr);
                CHECK(est >= got && est <= 1.01 * got, "%s/%s batch %d: estimate %.0f bytes, "
                      "allocated %.0f", (*m)->name, tasks[k], B, est, got);
                rm_trainer_free(&tr);
                rm_net_free(&net);
            }

    /* under a 2 GB address-space limit, 20000 units (6.4 GB of parameters, gradients and
       moments) are refused at once, with the numbers (not under AddressSanitizer, whose
       shadow memory needs terabytes of address space) */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifdef UNDER_ASAN
    printf("test_membudget: address-space limit part not run (AddressSanitizer build)\n");
    return test_result("test_membudget");
#endif
    struct rlimit rl = {(rlim_t)2 << 30, (rlim_t)2 << 30};
    CHECK(setrlimit(RLIMIT_AS, &rl) == 0, "setrlimit");
    int limited = 0;
    double avail = rm_mem_available(&limited);
    CHECK(limited && avail <= (double)(2u << 30), "available %.0f under the limit", avail);
    rm_task t;
    rm_err e = {0};
    rm_task_init(&t, rm_task_find("DE1"), 0, &e);
    rm_net_cfg nc;
    rm_net_cfg_default(&nc, &t);
    nc.n_hidden = 20000;
    rm_net net;
    rm_rng rng;
    rm_rng_seed(&rng, 1);
    CHECK(rm_net_create(&net, &nc, &rng, &e) == RM_EINVAL, "a 6.4 GB network was not refused");
    CHECK(strstr(e.msg, "needs 6.4 GB, the address-space limit (ulimit -v) leaves"),
          "message: %s", e.msg);
    return test_result("test_membudget");
}
