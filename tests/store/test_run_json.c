/* test_run_json.c: the run description's JSON (store/run_json.h) and checks (core/run.h).
 *  - random configs survive to_json -> text -> from_json bit for bit (doubles as raw bits,
 *    seeds over the whole 64-bit range, strings up to their field's length)
 *  - a finished config finishes to itself and reads back equal
 *  - unknown keys, wrong types, negative or oversized seeds are refused by name
 *  - rm_run_cfg_finish: one message per problem, in the JSON keys' words */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "core/rng.h"
#include "core/run.h"
#include "store/run_json.h"

/* A double from raw random bits (finite: NaN is kappa_a's "the condition's", tested apart). */
static double random_double(rm_rng *g) {
    for (;;) {
        uint64_t u = rm_rng_u64(g);
        double x;
        memcpy(&x, &u, sizeof x);
        if (isfinite(x)) return x;
    }
}

static void random_string(rm_rng *g, char *s, size_t n) {
    size_t len = rm_rng_below(g, (uint32_t)n); /* 0 .. n-1 characters */
    for (size_t i = 0; i < len; i++) s[i] = (char)(' ' + rm_rng_below(g, 95));
    s[len] = '\0';
}

static void round_trip(const rm_run_cfg *c, const char *label) {
    char *text = rm_run_cfg_dumps(c);
    CHECK(text != NULL, "%s: dumps", label);
    if (!text) return;
    rm_run_cfg back;
    memset(&back, 0x5a, sizeof back); /* every field must be written */
    rm_run_cfg_init(&back);
    rm_err e = {0};
    CHECK(rm_run_cfg_loads(text, label, &back, &e) == 0, "%s: loads: %s", label, e.msg);
    CHECK(rm_run_cfg_equal(c, &back), "%s: differs after a round trip: %s", label, text);
    free(text);
}

static void refused(const char *json, const char *why) {
    rm_run_cfg c;
    rm_run_cfg_init(&c);
    rm_err e = {0};
    int rc = rm_run_cfg_loads(json, "t", &c, &e);
    CHECK(rc == RM_EINVAL && strstr(e.msg, why), "%s: status %d, message '%s' lacks '%s'", json,
          rc, e.msg, why);
}

static void finish_refuses(void (*edit)(rm_run_cfg *), const char *why) {
    rm_run_cfg c;
    rm_run_cfg_init(&c);
    strcpy(c.task, "DE1");
    edit(&c);
    rm_err e = {0};
    int rc = rm_run_cfg_finish(&c, 0, &e);
    CHECK(rc == RM_EINVAL && strstr(e.msg, why) && !strchr(e.msg, '\n'),
          "finish: status %d, message '%s' lacks '%s'", rc, e.msg, why);
}

static void no_task(rm_run_cfg *c) { c->task[0] = '\0'; }
static void hidden0(rm_run_cfg *c) { c->hidden = 0; }
static void nan_lambda(rm_run_cfg *c) { c->lambda0 = NAN; }
static void big_rho(rm_run_cfg *c) { c->rho = 1e6; }
static void threads0(rm_run_cfg *c) { c->threads = 0; }
static void bad_variant(rm_run_cfg *c) { strcpy(c->variant, "sideways"); }
static void warm_long(rm_run_cfg *c) { c->iters = 10, c->vardelay_warmup = 10; }
static void warm_vardelay(rm_run_cfg *c) { c->vardelay_warmup = 5, strcpy(c->condition, "vardelay"); }
static void task2_alone(rm_run_cfg *c) { strcpy(c->task2, "2AFC"); }
static void bad_task(rm_run_cfg *c) { strcpy(c->task, "XYZ"); }

