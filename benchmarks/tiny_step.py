#!/usr/bin/env python3
"""PyTorch side of TinyStepBenchmark: one Adam training step of Linear(1,6)-Sigmoid-Linear(6,1), batch 32.

    /usr/bin/python3 benchmarks/tiny_step.py [THREADS]
"""
import ctypes
import ctypes.util
import statistics
import sys
import time

import torch
from torch import nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
for name in ("libopenblas.so.0", ctypes.util.find_library("openblas")):
    try:
        ctypes.CDLL(name).openblas_set_num_threads(threads)
        break
    except (OSError, AttributeError, TypeError):
        pass

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(1, 6), nn.Sigmoid(), nn.Linear(6, 1))
opt = torch.optim.Adam(net.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
x = torch.randn(32, 1)
y = torch.sin(2 * x)


def step():
    loss = loss_fn(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(2000):
    step()
rounds = []
for _ in range(7):
    t0 = time.perf_counter()
    for _ in range(2000):
        step()
    rounds.append((time.perf_counter() - t0) / 2000 * 1e6)
print(f"pytorch tiny training step: {statistics.median(rounds):.1f} us (median of 7, {threads} thread(s))")
