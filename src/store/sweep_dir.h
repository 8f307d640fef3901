/* sweep_dir.h: a sweep directory on disk: the description with its expanded points, one
 * checkpoint, one result file and one log per point. Every file is written atomically, and
 * every file belongs to one point, so any number of processes (local workers, SLURM array
 * tasks on other hosts) can work on different points of one sweep without locks.
 *
 *   DIR/sweep.json              {"format": "recmem.sweep", "version": 1, "name", "base",
 *                                "axes": [{"key", "spec", "values"}...], "order",
 *                                "points": [{run config}...]}
 *   DIR/points/NNNN.safetensors the point's checkpoint (recmem train -o, --checkpoint-every)
 *   DIR/results/NNNN.json       {"point", "config", "status" ("done" | "failed"),
 *                                "test_infloss", "keep", "si", "seconds", "iters",
 *                                "resumed_from", "error", "train" (train --json's object)}
 *   DIR/results/NNNN.running    {"host", "pid", "slurm_job"} while a process works on it
 *   DIR/logs/NNNN.log           the point's stderr, appended over its attempts
 *   DIR/slurm/                  the job-array script and the submissions (sweep_slurm.c)
 * NNNN is the point's index from 0, zero-padded to 4 digits (more when there are more
 * points); it is the SLURM array index. */
#ifndef RM_SWEEP_DIR_H
#define RM_SWEEP_DIR_H

#include <stddef.h>
#include <jansson.h>
#include "core/rm_err.h"

#define RM_SWEEP_FORMAT "recmem.sweep"
#define RM_SWEEP_VERSION 1

typedef struct {
    char *dir;          /* as given, without trailing '/' */
    json_t *desc;       /* the whole sweep.json */
    json_t *points;     /* borrowed from desc: the array of run configs */
    size_t n;           /* number of points */
    const char *name;   /* borrowed from desc */
} rm_sweep;

typedef enum {
    RM_POINT_MISSING,   /* no result and nobody on it (it may have a checkpoint) */
    RM_POINT_RUNNING,   /* a live process has claimed it */
    RM_POINT_DONE,
    RM_POINT_FAILED,
} rm_point_state;

const char *rm_point_state_name(rm_point_state s);

/* Makes DIR (and points/, results/, logs/) and writes desc as DIR/sweep.json; desc is
   borrowed. If DIR already holds a sweep, it must be the same one (same name and points):
   RM_EINVAL naming the directory otherwise. Then opens it as rm_sweep_open does. */
int rm_sweep_create(const char *dir, json_t *desc, rm_sweep **out, rm_err *e);
/* Opens the sweep in DIR (reads and checks sweep.json). */
int rm_sweep_open(const char *dir, rm_sweep **out, rm_err *e);
void rm_sweep_free(rm_sweep *s);   /* NULL is fine */

/* DIR/<kind>/NNNN<ext> for kind "points" (.safetensors), "results" (.json), "running"
   (results/NNNN.running), "logs" (.log), "out" (logs/NNNN.out: train's stdout). */
void rm_sweep_path(const rm_sweep *s, const char *kind, size_t i, char *buf, size_t n);
const json_t *rm_sweep_point(const rm_sweep *s, size_t i);
/* A point's run config value (or an axis value) as text for tables and labels: strings as
   they are, reals to 6 significant digits, "-" for null. */
void rm_sweep_value_text(const json_t *v, char *buf, size_t n);

/* The point's state; *result (may be NULL) gets its result object (new reference) if it
   has one. A claim whose process is gone (same host, no such pid) does not count. */
rm_point_state rm_sweep_state(const rm_sweep *s, size_t i, json_t **result);

/* Claims point i for this process (creates results/NNNN.running; of several processes
   claiming at once, one wins; a claim whose process is gone is taken over). RM_EINVAL if
   a live process holds it. rm_sweep_unclaim drops the claim. */
int rm_sweep_claim(const rm_sweep *s, size_t i, rm_err *e);
void rm_sweep_unclaim(const rm_sweep *s, size_t i);
/* Writes the result object (borrowed) atomically. */
int rm_sweep_result_write(const rm_sweep *s, size_t i, json_t *result, rm_err *e);

/* Writes a JSON value to path atomically (2-space indent, keys in order). */
int rm_json_write_atomic(const char *path, json_t *j, rm_err *e);
/* mkdir -p (mode 0777 minus umask). */
int rm_mkdirs(const char *path, rm_err *e);

#endif
