/* sweep_dir.c: the files of a sweep directory (see sweep_dir.h for the layout). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sweep_dir.h"
#include "store/atomic_file.h"

const char *rm_point_state_name(rm_point_state s) {
    static const char *const names[] = {"missing", "running", "done", "failed"};
    return names[s];
}

int rm_mkdirs(const char *path, rm_err *e) {
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return rm_seterr(e, RM_EINVAL, "%s: path too long", path);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p) continue;
        char c = *p;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return rm_seterr(e, RM_EIO, "%s: cannot create: %s", buf, strerror(errno));
        *p = c;
        if (!c) break;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return rm_seterr(e, RM_EIO, "%s: not a directory", path);
    return RM_OK;
}

int rm_json_write_atomic(const char *path, json_t *j, rm_err *e) {
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    if (!text) return rm_seterr(e, RM_ENOMEM, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n';   /* json_dumps leaves room: replace the NUL, write n + 1 bytes */
    int rc = rm_write_file_atomic(path, text, n + 1, e);
    free(text);
    return rc;
}

void rm_sweep_path(const rm_sweep *s, const char *kind, size_t i, char *buf, size_t n) {
    int w = 4;
    for (size_t m = s->n; m > 10000; m /= 10) w++;
    const char *sub = kind, *ext = "";
    if (!strcmp(kind, "points")) ext = ".safetensors";
    else if (!strcmp(kind, "results")) ext = ".json";
    else if (!strcmp(kind, "running")) sub = "results", ext = ".running";
    else if (!strcmp(kind, "logs")) ext = ".log";
    else if (!strcmp(kind, "out")) sub = "logs", ext = ".out";
    snprintf(buf, n, "%s/%s/%0*zu%s", s->dir, sub, w, i, ext);
}

const json_t *rm_sweep_point(const rm_sweep *s, size_t i) {
    return json_array_get(s->points, i);
}

void rm_sweep_value_text(const json_t *v, char *buf, size_t n) {
    if (json_is_string(v)) snprintf(buf, n, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(buf, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) snprintf(buf, n, "%.6g", json_real_value(v));
    else if (json_is_true(v)) snprintf(buf, n, "true");
    else if (json_is_false(v)) snprintf(buf, n, "false");
    else snprintf(buf, n, "-");
}

void rm_sweep_free(rm_sweep *s) {
    if (!s) return;
    json_decref(s->desc);
    free(s->dir);
    free(s);
}

/* Takes ownership of desc. */
static int sweep_from(const char *dir, json_t *desc, rm_sweep **out, rm_err *e) {
    *out = NULL;
    json_t *fmt = json_object_get(desc, "format"), *ver = json_object_get(desc, "version");
    json_t *pts = json_object_get(desc, "points"), *name = json_object_get(desc, "name");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), RM_SWEEP_FORMAT) ||
        !json_is_integer(ver) || !json_is_array(pts) || !json_is_string(name)) {
        json_decref(desc);
        return rm_seterr(e, RM_EFORMAT, "%s/sweep.json: not a recmem sweep description", dir);
    }
    if (json_integer_value(ver) > RM_SWEEP_VERSION) {
        json_decref(desc);
        return rm_seterr(e, RM_EFORMAT, "%s/sweep.json: version %lld is newer than this recmem's (%d)",
                         dir, (long long)json_integer_value(ver), RM_SWEEP_VERSION);
    }
    for (size_t i = 0; i < json_array_size(pts); i++)
        if (!json_is_object(json_array_get(pts, i))) {
            json_decref(desc);
            return rm_seterr(e, RM_EFORMAT, "%s/sweep.json: point %zu is not an object", dir, i);
        }
    rm_sweep *s = calloc(1, sizeof *s);
    if (!s || !(s->dir = strdup(dir))) {
        free(s);
        json_decref(desc);
        return rm_seterr(e, RM_ENOMEM, "out of memory");
    }
    for (size_t k = strlen(s->dir); k > 1 && s->dir[k - 1] == '/'; k--) s->dir[k - 1] = '\0';
    s->desc = desc;
    s->points = pts;
    s->n = json_array_size(pts);
    s->name = json_string_value(name);
    *out = s;
    return RM_OK;
}

int rm_sweep_open(const char *dir, rm_sweep **out, rm_err *e) {
    char path[4096];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    json_error_t je;
    json_t *desc = json_load_file(path, 0, &je);
    if (!desc) {
        *out = NULL;
        if (access(path, F_OK) != 0)
            return rm_seterr(e, RM_EIO, "%s: no sweep here (no sweep.json)", dir);
        return rm_seterr(e, RM_EFORMAT, "%s: line %d: %s", path, je.line, je.text);
    }
    return sweep_from(dir, desc, out, e);
}

