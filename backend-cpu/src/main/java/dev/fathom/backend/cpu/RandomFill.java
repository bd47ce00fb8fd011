package dev.fathom.backend.cpu;

import dev.fathom.spi.Distribution;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.Philox;
import dev.fathom.spi.View;

/**
 * Random fills from Philox4x32-10, element for element what {@link Philox#sample} defines (so
 * every backend draws the same numbers), but computing each block once for its four words. The
 * value is formed in double exactly as {@code Philox.sample} forms it and then converted to the
 * output dtype.
 */
final class RandomFill {
  /** Elements per parallel chunk: a Philox block costs tens of operations. */
  private static final int GRAIN = 4096;

  private RandomFill() {}

  static void random(View out, Distribution dist, double a, double b, long seed, long offset) {
    int n = out.numel();
    if (n == 0) return;
    if (!out.isContiguous()) {
      View tmp = View.contiguous(HeapStorage.allocate(out.dtype(), n), out.shape());
      random(tmp, dist, a, b, seed, offset);
      Elementwise.copy(tmp, out);
      return;
    }
    HeapStorage o = out.heap();
    int base = out.offset();
    int perBlock = dist == Distribution.NORMAL ? 1 : 4;
    int blocks = (int) Philox.blocksFor(dist, n);
    Parallel.forRange(blocks, Math.max(1, GRAIN / perBlock), (from, to) -> {
      int[] words = new int[4];
      double[] v = new double[Math.min(Rows.CHUNK, (to - from) * perBlock)];
      int perChunk = v.length / perBlock;
      for (int blk = from; blk < to; blk += perChunk) {
        int end = Math.min(to, blk + perChunk);
        int first = blk * perBlock, len = Math.min(n, end * perBlock) - first;
        for (int k = blk; k < end; k++) {
          Philox.block(seed, offset + k, words);
          int i0 = (k - blk) * perBlock;
          switch (dist) {
            case UNIFORM -> { for (int j = 0; j < 4 && i0 + j < len; j++) v[i0 + j] = a + (b - a) * Philox.uniformFloat(words[j]); }
            case BERNOULLI -> { for (int j = 0; j < 4 && i0 + j < len; j++) v[i0 + j] = Philox.uniformFloat(words[j]) < a ? 1.0 : 0.0; }
            case NORMAL -> v[i0] = a + b * Philox.normal(words[0], words[1]);
          }
        }
        Rows.store(v, len, o, base + first, 1);
      }
    });
  }
}
