package dev.fathom.benchmarks;

import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Dataset;
import dev.fathom.data.TensorDataset;
import dev.fathom.examples.FashionData;
import dev.fathom.examples.Networks;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Module;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.train.Metrics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Full Fashion-MNIST epochs of the course CNN ({@link Networks#cnn}: Conv2d(1,16,3,p1)-ReLU-MaxPool2d(2)-
 * Conv2d(16,32,3,p1)-ReLU-MaxPool2d(2)-Flatten-Linear(1568,128)-ReLU-Linear(128,10), CrossEntropyLoss,
 * Adam 1e-3, batch 64) through the real {@link DataLoader}, timed as {@code benchmarks/cnn_compare.py}
 * times PyTorch. Images [64, 1, 28, 28] normalised with Fashion-MNIST's mean and std.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code train} (default): {@code --epochs E} epochs per thread count in {@code --threads 1,2}; prints
 *       wall and process-CPU seconds per epoch and the test accuracy after the last epoch.
 *   <li>{@code profile}: per-step CPU milliseconds of the calling thread (run it at one thread) split into
 *       data, forward, loss, backward (with zero_grad) and optimizer step, then each layer's forward and
 *       backward at batch 64. CPU time, not wall time, so that a loaded machine still gives usable numbers.
 * </ul>
 * {@code --loader vision} (default) decodes each image through the examples' FashionMNIST transform per
 * step; {@code --loader tensor} first normalises the whole set into one tensor and loads batches from a
 * {@link TensorDataset} (what cnn_compare.py does on the PyTorch side).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp ... dev.fathom.benchmarks.CnnEpochBench --threads 1,2 --epochs 3
 * java ... dev.fathom.benchmarks.CnnEpochBench profile --steps 200
 * }</pre>
 */
