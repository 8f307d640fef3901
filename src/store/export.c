/* export.c: writing a run in the original's MATLAB layout (matio) and as .npy files. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <matio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "export.h"
#include "npy.h"

/* [a][b][c] row-major (C order) -> MATLAB's column-major a x b x c. */
static float *to_column_major(const float *src, size_t a, size_t b, size_t c) {
    const size_t n = a * b * c;
    float *dst = malloc((n ? n : 1) * sizeof *dst);
    if (!dst) return NULL;
    for (size_t i = 0; i < a; i++)
        for (size_t j = 0; j < b; j++)
            for (size_t k = 0; k < c; k++) dst[i + a * (j + b * k)] = src[(i * b + j) * c + k];
    return dst;
}

/* Matio copies nothing with MAT_F_DONT_COPY_DATA: buffers must live until the write. */
static int write_var(mat_t *mat, matvar_t *v, const char *name, const char *path, rm_err *e) {
    if (!v) return rm_seterr(e, RM_ENOMEM, "%s: cannot create variable %s", path, name);
    /* uncompressed, as scipy.io.savemat writes by default: zlib took longer than the probe */
    int rc = Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE);
    Mat_VarFree(v);
    if (rc) return rm_seterr(e, RM_EIO, "%s: writing %s failed", path, name);
    return RM_OK;
}

static int write_mat(mat_t *mat, const rm_export *x, const char *path, rm_err *e) {
    const rm_net *net = x->net;
    const rm_trace *p = x->probe;
    int rc;

    /* all_params_list: a cell whose elements are freed with it, so each gets its own copy */
    size_t cdims[2] = {1, (size_t)net->n_views};
    matvar_t **cells = calloc(net->n_views + 1, sizeof *cells);
    if (!cells) return rm_seterr(e, RM_ENOMEM, "out of memory");
    for (int i = 0; i < net->n_views; i++) {
        const rm_param_view *v = &net->view[i];
        /* our W is [out][in] row-major, which column-major reads as in x out: Lasagne's W */
        size_t d[2] = {v->rows == 1 ? 1 : (size_t)v->cols, v->rows == 1 ? (size_t)v->cols : (size_t)v->rows};
        cells[i] = Mat_VarCreate(NULL, MAT_C_SINGLE, MAT_T_SINGLE, 2, d,
                                 net->params + v->offset, 0);
        if (!cells[i]) {
            for (int k = 0; k < i; k++) Mat_VarFree(cells[k]);
            free(cells);
            return rm_seterr(e, RM_ENOMEM, "%s: cannot create parameter %s", path, v->name);
        }
    }
    /* the cell copies the pointer array and owns the elements from here on */
    matvar_t *cell = Mat_VarCreate("all_params_list", MAT_C_CELL, MAT_T_CELL, 2, cdims, cells, 0);
    if (!cell) for (int k = 0; k < net->n_views; k++) Mat_VarFree(cells[k]);
    free(cells);
    if (!cell) return rm_seterr(e, RM_ENOMEM, "%s: cannot create all_params_list", path);
    rc = write_var(mat, cell, "all_params_list", path, e);
    if (rc) return rc;

    float *inp = to_column_major(p->x, p->trials, p->T, p->n_chan);
    float *hid = to_column_major(p->h, p->trials, p->T, p->N);
    if (!inp || !hid) {
        free(inp), free(hid);
        return rm_seterr(e, RM_ENOMEM, "out of memory for the probe arrays");
    }
    size_t di[3] = {(size_t)p->trials, (size_t)p->T, (size_t)p->n_chan};
    size_t dh[3] = {(size_t)p->trials, (size_t)p->T, (size_t)p->N};
    rc = write_var(mat, Mat_VarCreate("inpResps", MAT_C_SINGLE, MAT_T_SINGLE, 3, di, inp, MAT_F_DONT_COPY_DATA),
                   "inpResps", path, e);
    if (!rc)
        rc = write_var(mat, Mat_VarCreate("hidResps", MAT_C_SINGLE, MAT_T_SINGLE, 3, dh, hid, MAT_F_DONT_COPY_DATA),
                       "hidResps", path, e);
    free(inp);
    free(hid);
    if (rc) return rc;

    double il = x->infloss_test;
    size_t d1[2] = {1, 1};
    rc = write_var(mat, Mat_VarCreate("infloss_test", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, d1, &il, MAT_F_DONT_COPY_DATA),
                   "infloss_test", path, e);
    if (rc) return rc;
    double *vec = malloc((x->n_log ? x->n_log : 1) * sizeof *vec);
    if (!vec) return rm_seterr(e, RM_ENOMEM, "out of memory");
    for (long i = 0; i < x->n_log; i++) vec[i] = x->infloss_vec[i];
    size_t dv[2] = {1, (size_t)x->n_log};
    rc = write_var(mat, Mat_VarCreate("infloss_vec", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dv, vec, MAT_F_DONT_COPY_DATA),
                   "infloss_vec", path, e);
    free(vec);
    return rc;
}

