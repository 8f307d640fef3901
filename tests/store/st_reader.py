#!/usr/bin/env python3
"""st_reader.py: an independent reader of recmem's .safetensors checkpoints, written from
the public format description only (struct + json + numpy; no safetensors package, no recmem
code), used to check that the files are what they claim to be.

  st_reader.py check FILE          validate the container and recmem's layout; print a summary
  st_reader.py dump FILE DUMP      compare every tensor with ckpt_tool's dump of FILE, exactly
  st_reader.py same A B            A and B hold identical tensors and metadata (but saved_at)
  st_reader.py npy FILE DIR        the parameters equal recmem export's .npy files in DIR
  st_reader.py same_tensors A B    A and B hold identical tensors (metadata may differ)
Exits non-zero with a message on the first difference."""
import json
import os
import struct
import sys

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "U64": "<u8", "I32": "<i4", "U8": "u1"}


def fail(msg):
    print("st_reader: " + msg, file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        fail(f"{path}: too short")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        fail(f"{path}: header length {n} beyond the file")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    if not all(isinstance(v, str) for v in meta.values()):
        fail(f"{path}: metadata values must be strings")
    tensors, spans = {}, []
    for name, t in header.items():
        begin, end = t["data_offsets"]
        dt = np.dtype(DTYPES[t["dtype"]])
        shape = tuple(t["shape"])
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if end - begin != count * dt.itemsize or not 0 <= begin <= end <= len(data):
            fail(f"{path}: tensor {name}: offsets {begin}, {end} do not fit its shape")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dt).reshape(shape)
        spans.append((begin, end, name))
    spans.sort()
    pos = 0
    for begin, end, name in spans:
        if begin != pos:
            fail(f"{path}: tensor {name} starts at {begin}, expected {pos}")
        pos = end
    if pos != len(data):
        fail(f"{path}: {len(data) - pos} bytes after the last tensor")
    if (8 + n) % 8:
        fail(f"{path}: data section not 8-byte aligned")
    return meta, tensors


def check(path):
    meta, t = read(path)
    if meta.get("format") != "recmem.checkpoint" or meta.get("format_version") != "1":
        fail(f"{path}: not a recmem checkpoint: {meta.get('format')}")
    for key in ("recmem_version", "saved_at", "config", "state"):
        if key not in meta:
            fail(f"{path}: metadata {key} missing")
    cfg, state = json.loads(meta["config"]), json.loads(meta["state"])
    net, task = cfg["net"], cfg["task"]
    N, I, O = net["n_hidden"], net["n_in"], net["n_out"]
    expect = {"W_in": (N, I), "W_hh": (N, N), "b_in": (N,), "b_hh": (N,),
              "W_out": (O, N) if O > 1 else (N,), "b_out": (O,)}
    if net["model"] in ("rnn", "hebbian", "ortho"):
        for name, shape in expect.items():
            for prefix in ("", "adam.m.", "adam.v."):
                got = t[prefix + name]
                if got.shape != shape or got.dtype != np.float32:
                    fail(f"{path}: {prefix + name} is {got.dtype}{got.shape}, config implies {shape}")
    it = state["iter"]
    if t["history.loss"].shape != (it,):
        fail(f"{path}: history.loss has {t['history.loss'].shape}, expected ({it},)")
    if t["rng.state"].dtype != np.uint64 or t["rng.state"].shape != (4,):
        fail(f"{path}: rng.state must be 4 U64")
    log = t["history.log_iter"]
    if len(log) and (np.any(log % cfg["train"]["log_every"]) or np.any(np.diff(log) <= 0)):
        fail(f"{path}: log iterations {log} are not increasing multiples of log_every")
    print(f"{os.path.basename(path)}: {net['model']} {task['name']} N={N} iter={it} "
          f"tensors={len(t)} version={meta['recmem_version']}")


def dump(path, dump_path):
    _, t = read(path)
    seen = set()
    with open(dump_path) as f:
        for line in f:
            parts = line.split()
            name, dtype, shape = parts[0], parts[1], parts[2]
            values = parts[3:]
            seen.add(name)
            a = t[name]
            want = () if shape == "-" else tuple(int(x) for x in shape.split(","))
            if a.shape != want or a.dtype != np.dtype(DTYPES[dtype]):
                fail(f"{name}: {a.dtype}{a.shape} vs C's {dtype}{want}")
            b = np.array([float(v) if dtype[0] == "F" else int(v) for v in values],
                         dtype=a.dtype).reshape(a.shape)
            same = (a == b) | (np.isnan(a) & np.isnan(b)) if dtype[0] == "F" else a == b
            if not np.all(same):
                fail(f"{name}: values differ from the C loader's")
    if seen != set(t):
        fail(f"tensors {set(t) ^ seen} seen by only one reader")
    print(f"{os.path.basename(path)}: {len(t)} tensors identical to the C reader's")


def same(a_path, b_path):
    ma, ta = read(a_path)
    mb, tb = read(b_path)
    ma.pop("saved_at", None), mb.pop("saved_at", None)
    if ma != mb:
        keys = [k for k in set(ma) | set(mb) if ma.get(k) != mb.get(k)]
        fail(f"metadata differs: {keys}: {[ma.get(k) for k in keys]} vs {[mb.get(k) for k in keys]}")
    if set(ta) != set(tb):
        fail(f"tensor names differ: {set(ta) ^ set(tb)}")
    for name in ta:
        if ta[name].shape != tb[name].shape or ta[name].tobytes() != tb[name].tobytes():
            fail(f"tensor {name} differs")
    print(f"{len(ta)} tensors and the metadata are bit-identical")


def same_tensors(a_path, b_path):
    """Every tensor bit-identical; metadata (when saved, test results) may differ."""
    ta, tb = read(a_path)[1], read(b_path)[1]
    if set(ta) != set(tb):
        fail(f"tensor names differ: {set(ta) ^ set(tb)}")
    for name in ta:
        if ta[name].shape != tb[name].shape or ta[name].tobytes() != tb[name].tobytes():
            fail(f"tensor {name} differs")
    print(f"{len(ta)} tensors are bit-identical")


def npy(path, d):
    meta, t = read(path)
    files = sorted(f for f in os.listdir(d) if f.startswith("all_params_list_"))
    if not files:
        fail(f"no all_params_list_*.npy in {d}")
    for f in files:
        name = f[:-4].split("_", 4)[4]
        a = np.load(os.path.join(d, f))
        w = t[name]
        # export uses Lasagne's orientation: matrices transposed to [in][out]
        want = w.T if w.ndim == 2 else w
        if a.dtype != np.float32 or a.shape != want.shape or not np.array_equal(a, want):
            fail(f"{f}: {a.dtype}{a.shape} differs from the checkpoint's {name}{want.shape}")
    print(f"{len(files)} exported parameters equal the checkpoint's")


if __name__ == "__main__":
    cmds = {"check": (check, 1), "dump": (dump, 2), "same": (same, 2), "npy": (npy, 2),
            "same_tensors": (same_tensors, 2)}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds or len(sys.argv) != 2 + cmds[sys.argv[1]][1]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cmds[sys.argv[1]][0](*sys.argv[2:])
