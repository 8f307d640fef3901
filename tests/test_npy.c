/* test_npy.c: .npy round trips (float32, float64, int32 bytes, scalars, empty arrays),
 * the exact header layout numpy expects, version 2.0/3.0 headers, and rejection of
 * truncated, malformed, Fortran-order, big-endian, wrong-dtype and absurd-shape files. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/npy.h"

static int failures;
static char dir[256];

static void check(const char *what, int ok) {
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static const char *file_in_dir(const char *name) {
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static long file_bytes(const char *path, unsigned char *buf, long cap) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    long n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return n;
}

/* Writes a hand-made .npy: magic, version, header text padded to 64 bytes, data. */
static void write_raw(const char *path, int major, const char *dict, const void *data,
                      size_t bytes) {
    int len_bytes = major == 1 ? 2 : 4;
    size_t pre = 8 + len_bytes, hlen = strlen(dict) + 1;
    hlen += (64 - (pre + hlen) % 64) % 64;
    FILE *f = fopen(path, "wb");
    fwrite("\x93NUMPY", 1, 6, f);
    fputc(major, f);
    fputc(0, f);
    for (int i = 0; i < len_bytes; i++)
        fputc((int)((hlen >> (8 * i)) & 0xff), f);
    fputs(dict, f);
    for (size_t i = strlen(dict) + 1; i < hlen; i++)
        fputc(' ', f);
    fputc('\n', f);
    fwrite(data, 1, bytes, f);
    fclose(f);
}

/* Expects rm_npy_read to fail with a message containing `needle`. */
static void expect_reject(const char *what, const char *path, const char *needle) {
    rm_npy a;
    rm_err e = {0};
    int rc = rm_npy_read(path, &a, &e);
    if (rc == RM_OK || !strstr(e.msg, needle) || strchr(e.msg, '\n') || a.data) {
        printf("FAIL %s: rc %d, message \"%s\" (wanted \"%s\")\n", what, rc, e.msg, needle);
        failures++;
    }
}

static void test_round_trip(void) {
    float f[2 * 3 * 4];
    for (int i = 0; i < 24; i++)
        f[i] = 0.5f * i - 3.25f;
    size_t shape3[3] = {2, 3, 4};
    rm_err e = {0};
    const char *p = file_in_dir("f32.npy");
    check("write float32", rm_npy_write(p, RM_NPY_F32, 3, shape3, f, &e) == RM_OK);
    unsigned char raw[512];
    long n = file_bytes(p, raw, sizeof raw);
    /* numpy.save leaves room for the first dimension to grow: a 128-byte header. */
    check("float32 file size = 128-byte header + data", n == 128 + 24 * 4);
    check("header is v1.0", n > 10 && memcmp(raw, "\x93NUMPY\x01\x00", 8) == 0);
    check("header text as numpy writes it",
          n > 10 && memcmp(raw + 10, "{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (2, 3, 4), }", 60) == 0 && raw[127] == '\n');
    rm_npy a;
    check("read float32", rm_npy_read(p, &a, &e) == RM_OK);
    check("float32 shape", a.dtype == RM_NPY_F32 && a.ndim == 3 && a.shape[0] == 2 &&
                               a.shape[1] == 3 && a.shape[2] == 4 && a.count == 24);
    check("float32 data", a.data && memcmp(a.data, f, sizeof f) == 0);
    rm_npy_free(&a);
    rm_npy_free(&a);  /* safe twice */

    double d[5] = {1e-300, -2.5, 3.0, 1e300, 0.0};
    size_t shape1[1] = {5};
    p = file_in_dir("f64.npy");
    check("write float64", rm_npy_write(p, RM_NPY_F64, 1, shape1, d, &e) == RM_OK);
    n = file_bytes(p, raw, sizeof raw);
    check("1-D shape written as (5,)", n > 64 && strstr((char *)raw + 10, "'shape': (5,), }"));
    check("read float64", rm_npy_read(p, &a, &e) == RM_OK);
    check("float64 data", a.dtype == RM_NPY_F64 && a.ndim == 1 && a.count == 5 &&
                              memcmp(a.data, d, sizeof d) == 0);
    rm_npy_free(&a);

    double scalar = 42.0;
    p = file_in_dir("scalar.npy");
    check("write scalar", rm_npy_write(p, RM_NPY_F64, 0, NULL, &scalar, &e) == RM_OK);
    check("read scalar", rm_npy_read(p, &a, &e) == RM_OK && a.ndim == 0 && a.count == 1 &&
                             ((double *)a.data)[0] == 42.0);
    rm_npy_free(&a);

    size_t shape_empty[2] = {0, 7};
    p = file_in_dir("empty.npy");
    check("write empty", rm_npy_write(p, RM_NPY_F32, 2, shape_empty, f, &e) == RM_OK);
    check("read empty", rm_npy_read(p, &a, &e) == RM_OK && a.count == 0 && a.shape[1] == 7);
    rm_npy_free(&a);

    int ints[3] = {10, -40, 100};
    size_t shape_i[1] = {3};
    p = file_in_dir("i32.npy");
    check("write int32", rm_npy_write(p, RM_NPY_I32, 1, shape_i, ints, &e) == RM_OK);
    n = file_bytes(p, raw, sizeof raw);
    check("int32 descr and bytes",
          n == 128 + 12 && strstr((char *)raw + 10, "'<i4'") &&
              raw[128] == 10 && raw[132] == (unsigned char)-40 && raw[133] == 0xff);
    /* Only floats are read back, and the message says why. */
    expect_reject("int32 read", p, "dtype '<i4' is not float32 or float64");

    /* Overwriting replaces the file whole. */
    p = file_in_dir("f32.npy");
    check("overwrite", rm_npy_write(p, RM_NPY_F64, 1, shape1, d, &e) == RM_OK &&
                           rm_npy_read(p, &a, &e) == RM_OK && a.count == 5);
    rm_npy_free(&a);
}

