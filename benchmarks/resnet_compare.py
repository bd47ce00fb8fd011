#!/usr/bin/python3
"""PyTorch side of resnet_compare.sh: the cases of dev.fathom.benchmarks.ResNetBench, timed the same way.

Usage: /usr/bin/python3 resnet_compare.py THREADS [case prefixes, comma-separated]
Prints "case<TAB>median ms<TAB>best ms" per call: torchvision's resnet18 (random weights) at 224x224, eval forward
at batch 1 and 16 under no_grad, and one SGD (momentum 0.9) training step at batch 16. Threads are set
in PyTorch and in the OpenBLAS it calls.
"""
import os
import sys

import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import set_threads, timings_ms  # noqa: E402

NAMES = ["resnet18_eval_b1", "resnet18_eval_b16", "resnet18_train_b16"]


def cases():
    torch.manual_seed(0)
    model = torchvision.models.resnet18()
    x1, x16 = torch.rand(1, 3, 224, 224), torch.rand(16, 3, 224, 224)
    y16 = torch.randint(0, 1000, (16,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def evaluate(x):
        model.eval()
        with torch.no_grad():
            model(x)

    def train():
        model.train()
        opt.zero_grad()
        F.cross_entropy(model(x16), y16).backward()
        opt.step()
    return {"resnet18_eval_b1": lambda: evaluate(x1), "resnet18_eval_b16": lambda: evaluate(x16),
            "resnet18_train_b16": train}


def main():
    threads = int(sys.argv[1])
    prefixes = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] not in ("", "all") else [""]
    libs = set_threads(threads)
    print("# torch %s, torchvision %s, threads %d, openblas %s" % (torch.__version__, torchvision.__version__,
          torch.get_num_threads(), ",".join(libs) or "not loaded"), file=sys.stderr)
    for name, task in cases().items():
        if any(name.startswith(p) for p in prefixes):
            median, best, _ = timings_ms(task, warmup_s=3.0)
            print("%s\t%.6f\t%.6f" % (name, median, best), flush=True)


if __name__ == "__main__":
    main()
