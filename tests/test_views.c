/* test_views.c: the per-model structs of views (net.h rm_net_readout, model_rnn.h
 * rm_rnn_views) point where the named look-ups do, in params and in grads, for every model
 * that uses them: they are filled by position, so a layout that changes its order fails
 * here instead of training the wrong tensor. */
#include <string.h>
#include "model_rnn.h"
#include "testutil.h"

static void check_model(const char *model, int rnn_layout) {
    rm_err e = {0};
    rm_task task;
    rm_net_cfg nc;
    rm_net net;
    rm_rng rng;
    if (rm_task_init(&task, rm_task_find("DE1"), 0, &e)) {
        CHECK(0, "task: %s", e.msg);
        return;
    }
    rm_net_cfg_default(&nc, &task);
    snprintf(nc.model, sizeof nc.model, "%s", model);
    nc.n_hidden = 6;
    rm_rng_seed(&rng, rm_seed_init(1));
    if (rm_net_create(&net, &nc, &rng, &e)) {
        CHECK(0, "%s: %s", model, e.msg);
        return;
    }
    rm_readout_views p = rm_net_readout(&net, net.params), g = rm_net_readout(&net, net.grads);
    CHECK(p.W_out == rm_net_param(&net, "W_out") && p.b_out == rm_net_param(&net, "b_out"),
          "%s: readout params", model);
    CHECK(g.W_out == rm_net_grad(&net, "W_out") && g.b_out == rm_net_grad(&net, "b_out"),
          "%s: readout grads", model);
    if (rnn_layout) {
        rm_rnn_views v = rm_rnn_views_of(&net, net.params), d = rm_rnn_views_of(&net, net.grads);
        CHECK(v.W_in == rm_net_param(&net, "W_in") && v.b_in == rm_net_param(&net, "b_in") &&
                  v.W_hh == rm_net_param(&net, "W_hh") && v.b_hh == rm_net_param(&net, "b_hh"),
              "%s: rnn params", model);
        CHECK(d.W_in == rm_net_grad(&net, "W_in") && d.b_in == rm_net_grad(&net, "b_in") &&
                  d.W_hh == rm_net_grad(&net, "W_hh") && d.b_hh == rm_net_grad(&net, "b_hh"),
              "%s: rnn grads", model);
    }
    rm_net_free(&net);
}

int main(void) {
    int n = 0;
    for (const rm_model_def *const *m = rm_model_list(); m && *m; m++, n++)
        check_model((*m)->name, (*m)->layout == rm_rnn_layout);
    CHECK(n >= 4, "%d models registered", n);
    return test_result("test_views");
}
