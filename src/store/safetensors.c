/* safetensors.c: writing and validating safetensors containers (see safetensors.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "atomic_file.h"
#include "safetensors.h"

static const struct {
    const char *name;
    size_t size;
} dtypes[RM_ST_NDTYPES] = {
    [RM_ST_BOOL] = {"BOOL", 1}, [RM_ST_U8] = {"U8", 1},    [RM_ST_I8] = {"I8", 1},
    [RM_ST_I16] = {"I16", 2},   [RM_ST_U16] = {"U16", 2},  [RM_ST_F16] = {"F16", 2},
    [RM_ST_BF16] = {"BF16", 2}, [RM_ST_I32] = {"I32", 4},  [RM_ST_U32] = {"U32", 4},
    [RM_ST_F32] = {"F32", 4},   [RM_ST_I64] = {"I64", 8},  [RM_ST_U64] = {"U64", 8},
    [RM_ST_F64] = {"F64", 8},
};

const char *rm_st_dtype_name(rm_st_dtype d) { return d < RM_ST_NDTYPES ? dtypes[d].name : "?"; }
size_t rm_st_dtype_size(rm_st_dtype d) { return d < RM_ST_NDTYPES ? dtypes[d].size : 0; }

static int host_is_little_endian(void) {
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* Copies n elements of `size` bytes, reversing each element's bytes on big-endian hosts
   (the file is always little-endian). */
static void copy_le(void *dst, const void *src, size_t n, size_t size) {
    if (host_is_little_endian() || size == 1) {
        memcpy(dst, src, n * size);
        return;
    }
    const unsigned char *s = src;
    unsigned char *d = dst;
    for (size_t i = 0; i < n; i++, s += size, d += size)
        for (size_t k = 0; k < size; k++) d[k] = s[size - 1 - k];
}

/* ---- writing ---- */

void rm_st_writer_init(rm_st_writer *w) {
    memset(w, 0, sizeof *w);
}

void rm_st_writer_free(rm_st_writer *w) {
    free(w->t);
    if (w->meta) json_decref(w->meta);
    memset(w, 0, sizeof *w);
}

int rm_st_add(rm_st_writer *w, const char *name, rm_st_dtype dtype, int ndim,
              const int64_t *shape, const void *data, rm_err *e) {
    if (strlen(name) >= sizeof w->t->name || !strcmp(name, "__metadata__"))
        return rm_seterr(e, RM_EINVAL, "bad tensor name '%s'", name);
    if (dtype >= RM_ST_NDTYPES || ndim < 0 || ndim > RM_ST_MAX_DIMS)
        return rm_seterr(e, RM_EINVAL, "tensor '%.60s': bad dtype or rank", name);
    if (w->n == w->cap) {
        int cap = w->cap ? 2 * w->cap : 32;
        rm_st_tensor *t = realloc(w->t, cap * sizeof *t);
        if (!t) return rm_seterr(e, RM_ENOMEM, "out of memory");
        w->t = t;
        w->cap = cap;
    }
    rm_st_tensor *t = &w->t[w->n];
    memset(t, 0, sizeof *t);
    strcpy(t->name, name);
    t->dtype = dtype;
    t->ndim = ndim;
    t->numel = 1;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] < 0) return rm_seterr(e, RM_EINVAL, "tensor '%.60s': negative dimension", name);
        t->shape[d] = shape[d];
        t->numel *= (size_t)shape[d];
    }
    t->data = data;
    t->nbytes = t->numel * dtypes[dtype].size;
    w->n++;
    return RM_OK;
}

int rm_st_meta_set(rm_st_writer *w, const char *key, const char *value, rm_err *e) {
    if (!w->meta && !(w->meta = json_object())) return rm_seterr(e, RM_ENOMEM, "out of memory");
    json_t *s = json_string(value);
    if (!s) return rm_seterr(e, RM_EINVAL, "metadata '%s' is not valid UTF-8", key);
    if (json_object_set_new(w->meta, key, s)) return rm_seterr(e, RM_ENOMEM, "out of memory");
    return RM_OK;
}

