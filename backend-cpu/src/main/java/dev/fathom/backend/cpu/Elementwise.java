package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Fill, copy, unary, binary and where over strided views. Each segment of a row is loaded into a
 * buffer of its compute domain (double for floating dtypes, long for the others), computed there
 * by a loop per op, and stored converted to the output's dtype. An output may alias an input of
 * the same layout: a segment is read before it is written.
 */
final class Elementwise {
  /** Elements per parallel chunk (cheap ops: about 32k element-ops each). */
  static final int GRAIN = 32_768;

  private Elementwise() {}

  /** Work on one row segment: operand 0 is the output, operand k the k-th input. */
  @FunctionalInterface
  interface Segment {
    void run(Cursor c, int len);
  }

  /** Runs a segment kernel made by {@code make(capacity)} per parallel chunk over out's shape. */
  static void run(View out, View[] ins, IntFunction<Segment> make) {
    int n = out.numel();
    if (n == 0) return;
    int[][] strides = new int[ins.length + 1][];
    int[] offsets = new int[ins.length + 1];
    strides[0] = out.strides();
    offsets[0] = out.offset();
    for (int k = 0; k < ins.length; k++) {
      strides[k + 1] = ins[k].strides();
      offsets[k + 1] = ins[k].offset();
    }
    Cursor start = Cursor.of(out.shape(), strides, offsets);
    Parallel.forRange(n, GRAIN, (from, to) -> {
      Segment seg = make.apply(Math.min(Rows.CHUNK, to - from));
      Cursor c = start.at(from);
      for (int p = from; p < to; ) {
        int len = c.segment(Math.min(to - p, Rows.CHUNK));
        seg.run(c, len);
        c.advance(len);
        p += len;
      }
    });
  }

  static void fill(View out, double value) {
    HeapStorage o = out.heap();
    run(out, new View[0], cap -> {
      double[] v = new double[cap];
      Arrays.fill(v, value);
      return (c, len) -> Rows.store(v, len, o, c.off[0], c.stride(0));
    });
  }

  static void copy(View src, View out) {
    HeapStorage s = src.heap(), o = out.heap();
    if (src.dtype().isFloatingPoint()) {
      run(out, new View[] {src}, cap -> {
        double[] v = new double[cap];
        return (c, len) -> {
          Rows.load(s, c.off[1], c.stride(1), len, v);
          Rows.store(v, len, o, c.off[0], c.stride(0));
        };
      });
    } else {
      run(out, new View[] {src}, cap -> {
        long[] v = new long[cap];
        return (c, len) -> {
          Rows.load(s, c.off[1], c.stride(1), len, v);
          Rows.store(v, len, o, c.off[0], c.stride(0));
        };
      });
    }
  }

  static void unary(UnaryOp op, View x, View out, double p1, double p2) {
    HeapStorage s = x.heap(), o = out.heap();
    if (x.dtype().isFloatingPoint()) {
      run(out, new View[] {x}, cap -> {
        double[] v = new double[cap];
        return (c, len) -> {
          Rows.load(s, c.off[1], c.stride(1), len, v);
          UnaryKernels.apply(op, v, len, p1, p2);
          Rows.store(v, len, o, c.off[0], c.stride(0));
        };
      });
    } else {
      UnaryKernels.checkIntegral(op, x.dtype());
      run(out, new View[] {x}, cap -> {
        long[] v = new long[cap];
        return (c, len) -> {
          Rows.load(s, c.off[1], c.stride(1), len, v);
          UnaryKernels.apply(op, v, len, p1, p2);
          Rows.store(v, len, o, c.off[0], c.stride(0));
        };
      });
    }
  }

  static void binary(BinaryOp op, View a, View b, View out) {
    HeapStorage sa = a.heap(), sb = b.heap(), o = out.heap();
    if (a.dtype().isFloatingPoint()) {
      run(out, new View[] {a, b}, cap -> {
        double[] x = new double[cap], y = new double[cap];
        return (c, len) -> {
          Rows.load(sa, c.off[1], c.stride(1), len, x);
          Rows.load(sb, c.off[2], c.stride(2), len, y);
          BinaryKernels.apply(op, x, y, len);
          Rows.store(x, len, o, c.off[0], c.stride(0));
        };
      });
    } else {
      BinaryKernels.checkIntegral(op, a.dtype());
      run(out, new View[] {a, b}, cap -> {
        long[] x = new long[cap], y = new long[cap];
        return (c, len) -> {
          Rows.load(sa, c.off[1], c.stride(1), len, x);
          Rows.load(sb, c.off[2], c.stride(2), len, y);
          BinaryKernels.apply(op, x, y, len);
          Rows.store(x, len, o, c.off[0], c.stride(0));
        };
      });
    }
  }

  /**
   * {@code out = a op scalar}. The scalar is first converted to a's dtype (FLOAT32 rounds it to
   * float, as PyTorch does); an integer {@code a} with a scalar that is no integer, or integer POW
   * into a floating output, is computed in double instead.
   */
  static void binaryScalar(BinaryOp op, View a, double scalar, View out) {
    HeapStorage sa = a.heap(), o = out.heap();
    DType dt = a.dtype();
    boolean integralScalar = scalar == Math.rint(scalar) && Math.abs(scalar) < 0x1p63;
    boolean inLongs = !dt.isFloatingPoint() && integralScalar && !(op == BinaryOp.POW && out.dtype().isFloatingPoint());
    if (inLongs) {
      BinaryKernels.checkIntegral(op, dt);
      long s = (long) scalar;
      run(out, new View[] {a}, cap -> {
        long[] x = new long[cap], y = new long[cap];
        Arrays.fill(y, s);
        return (c, len) -> {
          Rows.load(sa, c.off[1], c.stride(1), len, x);
          BinaryKernels.apply(op, x, y, len);
          Rows.store(x, len, o, c.off[0], c.stride(0));
        };
      });
    } else {
      double s = dt == DType.FLOAT32 ? (float) scalar : scalar;
      run(out, new View[] {a}, cap -> {
        double[] x = new double[cap], y = new double[cap];
        Arrays.fill(y, s);
        return (c, len) -> {
          Rows.load(sa, c.off[1], c.stride(1), len, x);
          BinaryKernels.apply(op, x, y, len);
          Rows.store(x, len, o, c.off[0], c.stride(0));
        };
      });
    }
  }

  static void where(View cond, View a, View b, View out) {
    HeapStorage sc = cond.heap(), sa = a.heap(), sb = b.heap(), o = out.heap();
    View[] ins = {cond, a, b};
    if (a.dtype().isFloatingPoint()) {
      run(out, ins, cap -> {
        long[] m = new long[cap];
        double[] x = new double[cap], y = new double[cap];
        return (c, len) -> {
          Rows.load(sc, c.off[1], c.stride(1), len, m);
          Rows.load(sa, c.off[2], c.stride(2), len, x);
          Rows.load(sb, c.off[3], c.stride(3), len, y);
          for (int i = 0; i < len; i++) if (m[i] == 0) x[i] = y[i];
          Rows.store(x, len, o, c.off[0], c.stride(0));
        };
      });
    } else {
      run(out, ins, cap -> {
        long[] m = new long[cap], x = new long[cap], y = new long[cap];
        return (c, len) -> {
          Rows.load(sc, c.off[1], c.stride(1), len, m);
          Rows.load(sa, c.off[2], c.stride(2), len, x);
          Rows.load(sb, c.off[3], c.stride(3), len, y);
          for (int i = 0; i < len; i++) if (m[i] == 0) x[i] = y[i];
          Rows.store(x, len, o, c.off[0], c.stride(0));
        };
      });
    }
  }
}
