/* sweep_slurm.c: a sweep as a SLURM job array: writes DIR/slurm/sweep.sbatch (each array
 * task runs `recmem sweep run DIR --point $SLURM_ARRAY_TASK_ID`, which writes only that
 * point's files) and submits the points that are missing or failed with
 * `sbatch --parsable --array=LIST[%K]`. The scheduler's warning signal (--signal) reaches
 * the point as SIGINT a minute before a time limit, so it saves its checkpoint; a
 * resubmission resumes it from there. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "store/atomic_file.h"
#include "sweep.h"

/* "0-3,5,7-9": the indices as SLURM array ranges. */
static void array_list(const size_t *idx, size_t n, char *buf, size_t cap) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && len < cap;) {
        size_t j = k;
        while (j + 1 < n && idx[j + 1] == idx[j] + 1) j++;
        len += j > k ? snprintf(buf + len, cap - len, "%s%zu-%zu", k ? "," : "", idx[k], idx[j])
                     : snprintf(buf + len, cap - len, "%s%zu", k ? "," : "", idx[k]);
        k = j + 1;
    }
}

/* Single-quoted for the shell. */
static void shq(char *buf, size_t cap, const char *s) {
    size_t len = 0;
    len += snprintf(buf + len, cap - len, "'");
    for (; *s && len + 5 < cap; s++)
        len += *s == '\'' ? snprintf(buf + len, cap - len, "'\\''")
                          : snprintf(buf + len, cap - len, "%c", *s);
    snprintf(buf + len, cap - len, "'");
}

static int write_script(const rm_sweep *s, const char *absdir, const sweep_slurm_opts *o,
                        long ckpt_every, const char *path) {
    char qexe[4200], qdir[4200], buf[16384];
    shq(qexe, sizeof qexe, sweep_self_exe());
    shq(qdir, sizeof qdir, absdir);
    size_t len = snprintf(buf, sizeof buf,
        "#!/bin/bash\n"
        "# written by recmem sweep --slurm: one array task per sweep point\n"
        "#SBATCH --job-name=recmem-%s\n"
        "#SBATCH --ntasks=1\n"
        "#SBATCH --cpus-per-task=1\n"
        "#SBATCH --output=%s/slurm/%%A_%%a.out\n"
        "# SIGINT a minute before the time limit: the point saves its checkpoint\n"
        "#SBATCH --signal=B:INT@60\n",
        s->name, absdir);
    if (o->partition) len += snprintf(buf + len, sizeof buf - len, "#SBATCH --partition=%s\n", o->partition);
    if (o->time) len += snprintf(buf + len, sizeof buf - len, "#SBATCH --time=%s\n", o->time);
    if (o->mem) len += snprintf(buf + len, sizeof buf - len, "#SBATCH --mem=%s\n", o->mem);
    for (int k = 0; k < o->n_extra; k++)
        len += snprintf(buf + len, sizeof buf - len, "#SBATCH %s\n", o->extra[k]);
    len += snprintf(buf + len, sizeof buf - len,
        "export OPENBLAS_NUM_THREADS=1\n"
        "exec %s sweep run %s --point \"$SLURM_ARRAY_TASK_ID\" --checkpoint-every %ld\n",
        qexe, qdir, ckpt_every);
    if (len >= sizeof buf) return cli_fail("sweep: the sbatch script is too long");
    rm_err e;
    if (rm_write_file_atomic(path, buf, len, &e)) return cli_error("sweep: %s", e.msg);
    return 0;
}