int rm_st_meta_setf(rm_st_writer *w, rm_err *e, const char *key, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return rm_st_meta_set(w, key, buf, e);
}

/* The header JSON, space-padded to a multiple of 8 bytes. */
static char *header_build(const rm_st_writer *w, size_t *len, rm_err *e) {
    json_t *h = json_object();
    if (!h) return rm_seterr(e, RM_ENOMEM, "out of memory"), NULL;
    if (w->meta) json_object_set(h, "__metadata__", w->meta);
    size_t off = 0;
    for (int i = 0; i < w->n; i++) {
        const rm_st_tensor *t = &w->t[i];
        json_t *shape = json_array();
        for (int d = 0; d < t->ndim; d++) json_array_append_new(shape, json_integer(t->shape[d]));
        json_t *ent = json_pack("{s:s, s:o, s:[I,I]}", "dtype", dtypes[t->dtype].name,
                                "shape", shape, "data_offsets", (json_int_t)off,
                                (json_int_t)(off + t->nbytes));
        if (!ent || json_object_set_new(h, t->name, ent)) {
            json_decref(h);
            return rm_seterr(e, RM_ENOMEM, "out of memory"), NULL;
        }
        off += t->nbytes;
    }
    char *s = json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(h);
    if (!s) return rm_seterr(e, RM_ENOMEM, "out of memory"), NULL;
    size_t n = strlen(s), padded = (n + 7) & ~(size_t)7;
    char *p = realloc(s, padded + 1);
    if (!p) {
        free(s);
        return rm_seterr(e, RM_ENOMEM, "out of memory"), NULL;
    }
    memset(p + n, ' ', padded - n);
    p[padded] = '\0';
    *len = padded;
    return p;
}

typedef int (*sink_fn)(void *ud, const void *data, size_t n, rm_err *e);

/* Streams the encoded file into a sink, converting tensors to little-endian in chunks. */
static int encode(const rm_st_writer *w, sink_fn sink, void *ud, rm_err *e) {
    size_t hlen;
    char *header = header_build(w, &hlen, e);
    if (!header) return e ? e->code : RM_ENOMEM;
    unsigned char len8[8];
    for (int i = 0; i < 8; i++) len8[i] = (unsigned char)((uint64_t)hlen >> (8 * i));
    int rc = sink(ud, len8, 8, e);
    if (!rc) rc = sink(ud, header, hlen, e);
    free(header);
    for (int i = 0; !rc && i < w->n; i++) {
        const rm_st_tensor *t = &w->t[i];
        size_t size = dtypes[t->dtype].size;
        if (host_is_little_endian() || size == 1) {
            if (t->nbytes) rc = sink(ud, t->data, t->nbytes, e);
            continue;
        }
        unsigned char chunk[4096];
        size_t per = sizeof chunk / size;
        for (size_t k = 0; !rc && k < t->numel; k += per) {
            size_t m = t->numel - k < per ? t->numel - k : per;
            copy_le(chunk, (const unsigned char *)t->data + k * size, m, size);
            rc = sink(ud, chunk, m * size, e);
        }
    }
    return rc;
}

static int sink_file(void *ud, const void *data, size_t n, rm_err *e) {
    return rm_afile_write(ud, data, n, e);
}

int rm_st_write(const rm_st_writer *w, const char *path, rm_err *e) {
    rm_afile f;
    int rc = rm_afile_open(&f, path, e);
    if (rc) return rc;
    if ((rc = encode(w, sink_file, &f, e))) {
        rm_afile_abort(&f);
        return rc;
    }
    return rm_afile_commit(&f, e);
}

typedef struct {
    unsigned char *p;
    size_t n, cap;
} membuf;

