package dev.fathom.backend.cpu;

import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;

/**
 * Reductions over any set of dims and the prefix sum. Floating inputs accumulate in double (a
 * FLOAT32 sum rounds once, at the end), integer and BOOL inputs in long; the result is converted
 * to the output view's dtype, so an integer SUM may write INT64. MAX/MIN propagate NaN; ARGMAX and
 * ARGMIN take the first occurrence and count NaN as the extreme, as PyTorch does.
 */
final class Reductions {
  private Reductions() {}

  static void reduce(ReduceOp op, View x, int[] dims, View out) {
    int[] shape = x.shape();
    int[] keep = shape.clone();
    int[] outerStrides = x.strides().clone();
    int[] innerShape = shape.clone();
    boolean[] reduced = new boolean[shape.length];
    for (int d : dims) reduced[d] = true;
    for (int d = 0; d < shape.length; d++) {
      if (reduced[d]) {
        keep[d] = 1;
        outerStrides[d] = 0;
      } else {
        innerShape[d] = 1;
      }
    }
    if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && dims.length != 1)
      throw new IllegalArgumentException("reduce " + op + ": needs exactly one dim, got " + dims.length);
    if (out.numel() != Shapes.numel(keep))
      throw new IllegalArgumentException("reduce " + op + ": output of shape " + Shapes.str(out.shape()) + " does not fit input " + Shapes.str(shape) + " reduced over " + java.util.Arrays.toString(dims));
    int outN = out.numel();
    if (outN == 0) return;
    View o = out.restride(keep, Shapes.contiguousStrides(keep), out.offset());
    int redN = Shapes.numel(innerShape);
    Cursor outer = Cursor.of(keep, new int[][] {outerStrides, o.strides()}, x.offset(), o.offset());
    Cursor inner = Cursor.of(innerShape, new int[][] {x.strides()}, 0);
    HeapStorage s = x.heap(), os = o.heap();
    boolean floating = x.dtype().isFloatingPoint();
    boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
    int grain = Math.max(1, Elementwise.GRAIN / Math.max(1, redN));
    Parallel.forRange(outN, grain, (from, to) -> {
      Cursor oc = outer.at(from);
      Cursor ic = inner.at(0);
      int cap = Math.max(1, Math.min(Rows.CHUNK, redN));
      double[] dv = floating ? new double[cap] : null;
      long[] lv = floating ? null : new long[cap];
      for (int i = from; i < to; i++) {
        ic.restart(oc.off[0]);
        int at = oc.off[1];
        if (arg) os.setLong(at, floating ? argD(op, s, ic, redN, dv) : argL(op, s, ic, redN, lv));
        else if (floating) os.setDouble(at, accumulateD(op, s, ic, redN, dv));
        else os.setLong(at, accumulateL(op, s, ic, redN, lv));
        oc.advance(1);
      }
    });
  }

  private static double accumulateD(ReduceOp op, HeapStorage s, Cursor c, int n, double[] v) {
    double acc = switch (op) {
      case SUM, ANY -> 0;
      case PROD, ALL -> 1;
      case MAX -> Double.NEGATIVE_INFINITY;
      case MIN -> Double.POSITIVE_INFINITY;
      default -> throw new AssertionError(op);
    };
    for (int p = 0; p < n; ) {
      int len = c.segment(Math.min(n - p, v.length));
      Rows.load(s, c.off[0], c.stride(0), len, v);
      switch (op) {
        case SUM -> { for (int i = 0; i < len; i++) acc += v[i]; }
        case PROD -> { for (int i = 0; i < len; i++) acc *= v[i]; }
        case MAX -> { for (int i = 0; i < len; i++) if (v[i] > acc || Double.isNaN(v[i])) acc = v[i]; }
        case MIN -> { for (int i = 0; i < len; i++) if (v[i] < acc || Double.isNaN(v[i])) acc = v[i]; }
        case ANY -> { for (int i = 0; i < len; i++) if (v[i] != 0) acc = 1; }
        case ALL -> { for (int i = 0; i < len; i++) if (v[i] == 0) acc = 0; }
        default -> throw new AssertionError(op);
      }
      c.advance(len);
      p += len;
    }
    return acc;
  }

  private static long accumulateL(ReduceOp op, HeapStorage s, Cursor c, int n, long[] v) {
    long acc = switch (op) {
      case SUM, ANY -> 0;
      case PROD, ALL -> 1;
      case MAX -> Long.MIN_VALUE;
      case MIN -> Long.MAX_VALUE;
      default -> throw new AssertionError(op);
    };
    for (int p = 0; p < n; ) {
      int len = c.segment(Math.min(n - p, v.length));
      Rows.load(s, c.off[0], c.stride(0), len, v);
      switch (op) {
        case SUM -> { for (int i = 0; i < len; i++) acc += v[i]; }
        case PROD -> { for (int i = 0; i < len; i++) acc *= v[i]; }
        case MAX -> { for (int i = 0; i < len; i++) acc = Math.max(acc, v[i]); }
        case MIN -> { for (int i = 0; i < len; i++) acc = Math.min(acc, v[i]); }
        case ANY -> { for (int i = 0; i < len; i++) if (v[i] != 0) acc = 1; }
        case ALL -> { for (int i = 0; i < len; i++) if (v[i] == 0) acc = 0; }
        default -> throw new AssertionError(op);
      }
      c.advance(len);
      p += len;
    }
    return acc;
  }

  /** Index of the first maximum (minimum); the first NaN wins over any number. */
  private static long argD(ReduceOp op, HeapStorage s, Cursor c, int n, double[] v) {
    boolean max = op == ReduceOp.ARGMAX;
    double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    long at = 0;
    for (int p = 0; p < n; ) {
      int len = c.segment(Math.min(n - p, v.length));
      Rows.load(s, c.off[0], c.stride(0), len, v);
      for (int i = 0; i < len; i++) {
        double e = v[i];
        boolean better = max ? e > best : e < best;
        if (better || (Double.isNaN(e) && !Double.isNaN(best))) {
          best = e;
          at = p + i;
        }
      }
      c.advance(len);
      p += len;
    }
    return at;
  }

  private static long argL(ReduceOp op, HeapStorage s, Cursor c, int n, long[] v) {
    boolean max = op == ReduceOp.ARGMAX;
    long best = max ? Long.MIN_VALUE : Long.MAX_VALUE;
    long at = 0;
    for (int p = 0; p < n; ) {
      int len = c.segment(Math.min(n - p, v.length));
      Rows.load(s, c.off[0], c.stride(0), len, v);
      for (int i = 0; i < len; i++) {
        if (max ? v[i] > best : v[i] < best) {
          best = v[i];
          at = p + i;
        }
      }
      c.advance(len);
      p += len;
    }
    return at;
  }

  /** Inclusive prefix sum along {@code dim}, accumulated in double (floating) or long. */
  static void cumsum(View x, int dim, View out) {
    if (x.dim() == 0) {
      Elementwise.copy(x, out);
      return;
    }
    int len = x.shape()[dim];
    if (x.numel() == 0) return;
    int[] lines = x.shape().clone();
    lines[dim] = 1;
    int xs = x.strides()[dim], ost = out.strides()[dim];
    Cursor start = Cursor.of(lines, new int[][] {x.strides(), out.strides()}, x.offset(), out.offset());
    HeapStorage s = x.heap(), o = out.heap();
    boolean floating = x.dtype().isFloatingPoint();
    int cap = Math.min(Rows.CHUNK, len);
    Parallel.forRange(Shapes.numel(lines), Math.max(1, Elementwise.GRAIN / len), (from, to) -> {
      Cursor c = start.at(from);
      double[] dv = floating ? new double[cap] : null;
      long[] lv = floating ? null : new long[cap];
      for (int line = from; line < to; line++) {
        double dacc = 0;
        long lacc = 0;
        for (int p = 0; p < len; p += cap) {
          int n = Math.min(cap, len - p);
          if (floating) {
            Rows.load(s, c.off[0] + p * xs, xs, n, dv);
            for (int i = 0; i < n; i++) dv[i] = dacc += dv[i];
            Rows.store(dv, n, o, c.off[1] + p * ost, ost);
          } else {
            Rows.load(s, c.off[0] + p * xs, xs, n, lv);
            for (int i = 0; i < n; i++) lv[i] = lacc += lv[i];
            Rows.store(lv, n, o, c.off[1] + p * ost, ost);
          }
        }
        c.advance(1);
      }
    });
  }
}
