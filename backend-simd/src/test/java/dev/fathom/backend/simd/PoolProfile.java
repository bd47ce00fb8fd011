package dev.fathom.backend.simd;

import dev.fathom.DType;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.View;

/**
 * Development tool (not a test): times ResNet-18's stem max pooling (3x3, stride 2, padding 1)
 * through {@link FastPooling}, with and without indices, best of a few runs, wall ms.
 * Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.fathom.backend.simd.PoolProfile <batch> <threads>}.
 */
final class PoolProfile {
  private PoolProfile() {}

  public static void main(String[] a) {
    if (a.length > 1) Parallel.setNumThreads(Integer.parseInt(a[1]));
    time(1, 200, false); // warm-up: compile the kernels before timing the large batch
    time(Integer.parseInt(a[0]), 10, true);
  }

  private static void time(int n, int runs, boolean print) {
    Pool2dParams p = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false, true, 0);
    int[] in = {n, 64, 112, 112}, os = {n, 64, p.outH(112), p.outW(112)};
    java.util.Random r = new java.util.Random(1);
    View x = View.contiguous(HeapStorage.allocate(DType.FLOAT32, n * 64 * 112 * 112), in);
    float[] xs = x.heap().floats();
    for (int i = 0; i < xs.length; i++) xs[i] = Math.max(0f, (float) r.nextGaussian()); // ReLU output
    View out = View.contiguous(HeapStorage.allocate(DType.FLOAT32, n * 64 * os[2] * os[3]), os);
    View idx = View.contiguous(HeapStorage.allocate(DType.INT64, n * 64 * os[2] * os[3]), os);
    double with = best(runs, () -> FastPooling.maxPool2d(x, out, idx, p)), without = best(runs, () -> FastPooling.maxPool2d(x, out, null, p));
    if (print) System.out.printf("[%d,64,112,112] k3 s2 p1, %d threads: with indices %.2f ms, without %.2f ms%n", n, Parallel.numThreads(),
        with, without);
  }

  private static double best(int runs, Runnable r) {
    double b = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      r.run();
      b = Math.min(b, (System.nanoTime() - t) / 1e6);
    }
    return b;
  }
}
