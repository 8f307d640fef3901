#!/usr/bin/env python3
"""analysis_reference.py DIR: recomputes, with NumPy and SciPy, every answer that
tests/analysis_reference.sh had recmem write into DIR (as .npy) from the inputs written
beside them, and compares. Exits 1 naming each disagreement.

The definitions are the ones in recmem-lua(3): peak time = first argmax over steps of the
trial-averaged activity (NaN if never above 0); weight profile = mean W[i, j] per lag
d = key[i] - key[j] (bin k = floor((d + bin // 2) / bin)), asymmetry = (sum_{d>0} W -
sum_{d<0} W) / sum_{d!=0} |W|; PCA on the sample covariance (ddof 1), axes signed so their
largest loading is positive; ridge decoding with an intercept, trained on the first
`train` trials at each step and scored on the rest at every step."""
import sys

import numpy as np
import scipy.linalg

D = sys.argv[1]
fails = []


def load(name):
    return np.load("%s/%s.npy" % (D, name)).astype(np.float64)


def close(name, got, want, atol, rtol=0.0):
    got, want = np.asarray(got), np.asarray(want)
    if np.iscomplexobj(got) or np.iscomplexobj(want):
        close(name + " (real part)", got.real, want.real, atol, rtol)
        close(name + " (imaginary part)", np.asarray(got).imag, np.asarray(want).imag, atol, rtol)
        return
    got, want = got.astype(np.float64), want.astype(np.float64)
    if got.shape != want.shape:
        fails.append("%s: shape %s, reference %s" % (name, got.shape, want.shape))
        return
    bad = ~np.isclose(got, want, atol=atol, rtol=rtol, equal_nan=True)
    if bad.any():
        i = np.argwhere(bad)[0]
        fails.append("%s: %d of %d differ, first at %s: recmem %r, reference %r" % (
            name, bad.sum(), bad.size, tuple(i), got[tuple(i)], want[tuple(i)]))


def signed_rows(v):
    """Each row signed so that its largest-magnitude entry is positive."""
    v = np.array(v, dtype=np.float64)
    for r in range(v.shape[0]):
        if v[r, np.argmax(np.abs(v[r]))] < 0:
            v[r] = -v[r]
    return v


# ---- linear algebra ----
A = load("A")
lam = scipy.linalg.eigvals(A)
got = load("eig_re") + 1j * load("eig_im")
close("eig |lambda| sorted", load("eig_abs"), np.sort(np.abs(lam))[::-1], 1e-4)
for k, z in enumerate(got):
    if np.min(np.abs(lam - z)) > 1e-4:
        fails.append("eig: recmem's eigenvalue %d (%r) is not one of SciPy's" % (k, z))
vec = load("eig_vre") + 1j * load("eig_vim")
close("eig: A v = lambda v", A @ vec, vec * got[None, :], 1e-4)
close("eig: unit vectors", np.linalg.norm(vec, axis=0), np.ones(len(got)), 1e-5)

S = load("S")
w, V = np.linalg.eigh(S)
close("eigh values", load("eigh_w"), w[::-1], 1e-4)
top = 4  # S has rank 4: the null space's basis is not unique, compare the rest
close("eigh vectors", signed_rows(load("eigh_V").T)[:top], signed_rows(V[:, ::-1].T)[:top], 1e-4)

M = load("M")
for tag, X in (("svd", M), ("svd2", M.T)):
    U, s, Vt = load(tag + "_U"), load(tag + "_S"), load(tag + "_Vt")
    close(tag + " values", s, np.linalg.svd(X, compute_uv=False), 1e-4)
    close(tag + " reconstructs", U @ np.diag(s) @ Vt, X, 1e-4)
    close(tag + " U orthonormal", U.T @ U, np.eye(len(s)), 1e-5)

