package dev.fathom.data;

import dev.fathom.Generator;

/** Shared helpers of the samplers. */
final class Samplers {
  private Samplers() {}

  /** A uniform random permutation of 0..n-1 (Fisher-Yates driven by {@code generator}). */
  static int[] permutation(int n, Generator generator) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = (int) generator.nextLong(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Cuts an epoch's indices into batches, as {@code BatchSampler}: full batches of
   * {@code batchSize}, then a short last one unless {@code dropLast}.
   */
  static int[][] batches(int[] indices, int batchSize, boolean dropLast) {
    int full = indices.length / batchSize;
    int rest = indices.length % batchSize;
    int count = full + (rest > 0 && !dropLast ? 1 : 0);
    int[][] out = new int[count][];
    for (int b = 0; b < count; b++) {
      int from = b * batchSize;
      out[b] = java.util.Arrays.copyOfRange(indices, from, Math.min(from + batchSize, indices.length));
    }
    return out;
  }
}
