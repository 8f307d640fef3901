/* sweep.h: what the files of `recmem sweep` share: the description (sweep_spec.c), one
 * point as a child process (sweep_point.c), the local pool (sweep_pool.c) and SLURM
 * (sweep_slurm.c). The sweep directory itself is the store's (store/sweep_dir.h). */
#ifndef RM_CLI_SWEEP_H
#define RM_CLI_SWEEP_H

#include <stddef.h>
#include <sys/types.h>
#include <jansson.h>
#include "store/sweep_dir.h"

/* ---- sweep_spec.c: description -> points ---- */

/* The run config's keys, in the order points are expanded (see sweep_expand). */
extern const char *const sweep_keys[];
/* Index of key in sweep_keys, or -1. */
int sweep_key_index(const char *key);

/* Expands a raw description {"name", "base": {key: value}, "axes": {key: spec}} into the
   form sweep.json holds (new reference; see sweep_dir.h). A spec is a value, a string
   "lo:hi:n" (n evenly spaced values, both ends), "a,b,c", "lo-hi" (whole numbers), or an
   array of values. Axes are expanded in sweep_keys order whatever order they were given
   in, the last one fastest; an axis with one value is part of the base. `where` prefixes
   messages ("" for flags: "--lambda: ...", or "file.lua: " for a file). NULL with a
   one-line message in err on bad input. */
json_t *sweep_expand(const json_t *raw, const char *where, char *err, size_t n);
/* ---- sweep_point.c: one point as a `recmem train` child ---- */

/* The argument vector that trains point pt (NULL-terminated, malloc'd; free with
   sweep_argv_free). ckpt NULL: no checkpoint (a timing run); resume: continue ckpt.
   NULL with err filled if the point has a key `recmem train` cannot take. */
char **sweep_point_argv(const json_t *pt, const char *ckpt, int resume, long ckpt_every,
                        char *err, size_t n);
void sweep_argv_free(char **argv);
/* The recmem binary running now (for exec and for the SLURM script). */
const char *sweep_self_exe(void);

typedef struct {
    pid_t pid;
    size_t i;
    double t0;
    long resumed_from;   /* iteration of the checkpoint it continues, 0 if fresh */
    long log_off;        /* where this attempt's stderr starts in logs/NNNN.log */
} sweep_child;

/* Starts point i (resuming its checkpoint if there is one) in its own process group, one
   BLAS thread, stdout to logs/NNNN.out and stderr appended to logs/NNNN.log. */
int sweep_point_start(const rm_sweep *s, size_t i, long ckpt_every, sweep_child *c, rm_err *e);
/* After waitpid: writes the point's result (done or failed, with the message) and returns
   RM_POINT_DONE or RM_POINT_FAILED, or -1 if it was interrupted (stopped = the pool or
   runner forwarded a stop signal): then it has no result and resumes next time.
   *result (may be NULL) gets the result written. */
int sweep_point_finish(const rm_sweep *s, const sweep_child *c, int wstatus, int stopped,
                       json_t **result);
/* One line about a finished point for the log ("point 0003 done in 12.3 s: ..."). */
void sweep_point_summary(const rm_sweep *s, size_t i, const json_t *result, char *buf, size_t n);

/* ---- sweep_pool.c: the local worker pool ---- */

/* Trains every point of s that is not done (and not claimed by a live process) with `jobs`
   workers. Exit status: 0 all done, 1 some failed, 130 interrupted. */
int sweep_pool_run(const rm_sweep *s, int jobs, long ckpt_every);
/* `recmem sweep run DIR --point I`: trains one point in the foreground. */
int sweep_run_one(const rm_sweep *s, size_t i, long ckpt_every);

/* ---- sweep_status.c, sweep_collect.c ---- */

/* `sweep status`: a table (or csv / json; grid: "" or "X,Y" for --grid). Exit status. */
int sweep_status(const rm_sweep *s, int csv, int json, const char *grid);
/* `sweep collect`: every point with a result and a network into the registry at db, named
   after the sweep; idempotent (keyed by the checkpoint's absolute path). Exit status. */
int sweep_collect(const rm_sweep *s, const char *db);

/* ---- sweep_slurm.c: SLURM job arrays ---- */

typedef struct {
    const char *partition, *time, *mem;
    long max_running;            /* 0: no throttle */
    const char *extra[32];       /* --sbatch-arg, one #SBATCH line each */
    int n_extra;
    int dry_run;                 /* write the script, do not submit */
} sweep_slurm_opts;

/* Writes DIR/slurm/sweep.sbatch and submits the points that are missing or failed as one
   array job. Prints the job id on stdout. */
int sweep_slurm_submit(const rm_sweep *s, const sweep_slurm_opts *o, long ckpt_every);

#endif