int main(void) {
    rm_rng g;
    rm_rng_seed(&g, 7);
    for (int i = 0; i < 2000; i++) {
        rm_run_cfg c;
        rm_run_cfg_init(&c);
        random_string(&g, c.task, sizeof c.task);
        random_string(&g, c.task2, sizeof c.task2);
        random_string(&g, c.variant, sizeof c.variant);
        random_string(&g, c.model, sizeof c.model);
        random_string(&g, c.condition, sizeof c.condition);
        random_string(&g, c.init_from, 64 + rm_rng_below(&g, sizeof c.init_from - 64));
        c.lambda0 = random_double(&g);
        c.sigma0 = random_double(&g);
        c.rho = random_double(&g);
        c.kappa_a = i % 7 == 0 ? NAN : random_double(&g);
        c.lr = random_double(&g);
        c.read_back = (int)rm_rng_below(&g, 1u << 30);
        c.hidden = (int)rm_rng_below(&g, 1u << 30);
        c.batch = (int)rm_rng_below(&g, 1u << 30);
        c.iters = (long)(rm_rng_u64(&g) >> 2);
        c.vardelay_warmup = (long)(rm_rng_u64(&g) >> 2);
        c.threads = (int)rm_rng_below(&g, 300);
        c.test_batches = (int)rm_rng_below(&g, 1u << 30);
        c.si_trials = (int)rm_rng_below(&g, 1u << 30);
        c.log_every = (int)rm_rng_below(&g, 1u << 30);
        c.seed = i == 0 ? UINT64_MAX : i == 1 ? (uint64_t)INT64_MAX : i == 2 ? (uint64_t)INT64_MAX + 1
               : i == 3 ? 0 : rm_rng_u64(&g);
        if (i % 2 == 0) c.iters = (long)rm_rng_below(&g, 100000000); /* and small ones */
        char label[32];
        snprintf(label, sizeof label, "random config %d", i);
        round_trip(&c, label);
    }

    /* a finished config: finishing again changes nothing, and it reads back equal */
    rm_run_cfg c, again;
    rm_run_cfg_init(&c);
    strcpy(c.task, "2");  /* the original's code for CD1 */
    strcpy(c.condition, "vardelay+tethered");
    strcpy(c.model, "3");
    rm_err e = {0};
    CHECK(rm_run_cfg_finish(&c, 0, &e) == 0, "finish: %s", e.msg);
    CHECK(!strcmp(c.task, "CD1") && !strcmp(c.model, "gru") &&
          !strcmp(c.condition, "tethered+vardelay") && !strcmp(c.variant, "vardelay") &&
          c.kappa_a == 1e-1 && c.read_back == 10, "finished: %s %s %s %s %g %d", c.task, c.model,
          c.condition, c.variant, c.kappa_a, c.read_back);
    again = c;
    CHECK(rm_run_cfg_finish(&again, 0, &e) == 0 && rm_run_cfg_equal(&c, &again),
          "finishing twice changed the config");
    round_trip(&c, "finished");

    /* reading: only what a file gives changes; refusals name the key */
    rm_run_cfg_init(&c);
    CHECK(rm_run_cfg_loads("{\"hidden\": 7, \"kappa_a\": null, \"read_back\": null}", "t", &c, &e) == 0 &&
              c.hidden == 7 && isnan(c.kappa_a) && c.read_back == 0 && c.batch == 50,
          "partial object: %s", e.msg);
    refused("{\"hiddn\": 7}", "unknown key 'hiddn'");
    refused("{\"hidden\": 7.5}", "hidden must be an integer");
    refused("{\"lambda\": \"0.9\"}", "lambda must be a number");
    refused("{\"task\": 3}", "task must be a string");
    refused("{\"seed\": -1}", "seed must be an integer");
    refused("{\"seed\": \"18446744073709551616\"}", "not a number in [0, 2^64-1]");
    refused("{\"seed\": \"-3\"}", "not a number");
    refused("{\"seed\": \" 3\"}", "not a number");
    refused("{\"task\": \"0123456789012345678901234567890123\"}", "task is longer than 31");
    refused("[1, 2]", "must be a JSON object");
    refused("{\"hidden\": 1, \"hidden\": 2}", "not JSON");
    refused("{", "not JSON");

    finish_refuses(no_task, "task is required");
    finish_refuses(bad_task, "unknown task 'XYZ'");
    finish_refuses(hidden0, "hidden 0 is out of range [1, 20000]");
    finish_refuses(nan_lambda, "lambda nan is out of range");
    finish_refuses(big_rho, "rho 1e+06 is out of range");
    finish_refuses(threads0, "threads 0 is out of range");
    finish_refuses(bad_variant, "unknown variant 'sideways'");
    finish_refuses(warm_long, "leaves no iterations");
    finish_refuses(warm_vardelay, "the condition already makes it variable");
    finish_refuses(task2_alone, "only goes with the multitask");
    return check_result("test_run_json");
}
