package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import dev.fathom.spi.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float SUM, MAX, MIN and ARGMAX/ARGMIN over a contiguous input seen as {@code [k0, r1, k1, r2]}
 * (kept, reduced, kept, reduced), which covers reducing the last dims, leading or inner dims, and
 * {@code [N, C, H, W]} over {@code (0, 2, 3)}. Rows ({@code r2}) are reduced in vector
 * accumulators; a SUM adds each block of {@link #BLOCK} elements into a double, so long sums stay
 * accurate. Columns ({@code r1} with {@code r2 == 1}) are reduced lane by lane across rows. MAX and
 * MIN propagate NaN ({@code Math.max} semantics). Also the fused softmax over the last dim.
 *
 * <pre>{@code
 * FloatReductions.reduce(ReduceOp.SUM, x, 0, 1, 4, 64, 1024, out, 0); // [4, 64, 1024] over dim 2
 * }</pre>
 */
final class FloatReductions {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int BLOCK = 4096;
  /** Elements per parallel chunk. */
  static final int GRAIN = 1 << 16;

  private FloatReductions() {}

  /** {@code out[k0, k1] = op over (r1, r2) of x[k0, r1, k1, r2]}, for SUM, MAX and MIN. */
  static void reduce(ReduceOp op, float[] x, int xOff, int k0, int r1, int k1, int r2, float[] out, int oOff) {
    long total = (long) k0 * r1 * k1 * r2;
    if (r2 == 1) {
      // Column reduction: vectorised across k1.
      int grain = (int) Math.max(1, GRAIN / Math.max(1, (long) r1 * k1));
      Parallel.forRange(k0, grain, (from, to) -> {
        for (int a = from; a < to; a++) columns(op, x, xOff + a * r1 * k1, r1, k1, out, oOff + a * k1);
      });
      return;
    }
    int outN = k0 * k1;
    if (outN == 1 && total >= 2L * GRAIN && Parallel.numThreads() > 1 && r1 == 1) {
      // One long row: split it, then combine the partial results.
      int chunks = Parallel.numThreads();
      double[] part = new double[chunks];
      Parallel.forRange(chunks, 1, (from, to) -> {
        for (int c = from; c < to; c++) {
          int lo = (int) ((long) r2 * c / chunks), hi = (int) ((long) r2 * (c + 1) / chunks);
          part[c] = row(op, x, xOff + lo, hi - lo);
        }
      });
      double acc = part[0];
      for (int c = 1; c < chunks; c++) acc = combine(op, acc, part[c]);
      out[oOff] = (float) acc;
      return;
    }
    int grain = (int) Math.max(1, GRAIN / Math.max(1, (long) r1 * r2));
    Parallel.forRange(outN, grain, (from, to) -> {
      for (int o = from; o < to; o++) {
        int a = o / k1, b = o % k1;
        double acc = row(op, x, xOff + ((a * r1) * k1 + b) * r2, r2);
        for (int r = 1; r < r1; r++) acc = combine(op, acc, row(op, x, xOff + ((a * r1 + r) * k1 + b) * r2, r2));
        out[oOff + o] = (float) acc;
      }
    });
  }

  private static double combine(ReduceOp op, double a, double b) {
    return switch (op) {
      case SUM -> a + b;
      case MAX -> Math.max(a, b);
      default -> Math.min(a, b);
    };
  }

  /** SUM, MAX or MIN of {@code x[off, off + n)}. */
  static double row(ReduceOp op, float[] x, int off, int n) {
    if (op == ReduceOp.SUM) {
      double total = 0;
      for (int b = 0; b < n; b += BLOCK) total += sumBlock(x, off + b, Math.min(BLOCK, n - b));
      return total;
    }
    boolean max = op == ReduceOp.MAX;
    float acc = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    int i = 0;
    if (n >= 2 * V) {
      FloatVector a0 = FloatVector.broadcast(S, acc), a1 = a0;
      for (; i <= n - 2 * V; i += 2 * V) {
        FloatVector v0 = FloatVector.fromArray(S, x, off + i), v1 = FloatVector.fromArray(S, x, off + i + V);
        a0 = max ? a0.max(v0) : a0.min(v0);
        a1 = max ? a1.max(v1) : a1.min(v1);
      }
      FloatVector a = max ? a0.max(a1) : a0.min(a1);
      // reduceLanes(MAX) may drop a NaN lane: look for one first.
      if (a.test(VectorOperators.IS_NAN).anyTrue()) return Double.NaN;
      acc = a.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
    }
    for (; i < n; i++) acc = max ? Math.max(acc, x[off + i]) : Math.min(acc, x[off + i]);
    return acc;
  }

  private static float sumBlock(float[] x, int off, int n) {
    int i = 0;
    float s = 0f;
    if (n >= 4 * V) {
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (; i <= n - 4 * V; i += 4 * V) {
        a0 = a0.add(FloatVector.fromArray(S, x, off + i));
        a1 = a1.add(FloatVector.fromArray(S, x, off + i + V));
        a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * V));
        a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * V));
      }
      s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) s += x[off + i];
    return s;
  }

  /** {@code out[j] = op over r of x[r*cols + j]}. */
  private static void columns(ReduceOp op, float[] x, int off, int rows, int cols, float[] out, int oOff) {
    System.arraycopy(x, off, out, oOff, cols);
    for (int r = 1; r < rows; r++) {
      int src = off + r * cols;
      switch (op) {
        case SUM -> { for (int j = 0; j < cols; j++) out[oOff + j] += x[src + j]; }
        case MAX -> { for (int j = 0; j < cols; j++) out[oOff + j] = Math.max(out[oOff + j], x[src + j]); }
        default -> { for (int j = 0; j < cols; j++) out[oOff + j] = Math.min(out[oOff + j], x[src + j]); }
      }
    }
  }

  /** Index of the first maximum (minimum) of each row of {@code x[rows, n]}; NaN counts as the extreme. */
  static void argRows(boolean max, float[] x, int xOff, int rows, int n, long[] out, int oOff) {
    int grain = Math.max(1, GRAIN / Math.max(1, n));
    Parallel.forRange(rows, grain, (from, to) -> {
      for (int r = from; r < to; r++) {
        int base = xOff + r * n;
        float best = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        int at = 0;
        for (int i = 0; i < n; i++) {
          float e = x[base + i];
          if (max ? e > best : e < best) {
            best = e;
            at = i;
          } else if (e != e) {
            at = i;
            break;
          }
        }
        out[oOff + r] = at;
      }
    });
  }

  /** Softmax (or log-softmax) of each row of {@code x[rows, n]} into {@code out}, which may be x. */
  static void softmaxRows(float[] x, int xOff, int rows, int n, boolean log, float[] out, int oOff) {
    int grain = Math.max(1, GRAIN / Math.max(1, 4 * n));
    Parallel.forRange(rows, grain, (from, to) -> {
      for (int r = from; r < to; r++) {
        int xi = xOff + r * n, oi = oOff + r * n;
        float max = (float) row(ReduceOp.MAX, x, xi, n);
        FloatVector m = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        double sum = 0;
        if (log) {
          for (; i <= n - V; i += V) acc = acc.add(FloatVector.fromArray(S, x, xi + i).sub(m).lanewise(VectorOperators.EXP));
          for (; i < n; i++) sum += Math.exp(x[xi + i] - max);
          sum += acc.reduceLanes(VectorOperators.ADD);
          float ls = (float) Math.log(sum);
          for (int j = 0; j < n; j++) out[oi + j] = (x[xi + j] - max) - ls;
        } else {
          for (; i <= n - V; i += V) {
            FloatVector e = FloatVector.fromArray(S, x, xi + i).sub(m).lanewise(VectorOperators.EXP);
            e.intoArray(out, oi + i);
            acc = acc.add(e);
          }
          for (; i < n; i++) {
            float e = (float) Math.exp(x[xi + i] - max);
            out[oi + i] = e;
            sum += e;
          }
          sum += acc.reduceLanes(VectorOperators.ADD);
          float inv = (float) (1.0 / sum);
          for (int j = 0; j < n; j++) out[oi + j] *= inv;
        }
      }
    });
  }
}
