#!/usr/bin/env python3
"""readout.py FILE: fits a ridge-regularised logistic read-out of a binary task's class to
the hidden states that dump-state.lua wrote (first 3/4 of the trials) and prints how often
it is right on the rest, next to the ideal observer."""
import sys

import numpy as np

d = np.loadtxt(sys.argv[1])
c, opt, X = d[:, 0], d[:, 1], d[:, 2:]
X = X[:, X.std(0) > 0]
X = (X - X.mean(0)) / X.std(0)
n = len(c)
fit, held = slice(0, n * 3 // 4), slice(n * 3 // 4, n)
Xb = np.hstack([X, np.ones((n, 1))])
w = np.zeros(Xb.shape[1])
for _ in range(30):  # Newton steps
    p = 1 / (1 + np.exp(-Xb[fit] @ w))
    g = Xb[fit].T @ (p - c[fit]) + w
    H = (Xb[fit] * (p * (1 - p))[:, None]).T @ Xb[fit] + np.eye(len(w))
    w -= np.linalg.solve(H, g)
p = 1 / (1 + np.exp(-Xb[held] @ w))
print("units used %d; held-out trials %d: read-out %.3f correct, ideal observer %.3f"
      % (X.shape[1], n - n * 3 // 4, ((p > 0.5) == c[held]).mean(),
         ((opt[held] > 0.5) == c[held]).mean()))
