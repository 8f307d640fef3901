/* condition.h: the paper's training conditions (SPEC 3) as data: what each changes
 * relative to basic. Applied by the CLI and the Lua layer alike. */
#ifndef RM_CONDITION_H
#define RM_CONDITION_H

typedef struct {
    const char *name;       /* "basic", "hebbian", "tethered", "dynamic", "vardelay", "multitask" */
    const char *model;      /* model it requires, or NULL for any */
    double kappa_a;         /* activity penalty */
    int read_back;          /* answer read at T - read_back */
    int variant;            /* RM_VARIANT_* flags it adds */
    int multitask;          /* train on task, test, then on task2 with the same network */
    const char *summary;
} rm_condition;

const rm_condition *rm_condition_find(const char *name);
const rm_condition *rm_condition_list(void); /* terminated by name == NULL */

#endif
