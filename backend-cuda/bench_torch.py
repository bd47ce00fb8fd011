#!/usr/bin/env python3
"""PyTorch side of the CUDA backend's benchmark, on the same GPU as Fathom's GpuBench.

    python3 backend-cuda/bench_torch.py fathom.txt

fathom.txt holds GpuBench's key=value lines (milliseconds). This script times the same work with
torch.mm and cuDNN (median of 5 repetitions of 10 iterations after 3 warm-ups, like GpuBench),
first with TF32 off everywhere (the FP32 comparison the targets are about), then with TF32 on,
and prints each pair with the ratio torch_ms / fathom_ms (1.0 = as fast as PyTorch).
Targets: SGEMM 4096 FP32 >= 0.7, conv fwd+bwd FP32 >= 0.5.
"""
import statistics
import sys

import torch


def timed(fn):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    reps = []
    for _ in range(5):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(10):
            fn()
        end.record()
        torch.cuda.synchronize()
        reps.append(start.elapsed_time(end) / 10)
    return statistics.median(reps)


def torch_times(tf32):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cudnn.benchmark = True
    suffix = "tf32" if tf32 else "fp32"
    g = torch.Generator(device="cuda").manual_seed(0)
    a = torch.randn(4096, 4096, device="cuda", generator=g)
    b = torch.randn(4096, 4096, device="cuda", generator=g)
    out = {f"sgemm4096_{suffix}_ms": timed(lambda: torch.mm(a, b))}
    x = torch.randn(64, 64, 56, 56, device="cuda", generator=g, requires_grad=True)
    w = torch.randn(64, 64, 3, 3, device="cuda", generator=g, requires_grad=True)
    gy = torch.randn(64, 64, 56, 56, device="cuda", generator=g)

    def fwd():
        with torch.no_grad():
            torch.nn.functional.conv2d(x, w, padding=1)

    def fwdbwd():
        y = torch.nn.functional.conv2d(x, w, padding=1)
        torch.autograd.grad(y, (x, w), gy)

    out[f"conv_fwd_{suffix}_ms"] = timed(fwd)
    out[f"conv_fwdbwd_{suffix}_ms"] = timed(fwdbwd)
    return out


def main():
    fathom = {}
    if len(sys.argv) > 1:
        for line in open(sys.argv[1]):
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                fathom[k] = float(v)
    print(f"# torch {torch.__version__} on {torch.cuda.get_device_name(0)}")
    ours = {}
    ours.update(torch_times(False))
    ours.update(torch_times(True))
    targets = {"sgemm4096_fp32_ms": 0.7, "conv_fwdbwd_fp32_ms": 0.5}
    print(f"{'case':24s} {'fathom ms':>10s} {'torch ms':>10s} {'torch/fathom':>13s}  target")
    for k, t in ours.items():
        f = fathom.get(k)
        ratio = t / f if f else float("nan")
        target = targets.get(k)
        verdict = "" if target is None or f is None else (f">= {target}: " + ("met" if ratio >= target else "MISSED"))
        fs = f"{f:10.3f}" if f is not None else f"{'-':>10s}"
        print(f"{k:24s} {fs} {t:10.3f} {ratio:13.3f}  {verdict}")


if __name__ == "__main__":
    main()
