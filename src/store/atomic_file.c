/* atomic_file.c: crash-safe replacement of a file (temporary file, fsync, rename, fsync of
 * the directory). See atomic_file.h for the guarantee. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "atomic_file.h"

static void afile_release(rm_afile *f) {
    if (f->fd >= 0) close(f->fd);
    f->fd = -1;
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
}

/* This host's name as temporary names carry it: at most 16 bytes, no '/'. */
static void short_host(char *out, size_t n) {
    char h[256] = "";
    gethostname(h, sizeof h - 1);
    snprintf(out, n < 17 ? n : 17, "%s", h[0] ? h : "localhost");
    for (char *p = out; *p; p++)
        if (*p == '/') *p = '_';
}

/* Removes "<base>.tmp.<pid>.<host>.XXXXXX" files beside path that a process of this host
   left behind when it was killed mid-save: only our own pattern, only this host's (on a
   shared file system another host's pid says nothing here), only if that pid is gone. */
static void remove_stale_tmp(const char *path) {
    char *copy = strdup(path), *copy2 = strdup(path);
    if (!copy || !copy2) {
        free(copy), free(copy2);
        return;
    }
    const char *dir = dirname(copy), *base = basename(copy2);
    char host[32], prefix[300];
    short_host(host, sizeof host);
    int plen = snprintf(prefix, sizeof prefix, "%s.tmp.", base);
    DIR *d = plen > 0 && (size_t)plen < sizeof prefix ? opendir(dir) : NULL;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        const char *name = de->d_name;
        if (strncmp(name, prefix, (size_t)plen)) continue;
        char *end;
        long pid = strtol(name + plen, &end, 10);
        size_t hl = strlen(host), rest = strlen(end);
        if (pid <= 0 || pid == (long)getpid() || *end != '.' || rest != 1 + hl + 7 ||
            strncmp(end + 1, host, hl) || end[1 + hl] != '.')
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* alive (or not ours to judge) */
        char *full = malloc(strlen(dir) + strlen(name) + 2);
        if (full) {
            sprintf(full, "%s/%s", dir, name);
            unlink(full);
            free(full);
        }
    }
    if (d) closedir(d);
    free(copy), free(copy2);
}

int rm_afile_open(rm_afile *f, const char *path, rm_err *e) {
    f->fd = -1;
    f->path = strdup(path);
    char host[32];
    short_host(host, sizeof host);
    f->tmp = malloc(strlen(path) + strlen(host) + sizeof ".tmp..XXXXXX" + 24);
    if (!f->path || !f->tmp) {
        afile_release(f);
        return rm_seterr(e, RM_ENOMEM, "out of memory");
    }
    remove_stale_tmp(path);
    sprintf(f->tmp, "%s.tmp.%ld.%s.XXXXXX", path, (long)getpid(), host);
    f->fd = mkstemp(f->tmp);
    if (f->fd < 0) {
        int err = errno;
        rm_seterr(e, RM_EIO, "%s: cannot create a temporary file beside it: %s", path,
                  strerror(err));
        afile_release(f);
        return RM_EIO;
    }
    /* mkstemp makes 0600; a checkpoint should be as readable as any other output file. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(f->fd, 0666 & ~mask);
    return RM_OK;
}

int rm_afile_write(rm_afile *f, const void *data, size_t n, rm_err *e) {
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0)
            return rm_seterr(e, RM_EIO, "%s: write failed: %s", f->path,
                             w < 0 ? strerror(errno) : "no progress");
        p += w;
        n -= (size_t)w;
    }
    return RM_OK;
}

/* Makes the rename itself durable: without this a power loss could bring back the old
   directory entry (or none) even though the data blocks were flushed. */
static int fsync_parent_dir(const char *path, rm_err *e) {
    char *copy = strdup(path);
    if (!copy) return rm_seterr(e, RM_ENOMEM, "out of memory");
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    free(copy);
    if (fd < 0) return rm_seterr(e, RM_EIO, "%s: cannot open its directory: %s", path, strerror(errno));
    int rc = fsync(fd);
    /* Some file systems refuse fsync on a directory (EINVAL); the rename has happened. */
    int err = errno;
    close(fd);
    if (rc != 0 && err != EINVAL)
        return rm_seterr(e, RM_EIO, "%s: fsync of its directory failed: %s", path, strerror(err));
    return RM_OK;
}

int rm_afile_commit(rm_afile *f, rm_err *e) {
    if (fsync(f->fd) != 0) {
        rm_seterr(e, RM_EIO, "%s: fsync failed: %s", f->path, strerror(errno));
        rm_afile_abort(f);
        return RM_EIO;
    }
    if (close(f->fd) != 0) {
        f->fd = -1;
        rm_seterr(e, RM_EIO, "%s: close failed: %s", f->path, strerror(errno));
        rm_afile_abort(f);
        return RM_EIO;
    }
    f->fd = -1;
    if (rename(f->tmp, f->path) != 0) {
        rm_seterr(e, RM_EIO, "%s: rename failed: %s", f->path, strerror(errno));
        rm_afile_abort(f);
        return RM_EIO;
    }
    int rc = fsync_parent_dir(f->path, e);
    afile_release(f);
    return rc;
}

void rm_afile_abort(rm_afile *f) {
    if (f->tmp) unlink(f->tmp);
    afile_release(f);
}

int rm_write_file_atomic(const char *path, const void *data, size_t n, rm_err *e) {
    rm_afile f;
    int rc = rm_afile_open(&f, path, e);
    if (rc) return rc;
    if ((rc = rm_afile_write(&f, data, n, e))) {
        rm_afile_abort(&f);
        return rc;
    }
    return rm_afile_commit(&f, e);
}
