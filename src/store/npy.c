/* npy.c: reading and writing NumPy .npy files (format 1.0 written; 1.0, 2.0 and 3.0 read).
 *
 * A file is: the magic "\x93NUMPY", a major and minor version byte, the header length
 * (2 bytes little-endian in 1.0, 4 bytes in 2.0/3.0), an ASCII header holding a Python
 * dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with
 * spaces and a newline so the data starts on a 64-byte boundary, then the raw data.
 * Writing goes through atomic_file, so a file is replaced whole or not at all.
 * Reading trusts nothing: every field is checked, the data size must match the file size
 * exactly, and every message names the file and the problem on one line. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "atomic_file.h"
#include "npy.h"

static const char MAGIC[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};
enum { PREAMBLE_V1 = 10, ALIGN = 64, GROWTH_DIGITS = 21, MAX_HEADER = 1 << 20 };

static int host_is_little(void) {
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

static size_t dtype_size(rm_npy_dtype d) {
    return d == RM_NPY_F64 ? 8 : 4;
}

static const char *dtype_descr(rm_npy_dtype d) {
    return d == RM_NPY_F32 ? "<f4" : d == RM_NPY_F64 ? "<f8" : "<i4";
}

static void swap_bytes(unsigned char *p, size_t count, size_t size) {
    for (size_t i = 0; i < count; i++, p += size)
        for (size_t a = 0, b = size - 1; a < b; a++, b--) {
            unsigned char c = p[a];
            p[a] = p[b];
            p[b] = c;
        }
}

/* "(2, 3)", "(5,)" or "()" as Python writes a tuple. */
static void format_shape(char *buf, size_t cap, int ndim, const size_t *shape) {
    size_t len = 0;
    len += snprintf(buf + len, len < cap ? cap - len : 0, "(");
    for (int i = 0; i < ndim; i++)
        len += snprintf(buf + len, len < cap ? cap - len : 0, i ? ", %zu" : "%zu", shape[i]);
    snprintf(buf + len, len < cap ? cap - len : 0, ndim == 1 ? ",)" : ")");
}

/* Element count of shape, or 0 with *overflow set if it does not fit. */
static size_t shape_count(int ndim, const size_t *shape, size_t elem, int *overflow) {
    size_t n = 1;
    *overflow = 0;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] && n > SIZE_MAX / shape[i]) {
            *overflow = 1;
            return 0;
        }
        n *= shape[i];
    }
    if (n && n > SIZE_MAX / elem)
        *overflow = 1;
    return n;
}

/* ---- writing ---- */

/* Data in little-endian order; on a big-endian host through a swapped copy in chunks. */
static int write_data(rm_afile *f, const void *data, size_t bytes, size_t elem, rm_err *e) {
    if (host_is_little())
        return rm_afile_write(f, data, bytes, e);
    unsigned char chunk[1 << 14];
    const unsigned char *p = data;
    while (bytes) {
        size_t n = bytes < sizeof chunk ? bytes : sizeof chunk;
        memcpy(chunk, p, n);
        swap_bytes(chunk, n / elem, elem);
        int rc = rm_afile_write(f, chunk, n, e);
        if (rc)
            return rc;
        p += n;
        bytes -= n;
    }
    return RM_OK;
}

