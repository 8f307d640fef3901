/* linalg.h: dense linear algebra on row-major float matrices, on the LAPACK that OpenBLAS
 * exports (sgeev, sgesdd, sgesv, sgelsd, ssyevd, sposv): eigenvalues and eigenvectors,
 * the singular value decomposition, linear solves and least squares. The one place in
 * recmem that calls LAPACK. Inputs are never modified; outputs are caller-allocated;
 * every function returns RM_OK or fills e with a one-line message (a singular matrix,
 * no convergence, no memory). */
#ifndef RM_LINALG_H
#define RM_LINALG_H

#include "rm_err.h"

/* Eigen-decomposition of a general a[n][n]: eigenvalue k is re[k] + i im[k]; its (right,
   unit-norm) eigenvector is column k of vre + i vim (both [n][n], may be NULL together
   for values only). Eigenvalues come sorted by modulus, largest first; a complex
   conjugate pair stays adjacent, positive imaginary part first. */
int rm_linalg_eig(const float *a, int n, float *re, float *im, float *vre, float *vim,
                  rm_err *e);

/* Eigen-decomposition of a symmetric a[n][n] (only its lower triangle is read): values
   w[n] in descending order, orthonormal eigenvectors as the ROWS of v[n][n] (v may be
   NULL), each signed so that its largest-magnitude entry is positive. */
int rm_linalg_eigh(const float *a, int n, float *w, float *v, rm_err *e);

/* Thin SVD a[m][n] = u diag(s) vt with k = min(m, n): u[m][k], s[k] descending,
   vt[k][n]. */
int rm_linalg_svd(const float *a, int m, int n, float *u, float *s, float *vt, rm_err *e);

/* Solves a[n][n] x = b for b[n][nrhs] into x[n][nrhs] (LU with partial pivoting); an
   exactly singular a is an error. */
int rm_linalg_solve(const float *a, int n, const float *b, int nrhs, float *x, rm_err *e);

/* Solves a[n][n] x = b with a symmetric positive definite (Cholesky); an a that is not
   positive definite is an error. */
int rm_linalg_solve_spd(const float *a, int n, const float *b, int nrhs, float *x,
                        rm_err *e);

/* Minimum-norm least squares: x[n][nrhs] minimising ||a x - b|| for a[m][n], b[m][nrhs]
   (SVD based). Singular values below rcond * s_max count as zero; rcond < 0 means
   machine epsilon * max(m, n) (NumPy's default). rank and sv[min(m, n)] (each may be
   NULL) receive the effective rank and the singular values. */
int rm_linalg_lstsq(const float *a, int m, int n, const float *b, int nrhs, double rcond,
                    float *x, int *rank, float *sv, rm_err *e);

#endif
