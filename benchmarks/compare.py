#!/usr/bin/python3
"""PyTorch side of compare.sh: the cases of dev.fathom.benchmarks.Cases, timed the same way.

Usage: /usr/bin/python3 compare.py THREADS [case prefixes, comma-separated]
Prints "case<TAB>median ms<TAB>best ms<TAB>best process CPU ms" per call for each case (the CPU
time equals the wall time of one thread when the machine is idle, and is the steadier figure for one
thread on a shared machine). Threads are set both in PyTorch and in the
OpenBLAS it calls (torch.set_num_threads does not reach OpenBLAS on Debian's build).
"""
import ctypes
import statistics
import sys
import time

import torch
import torch.nn.functional as F

NAMES = ["gemm_256", "gemm_512", "gemm_1024", "gemm_2048",
         "conv_fwd_b32_3-64_32", "conv_fwdbwd_b32_3-64_32",
         "conv_fwd_b8_64-64_56", "conv_fwdbwd_b8_64-64_56",
         "conv_fwd_b64_1-16_28", "conv_fwdbwd_b64_1-16_28",
         "relu_mul_add_16M", "sum_16M", "max_16M", "add_16", "tensor_add_16"]


def set_threads(t):
    torch.set_num_threads(t)
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "libopenblas" in line and ".so" in line}
    for lib in libs:
        ctypes.CDLL(lib).openblas_set_num_threads(t)
    return sorted(libs)


def timings_ms(task, warmup_s=1.0):
    """(median wall, best wall, best CPU of this process) in ms per call, after warm-up."""
    end = time.perf_counter() + warmup_s
    calls, t0 = 0, time.perf_counter()
    while time.perf_counter() < end or calls < 3:
        task()
        calls += 1
    per_call = (time.perf_counter() - t0) / calls
    reps = max(1, min(1_000_000, int(0.05 / per_call)))
    samples, cpu = [], []
    for _ in range(7):
        c0, start = time.process_time(), time.perf_counter()
        for _ in range(reps):
            task()
        samples.append((time.perf_counter() - start) * 1e3 / reps)
        cpu.append((time.process_time() - c0) * 1e3 / reps)
    return statistics.median(samples), min(samples), min(cpu)


def conv_shape(name):
    f = name.split("_")
    cin, cout = f[3].split("-")
    return int(f[2][1:]), int(cin), int(cout), int(f[4])


def build(name):
    """Returns a list of alternative tasks for the case; the fastest one is reported."""
    g = torch.Generator().manual_seed(42)
    if name.startswith("gemm_"):
        n = int(name[5:])
        a, b, c = torch.rand(n, n, generator=g), torch.rand(n, n, generator=g), torch.empty(n, n)
        return [lambda: torch.mm(a, b, out=c)]
    if name.startswith("conv_"):
        bs, cin, cout, size = conv_shape(name)
        x = torch.rand(bs, cin, size, size, generator=g)
        w = torch.rand(cout, cin, 3, 3, generator=g)
        bias = torch.rand(cout, generator=g)
        if name.startswith("conv_fwd_"):
            def fwd():
                with torch.no_grad():
                    F.conv2d(x, w, bias, padding=1)
            return [fwd]
        xg, wg, bg = x.clone().requires_grad_(), w.clone().requires_grad_(), bias.clone().requires_grad_()
        gy = torch.rand(bs, cout, size, size, generator=g)

        def fwdbwd():
            xg.grad = wg.grad = bg.grad = None
            F.conv2d(xg, wg, bg, padding=1).backward(gy)
        return [fwdbwd]
    if name == "relu_mul_add_16M":
        n = 1 << 24
        a, b, c, t = torch.rand(n, generator=g), torch.rand(n, generator=g), torch.rand(n, generator=g), torch.empty(n)

        def three_calls():
            torch.mul(a, b, out=t)
            t.add_(c)
            t.relu_()

        def addcmul():
            torch.addcmul(c, a, b, out=t)
            t.relu_()

        def eager():
            torch.relu(a * b + c)
        # addcmul(out=) + relu_ (two passes) is the fastest; the others are kept for the record.
        return [addcmul, three_calls, eager]
    if name == "sum_16M":
        x = torch.rand(1 << 24, generator=g)
        return [lambda: torch.sum(x)]
    if name == "max_16M":
        x = torch.rand(1 << 24, generator=g)
        return [lambda: torch.max(x)]
    if name in ("add_16", "tensor_add_16"):
        a, b = torch.rand(16, generator=g), torch.rand(16, generator=g)
        return [lambda: a + b]
    raise ValueError("unknown case " + name)


def main():
    threads = int(sys.argv[1])
    prefixes = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] not in ("", "all") else [""]
    libs = set_threads(threads)
    print("# torch %s, threads %d, openblas %s" % (torch.__version__, torch.get_num_threads(), ",".join(libs) or "not loaded"),
          file=sys.stderr)
    for name in NAMES:
        if not any(name.startswith(p) for p in prefixes):
            continue
        best = min((timings_ms(task) for task in build(name)), key=lambda t: t[0])
        print("%s\t%.6f\t%.6f\t%.6f" % ((name,) + best), flush=True)


if __name__ == "__main__":
    main()