int rm_npy_write(const char *path, rm_npy_dtype dtype, int ndim, const size_t *shape,
                 const void *data, rm_err *e) {
    if (dtype != RM_NPY_F32 && dtype != RM_NPY_F64 && dtype != RM_NPY_I32)
        return rm_seterr(e, RM_EINVAL, "%s: unknown dtype %d", path, (int)dtype);
    if (ndim < 0 || ndim > RM_NPY_MAXDIM)
        return rm_seterr(e, RM_EINVAL, "%s: %d dimensions (at most %d)", path, ndim,
                         RM_NPY_MAXDIM);
    int overflow;
    size_t elem = dtype_size(dtype);
    size_t count = shape_count(ndim, shape, elem, &overflow);
    if (overflow)
        return rm_seterr(e, RM_EINVAL, "%s: array too large", path);

    char shape_text[RM_NPY_MAXDIM * 22 + 4];
    format_shape(shape_text, sizeof shape_text, ndim, shape);
    char header[sizeof shape_text + 256];
    int len = snprintf(header, sizeof header,
                       "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                       dtype_descr(dtype), shape_text);
    /* Byte for byte what numpy.save writes: room for the first dimension to grow to
       21 digits, then spaces and a newline up to a 64-byte boundary (a whole extra 64
       if already aligned, as numpy does). */
    if (ndim > 0) {
        char digits[24];
        int grow = GROWTH_DIGITS - snprintf(digits, sizeof digits, "%zu", shape[0]);
        for (; grow > 0; grow--)
            header[len++] = ' ';
    }
    int pad = ALIGN - (PREAMBLE_V1 + len + 1) % ALIGN;
    memset(header + len, ' ', pad);
    len += pad;
    header[len++] = '\n';
    unsigned char pre[PREAMBLE_V1];
    memcpy(pre, MAGIC, 6);
    pre[6] = 1;
    pre[7] = 0;
    pre[8] = (unsigned char)(len & 0xff);
    pre[9] = (unsigned char)(len >> 8);

    rm_afile f;
    int rc = rm_afile_open(&f, path, e);
    if (rc)
        return rc;
    if ((rc = rm_afile_write(&f, pre, sizeof pre, e)) ||
        (rc = rm_afile_write(&f, header, (size_t)len, e)) ||
        (rc = write_data(&f, data, count * elem, elem, e))) {
        rm_afile_abort(&f);
        return rc;
    }
    return rm_afile_commit(&f, e);
}

/* ---- reading: a parser for the one dict literal numpy writes ---- */

typedef struct {
    const char *p, *end;
} cursor;

static void skip_space(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static int eat(cursor *c, char ch) {
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A quoted Python string of printable ASCII without escapes, copied into out (it may end
   up in an error message, which must stay one clean line). */
static int parse_string(cursor *c, char *out, size_t cap) {
    skip_space(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return -1;
    char q = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || *c->p < 0x20 || *c->p > 0x7e || n + 1 >= cap)
            return -1;
        out[n++] = *c->p++;
    }
    if (c->p >= c->end)
        return -1;
    c->p++;
    out[n] = '\0';
    return 0;
}

static int parse_word(cursor *c, const char *word) {
    size_t n = strlen(word);
    skip_space(c);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, word, n) == 0) {
        c->p += n;
        return 1;
    }
    return 0;
}

/* A tuple of non-negative integers; -1 malformed, -2 too many dimensions, -3 a
   dimension too large for size_t. */
static int parse_shape(cursor *c, int *ndim, size_t *shape) {
    *ndim = 0;
    if (!eat(c, '('))
        return -1;
    if (eat(c, ')'))
        return 0;
    for (;;) {
        skip_space(c);
        if (c->p >= c->end || *c->p < '0' || *c->p > '9')
            return -1;
        size_t v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            unsigned d = (unsigned)(*c->p++ - '0');
            if (v > (SIZE_MAX - d) / 10)
                return -3;
            v = v * 10 + d;
        }
        if (c->p < c->end && *c->p == 'L')  /* Python 2 longs */
            c->p++;
        if (*ndim >= RM_NPY_MAXDIM)
            return -2;
        shape[(*ndim)++] = v;
        if (eat(c, ')'))
            return 0;
        if (!eat(c, ','))
            return -1;
        if (eat(c, ')'))
            return 0;  /* a trailing comma, as in (5,) */
    }
}

/* Fills a's dtype and shape from the header dict; the message names what is wrong. */
static int parse_header(const char *path, const char *text, size_t len, rm_npy *a, rm_err *e) {
    cursor c = {text, text + len};
    int have_descr = 0, have_order = 0, have_shape = 0;
    if (!eat(&c, '{'))
        return rm_seterr(e, RM_EFORMAT, "%s: malformed .npy header (no dict)", path);
    while (!eat(&c, '}')) {
        char key[32];
        if (parse_string(&c, key, sizeof key) != 0 || !eat(&c, ':'))
            return rm_seterr(e, RM_EFORMAT, "%s: malformed .npy header", path);
        if (strcmp(key, "descr") == 0) {
            char descr[64];
            skip_space(&c);
            if (c.p < c.end && *c.p == '[')
                return rm_seterr(e, RM_EFORMAT, "%s: structured dtypes are not supported "
                                 "(need float32 or float64)", path);
            if (parse_string(&c, descr, sizeof descr) != 0)
                return rm_seterr(e, RM_EFORMAT, "%s: malformed dtype in .npy header", path);
            if (strcmp(descr, "<f4") == 0)
                a->dtype = RM_NPY_F32;
            else if (strcmp(descr, "<f8") == 0)
                a->dtype = RM_NPY_F64;
            else if (strcmp(descr, ">f4") == 0 || strcmp(descr, ">f8") == 0)
                return rm_seterr(e, RM_EFORMAT, "%s: big-endian data ('%s') is not supported",
                                 path, descr);
            else
                return rm_seterr(e, RM_EFORMAT, "%s: dtype '%s' is not float32 or float64",
                                 path, descr);
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (parse_word(&c, "True"))
                return rm_seterr(e, RM_EFORMAT, "%s: Fortran-order arrays are not supported",
                                 path);
            if (!parse_word(&c, "False"))
                return rm_seterr(e, RM_EFORMAT, "%s: malformed fortran_order in .npy header",
                                 path);
            have_order = 1;
        } else if (strcmp(key, "shape") == 0) {
            int r = parse_shape(&c, &a->ndim, a->shape);
            if (r == -2)
                return rm_seterr(e, RM_EFORMAT, "%s: more than %d dimensions", path,
                                 RM_NPY_MAXDIM);
            if (r == -3)
                return rm_seterr(e, RM_EFORMAT, "%s: absurd shape in .npy header", path);
            if (r != 0)
                return rm_seterr(e, RM_EFORMAT, "%s: malformed shape in .npy header", path);
            have_shape = 1;
        } else {
            return rm_seterr(e, RM_EFORMAT, "%s: unexpected key '%s' in .npy header", path, key);
        }
        if (!eat(&c, ',')) {
            if (eat(&c, '}'))
                break;
            return rm_seterr(e, RM_EFORMAT, "%s: malformed .npy header", path);
        }
    }
    skip_space(&c);
    if (c.p != c.end)
        return rm_seterr(e, RM_EFORMAT, "%s: junk after the .npy header dict", path);
    if (!have_descr || !have_order || !have_shape)
        return rm_seterr(e, RM_EFORMAT, "%s: .npy header lacks '%s'", path,
                         !have_descr ? "descr" : !have_order ? "fortran_order" : "shape");
    return RM_OK;
}

