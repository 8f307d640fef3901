/* safetensors.h: the public safetensors container, independent of what recmem stores in it.
 *
 * Layout: an 8-byte little-endian header length n, n bytes of JSON (an object mapping each
 * tensor name to {"dtype", "shape", "data_offsets": [begin, end]} plus an optional
 * "__metadata__" object of string values), then the raw little-endian tensor bytes, offsets
 * relative to the end of the header. The writer pads the header with spaces to a multiple
 * of 8 bytes so every tensor is aligned, as the reference implementation does.
 *
 * rm_st_parse validates the whole header before anyone touches tensor data: header length
 * against the buffer size and a 100 MB cap, the JSON, every dtype, shape and byte count,
 * and that the tensors' byte ranges lie in bounds, do not overlap and cover the data
 * section exactly (no holes, no trailing bytes). Every failure is one line naming the
 * problem. */
#ifndef RM_SAFETENSORS_H
#define RM_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/rm_err.h"

#define RM_ST_MAX_HEADER (100u << 20)  /* the reference implementation's limit */
#define RM_ST_MAX_DIMS 8
#define RM_ST_MAX_TENSORS 4096

typedef enum {
    RM_ST_BOOL, RM_ST_U8, RM_ST_I8, RM_ST_I16, RM_ST_U16, RM_ST_F16, RM_ST_BF16,
    RM_ST_I32, RM_ST_U32, RM_ST_F32, RM_ST_I64, RM_ST_U64, RM_ST_F64, RM_ST_NDTYPES
} rm_st_dtype;

const char *rm_st_dtype_name(rm_st_dtype d);   /* "F32", ... */
size_t rm_st_dtype_size(rm_st_dtype d);        /* bytes per element */

typedef struct {
    char name[128];
    rm_st_dtype dtype;
    int ndim;
    int64_t shape[RM_ST_MAX_DIMS];
    size_t numel;
    const void *data;  /* writer: host-order source (borrowed); reader: little-endian bytes
                          inside the file buffer */
    size_t nbytes;
} rm_st_tensor;

/* ---- writing ---- */

typedef struct {
    rm_st_tensor *t;
    int n, cap;
    json_t *meta;      /* __metadata__, string values only */
} rm_st_writer;

void rm_st_writer_init(rm_st_writer *w);
void rm_st_writer_free(rm_st_writer *w);
/* Adds a tensor; `data` (host byte order) is borrowed until the file is written.
   Shape entries must be >= 0; ndim 0 is a scalar. */
int rm_st_add(rm_st_writer *w, const char *name, rm_st_dtype dtype, int ndim,
              const int64_t *shape, const void *data, rm_err *e);
/* Sets a __metadata__ entry (both strings copied). */
int rm_st_meta_set(rm_st_writer *w, const char *key, const char *value, rm_err *e);
int rm_st_meta_setf(rm_st_writer *w, rm_err *e, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes the file atomically (see atomic_file.h). */
int rm_st_write(const rm_st_writer *w, const char *path, rm_err *e);
/* Encodes into a malloc'd buffer (tests, fuzz seeds). */
int rm_st_encode(const rm_st_writer *w, unsigned char **out, size_t *n, rm_err *e);

/* ---- reading ---- */

typedef struct {
    unsigned char *buf;   /* the whole file (owned if read with rm_st_read) */
    size_t size;
    int owns_buf;
    json_t *header;
    json_t *meta;         /* borrowed from header; NULL if there is none */
    rm_st_tensor *t;      /* in file order of data_offsets */
    int n;
} rm_st_file;

/* Validates buf[0..n) (borrowed: it must outlive f). `what` names the source in messages
   (a path, or "buffer"). */
int rm_st_parse(rm_st_file *f, const void *buf, size_t n, const char *what, rm_err *e);
/* Reads and validates a file (at most max_bytes; 0 for no limit beyond memory). */
int rm_st_read(rm_st_file *f, const char *path, size_t max_bytes, rm_err *e);
void rm_st_close(rm_st_file *f);

const rm_st_tensor *rm_st_find(const rm_st_file *f, const char *name);
/* A metadata string, or NULL if absent. */
const char *rm_st_meta(const rm_st_file *f, const char *key);
/* Messages quote names and values from the file, which may hold anything: this replaces
   control characters (newlines...) in e->msg so the message stays one printable line.
   The loaders call it on every failure. */
void rm_err_one_line(rm_err *e);

/* Copies a tensor's elements into dst (host byte order): dst holds t->nbytes bytes. */
void rm_st_copy(const rm_st_tensor *t, void *dst);

#endif
