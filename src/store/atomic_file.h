/* atomic_file.h: writing a file so that readers only ever see the old complete file or the
 * new complete file: the bytes go to a temporary file in the same directory, which is
 * fsync'd, renamed over the target, and the directory fsync'd so the rename is durable.
 * A crash or kill -9 at any point leaves the previous file intact (plus, at worst, a stray
 * "<name>.tmp.<pid>.<host>.XXXXXX", which the next write to the same path removes once no
 * process <pid> runs on this host; <host> is the host name's first 16 bytes). */
#ifndef RM_ATOMIC_FILE_H
#define RM_ATOMIC_FILE_H

#include <stddef.h>
#include "core/rm_err.h"

typedef struct {
    int fd;              /* the temporary file, -1 once closed */
    char *path;          /* the target */
    char *tmp;           /* the temporary file's name */
} rm_afile;

/* Creates the temporary file beside `path` (mode 0644 minus umask). */
int rm_afile_open(rm_afile *f, const char *path, rm_err *e);
/* Appends n bytes (retrying short writes). */
int rm_afile_write(rm_afile *f, const void *data, size_t n, rm_err *e);
/* fsync, rename over the target, fsync the directory; frees f. On failure the temporary
   file is removed and the target untouched. */
int rm_afile_commit(rm_afile *f, rm_err *e);
/* Gives up: removes the temporary file and frees f (safe after a failed call). */
void rm_afile_abort(rm_afile *f);

/* The whole sequence for a buffer already in memory. */
int rm_write_file_atomic(const char *path, const void *data, size_t n, rm_err *e);

#endif