static int sink_mem(void *ud, const void *data, size_t n, rm_err *e) {
    membuf *m = ud;
    if (m->n + n > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;
        while (cap < m->n + n) cap *= 2;
        unsigned char *p = realloc(m->p, cap);
        if (!p) return rm_seterr(e, RM_ENOMEM, "out of memory");
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->n, data, n);
    m->n += n;
    return RM_OK;
}

int rm_st_encode(const rm_st_writer *w, unsigned char **out, size_t *n, rm_err *e) {
    membuf m = {0};
    int rc = encode(w, sink_mem, &m, e);
    if (rc) {
        free(m.p);
        return rc;
    }
    *out = m.p;
    *n = m.n;
    return RM_OK;
}

/* ---- reading ---- */

static int parse_dtype(const char *s, rm_st_dtype *d) {
    for (int i = 0; i < RM_ST_NDTYPES; i++)
        if (!strcmp(s, dtypes[i].name)) {
            *d = (rm_st_dtype)i;
            return 0;
        }
    return -1;
}

/* One tensor entry of the header, checked against the data section size. */
static int parse_entry(rm_st_tensor *t, const char *name, json_t *v, size_t data_size,
                       const char *what, rm_err *e) {
    memset(t, 0, sizeof *t);
    if (strlen(name) >= sizeof t->name)
        return rm_seterr(e, RM_EFORMAT, "%s: tensor name '%.40s...' is too long", what, name);
    strcpy(t->name, name);
    if (!json_is_object(v))
        return rm_seterr(e, RM_EFORMAT, "%s: tensor '%.60s' is not a JSON object", what, name);
    json_t *dt = json_object_get(v, "dtype"), *sh = json_object_get(v, "shape"),
           *off = json_object_get(v, "data_offsets");
    if (!json_is_string(dt) || parse_dtype(json_string_value(dt), &t->dtype))
        return rm_seterr(e, RM_EFORMAT, "%s: tensor '%.60s' has an unknown dtype%s%.20s", what,
                         name, json_is_string(dt) ? " " : "",
                         json_is_string(dt) ? json_string_value(dt) : "");
    if (!json_is_array(sh) || json_array_size(sh) > RM_ST_MAX_DIMS)
        return rm_seterr(e, RM_EFORMAT, "%s: tensor '%.60s' has a bad shape", what, name);
    t->ndim = (int)json_array_size(sh);
    size_t numel = 1;
    for (int d = 0; d < t->ndim; d++) {
        json_t *x = json_array_get(sh, d);
        if (!json_is_integer(x) || json_integer_value(x) < 0)
            return rm_seterr(e, RM_EFORMAT, "%s: tensor '%.60s' has a bad shape", what, name);
        t->shape[d] = json_integer_value(x);
        /* every element needs at least one byte in the data section, so a tensor larger
           than the section is impossible whatever its dtype: this also rules out overflow */
        if (t->shape[d] > 0 && numel > data_size / (uint64_t)t->shape[d])
            return rm_seterr(e, RM_EFORMAT, "%s: tensor '%.60s' has more elements than the file has bytes",
                             what, name);
        numel *= (size_t)t->shape[d];
    }
    t->numel = numel;
    if (!json_is_array(off) || json_array_size(off) != 2 ||
        !json_is_integer(json_array_get(off, 0)) || !json_is_integer(json_array_get(off, 1)))
        return rm_seterr(e, RM_EFORMAT, "%s: tensor '%.60s' has bad data_offsets", what, name);
    json_int_t b = json_integer_value(json_array_get(off, 0));
    json_int_t en = json_integer_value(json_array_get(off, 1));
    if (b < 0 || en < b || (uint64_t)en > data_size)
        return rm_seterr(e, RM_EFORMAT,
                         "%s: tensor '%.60s' has data_offsets [%lld, %lld] outside the %zu-byte data section",
                         what, name, (long long)b, (long long)en, data_size);
    size_t size = dtypes[t->dtype].size;
    if (numel > data_size / size || (size_t)(en - b) != numel * size)
        return rm_seterr(e, RM_EFORMAT,
                         "%s: tensor '%.60s' spans %lld bytes but its shape and dtype need %zu", what,
                         name, (long long)(en - b), numel * size);
    t->nbytes = (size_t)(en - b);
    t->data = (const void *)(uintptr_t)b; /* an offset until the section is located */
    return RM_OK;
}

