#!/usr/bin/env python3
"""cd-observer-floor.py DIR: how well could a network do on CD1/CD2 at best?

DIR holds a batch written by `recmem sample --task CD1|CD2`. SPEC's ideal observer keeps the
original's formula (kappa from cos(phi_i - phi_j), no tuning-curve kappa); this compares it
with the exact posterior of SPEC's generative model (von Mises in 2 phi, kappa = 2), from
all probe steps and from the probe steps a network has seen when it answers at T-5, and
prints each one's accuracy and its information loss measured against SPEC's observer (the
score a network computing it exactly would get).
Example: recmem sample --task CD2 --batch 20000 --seed 11 -o cd2 && python3 cd-observer-floor.py cd2"""
import os
import sys

import numpy as np
from scipy.special import i0e


def log_i0(x):
    return np.abs(x) + np.log(i0e(x))


def kl(a, b):
    return a * np.log(a / b) + (1 - a) * np.log((1 - a) / (1 - b))


d = sys.argv[1]
x = np.load(os.path.join(d, "input.npy"))
opt = np.load(os.path.join(d, "opt.npy")).ravel()
c = np.load(os.path.join(d, "stimulus.npy")).ravel()
n_in, stim, resp, T = 50, 25, 25, x.shape[1]
n_loc = x.shape[2] // n_in
phi = np.linspace(0, np.pi, n_in)
ok = (opt > 0) & (opt < 1)
print("%d trials, %d location(s); SPEC's observer: %.3f correct" % (len(c), n_loc, ((opt > 0.5) == c).mean()))
for last, label in ((T, "all probe steps"), (T - 4, "probe steps up to T-5")):
    r_all, q_all = x[:, :stim].sum(1), x[:, T - resp:last].sum(1)
    logd = []
    for l in range(n_loc):
        r, q = r_all[:, l * n_in:(l + 1) * n_in], q_all[:, l * n_in:(l + 1) * n_in]
        zr, zq = 2.0 * (r * np.exp(2j * phi)).sum(1), 2.0 * (q * np.exp(2j * phi)).sum(1)
        logd.append(log_i0(np.abs(zr)) + log_i0(np.abs(zq)) - log_i0(np.abs(zr + zq)))
    logd = np.array(logd)
    top = logd.max(0)
    p = 1 / (1 + np.exp(-(top + np.log(np.exp(logd - top).mean(0)))))
    p = np.clip(p, 1e-12, 1 - 1e-12)
    il = kl(opt[ok], p[ok]).mean() / kl(opt[ok], 0.5).mean()
    print("exact posterior, %s: %.3f correct, information loss %.3f" % (label, ((p > 0.5) == c).mean(), il))
