package dev.fathom.benchmarks;

import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Parallel;
import java.util.Arrays;

/**
 * The Fathom side of {@code benchmarks/compare.sh}: runs the {@link Cases} on one backend with the
 * protocol of {@code compare.py} — warm up (at least 2 s here, for the JIT), then 7 samples of
 * enough calls to last about 50 ms each — and prints {@code case<TAB>median ms<TAB>best ms<TAB>best CPU ms} per call (the best of 7
 * is the steadier figure on a shared machine; the CPU time of the calling thread is the steadiest
 * for one thread, as time spent descheduled does not count).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.fathom.benchmarks.Compare simd 2 gemm,conv
 * }</pre>
 */
public final class Compare {
  private Compare() {}

  /** Median milliseconds per call of {@code task} after warm-up. */
  public static double medianMillis(Runnable task, double warmupSeconds) {
    return samples(task, warmupSeconds)[3];
  }

  private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

  /** Best CPU milliseconds per call of the calling thread over the last {@link #samples} run. */
  private static double bestCpuMillis;

  /** The 7 sorted samples (milliseconds per call) of {@code task} after warm-up. */
  public static double[] samples(Runnable task, double warmupSeconds) {
    long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long calls = 0, t0 = System.nanoTime();
    do {
      task.run();
      calls++;
    } while (System.nanoTime() < end || calls < 3);
    double perCall = (System.nanoTime() - t0) / (double) calls;
    int reps = (int) Math.max(1, Math.min(1_000_000, 50e6 / perCall));
    double[] samples = new double[7];
    bestCpuMillis = Double.MAX_VALUE;
    for (int s = 0; s < samples.length; s++) {
      long cpu = MX.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (int i = 0; i < reps; i++) task.run();
      samples[s] = (System.nanoTime() - start) / 1e6 / reps;
      bestCpuMillis = Math.min(bestCpuMillis, (MX.getCurrentThreadCpuTime() - cpu) / 1e6 / reps);
    }
    Arrays.sort(samples);
    return samples;
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: Compare <backend: simd|scalar> <threads> [case prefixes, comma-separated]");
      System.exit(2);
    }
    Backend be = Backends.create("cpu", args[0]);
    Parallel.setNumThreads(Integer.parseInt(args[1]));
    double warmup = Double.parseDouble(System.getProperty("fathom.bench.warmup", "2"));
    for (String name : Cases.select(args.length > 2 ? args[2] : "all").keySet()) {
      double[] ms = samples(Cases.build(name, be), warmup);
      System.out.printf("%s\t%.6f\t%.6f\t%.6f%n", name, ms[3], ms[0], bestCpuMillis);
      System.out.flush();
    }
  }
}