static int by_offset(const void *a, const void *b) {
    uintptr_t x = (uintptr_t)((const rm_st_tensor *)a)->data;
    uintptr_t y = (uintptr_t)((const rm_st_tensor *)b)->data;
    size_t nx = ((const rm_st_tensor *)a)->nbytes, ny = ((const rm_st_tensor *)b)->nbytes;
    if (x != y) return x < y ? -1 : 1;
    return nx < ny ? -1 : nx > ny;
}

static int st_parse(rm_st_file *f, const void *vbuf, size_t n, const char *what, rm_err *e) {
    memset(f, 0, sizeof *f);
    const unsigned char *buf = vbuf;
    f->buf = (unsigned char *)vbuf;
    f->size = n;
    if (n < 8)
        return rm_seterr(e, RM_EFORMAT, "%s: too short (%zu bytes) to be a safetensors file", what, n);
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = hlen << 8 | buf[i];
    if (hlen > RM_ST_MAX_HEADER)
        return rm_seterr(e, RM_EFORMAT, "%s: header length %llu exceeds the %u-byte limit "
                         "(not a safetensors file?)", what, (unsigned long long)hlen, RM_ST_MAX_HEADER);
    if (hlen > n - 8)
        return rm_seterr(e, RM_EFORMAT, "%s: header length %llu exceeds the file size (%zu bytes): "
                         "truncated?", what, (unsigned long long)hlen, n);
    if (hlen < 2 || buf[8] != '{')
        return rm_seterr(e, RM_EFORMAT, "%s: header is not a JSON object", what);
    json_error_t jerr;
    f->header = json_loadb((const char *)buf + 8, hlen, JSON_REJECT_DUPLICATES, &jerr);
    if (!f->header)
        return rm_seterr(e, RM_EFORMAT, "%s: bad JSON header: %s (line %d, column %d)", what,
                         jerr.text, jerr.line, jerr.column);
    if (!json_is_object(f->header)) {
        rm_st_close(f);
        return rm_seterr(e, RM_EFORMAT, "%s: header is not a JSON object", what);
    }
    const size_t data_start = 8 + (size_t)hlen, data_size = n - data_start;
    size_t count = json_object_size(f->header);
    if (count > RM_ST_MAX_TENSORS + 1) {
        rm_st_close(f);
        return rm_seterr(e, RM_EFORMAT, "%s: too many tensors (%zu)", what, count);
    }
    f->t = calloc(count ? count : 1, sizeof *f->t);
    if (!f->t) {
        rm_st_close(f);
        return rm_seterr(e, RM_ENOMEM, "out of memory");
    }
    const char *key;
    json_t *v;
    int rc = RM_OK;
    json_object_foreach(f->header, key, v) {
        if (!strcmp(key, "__metadata__")) {
            if (!json_is_object(v)) {
                rc = rm_seterr(e, RM_EFORMAT, "%s: __metadata__ is not a JSON object", what);
                break;
            }
            const char *mk;
            json_t *mv;
            json_object_foreach(v, mk, mv) if (!json_is_string(mv)) {
                rc = rm_seterr(e, RM_EFORMAT, "%s: metadata '%.60s' is not a string", what, mk);
                break;
            }
            if (rc) break;
            f->meta = v;
            continue;
        }
        if ((rc = parse_entry(&f->t[f->n], key, v, data_size, what, e))) break;
        f->n++;
    }
    if (rc) {
        rm_st_close(f);
        return rc;
    }
    /* The byte ranges, in offset order, must tile [0, data_size) exactly. */
    rm_st_tensor *sorted = malloc((f->n ? f->n : 1) * sizeof *sorted);
    if (!sorted) {
        rm_st_close(f);
        return rm_seterr(e, RM_ENOMEM, "out of memory");
    }
    memcpy(sorted, f->t, f->n * sizeof *sorted);
    qsort(sorted, f->n, sizeof *sorted, by_offset);
    size_t expect = 0;
    for (int i = 0; i < f->n && !rc; i++) {
        size_t b = (uintptr_t)sorted[i].data;
        if (b < expect)
            rc = rm_seterr(e, RM_EFORMAT, "%s: tensors '%.60s' and '%.60s' overlap", what,
                           sorted[i - 1].name, sorted[i].name);
        else if (b > expect)
            rc = rm_seterr(e, RM_EFORMAT, "%s: %zu unused bytes before tensor '%.60s'", what,
                           b - expect, sorted[i].name);
        expect = b + sorted[i].nbytes;
    }
    free(sorted);
    if (!rc && expect != data_size)
        rc = rm_seterr(e, RM_EFORMAT, "%s: %zu bytes after the last tensor", what, data_size - expect);
    if (rc) {
        rm_st_close(f);
        return rc;
    }
    for (int i = 0; i < f->n; i++)
        f->t[i].data = buf + data_start + (uintptr_t)f->t[i].data;
    return RM_OK;
}