static unsigned long read_le(const unsigned char *p, int n) {
    unsigned long v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

int rm_npy_read(const char *path, rm_npy *a, rm_err *e) {
    memset(a, 0, sizeof *a);
    FILE *f = fopen(path, "rb");
    if (!f)
        return rm_seterr(e, RM_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return rm_seterr(e, RM_EIO, "%s: not a regular file", path);
    }
    size_t file_size = (size_t)st.st_size;
    char *header = NULL;
    int rc;
    unsigned char pre[12];
    if (fread(pre, 1, 8, f) != 8 || memcmp(pre, MAGIC, 6) != 0) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: not a .npy file (bad magic)", path);
        goto fail;
    }
    int major = pre[6], minor = pre[7];
    int len_bytes = major == 1 ? 2 : (major == 2 || major == 3) ? 4 : 0;
    if (!len_bytes || minor != 0) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: unsupported .npy format version %d.%d", path,
                       major, minor);
        goto fail;
    }
    if (fread(pre + 8, 1, (size_t)len_bytes, f) != (size_t)len_bytes) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: truncated .npy header", path);
        goto fail;
    }
    unsigned long hlen = read_le(pre + 8, len_bytes);
    size_t data_off = 8 + (size_t)len_bytes + hlen;
    if (hlen > MAX_HEADER || data_off > file_size) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: truncated or absurd .npy header (%lu bytes)",
                       path, hlen);
        goto fail;
    }
    header = malloc(hlen + 1);
    if (!header) {
        rc = rm_seterr(e, RM_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    if (fread(header, 1, hlen, f) != hlen) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: truncated .npy header", path);
        goto fail;
    }
    header[hlen] = '\0';
    if (memchr(header, '\0', hlen)) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: malformed .npy header (NUL byte)", path);
        goto fail;
    }
    if ((rc = parse_header(path, header, hlen, a, e)) != RM_OK)
        goto fail;

    int overflow;
    size_t elem = dtype_size(a->dtype);
    a->count = shape_count(a->ndim, a->shape, elem, &overflow);
    char shape_text[RM_NPY_MAXDIM * 22 + 4];
    format_shape(shape_text, sizeof shape_text, a->ndim, a->shape);
    if (overflow) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: absurd shape %s", path, shape_text);
        goto fail;
    }
    size_t bytes = a->count * elem, have = file_size - data_off;
    if (bytes > have) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: truncated data: shape %s needs %zu bytes, the "
                       "file has %zu", path, shape_text, bytes, have);
        goto fail;
    }
    if (bytes < have) {
        rc = rm_seterr(e, RM_EFORMAT, "%s: %zu bytes of unexpected data after the array",
                       path, have - bytes);
        goto fail;
    }
    a->data = malloc(bytes ? bytes : 1);
    if (!a->data) {
        rc = rm_seterr(e, RM_ENOMEM, "%s: out of memory for shape %s", path, shape_text);
        goto fail;
    }
    if (fread(a->data, 1, bytes, f) != bytes) {
        rc = rm_seterr(e, RM_EIO, "%s: read failed", path);
        goto fail;
    }
    if (!host_is_little())
        swap_bytes(a->data, a->count, elem);
    free(header);
    fclose(f);
    return RM_OK;
fail:
    free(header);
    fclose(f);
    rm_npy_free(a);
    return rc;
}

void rm_npy_free(rm_npy *a) {
    free(a->data);
    memset(a, 0, sizeof *a);
}
