/* condition.c: the table of SPEC 3's conditions, and how they compose: a run's condition is
 * one or more table entries joined by '+', checked against its model and its tasks. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "condition.h"
#include "net.h"
#include "task.h"

enum { BASIC, HEBBIAN, TETHERED, DYNAMIC, VARDELAY, MULTITASK, N_CONDITIONS };

static const rm_condition conditions[] = {
    [BASIC] = {"basic", NULL, 1e-4, 5, RM_VARIANT_NONE, 0, "model 0 (or 2, 3), activity penalty 1e-4"},
    [HEBBIAN] = {"hebbian", "hebbian", 1e-4, 5, RM_VARIANT_NONE, 0, "Hebbian fast weights (model 1)"},
    [TETHERED] = {"tethered", NULL, 1e-1, 10, RM_VARIANT_NONE, 0, "activity penalty 1e-1, answer at T-10"},
    [DYNAMIC] = {"dynamic", NULL, 1e-4, 5, RM_VARIANT_DYNAMIC, 0, "irrelevant dynamic input added"},
    [VARDELAY] = {"vardelay", NULL, 1e-4, 5, RM_VARIANT_VARDELAY, 0, "delay drawn from {10, 40, 70, 100}"},
    [MULTITASK] = {"multitask", NULL, 1e-4, 5, RM_VARIANT_NONE, 1, "train on task, then task2, same network"},
    [N_CONDITIONS] = {NULL, NULL, 0, 0, 0, 0, NULL},
};

const rm_condition *rm_condition_list(void) { return conditions; }

/* SPEC 3: the multitask pairs the paper trained, first task then second. */
static const char *const multitask_pairs[] = {"CD1", "2AFC", "COMP", "2AFC", "2AFC", "CD1",
                                              "2AFC", "COMP", NULL};

const char *const *rm_condition_multitask_pairs(void) { return multitask_pairs; }

const rm_condition *rm_condition_find(const char *name) {
    for (const rm_condition *c = conditions; name && c->name; c++)
        if (!strcasecmp(c->name, name)) return c;
    return NULL;
}

/* Sets bit i of *parts for every '+'-separated name in text. */
static int parse_parts(const char *text, unsigned *parts, rm_err *e) {
    char buf[128];
    if (strlen(text) >= sizeof buf)
        return rm_seterr(e, RM_EINVAL, "condition '%.40s...' is too long", text);
    strcpy(buf, text);
    *parts = 0;
    if (text[0] == '+' || text[strlen(text) - 1] == '+' || strstr(text, "++"))
        return rm_seterr(e, RM_EINVAL, "condition '%s' has an empty part (names joined by '+')",
                         text);
    for (char *save = NULL, *tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
        const rm_condition *c = rm_condition_find(tok);
        if (!c)
            return rm_seterr(e, RM_EINVAL, "unknown condition '%s' (basic, hebbian, tethered, "
                             "dynamic, vardelay, multitask, or several joined by '+')", tok);
        const unsigned bit = 1u << (c - conditions);
        if (*parts & bit) return rm_seterr(e, RM_EINVAL, "condition '%s' is given twice", c->name);
        *parts |= bit;
    }
    if (!*parts) return rm_seterr(e, RM_EINVAL, "empty condition '%s'", text);
    if ((*parts & 1u << BASIC) && *parts != 1u << BASIC)
        return rm_seterr(e, RM_EINVAL, "basic means none of the other conditions, so it cannot "
                         "be combined with them");
    return RM_OK;
}

int rm_condition_resolve(const char *text, const char *model, int has_task2,
                         rm_condition_set *out, rm_err *e) {
    memset(out, 0, sizeof *out);
    unsigned parts = 0;
    int rc = parse_parts(text && *text ? text : "basic", &parts, e);
    if (rc) return rc;

    const rm_model_def *md = model ? rm_model_find(model) : NULL;
    if (model && !md)
        return rm_seterr(e, RM_EINVAL, "unknown model '%s' (rnn, hebbian, ortho, gru or 0-3)", model);
    const rm_model_def *hebb = rm_model_find(conditions[HEBBIAN].model);
    if ((parts & 1u << HEBBIAN) && md && md != hebb)
        return rm_seterr(e, RM_EINVAL, "the hebbian condition is model 1 (fast weights on the "
                         "ReLU RNN), so it cannot use model %s", md->name);
    if (!md) md = rm_model_find((parts & 1u << HEBBIAN) ? "hebbian" : "rnn");
    if (md == hebb) /* the Hebbian network is what defines the hebbian condition */
        parts = (parts & ~(1u << BASIC)) | 1u << HEBBIAN;

    if ((parts & 1u << MULTITASK) && has_task2 == 0)
        return rm_seterr(e, RM_EINVAL, "the multitask condition needs a second task (--task2)");
    if (!(parts & 1u << MULTITASK) && has_task2 > 0)
        return rm_seterr(e, RM_EINVAL, "a second task (--task2) only goes with the multitask "
                         "condition");

    snprintf(out->model, sizeof out->model, "%s", md->name);
    out->kappa_a = conditions[BASIC].kappa_a;
    out->read_back = conditions[BASIC].read_back;
    for (int i = 0; i < N_CONDITIONS; i++) {
        if (!(parts & 1u << i)) continue;
        const rm_condition *c = &conditions[i];
        /* only tethered departs from basic's penalty and read-out step, so this cannot clash */
        if (c->kappa_a != conditions[BASIC].kappa_a) out->kappa_a = c->kappa_a;
        if (c->read_back != conditions[BASIC].read_back) out->read_back = c->read_back;
        out->variant |= c->variant;
        out->multitask |= c->multitask;
        if (out->name[0]) strcat(out->name, "+");
        strcat(out->name, c->name); /* all six names fit in name[48] */
    }
    return RM_OK;
}
