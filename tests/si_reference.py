#!/usr/bin/env python3
"""si_reference.py: an independent NumPy reference of the sequentiality index (SPEC 4),
written after the original's compute_SI (np.histogram, scipy's entropy, a masked-array
background), with SPEC's fix that a unit whose ridge or background mean is not positive
counts as NaN. Used to produce the literals in tests/test_si.c and by
tests/cli_si_sample.sh to check `recmem si` on a saved array.

    python3 tests/si_reference.py FILE.npy     prints "si entropy ridge"
    python3 tests/si_reference.py --examples   prints the SI of test_si.c's examples
"""
import sys
import warnings

import numpy as np

R_THRESHOLD = 0.1
ENTROPY_BINS = 20
WINDOW_SIZE = 5


def entropy(counts):
    # scipy.stats.entropy: normalise, natural log.
    p = np.asarray(counts, dtype=np.float64)
    p = p / p.sum()
    return float(-np.sum(p * np.log(p)))


def trial_si(h):
    """(si, entropy, ridge, kept) of one trial h[T][N]."""
    h = np.asarray(h, dtype=np.float64)
    ts = h.shape[0]
    keep = np.nonzero(np.mean(h, axis=0) > R_THRESHOLD)[0]
    if len(keep) == 0:
        return float("nan"), float("nan"), float("nan"), 0
    h = h[:, keep]
    peaks = np.argmax(h, axis=0)
    end = np.clip(peaks + WINDOW_SIZE // 2, 0, ts - 1)
    start = np.clip(peaks - WINDOW_SIZE // 2, 0, ts - 1)
    ent = entropy(np.histogram(peaks, ENTROPY_BINS)[0] + 0.1 * np.ones(ENTROPY_BINS))
    r2b = np.zeros(len(keep))
    for k in range(len(keep)):
        mask = np.zeros(ts)
        mask[start[k]:end[k]] = 1
        x = h[:, k]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ridge = np.mean(x[start[k]:end[k]]) if end[k] > start[k] else float("nan")
            back = np.ma.MaskedArray(x, mask).mean()
        if back is np.ma.masked or not (ridge > 0) or not (back > 0):
            r2b[k] = float("nan")
        else:
            r2b[k] = np.log(ridge) - np.log(float(back))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ridge_mean = float(np.nanmean(r2b))
    return ridge_mean + ent, ent, ridge_mean, len(keep)


def si(h):
    """(si, entropy, ridge) of h[trials][T][N], each a NaN-ignoring mean over trials."""
    rows = [trial_si(h[b]) for b in range(h.shape[0])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tuple(float(np.nanmean([r[i] for r in rows])) for i in range(3))


def examples():
    """The arrays of tests/test_si.c (keep the two in step)."""
    # Hand example: T = 12 steps, 4 units, one trial.
    T, N = 12, 4
    h = np.zeros((T, N))
    h[:, 0] = [0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0]          # bump at 3
    h[:, 1] = [0.2] * 7 + [2, 0.2, 0.2, 0.2, 0.2]           # bump at 7 on a floor
    h[:, 2] = [0.05] * 12                                   # below threshold: dropped
    h[:, 3] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1, 4]        # peak at the last step
    # Second trial: unit 1 is silent outside its window (background 0: NaN unit).
    h2 = np.zeros((T, N))
    h2[:, 0] = [0.5, 1, 2, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    h2[:, 1] = [0, 0, 0, 0, 0, 3, 4, 3, 0, 0, 0, 0]
    # Third trial: both kept units peak at step 5 (numpy's single range [4.5, 5.5]).
    h3 = np.zeros((T, N))
    h3[:, 0] = [0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0]
    h3[:, 1] = [0.3] * 5 + [1] + [0.3] * 6
    # Fourth trial: nothing above threshold (trial SI NaN, left out of the mean).
    h4 = np.full((T, N), 0.08)
    return {"hand": np.stack([h, h2, h3, h4])}


def main(argv):
    if len(argv) == 2 and argv[1] == "--examples":
        for name, arr in examples().items():
            for b in range(arr.shape[0]):
                print("%s trial %d: si=%.17g entropy=%.17g ridge=%.17g kept=%d"
                      % ((name, b) + trial_si(arr[b])))
            print("%s: si=%.17g entropy=%.17g ridge=%.17g" % ((name,) + si(arr)))
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    h = np.load(argv[1])
    if h.ndim == 2:
        h = h[None]
    print("%.17g %.17g %.17g" % si(h))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