rhs = load("rhs")
close("solve", load("solve_x"), np.linalg.solve(A, rhs), 1e-3, 1e-4)
close("solve vector", load("solve_v"), np.linalg.solve(A, rhs[:, 0]), 1e-3, 1e-4)
bm = load("bm")
x, _, rank, s = np.linalg.lstsq(M, bm, rcond=None)
close("lstsq", load("lstsq_x"), x, 1e-4)
close("lstsq rank", load("lstsq_rank"), [rank], 0)
close("lstsq singular values", load("lstsq_s"), s, 1e-4)
Md = load("Md")
xd, _, rankd, _ = np.linalg.lstsq(Md, bm, rcond=None)
close("lstsq rank-deficient (minimum norm)", load("lstsqd_x"), xd, 1e-3)
close("lstsq rank-deficient rank", load("lstsqd_rank"), [rankd], 0)
close("matmul", load("matmul"), M @ load("svd_Vt").T, 1e-5)
close("cumsum", load("cumsum"), np.cumsum(A, axis=0), 1e-5)
close("sort values", load("sort_v"), -np.sort(-A, axis=1), 0)
close("sort positions", load("sort_i"), np.argsort(-A, axis=1, kind="stable") + 1, 0)

# ---- peak times and order ----
h = load("h")
trials, T, N = h.shape
mean = h.mean(axis=0)
peak = np.argmax(mean, axis=0).astype(float)
peak[mean.max(axis=0) <= 0] = np.nan
close("peak times", load("peak"), peak + 1, 0)
key = np.where(np.isnan(peak), np.inf, peak)
close("order", load("order"), np.lexsort((np.arange(N), key)) + 1, 0)

# ---- weight profile ----
W = load("W_hh")


def profile(key, bin_, window):
    act = np.flatnonzero(~np.isnan(key))
    maxlag = int(key[act].max() - key[act].min())
    if window >= 0:
        maxlag = min(maxlag, window)
    half = bin_ // 2
    kmin, kmax = (-maxlag + half) // bin_, (maxlag + half) // bin_
    sums, counts = np.zeros(kmax - kmin + 1), np.zeros(kmax - kmin + 1)
    fwd = back = mass = 0.0
    for i in act:
        for j in act:
            d = int(round(key[i] - key[j]))
            if abs(d) > maxlag:
                continue
            k = (d + half) // bin_ - kmin
            sums[k] += W[i, j]
            counts[k] += 1
            if d > 0:
                fwd += W[i, j]
            elif d < 0:
                back += W[i, j]
            if d != 0:
                mass += abs(W[i, j])
    with np.errstate(invalid="ignore"):
        w = sums / counts
    lag = (np.arange(kmin, kmax + 1)) * bin_
    return lag, w, counts, (fwd - back) / mass if mass > 0 else 0.0, W[act, act].mean()


ranks = np.full(N, np.nan)
ranks[np.lexsort((np.arange(N), key))[:np.sum(~np.isnan(peak))]] = np.arange(np.sum(~np.isnan(peak)))
for tag, k, b, win in (("wp1", peak, 1, -1), ("wp3", peak, 3, 40), ("wpo", ranks, 1, -1)):
    lag, w, counts, asym, self_ = profile(k, b, win)
    close(tag + " lags", load(tag + "_lag"), lag, 0)
    close(tag + " mean weight", load(tag + "_w"), w, 1e-5)
    close(tag + " pair counts", load(tag + "_count"), counts, 0)
    close(tag + " asymmetry", load(tag + "_asym"), [asym], 1e-6)
    close(tag + " self", load(tag + "_self"), [self_], 1e-6)

# ---- PCA ----
X = h.reshape(-1, N)
C = np.cov(X, rowvar=False, ddof=1)
ev, evec = np.linalg.eigh(C)
ev, evec = ev[::-1], evec[:, ::-1]
k = 5
close("pca variance", load("pca_var"), ev[:k], 1e-4, 1e-3)
close("pca ratio", load("pca_ratio"), ev[:k] / np.trace(C), 1e-4)
close("pca total", load("pca_total"), [np.trace(C)], 1e-4, 1e-4)
comp = signed_rows(evec[:, :k].T)
close("pca components", load("pca_comp"), comp, 2e-3)
close("pca mean", load("pca_mean"), X.mean(axis=0), 1e-5, 1e-5)
close("pca projections", load("pca_proj"), ((X - X.mean(axis=0)) @ comp.T).reshape(trials, T, k),
      5e-3, 1e-3)