/* Runs sbatch, returns its stdout (the job id with --parsable) in out. */
static int run_sbatch(char *const argv[], char *out, size_t cap) {
    int fd[2];
    if (pipe(fd)) return cli_error("sweep: pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "recmem: sweep: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    if (pid < 0) {
        close(fd[0]);
        return cli_error("sweep: fork: %s", strerror(errno));
    }
    size_t len = 0;
    ssize_t k;
    while ((k = read(fd[0], out + len, cap - 1 - len)) > 0 || (k < 0 && errno == EINTR))
        if (k > 0) len += k;
    out[len] = '\0';
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(st) || WEXITSTATUS(st))
        return cli_error("sweep: sbatch failed (exit status %d); nothing was submitted",
                         WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    out[strcspn(out, ";\n")] = '\0';   /* "jobid[;cluster]" */
    if (!out[0]) return cli_error("sweep: sbatch printed no job id");
    return 0;
}

/* Marks in queued[] the points whose array tasks of this sweep's script are pending or
   running in the queue now (they have no claim until they start); nothing if squeue is
   unavailable. */
static void mark_queued(const rm_sweep *s, const char *script, unsigned char *queued) {
    char cmd[1024], job[300], qjob[1300];
    snprintf(job, sizeof job, "recmem-%s", s->name);
    shq(qjob, sizeof qjob, job);
    if (snprintf(cmd, sizeof cmd, "squeue -h -r -o '%%K %%o' --name=%s 2>/dev/null", qjob) >=
        (int)sizeof cmd)
        return;
    FILE *f = popen(cmd, "r");
    if (!f) return;
    char line[PATH_MAX + 64];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *sp = strchr(line, ' ');
        if (!sp || strcmp(sp + 1, script)) continue;   /* another sweep of that name */
        *sp = '\0';
        char *end;
        unsigned long idx = strtoul(line, &end, 10);
        if (!*end && idx < s->n) queued[idx] = 1;
    }
    pclose(f);
}

int sweep_slurm_submit(const rm_sweep *s, const sweep_slurm_opts *o, long ckpt_every) {
    char absdir[PATH_MAX], sdir[PATH_MAX + 8], script[PATH_MAX + 32];
    if (!realpath(s->dir, absdir)) return cli_error("sweep: %s: %s", s->dir, strerror(errno));
    snprintf(sdir, sizeof sdir, "%s/slurm", absdir);
    rm_err e;
    if (rm_mkdirs(sdir, &e)) return cli_error("sweep: %s", e.msg);
    snprintf(script, sizeof script, "%s/sweep.sbatch", sdir);
    int rc = write_script(s, absdir, o, ckpt_every, script);
    if (rc) return rc;
    size_t *idx = calloc(s->n ? s->n : 1, sizeof *idx), n = 0, done = 0, running = 0;
    unsigned char *queued = calloc(s->n ? s->n : 1, 1);
    if (!idx || !queued) {
        free(idx), free(queued);
        return cli_error("sweep: out of memory");
    }
    mark_queued(s, script, queued);
    for (size_t i = 0; i < s->n; i++) {
        rm_point_state st = rm_sweep_state(s, i, NULL);
        if (st == RM_POINT_DONE) done++;
        else if (st == RM_POINT_RUNNING || queued[i]) running++;
        else idx[n++] = i;
    }
    free(queued);
    if (n == 0) {
        free(idx);
        fprintf(stderr, "recmem: sweep %s: nothing to submit (%zu done, %zu running or queued)\n", s->name,
                done, running);
        return 0;
    }
    size_t cap = 16 * n + 64;
    char *array = malloc(cap), *arg = malloc(cap + 16);
    if (!array || !arg) {
        free(idx), free(array), free(arg);
        return cli_error("sweep: out of memory");
    }
    array_list(idx, n, array, cap);
    if (o->max_running > 0)
        snprintf(array + strlen(array), cap - strlen(array), "%%%ld", o->max_running);
    snprintf(arg, cap + 16, "--array=%s", array);
    char *argv[] = {"sbatch", "--parsable", arg, script, NULL};
    if (o->dry_run) {
        printf("%s\nsbatch --parsable %s %s\n", script, arg, script);
        fprintf(stderr, "recmem: sweep %s: dry run: would submit %zu points (%zu done, %zu "
                "running or queued)\n", s->name, n, done, running);
    } else {
        char job[256];
        rc = run_sbatch(argv, job, sizeof job);
        if (!rc) {
            /* a record of the submissions, for people and for `sweep status` */
            char jl[PATH_MAX + 32], line[512];
            snprintf(jl, sizeof jl, "%s/jobs", sdir);
            FILE *f = fopen(jl, "a");
            time_t now = time(NULL);
            strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
            if (f) {
                fprintf(f, "%s %s %s\n", job, line, arg + 8);
                fclose(f);
            }
            printf("%s\n", job);
            fprintf(stderr, "recmem: sweep %s: submitted job %s: %zu points (%s)\n", s->name, job,
                    n, arg + 8);
        }
    }
    free(idx);
    free(array);
    free(arg);
    return rc;
}
