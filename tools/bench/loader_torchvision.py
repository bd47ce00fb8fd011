"""torchvision side of the image-loading benchmark (see dev.fathom.vision.bench.LoaderBench).

    /usr/bin/python3 tools/bench/loader_torchvision.py [root] [--epochs 3]

Makes (if missing) an ImageFolder of 5,000 generated 64x64 RGB PNGs in 10 classes under root
(default /tmp/fathom-bench/imagefolder), then times ImageFolder + Resize(56) +
RandomHorizontalFlip + ToTensor + Normalize through DataLoader(batch_size=64, shuffle=True,
num_workers=2) and prints images/second per epoch after one warm-up epoch, and the median; then
the CPU time per image of ds[i] in this process (robust to other load on the machine).
"""
import os
import statistics
import sys
import time

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

N, SIZE, CLASSES = 5000, 64, 10


def generate(root):
    if os.path.isdir(root) and sum(len(f) for _, _, f in os.walk(root)) >= N:
        return
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    for i in range(N):
        d = os.path.join(root, f"class_{i % CLASSES}")
        os.makedirs(d, exist_ok=True)
        f = rng.uniform(0.05, 0.3, 3)
        ph = rng.uniform(0, 6.28, 3)
        img = np.stack([127 + 90 * np.sin(f[k] * x + f[(k + 1) % 3] * y + ph[k]) for k in range(3)], -1)
        img += rng.normal(0, 12, img.shape)
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB").save(os.path.join(d, f"img_{i:05d}.png"))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else "/tmp/fathom-bench/imagefolder"
    epochs = int(sys.argv[sys.argv.index("--epochs") + 1]) if "--epochs" in sys.argv else 3
    generate(root)
    t = transforms.Compose([transforms.Resize(56), transforms.RandomHorizontalFlip(), transforms.ToTensor(),
                            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    ds = datasets.ImageFolder(root, t)
    loader = DataLoader(ds, batch_size=64, shuffle=True, num_workers=2, generator=torch.Generator().manual_seed(0))
    rates = []
    for epoch in range(epochs + 1):
        start = time.perf_counter()
        n = 0
        for x, y in loader:
            n += x.shape[0]
        dt = time.perf_counter() - start
        if epoch > 0:
            rates.append(n / dt)
            print(f"epoch {epoch}: {n / dt:.0f} images/s")
    print(f"torchvision median: {statistics.median(rates):.0f} images/s ({len(ds)} images, batch 64, 2 workers)")
    torch.set_num_threads(1)
    cpu = []
    for _ in range(3):
        c0 = time.process_time()
        for i in range(len(ds)):
            ds[i]
        cpu.append((time.process_time() - c0) / len(ds) * 1e6)
    print(f"torchvision single-thread CPU per image (read+decode+transform, no collate): {statistics.median(cpu):.0f} us")


if __name__ == "__main__":
    main()