static void test_versions(void) {
    float v[3] = {1, 2, 3};
    const char *p = file_in_dir("v2.npy");
    write_raw(p, 2, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", v, sizeof v);
    rm_npy a;
    rm_err e = {0};
    check("v2.0 header read", rm_npy_read(p, &a, &e) == RM_OK && a.count == 3 &&
                                  ((float *)a.data)[2] == 3.0f);
    rm_npy_free(&a);
    p = file_in_dir("v3.npy");
    /* Keys in another order, double quotes, no trailing comma: still a valid dict. */
    write_raw(p, 3, "{\"shape\": (1, 3), \"fortran_order\": False, \"descr\": \"<f4\"}", v,
              sizeof v);
    check("v3.0 header read", rm_npy_read(p, &a, &e) == RM_OK && a.ndim == 2 &&
                                  a.shape[1] == 3);
    rm_npy_free(&a);
}

static void test_rejections(void) {
    float v[6] = {0};
    const char *p;

    p = file_in_dir("trunc.npy");
    write_raw(p, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", v, 20);
    expect_reject("truncated data", p, "truncated data: shape (2, 3) needs 24 bytes");

    p = file_in_dir("long.npy");
    write_raw(p, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", v, 24);
    expect_reject("trailing data", p, "4 bytes of unexpected data");

    p = file_in_dir("fortran.npy");
    write_raw(p, 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", v, 24);
    expect_reject("fortran order", p, "Fortran-order");

    p = file_in_dir("big.npy");
    write_raw(p, 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", v, 24);
    expect_reject("big-endian", p, "big-endian");

    p = file_in_dir("int16.npy");
    write_raw(p, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", v, 6);
    expect_reject("int16", p, "dtype '<i2'");

    p = file_in_dir("struct.npy");
    write_raw(p, 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", v,
              12);
    expect_reject("structured dtype", p, "structured");

    p = file_in_dir("absurd.npy");
    write_raw(p, 1, "{'descr': '<f8', 'fortran_order': False, "
                    "'shape': (4294967296, 4294967296, 4294967296), }", v, 8);
    expect_reject("overflowing shape", p, "absurd shape");

    p = file_in_dir("huge.npy");
    write_raw(p, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }",
              v, 8);
    expect_reject("huge shape without the data", p, "truncated data");

    p = file_in_dir("hugedim.npy");
    write_raw(p, 1, "{'descr': '<f4', 'fortran_order': False, "
                    "'shape': (99999999999999999999999999,), }", v, 8);
    expect_reject("dimension beyond size_t", p, "absurd shape");

    p = file_in_dir("nokey.npy");
    write_raw(p, 1, "{'descr': '<f4', 'shape': (2,), }", v, 8);
    expect_reject("missing fortran_order", p, "lacks 'fortran_order'");

    p = file_in_dir("badshape.npy");
    write_raw(p, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", v, 8);
    expect_reject("negative dimension", p, "malformed shape");

    p = file_in_dir("garbage.npy");
    write_raw(p, 1, "this is not a dict", v, 8);
    expect_reject("garbage header", p, "malformed .npy header");

    p = file_in_dir("magic.npy");
    FILE *f = fopen(p, "wb");
    fputs("PK\x03\x04 a zip file, say", f);
    fclose(f);
    expect_reject("bad magic", p, "not a .npy file");

    p = file_in_dir("version.npy");
    f = fopen(p, "wb");
    fwrite("\x93NUMPY\x04\x00\x10\x00", 1, 10, f);
    fclose(f);
    expect_reject("unknown version", p, "unsupported .npy format version 4.0");

    p = file_in_dir("shorthdr.npy");
    f = fopen(p, "wb");
    fwrite("\x93NUMPY\x01\x00\x40\x00{'descr'", 1, 18, f);
    fclose(f);
    expect_reject("truncated header", p, "truncated");

    p = file_in_dir("empty-file.npy");
    f = fopen(p, "wb");
    fclose(f);
    expect_reject("empty file", p, "not a .npy file");

    expect_reject("missing file", file_in_dir("no-such.npy"), "No such file");
    expect_reject("a directory", dir, "not a regular file");

    /* Writing where no directory exists fails cleanly. */
    rm_err e = {0};
    size_t shape[1] = {1};
    int rc = rm_npy_write(file_in_dir("no-dir/x.npy"), RM_NPY_F32, 1, shape, v, &e);
    check("write into a missing directory fails", rc == RM_EIO && strstr(e.msg, "no-dir/x.npy"));
}

/* No temporary file may be left behind by writes, failed or not. */
static void check_no_temp_files(void) {
    DIR *d = opendir(dir);
    struct dirent *ent;
    while (d && (ent = readdir(d)))
        if (strstr(ent->d_name, ".tmp")) {
            printf("FAIL temporary file left: %s\n", ent->d_name);
            failures++;
        }
    if (d)
        closedir(d);
}

static void remove_dir(void) {
    DIR *d = opendir(dir);
    struct dirent *ent;
    while (d && (ent = readdir(d)))
        if (ent->d_name[0] != '.')
            unlink(file_in_dir(ent->d_name));
    if (d)
        closedir(d);
    rmdir(dir);
}

int main(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/test_npy.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        printf("FAIL cannot create a temporary directory\n");
        return 1;
    }
    test_round_trip();
    test_versions();
    test_rejections();
    check_no_temp_files();
    remove_dir();
    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("test_npy: all checks passed\n");
    return 0;
}
