/* model_ortho.c: model 2, the ReLU RNN with orthogonal initialisation (SPEC 2):
 * model 0 in every respect except W_hh = lambda0 * Q, Q a Haar-random orthogonal matrix
 * (sigma0 plays no part). Forward and backward are model 0's. */
#include <math.h>
#include <stdlib.h>
#include "model_rnn.h"

/* Q from the QR decomposition of a standard Gaussian matrix G, by modified Gram-Schmidt on
   G's columns in double. Gram-Schmidt makes R's diagonal (the column norms) positive, which
   is the sign correction that makes Q Haar-distributed (a plain Householder QR would need
   Q <- Q diag(sign(diag R))). A second orthogonalisation pass keeps Q^T Q = I to rounding
   even though G's condition number grows with n. Writes scale * Q into w[n][n]. */
static int haar_orthogonal(float *w, int n, double scale, rm_rng *rng, rm_err *e) {
    double *q = malloc((size_t)n * n * sizeof *q); /* column-major: column j at q + j*n */
    if (!q) return rm_seterr(e, RM_ENOMEM, "out of memory for a %dx%d orthogonal matrix", n, n);
    for (size_t k = 0; k < (size_t)n * n; k++) q[k] = rm_rng_normal(rng);
    for (int j = 0; j < n; j++) {
        double *qj = q + (size_t)j * n;
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < j; i++) {
                const double *qi = q + (size_t)i * n;
                double d = 0;
                for (int k = 0; k < n; k++) d += qi[k] * qj[k];
                for (int k = 0; k < n; k++) qj[k] -= d * qi[k];
            }
        double norm = 0;
        for (int k = 0; k < n; k++) norm += qj[k] * qj[k];
        norm = sqrt(norm);
        if (!(norm > 0)) { /* probability zero, but never divide by it */
            free(q);
            return rm_seterr(e, RM_EINVAL, "degenerate random matrix in orthogonal init");
        }
        for (int k = 0; k < n; k++) qj[k] /= norm;
    }
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) w[(size_t)r * n + c] = (float)(scale * q[(size_t)c * n + r]);
    free(q);
    return RM_OK;
}

static int ortho_init(rm_net *net, rm_rng *rng, rm_err *e) {
    const int N = net->cfg.n_hidden, I = net->cfg.n_in;
    const rm_rnn_views p = rm_rnn_views_of(net, net->params);
    rm_glorot_normal(p.W_in, N, I, 0.95, rng);
    return haar_orthogonal(p.W_hh, N, net->cfg.lambda0, rng, e);
}

const rm_model_def rm_model_ortho = {
    .name = "ortho",
    .code = 2,
    .layout = rm_rnn_layout,
    .init = ortho_init,
    .ws_floats = rm_rnn_ws_floats,
    .forward = rm_rnn_forward,
    .backward = rm_rnn_backward,
};