int rm_export_mat(const rm_export *x, const char *path, int v73, rm_err *e) {
    char *tmp = malloc(strlen(path) + 32);
    if (!tmp) return rm_seterr(e, RM_ENOMEM, "out of memory");
    sprintf(tmp, "%s.tmp.%ld", path, (long)getpid());
    mat_t *mat = Mat_CreateVer(tmp, "recmem export: the layout of Orhan & Ma (2019)",
                               v73 ? MAT_FT_MAT73 : MAT_FT_MAT5);
    if (!mat) {
        rm_seterr(e, RM_EIO, "%s: cannot create the file%s", path,
                  v73 ? " (is matio built with MAT 7.3 / HDF5 support?)" : "");
        free(tmp);
        return RM_EIO;
    }
    int rc = write_mat(mat, x, path, e);
    if (Mat_Close(mat) && !rc) rc = rm_seterr(e, RM_EIO, "%s: closing failed", path);
    if (!rc && rename(tmp, path) != 0)
        rc = rm_seterr(e, RM_EIO, "%s: rename failed: %s", path, strerror(errno));
    if (rc) unlink(tmp);
    free(tmp);
    return rc;
}

static int npy_in(const char *dir, const char *name, rm_npy_dtype dt, int ndim,
                  const size_t *shape, const void *data, rm_err *e) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    return rm_npy_write(path, dt, ndim, shape, data, e);
}

int rm_export_npy(const rm_export *x, const char *dir, rm_err *e) {
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rm_seterr(e, RM_EIO, "%s: cannot create directory: %s", dir, strerror(errno));
    const rm_net *net = x->net;
    const rm_trace *p = x->probe;
    int rc = RM_OK;
    for (int i = 0; !rc && i < net->n_views; i++) {
        const rm_param_view *v = &net->view[i];
        char name[64];
        snprintf(name, sizeof name, "all_params_list_%d_%s", i, v->name);
        /* Lasagne orientation, as in the .mat: W transposed to [in][out] */
        size_t n = (size_t)v->rows * v->cols;
        float *w = malloc((n ? n : 1) * sizeof *w);
        if (!w) return rm_seterr(e, RM_ENOMEM, "out of memory");
        const float *src = net->params + v->offset;
        for (int r = 0; r < v->rows; r++)
            for (int c = 0; c < v->cols; c++) w[(size_t)c * v->rows + r] = src[(size_t)r * v->cols + c];
        size_t shape[2] = {(size_t)v->cols, (size_t)v->rows};
        rc = v->rows == 1 ? npy_in(dir, name, RM_NPY_F32, 1, shape, w, e)
                          : npy_in(dir, name, RM_NPY_F32, 2, shape, w, e);
        free(w);
    }
    size_t si[3] = {(size_t)p->trials, (size_t)p->T, (size_t)p->n_chan};
    size_t sh[3] = {(size_t)p->trials, (size_t)p->T, (size_t)p->N};
    if (!rc) rc = npy_in(dir, "inpResps", RM_NPY_F32, 3, si, p->x, e);
    if (!rc) rc = npy_in(dir, "hidResps", RM_NPY_F32, 3, sh, p->h, e);
    if (!rc) rc = npy_in(dir, "infloss_test", RM_NPY_F64, 0, NULL, &x->infloss_test, e);
    if (!rc) {
        double *vec = malloc((x->n_log ? x->n_log : 1) * sizeof *vec);
        if (!vec) return rm_seterr(e, RM_ENOMEM, "out of memory");
        for (long i = 0; i < x->n_log; i++) vec[i] = x->infloss_vec[i];
        size_t sv[1] = {(size_t)x->n_log};
        rc = npy_in(dir, "infloss_vec", RM_NPY_F64, 1, sv, vec, e);
        free(vec);
    }
    return rc;
}
