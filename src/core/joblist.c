/* joblist.c: the session's list of training jobs (joblist.h): a growing array of entries,
 * each a job, whether it is listed, and how many holders it has. A job leaves the array
 * (and is freed) once it is neither listed nor held. */
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include "joblist.h"

typedef struct {
    rm_job *job;
    int listed;     /* shown to rm_joblist_hold_all; 0 once cleared */
    long holds;
} entry;

struct rm_joblist {
    mtx_t mu;       /* guards everything below */
    entry *e;
    size_t n, cap;
    unsigned long gen;
};

rm_joblist *rm_joblist_new(void) {
    rm_joblist *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    if (mtx_init(&l->mu, mtx_plain) != thrd_success) {
        free(l);
        return NULL;
    }
    return l;
}

void rm_joblist_free(rm_joblist *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) rm_job_stop(l->e[i].job);
    for (size_t i = 0; i < l->n; i++) rm_job_free(l->e[i].job);
    free(l->e);
    mtx_destroy(&l->mu);
    free(l);
}

int rm_joblist_add(rm_joblist *l, rm_job *j, rm_err *e) {
    mtx_lock(&l->mu);
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        entry *p = realloc(l->e, cap * sizeof *p);
        if (!p) {
            mtx_unlock(&l->mu);
            return rm_seterr(e, RM_ENOMEM, "out of memory for the list of runs");
        }
        l->e = p;
        l->cap = cap;
    }
    l->e[l->n++] = (entry){j, 1, 0};
    l->gen++;
    mtx_unlock(&l->mu);
    return RM_OK;
}

static int is_active(const rm_job *j) {
    rm_job_state s = rm_job_state_now(j);
    return s == RM_JOB_RUNNING || s == RM_JOB_PAUSED;
}

size_t rm_joblist_count(rm_joblist *l) {
    mtx_lock(&l->mu);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) k += l->e[i].listed != 0;
    mtx_unlock(&l->mu);
    return k;
}

size_t rm_joblist_active(rm_joblist *l) {
    mtx_lock(&l->mu);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) k += l->e[i].listed && is_active(l->e[i].job);
    mtx_unlock(&l->mu);
    return k;
}

unsigned long rm_joblist_generation(rm_joblist *l) {
    mtx_lock(&l->mu);
    unsigned long g = l->gen;
    mtx_unlock(&l->mu);
    return g;
}

int rm_joblist_hold_all(rm_joblist *l, rm_job ***out, size_t *n, rm_err *e) {
    mtx_lock(&l->mu);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) k += l->e[i].listed != 0;
    rm_job **a = NULL;
    if (k && !(a = malloc(k * sizeof *a))) {
        mtx_unlock(&l->mu);
        return rm_seterr(e, RM_ENOMEM, "out of memory copying the list of runs");
    }
    k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].listed) {
            l->e[i].holds++;
            a[k++] = l->e[i].job;
        }
    mtx_unlock(&l->mu);
    *out = a;
    *n = k;
    return RM_OK;
}

static entry *find(rm_joblist *l, const rm_job *j) {
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].job == j) return &l->e[i];
    return NULL;
}

void rm_joblist_hold(rm_joblist *l, rm_job *j) {
    mtx_lock(&l->mu);
    entry *p = find(l, j);
    if (p) p->holds++;
    mtx_unlock(&l->mu);
}

/* Drops entries neither listed nor held (mu held); their jobs go to *dead. */
static size_t sweep(rm_joblist *l, rm_job **dead) {
    size_t k = 0, nd = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!l->e[i].listed && l->e[i].holds <= 0) dead[nd++] = l->e[i].job;
        else l->e[k++] = l->e[i];
    }
    l->n = k;
    return nd;
}

void rm_joblist_release(rm_joblist *l, rm_job *j) {
    rm_job *dead = NULL;
    mtx_lock(&l->mu);
    entry *p = find(l, j);
    if (p && p->holds > 0 && --p->holds == 0 && !p->listed) {
        dead = p->job;
        memmove(p, p + 1, (size_t)(l->e + l->n - (p + 1)) * sizeof *p);
        l->n--;
    }
    mtx_unlock(&l->mu);
    rm_job_free(dead);   /* finished: joining it does not block */
}

void rm_joblist_stop_all(rm_joblist *l) {
    mtx_lock(&l->mu);
    for (size_t i = 0; i < l->n; i++) rm_job_stop(l->e[i].job);
    mtx_unlock(&l->mu);
}

void rm_joblist_wait_all(rm_joblist *l) {
    mtx_lock(&l->mu);
    for (size_t i = 0; i < l->n; i++) rm_job_wait(l->e[i].job, NULL);
    mtx_unlock(&l->mu);
}

size_t rm_joblist_clear_finished(rm_joblist *l, int (*keep)(void *ud, const rm_job *j),
                                 void *ud) {
    mtx_lock(&l->mu);
    size_t cleared = 0;
    for (size_t i = 0; i < l->n; i++) {
        entry *p = &l->e[i];
        if (!p->listed || is_active(p->job) || (keep && keep(ud, p->job))) continue;
        p->listed = 0;
        cleared++;
    }
    rm_job **dead = cleared ? malloc(l->n * sizeof *dead) : NULL;
    size_t nd = dead ? sweep(l, dead) : 0;   /* without memory the entries wait for the next release */
    if (cleared) l->gen++;
    mtx_unlock(&l->mu);
    for (size_t i = 0; i < nd; i++) rm_job_free(dead[i]);
    free(dead);
    return cleared;
}
