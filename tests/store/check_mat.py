#!/usr/bin/env python3
"""check_mat.py MAT NPYDIR TRIALS T N NCHAN NLOG: reads recmem export's .mat with
scipy.io.loadmat and checks the original study's variable names and shapes, and that every
value equals the .npy export of the same run (which pins down MATLAB's column-major
ordering of the 3-D arrays and the parameters' orientation)."""
import os
import sys

import numpy as np
import scipy.io


def fail(msg):
    print("check_mat: " + msg, file=sys.stderr)
    sys.exit(1)


mat_path, npy_dir = sys.argv[1], sys.argv[2]
trials, T, N, nchan, nlog = (int(x) for x in sys.argv[3:8])
m = scipy.io.loadmat(mat_path)
names = {k for k in m if not k.startswith("__")}
want = {"all_params_list", "inpResps", "hidResps", "infloss_test", "infloss_vec"}
if names != want:
    fail(f"variables {sorted(names)}, expected {sorted(want)}")
shapes = {"inpResps": (trials, T, nchan), "hidResps": (trials, T, N),
          "infloss_test": (1, 1), "infloss_vec": (1, nlog)}
for k, s in shapes.items():
    if m[k].shape != s:
        fail(f"{k} has shape {m[k].shape}, expected {s}")
for k in ("inpResps", "hidResps"):
    ref = np.load(os.path.join(npy_dir, k + ".npy"))
    if not np.array_equal(m[k], ref):
        fail(f"{k} differs from the .npy export")
il = np.load(os.path.join(npy_dir, "infloss_test.npy"))
if not (np.array_equal(m["infloss_test"][0, 0], il) or (np.isnan(il) and np.isnan(m["infloss_test"][0, 0]))):
    fail("infloss_test differs from the .npy export")
if not np.array_equal(m["infloss_vec"][0], np.load(os.path.join(npy_dir, "infloss_vec.npy"))):
    fail("infloss_vec differs from the .npy export")
cells = m["all_params_list"]
if cells.dtype != object or cells.shape[0] != 1:
    fail(f"all_params_list is {cells.dtype}{cells.shape}, expected a 1 x k cell")
files = sorted(f for f in os.listdir(npy_dir) if f.startswith("all_params_list_"))
if cells.shape[1] != len(files):
    fail(f"all_params_list has {cells.shape[1]} entries, the .npy export {len(files)}")
for i, f in enumerate(sorted(files, key=lambda f: int(f.split("_")[3]))):
    ref = np.load(os.path.join(npy_dir, f))
    got = cells[0, i]
    if ref.ndim == 1:
        ref = ref.reshape(1, -1)   # a bias is a 1 x n row, as savemat writes 1-D arrays
    if got.shape != ref.shape or not np.array_equal(got, ref):
        fail(f"all_params_list{{{i + 1}}} is {got.shape}, the .npy export {f} is {ref.shape} "
             "or the values differ")
if m["hidResps"].dtype != np.float32:
    fail(f"hidResps is {m['hidResps'].dtype}")
print(f"{os.path.basename(mat_path)}: {sorted(names)} with the expected shapes and values")
