/* condition.h: the paper's training conditions (SPEC 3) as data: what each changes
 * relative to basic. Applied by the CLI and the Lua layer alike. */
#ifndef RM_CONDITION_H
#define RM_CONDITION_H

#include "rm_err.h"

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
/* The paper's multitask pairs as a flat NULL-terminated list: first, second, first, ... */
const char *const *rm_condition_multitask_pairs(void);

/* What a run's condition resolves to: one or more of the table's conditions joined by '+'
   ("tethered+vardelay"), composed, with the model the run uses. */
typedef struct {
    char name[48];      /* canonical: the parts in table order joined by '+', e.g. "hebbian+vardelay" */
    char model[16];     /* the model's registry name */
    double kappa_a;     /* tethered's 1e-1 if it is a part, else 1e-4 */
    int read_back;      /* tethered's 10 if it is a part, else 5 */
    int variant;        /* RM_VARIANT_* flags of all parts */
    int multitask;
} rm_condition_set;

/* Parses `text` (NULL or "" is basic) and resolves the model: `model` is the one asked for
   (name or code; NULL: rnn, or hebbian for the hebbian condition). Model hebbian makes the
   condition include hebbian. Refuses with a one-line reason (RM_EINVAL): an unknown name,
   a part given twice, basic combined with other parts, a model the condition cannot use,
   multitask without a second task, a second task without multitask. has_task2: 1 given,
   0 not given, -1 given later (Lua's net:train{task=}): neither of the last two checks. */
int rm_condition_resolve(const char *text, const char *model, int has_task2,
                         rm_condition_set *out, rm_err *e);

#endif