public final class CnnEpochBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CnnEpochBench() {}

  private static final class Args {
    String mode = "train";
    int[] threads = {1};
    int epochs = 3;
    int steps = 200;
    int warmup = 150;
    String loader = "vision";
    Path data = Path.of("/usr/share/datasets/fashion-mnist");
    long seed = 0;
  }

  public static void main(String[] argv) {
    Args a = parse(argv);
    FashionData fashion = FashionData.fashionMnist(a.data);
    Dataset<?> train = a.loader.equals("tensor") ? materialise(fashion.train()) : fashion.train();
    Dataset<?> test = a.loader.equals("tensor") ? materialise(fashion.test()) : fashion.test();
    System.out.printf(Locale.ROOT, "backend %s, loader %s, %d train / %d test images, %d-core machine%n",
        Fathom.backendName(dev.fathom.Device.cpu()), a.loader, train.size(), test.size(), Runtime.getRuntime().availableProcessors());
    if (a.mode.equals("profile")) {
      Fathom.setNumThreads(a.threads[0]);
      profile(a, train);
    } else {
      for (int t : a.threads) {
        Fathom.setNumThreads(t);
        train(a, t, train, test);
      }
    }
  }

  private static Args parse(String[] argv) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      switch (s) {
        case "train", "profile" -> a.mode = s;
        case "--threads" -> {
          String[] parts = argv[++i].split(",");
          a.threads = new int[parts.length];
          for (int k = 0; k < parts.length; k++) a.threads[k] = Integer.parseInt(parts[k].trim());
        }
        case "--epochs" -> a.epochs = Integer.parseInt(argv[++i]);
        case "--steps" -> a.steps = Integer.parseInt(argv[++i]);
        case "--warmup" -> a.warmup = Integer.parseInt(argv[++i]);
        case "--loader" -> {
          a.loader = argv[++i];
          if (!a.loader.equals("vision") && !a.loader.equals("tensor")) throw new IllegalArgumentException("--loader must be vision or tensor, got " + a.loader);
        }
        case "--data" -> a.data = Path.of(argv[++i]);
        case "--seed" -> a.seed = Long.parseLong(argv[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + s
            + " (usage: [train|profile] [--threads 1,2] [--epochs 3] [--steps 200] [--warmup 150] [--loader vision|tensor] [--data DIR] [--seed 0])");
      }
    }
    return a;
  }

  /** The whole dataset as one normalised image tensor and one label tensor. */
  private static TensorDataset materialise(Dataset<?> d) {
    List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
    for (Batch b : new DataLoader<>(d, DataLoader.options().batchSize(1000))) {
      xs.add(b.input());
      ys.add(b.label());
    }
    return new TensorDataset(Tensor.cat(xs, 0), Tensor.cat(ys, 0));
  }

  private static DataLoader<Batch> trainLoader(Dataset<?> d, long seed) {
    return new DataLoader<>(d, DataLoader.options().batchSize(64).shuffle(true).generator(new Generator(seed + 1)));
  }

  private static void train(Args a, int threads, Dataset<?> trainSet, Dataset<?> testSet) {
    Fathom.manualSeed(a.seed);
    Sequential model = Networks.cnn(1, 10, 128);
    CrossEntropyLoss criterion = new CrossEntropyLoss();
    Adam opt = new Adam(model.parameters(), 1e-3);
    DataLoader<Batch> loader = trainLoader(trainSet, a.seed);
    double[] wall = new double[a.epochs], cpu = new double[a.epochs];
    for (int e = 0; e < a.epochs; e++) {
      model.train();
      long w0 = System.nanoTime(), c0 = processCpu();
      double lossSum = 0;
      int n = 0;
      for (Batch b : loader) {
        Tensor out = model.forward(b.input());
        Tensor loss = criterion.forward(out, b.label());
        opt.zeroGrad();
        loss.backward();
        opt.step();
        lossSum += loss.item() * b.size();
        n += b.size();
      }
      wall[e] = (System.nanoTime() - w0) / 1e9;
      cpu[e] = (processCpu() - c0) / 1e9;
      System.out.printf(Locale.ROOT, "threads %d epoch %d: %.2f s wall, %.2f s process CPU, train loss %.4f%n", threads, e + 1, wall[e], cpu[e], lossSum / n);
    }
    double acc = accuracy(model, testSet);
    double best = Double.POSITIVE_INFINITY;
    for (double w : wall) best = Math.min(best, w);
    System.out.printf(Locale.ROOT, "RESULT fathom threads=%d best_epoch_s=%.2f mean_epoch_s=%.2f test_acc=%.4f%n", threads, best, mean(wall), acc);
  }

  private static double accuracy(Module model, Dataset<?> test) {
    model.eval();
    double correct = 0;
    int n = 0;
    try (var g = Fathom.noGrad()) {
      for (Batch b : new DataLoader<>(test, DataLoader.options().batchSize(1000))) {
        correct += Metrics.accuracy(model.forward(b.input()), b.label()) * b.size();
        n += b.size();
      }
    }
    model.train();
    return correct / n;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  // ---- profile ------------------------------------------------------------------------------

  private static final String[] PHASES = {"data", "forward", "loss", "backward", "step", "item"};

  private static void profile(Args a, Dataset<?> trainSet) {
    Fathom.manualSeed(a.seed);
    Sequential model = Networks.cnn(1, 10, 128);
    CrossEntropyLoss criterion = new CrossEntropyLoss();
    Adam opt = new Adam(model.parameters(), 1e-3);
    DataLoader<Batch> loader = trainLoader(trainSet, a.seed);
    Iterator<Batch> it = loader.iterator();
    long[] sums = new long[PHASES.length];
    long gc0 = 0;
    Batch last = null;
    for (int s = 0; s < a.warmup + a.steps; s++) {
      if (s == a.warmup) {
        java.util.Arrays.fill(sums, 0);
        gc0 = gcMillis();
      }
      long t0 = cpu();
      if (!it.hasNext()) it = loader.iterator();
      Batch b = it.next();
      long t1 = cpu();
      Tensor out = model.forward(b.input());
      long t2 = cpu();
      Tensor loss = criterion.forward(out, b.label());
      long t3 = cpu();
      opt.zeroGrad();
      loss.backward();
      long t4 = cpu();
      opt.step();
      long t5 = cpu();
      loss.item();
      long t6 = cpu();
      long[] d = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5};
      for (int k = 0; k < d.length; k++) sums[k] += d[k];
      last = b;
    }
    long total = 0;
    for (long v : sums) total += v;
    System.out.printf(Locale.ROOT, "per-step CPU ms of the calling thread over %d steps (after %d warm-up steps), threads %d:%n", a.steps, a.warmup, Fathom.getNumThreads());
    for (int k = 0; k < PHASES.length; k++) System.out.printf(Locale.ROOT, "  %-9s %7.3f%n", PHASES[k], sums[k] / 1e6 / a.steps);
    System.out.printf(Locale.ROOT, "  %-9s %7.3f   (GC wall ms per step %.3f)%n", "total", total / 1e6 / a.steps, (gcMillis() - gc0) / (double) a.steps);
    layers(model, last.input(), a.steps);
  }

  private static long gcMillis() {
    long t = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, gc.getCollectionTime());
    return t;
  }

  /** Each layer's forward, and backward from a random output gradient, on its real input. */
  private static void layers(Sequential model, Tensor input, int reps) {
    System.out.printf(Locale.ROOT, "per-layer CPU ms at batch %d (forward, backward less the copy into the input leaf's .grad), %d repetitions:%n",
        input.size(0), reps);
    Tensor x = input;
    int i = 0;
    for (Module m : model) {
      Tensor in = x.detach().requiresGrad(i > 0);
      Tensor y = null;
      long fwd = 0, bwd = 0, leafCopy = 0;
      Tensor g = null;
      for (int r = 0; r < reps; r++) {
        long t0 = cpu();
        y = m.forward(in);
        long t1 = cpu();
        if (g == null) g = Tensor.randnLike(y);
        y.backward(g);
        long t2 = cpu();
        fwd += t1 - t0;
        bwd += t2 - t1;
        if (in.grad() != null) {
          // The input is a leaf here, so backward copied its gradient into .grad, which a layer
          // inside the network does not do: time an equal copy and leave it out.
          try (var ng = Fathom.noGrad()) {
            long t3 = cpu();
            in.grad().clone();
            leafCopy += cpu() - t3;
          }
        }
        in.setGrad(null);
        for (Tensor p : m.parameters()) p.setGrad(null);
      }
      System.out.printf(Locale.ROOT, "  %-2d %-46s %7.3f %7.3f%n", i, describe(m), fwd / 1e6 / reps, (bwd - leafCopy) / 1e6 / reps);
      x = y.detach();
      i++;
    }
  }

  private static String describe(Module m) {
    String s = m.toString().replace('\n', ' ');
    return s.length() > 46 ? s.substring(0, 46) : s;
  }
}
