/* joblist.h: the training runs a session has started, in start order, for whoever shows or
 * counts them (the workbench's panes, the quit question, Lua's run objects). Any number of
 * entries; finished ones can be cleared. Thread-safe: one mutex guards the list (the jobs
 * themselves are thread-safe, job.h).
 *
 * Ownership: the list owns every job added to it. Whoever keeps a job pointer beyond the
 * current call (a Lua run object, the workbench's run table) holds it (rm_joblist_hold /
 * rm_joblist_hold_all) and releases it when done. Clearing takes finished jobs out of the
 * listing at once; each is freed when its last holder releases it. */
#ifndef RM_JOBLIST_H
#define RM_JOBLIST_H

#include <stddef.h>
#include "job.h"

typedef struct rm_joblist rm_joblist;

/* NULL if out of memory. */
rm_joblist *rm_joblist_new(void);
/* Stops every job (listed, cleared or held), waits for it and frees it, then the list.
   No pointer from the list may be used afterwards. */
void rm_joblist_free(rm_joblist *l);
/* Lists j and takes it over. RM_ENOMEM (message in e): not added, the caller still owns j. */
int rm_joblist_add(rm_joblist *l, rm_job *j, rm_err *e);

/* Listed jobs (cleared ones do not count). */
size_t rm_joblist_count(rm_joblist *l);
/* Listed jobs that are RUNNING or PAUSED. */
size_t rm_joblist_active(rm_joblist *l);
/* A number that changes whenever a job is added or cleared: pollers compare it to skip
   copying an unchanged list. */
unsigned long rm_joblist_generation(rm_joblist *l);

/* A malloc'd copy of the listed jobs, oldest first, each held once (the caller releases
   each and frees the array). *out is NULL when the list is empty. RM_ENOMEM on failure. */
int rm_joblist_hold_all(rm_joblist *l, rm_job ***out, size_t *n, rm_err *e);
/* One more holder of j (a job of this list; anything else is ignored). */
void rm_joblist_hold(rm_joblist *l, rm_job *j);
/* One holder less; a cleared job nobody holds is freed here. */
void rm_joblist_release(rm_joblist *l, rm_job *j);

/* Asks every job to stop (returns at once). */
void rm_joblist_stop_all(rm_joblist *l);
/* Waits until every job's worker has ended (the list is locked meanwhile). */
void rm_joblist_wait_all(rm_joblist *l);
/* Takes finished jobs (DONE, STOPPED, FAILED) out of the listing, except those keep()
   says someone still points at (keep may be NULL). Called on one thread, keep runs with
   the list locked and must not call back into it. Returns how many were cleared. */
size_t rm_joblist_clear_finished(rm_joblist *l, int (*keep)(void *ud, const rm_job *j),
                                 void *ud);

#endif
