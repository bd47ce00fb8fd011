#!/usr/bin/python3
"""PyTorch side of CnnEpochBench: full Fashion-MNIST epochs of the course CNN.

Conv2d(1,16,3,p1)-ReLU-MaxPool2d(2)-Conv2d(16,32,3,p1)-ReLU-MaxPool2d(2)-Flatten-Linear(1568,128)-ReLU-
Linear(128,10), CrossEntropyLoss, Adam 1e-3, batch 64, shuffled. The IDX files are read with gzip and
numpy into one tensor normalised with Fashion-MNIST's mean and std (0.2860, 0.3530) and batched
through a DataLoader over a TensorDataset. For each thread count T (torch.set_num_threads(T) and
OpenBLAS's own count through ctypes, which set_num_threads does not reach) it prints wall and CPU
seconds per epoch and the test accuracy after the last epoch, then, when given the Fathom result
lines of CnnEpochBench (--fathom FILE), the ratio Fathom / PyTorch per thread count.

Usage (run with /usr/bin/python3, which has PyTorch 1.13):
  /usr/bin/python3 benchmarks/cnn_compare.py --threads 1,2 --epochs 3 [--fathom fathom.txt]
"""
import argparse
import ctypes
import glob
import gzip
import os
import re
import time

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

MEAN, STD = 0.2860, 0.3530


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(root, train):
    prefix = "train" if train else "t10k"
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    x = (torch.from_numpy(x).unsqueeze(1) - MEAN) / STD
    return TensorDataset(x, torch.from_numpy(y))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def set_openblas_threads(n):
    """Sets OpenBLAS's thread count in every OpenBLAS this process has loaded; returns how many were found."""
    found = 0
    for lib in set(glob.glob(os.path.join(os.path.dirname(torch.__file__), "lib", "*openblas*"))
                   + glob.glob("/usr/lib/x86_64-linux-gnu/*openblas*/libopenblas*.so*")
                   + glob.glob("/usr/lib/x86_64-linux-gnu/libopenblas*.so*")):
        try:
            handle = ctypes.CDLL(lib)
        except OSError:
            continue
        for name in ("openblas_set_num_threads", "openblas_set_num_threads64_"):
            fn = getattr(handle, name, None)
            if fn is not None:
                fn(n)
                found += 1
                break
    return found


def accuracy(model, test):
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in DataLoader(test, batch_size=1000):
            correct += (model(x).argmax(1) == y).sum().item()
    model.train()
    return correct / len(test)


def run(threads, epochs, train, test, seed):
    torch.set_num_threads(threads)
    blas = set_openblas_threads(threads)
    torch.manual_seed(seed)
    model = cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(train, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(seed + 1))
    walls = []
    for e in range(epochs):
        w0, c0 = time.perf_counter(), time.process_time()
        total, n = 0.0, 0
        for x, y in loader:
            out = model(x)
            loss = loss_fn(out, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(y)
            n += len(y)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        walls.append(wall)
        print(f"threads {threads} epoch {e + 1}: {wall:.2f} s wall, {cpu:.2f} s process CPU, train loss {total / n:.4f}"
              f" (OpenBLAS libraries set: {blas})", flush=True)
    acc = accuracy(model, test)
    print(f"RESULT pytorch threads={threads} best_epoch_s={min(walls):.2f} mean_epoch_s={sum(walls) / len(walls):.2f} test_acc={acc:.4f}",
          flush=True)
    return min(walls), acc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fathom", help="a file holding CnnEpochBench's output (its RESULT lines are compared)")
    a = ap.parse_args()
    train, test = load(a.data, True), load(a.data, False)
    print(f"PyTorch {torch.__version__}, {len(train)} train / {len(test)} test images, {os.cpu_count()}-core machine", flush=True)
    torch_best = {}
    for t in [int(s) for s in a.threads.split(",")]:
        torch_best[t] = run(t, a.epochs, train, test, a.seed)
    if a.fathom:
        with open(a.fathom) as f:
            for m in re.finditer(r"RESULT fathom threads=(\d+) best_epoch_s=([\d.]+) mean_epoch_s=[\d.]+ test_acc=([\d.]+)", f.read()):
                t, best, acc = int(m.group(1)), float(m.group(2)), float(m.group(3))
                if t in torch_best:
                    tb, ta = torch_best[t]
                    print(f"threads {t}: Fathom {best:.2f} s/epoch (acc {acc:.4f}), PyTorch {tb:.2f} s/epoch (acc {ta:.4f}),"
                          f" ratio {best / tb:.2f} (target <= 0.8)")
        fastest = min(b for b, _ in torch_best.values())
        print(f"PyTorch's best over thread counts: {fastest:.2f} s/epoch")


if __name__ == "__main__":
    main()