# ---- cross-temporal ridge decoding ----


def decode(y, lam, n_train, circular):
    Y = np.stack([np.cos(2 * y), np.sin(2 * y)], axis=1) if circular else y
    score, err = np.zeros((T, T)), np.zeros((T, T))
    yt = Y[n_train:]
    for t in range(T):
        Xtr = h[:n_train, t, :]
        mx, my = Xtr.mean(axis=0), Y[:n_train].mean(axis=0)
        Xc, Yc = Xtr - mx, Y[:n_train] - my
        Wd = np.linalg.solve(Xc.T @ Xc + lam * np.eye(N), Xc.T @ Yc)
        c = my - mx @ Wd
        for s in range(T):
            P = h[n_train:, s, :] @ Wd + c
            if circular:
                ang = np.mod(0.5 * np.arctan2(P[:, 1], P[:, 0]), np.pi)
                d = np.mod(np.abs(ang - y[n_train:]), np.pi)
                e = np.mean(np.minimum(d, np.pi - d))
                err[t, s], score[t, s] = e, 1 - e / (np.pi / 4)
            else:
                ss_res = np.sum((P - yt) ** 2)
                err[t, s] = ss_res / yt.size
                score[t, s] = 1 - ss_res / np.sum((yt - yt.mean(axis=0)) ** 2)
    return score, err


def index(score, a, b):
    sc = np.clip(score[a:b + 1, a:b + 1], 0, None)
    diag = np.mean(np.diag(sc))
    off = (sc.sum() - np.trace(sc)) / (sc.size - len(sc))
    return off / diag if diag > 0 else np.nan


s_true = load("s")[:, 0]
for tag, lam, y, circ in (("dec", 1e-3, s_true, True), ("decd", 1e-2, s_true, True),
                          ("decr", 1e-4, load("yt"), False)):
    n_train = int(load(tag + "_train")[0])
    score, err = decode(y, lam, n_train, circ)
    close(tag + " scores", load(tag + "_score"), score, 3e-3, 1e-3)
    close(tag + " errors", load(tag + "_err"), err, 3e-3, 1e-3)
    a, b = int(load(tag + "_from")[0]) - 1, int(load(tag + "_to")[0]) - 1
    close(tag + " index", load(tag + "_index"), [index(score, a, b)], 3e-3)

# ---- Jacobian and fixed points of relu(W h + u) ----
u = load("u_zero")
hs = load("jac_h")
close("jacobian", load("jac"), (W @ hs + u > 0)[:, None] * W, 0)
pts, q = load("fp_points"), load("fp_q")
for i, p in enumerate(pts):
    a = W @ p + u
    close("fixed point %d: q" % i, [q[i]], [0.5 * np.sum((np.maximum(a, 0) - p) ** 2)], 1e-7, 1e-3)
    lam = np.linalg.eigvals((a > 0)[:, None] * W)
    close("fixed point %d: largest |eigenvalue|" % i, load("fp_max")[i], np.max(np.abs(lam)), 1e-4)
    got = load("fp_re")[i] + 1j * load("fp_im")[i]
    if any(np.min(np.abs(lam - z)) > 1e-4 for z in got):
        fails.append("fixed point %d: eigenvalues differ from NumPy's" % i)
if not (q.min() < 1e-8):
    fails.append("fixed points: none reached q < 1e-8 (best %r)" % q.min())

if fails:
    for f in fails:
        print("FAIL " + f)
    print("analysis_reference: %d failure(s)" % len(fails))
    sys.exit(1)
print("analysis_reference: all checks passed")
