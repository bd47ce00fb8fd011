package dev.fathom.vision.bench;

import dev.fathom.Generator;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.vision.ImageFolder;
import dev.fathom.vision.transforms.Compose;
import dev.fathom.vision.transforms.Normalize;
import dev.fathom.vision.transforms.RandomHorizontalFlip;
import dev.fathom.vision.transforms.Resize;
import dev.fathom.vision.transforms.ToTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Image-loading throughput, the Fathom side of tools/bench/loader_torchvision.py: ImageFolder of
 * 5,000 64x64 PNGs (generate them with that script first), Resize(56) + RandomHorizontalFlip +
 * ToTensor + Normalize, DataLoader batch 64, shuffle, 2 workers; images/second per epoch after two
 * warm-up epochs, and the median; then the CPU time per image of {@code dataset.get} on one thread
 * (robust to other load on the machine).
 *
 * <pre>
 * /usr/bin/python3 tools/bench/loader_torchvision.py      # makes /tmp/fathom-bench/imagefolder, prints torchvision's rate
 * java -cp ... dev.fathom.vision.bench.LoaderBench [root] [epochs]
 * </pre>
 */
public final class LoaderBench {
  private LoaderBench() {}

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "/tmp/fathom-bench/imagefolder");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (!Files.isDirectory(root)) throw new IllegalStateException(root + " is missing: run tools/bench/loader_torchvision.py first");
    var transform = Compose.of(new Resize(56), new RandomHorizontalFlip(), new ToTensor(),
        new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}));
    var ds = new ImageFolder<>(root, transform);
    List<Double> rates = new ArrayList<>();
    try (var loader = new DataLoader<>(ds, DataLoader.options().batchSize(64).shuffle(true).numWorkers(2).generator(new Generator(0)))) {
      for (int e = 0; e < epochs + 2; e++) {
        long start = System.nanoTime();
        int n = 0;
        for (Batch b : loader) n += b.size();
        double rate = n / ((System.nanoTime() - start) / 1e9);
        if (e >= 2) {
          rates.add(rate);
          System.out.printf("epoch %d: %.0f images/s%n", e - 1, rate);
        }
      }
    }
    Collections.sort(rates);
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    List<Double> cpu = new ArrayList<>();
    for (int rep = 0; rep < 3; rep++) {
      long c0 = bean.getCurrentThreadCpuTime();
      for (int i = 0; i < ds.size(); i++) ds.get(i);
      cpu.add((bean.getCurrentThreadCpuTime() - c0) / 1e3 / ds.size());
    }
    Collections.sort(cpu);
    System.out.printf("fathom single-thread CPU per image (read+decode+transform, no collate): %.0f us%n", cpu.get(1));
    System.out.printf("fathom median: %.0f images/s (%d images, batch 64, 2 workers)%n", rates.get(rates.size() / 2), ds.size());
  }
}
