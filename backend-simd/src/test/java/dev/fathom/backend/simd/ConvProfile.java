package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import java.lang.management.ManagementFactory;

/**
 * Development tool (not a test): times ResNet-18's convolution shapes through {@link ConvKernels}
 * (forward, input gradient, weight gradient), best of a few runs, wall ms.
 * Run: {@code java -cp ... dev.fathom.backend.simd.ConvProfile <batch> <threads>}.
 */
final class ConvProfile {
  private static int RUNS = 6;

  private ConvProfile() {}

  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    RUNS = Math.max(6, 64 / n);
    if (a.length > 1) Parallel.setNumThreads(Integer.parseInt(a[1]));
    int[][] shapes = { // c, hw, o, k, s, p, count
        {3, 224, 64, 7, 2, 3, 1},
        {64, 56, 64, 3, 1, 1, 4},
        {64, 56, 128, 3, 2, 1, 1}, {64, 56, 128, 1, 2, 0, 1}, {128, 28, 128, 3, 1, 1, 3},
        {128, 28, 256, 3, 2, 1, 1}, {128, 28, 256, 1, 2, 0, 1}, {256, 14, 256, 3, 1, 1, 3},
        {256, 14, 512, 3, 2, 1, 1}, {256, 14, 512, 1, 2, 0, 1}, {512, 7, 512, 3, 1, 1, 3}};
    double[] tot = new double[3];
    java.util.Random r = new java.util.Random(1);
    for (int[] s : shapes) {
      ConvGeometry g = new ConvGeometry(n, s[0], s[1], s[1], s[2], s[3], s[3], s[4], s[4], s[5], s[5], 1, 1, 1);
      float[] x = rnd(r, n * g.c() * g.h() * g.w()), w = rnd(r, g.o() * g.k()), go = rnd(r, n * g.o() * g.p());
      float[] out = new float[go.length], gi = new float[x.length], gw = new float[w.length];
      double f = best(() -> ConvKernels.forward(g, x, w, null, out));
      double bi = best(() -> ConvKernels.backwardInput(g, go, w, gi));
      double bw = best(() -> ConvKernels.backwardWeight(g, x, go, gw));
      double gf = 2.0 * n * g.macsPerImageGroup() / 1e6;
      System.out.printf("%3d->%3d %dx%d s%d @%3d x%d  fwd %7.2f  bwdIn %7.2f  bwdW %7.2f ms  (GF/s %5.1f %5.1f %5.1f)%n",
          s[0], s[2], s[3], s[3], s[4], s[1], s[6], f, bi, bw, gf / f, gf / bi, gf / bw);
      tot[0] += f * s[6]; tot[1] += bi * s[6]; tot[2] += bw * s[6];
    }
    System.out.printf("total (x count) fwd %.1f bwdIn %.1f bwdW %.1f ms%n", tot[0], tot[1], tot[2]);
  }

  private static float[] rnd(java.util.Random r, int len) {
    float[] v = new float[len];
    for (int i = 0; i < len; i++) v[i] = r.nextFloat() - 0.5f;
    return v;
  }

  private static double best(Runnable body) {
    double b = Double.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      body.run();
      b = Math.min(b, (System.nanoTime() - t) / 1e6);
    }
    return b;
  }
}