int rm_st_parse(rm_st_file *f, const void *buf, size_t n, const char *what, rm_err *e) {
    int rc = st_parse(f, buf, n, what, e);
    if (rc) rm_err_one_line(e);
    return rc;
}

int rm_st_read(rm_st_file *f, const char *path, size_t max_bytes, rm_err *e) {
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp) return rm_seterr(e, RM_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        return rm_seterr(e, RM_EIO, "%s: not a regular file", path);
    }
    size_t n = (size_t)st.st_size;
    if (max_bytes && n > max_bytes) {
        fclose(fp);
        return rm_seterr(e, RM_EFORMAT, "%s: %zu bytes is larger than the %zu-byte limit", path,
                         n, max_bytes);
    }
    /* 8-byte alignment of the buffer keeps the aligned tensors aligned in memory */
    unsigned char *buf = malloc(n ? n : 1);
    if (!buf) {
        fclose(fp);
        return rm_seterr(e, RM_ENOMEM, "%s: out of memory for %zu bytes", path, n);
    }
    size_t got = fread(buf, 1, n, fp);
    int err = ferror(fp);
    fclose(fp);
    if (got != n || err) {
        free(buf);
        return rm_seterr(e, RM_EIO, "%s: read failed", path);
    }
    int rc = rm_st_parse(f, buf, n, path, e);
    if (rc) {
        free(buf);
        return rc;
    }
    f->owns_buf = 1;
    return RM_OK;
}

void rm_st_close(rm_st_file *f) {
    if (f->header) json_decref(f->header);
    free(f->t);
    if (f->owns_buf) free(f->buf);
    memset(f, 0, sizeof *f);
}

const rm_st_tensor *rm_st_find(const rm_st_file *f, const char *name) {
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->t[i].name, name)) return &f->t[i];
    return NULL;
}

const char *rm_st_meta(const rm_st_file *f, const char *key) {
    if (!f->meta) return NULL;
    json_t *v = json_object_get(f->meta, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

void rm_err_one_line(rm_err *e) {
    if (!e) return;
    for (unsigned char *p = (unsigned char *)e->msg; *p; p++)
        if (*p < 0x20 || *p == 0x7f) *p = '?';
}

void rm_st_copy(const rm_st_tensor *t, void *dst) {
    copy_le(dst, t->data, t->numel, dtypes[t->dtype].size);
}
