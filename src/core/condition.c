/* condition.c: the table of SPEC 3's conditions. */
#include <stddef.h>
#include <strings.h>
#include "condition.h"
#include "task.h"

static const rm_condition conditions[] = {
    {"basic", NULL, 1e-4, 5, RM_VARIANT_NONE, 0, "model 0 (or 2, 3), activity penalty 1e-4"},
    {"hebbian", "hebbian", 1e-4, 5, RM_VARIANT_NONE, 0, "Hebbian fast weights (model 1)"},
    {"tethered", NULL, 1e-1, 10, RM_VARIANT_NONE, 0, "activity penalty 1e-1, answer at T-10"},
    {"dynamic", NULL, 1e-4, 5, RM_VARIANT_DYNAMIC, 0, "irrelevant dynamic input added"},
    {"vardelay", NULL, 1e-4, 5, RM_VARIANT_VARDELAY, 0, "delay drawn from {10, 40, 70, 100}"},
    {"multitask", NULL, 1e-4, 5, RM_VARIANT_NONE, 1, "train on task, then task2, same network"},
    {NULL, NULL, 0, 0, 0, 0, NULL},
};

const rm_condition *rm_condition_list(void) { return conditions; }

const rm_condition *rm_condition_find(const char *name) {
    for (const rm_condition *c = conditions; name && c->name; c++)
        if (!strcasecmp(c->name, name)) return c;
    return NULL;
}
