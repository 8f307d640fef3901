/* export.h: a saved run in the original study's output layout, for MATLAB (.mat via matio)
 * and NumPy (.npy files), so existing analysis scripts can read recmem's networks.
 *
 * Variables (as the original's scipy.io.savemat wrote them):
 *   all_params_list  1 x k cell of the parameters in the net's view order, each in
 *                    Lasagne's orientation: a weight matrix is [in][out] (our W transposed,
 *                    so h = relu(x W_in + h W_hh + b)), a bias a 1 x n row (single)
 *   inpResps         [trials][T][n_chan] input of the analysed trials (single)
 *   hidResps         [trials][T][N] hidden activity of the analysed trials (single)
 *   infloss_test     1 x 1 test information loss (double; NaN if not evaluated)
 *   infloss_vec      1 x n_log information loss at each log point (double)
 * With --npy DIR the same arrays go to DIR/<name>.npy, and the parameters to
 * DIR/all_params_list_<k>_<view>.npy (same orientation, float32). */
#ifndef RM_EXPORT_H
#define RM_EXPORT_H

#include "core/train.h"

typedef struct {
    const rm_net *net;
    const rm_trace *probe;     /* the analysed trials */
    double infloss_test;
    const float *infloss_vec;
    long n_log;
} rm_export;

/* Writes a MAT file (version 5, uncompressed; v73 != 0: version 7.3/HDF5 if matio supports
   it). Written to a temporary name and renamed, so a failed export leaves no partial file. */
int rm_export_mat(const rm_export *x, const char *path, int v73, rm_err *e);
/* Writes the .npy files into dir (created if missing). */
int rm_export_npy(const rm_export *x, const char *dir, rm_err *e);

#endif