int rm_sweep_create(const char *dir, json_t *desc, rm_sweep **out, rm_err *e) {
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    if (access(path, F_OK) == 0) {
        rm_sweep *old;
        int rc = rm_sweep_open(dir, &old, e);
        if (rc) return rc;
        if (!json_equal(json_object_get(desc, "name"), json_object_get(old->desc, "name")) ||
            !json_equal(json_object_get(desc, "points"), old->points)) {
            rm_seterr(e, RM_EINVAL, "%s already holds sweep '%s' with other points (%zu); "
                      "pick another directory, or run it as it is with: recmem sweep %s",
                      dir, old->name, old->n, dir);
            rm_sweep_free(old);
            return RM_EINVAL;
        }
        *out = old;
        return RM_OK;
    }
    static const char *const subs[] = {"points", "results", "logs"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, subs[k]);
        int rc = rm_mkdirs(path, e);
        if (rc) return rc;
    }
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    int rc = rm_json_write_atomic(path, desc, e);
    if (rc) return rc;
    return sweep_from(dir, json_incref(desc), out, e);
}

static int claim_alive(const json_t *claim) {
    const char *host = json_string_value(json_object_get(claim, "host"));
    json_int_t pid = json_integer_value(json_object_get(claim, "pid"));
    char me[256] = "";
    gethostname(me, sizeof me - 1);
    if (!host || strcmp(host, me)) return 1;   /* another host's process: trust its claim */
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH);
}

rm_point_state rm_sweep_state(const rm_sweep *s, size_t i, json_t **result) {
    if (result) *result = NULL;
    char path[4096];
    rm_sweep_path(s, "results", i, path, sizeof path);
    json_t *r = json_load_file(path, 0, NULL);
    const char *st = r ? json_string_value(json_object_get(r, "status")) : NULL;
    if (st && (!strcmp(st, "done") || !strcmp(st, "failed"))) {
        rm_point_state state = !strcmp(st, "done") ? RM_POINT_DONE : RM_POINT_FAILED;
        if (result) *result = r;
        else json_decref(r);
        return state;
    }
    json_decref(r);
    rm_sweep_path(s, "running", i, path, sizeof path);
    json_t *claim = json_load_file(path, 0, NULL);
    int alive = claim && claim_alive(claim);
    json_decref(claim);
    return alive ? RM_POINT_RUNNING : RM_POINT_MISSING;
}

int rm_sweep_claim(const rm_sweep *s, size_t i, rm_err *e) {
    char path[4096], host[256] = "";
    gethostname(host, sizeof host - 1);
    const char *job = getenv("SLURM_JOB_ID");
    json_t *c = json_pack("{s:s, s:I, s:s?}", "host", host, "pid", (json_int_t)getpid(),
                          "slurm_job", job);
    char *text = c ? json_dumps(c, JSON_COMPACT) : NULL;
    json_decref(c);
    if (!text) return rm_seterr(e, RM_ENOMEM, "out of memory");
    rm_sweep_path(s, "running", i, path, sizeof path);
    /* O_EXCL: of two processes claiming one point, exactly one wins; a claim whose
       process is gone is removed and taken over */
    int rc = RM_OK;
    for (int tries = 0;; tries++) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            size_t len = strlen(text);
            if (write(fd, text, len) != (ssize_t)len)
                rc = rm_seterr(e, RM_EIO, "%s: %s", path, strerror(errno));
            close(fd);
            if (rc) unlink(path);
            break;
        }
        if (errno != EEXIST || tries > 0) {
            rc = errno == EEXIST ? rm_seterr(e, RM_EINVAL, "point %zu is claimed by another "
                                             "process (%s)", i, path)
                                 : rm_seterr(e, RM_EIO, "%s: %s", path, strerror(errno));
            break;
        }
        json_t *old = json_load_file(path, 0, NULL);
        int alive = old && claim_alive(old);
        json_decref(old);
        if (alive) {
            rc = rm_seterr(e, RM_EINVAL, "point %zu is claimed by another process (%s)", i, path);
            break;
        }
        unlink(path);
    }
    free(text);
    return rc;
}

void rm_sweep_unclaim(const rm_sweep *s, size_t i) {
    char path[4096];
    rm_sweep_path(s, "running", i, path, sizeof path);
    unlink(path);
}

int rm_sweep_result_write(const rm_sweep *s, size_t i, json_t *result, rm_err *e) {
    char path[4096];
    rm_sweep_path(s, "results", i, path, sizeof path);
    return rm_json_write_atomic(path, result, e);
}
