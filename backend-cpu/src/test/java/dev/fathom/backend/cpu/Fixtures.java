package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Random;

/** Builds and reads views for the backend tests. */
final class Fixtures {
  static final ScalarBackend CPU = new ScalarBackend();

  private Fixtures() {}

  static int[] shape(int... dims) {
    return dims;
  }

  /** A contiguous view of {@code dtype} holding {@code values} (converted as a C cast) in row-major order. */
  static View of(DType dtype, int[] shape, double... values) {
    HeapStorage s = HeapStorage.allocate(dtype, Shapes.numel(shape));
    for (int i = 0; i < values.length; i++) s.setDouble(i, values[i]);
    return View.contiguous(s, shape);
  }

  static View f32(int[] shape, double... values) {
    return of(DType.FLOAT32, shape, values);
  }

  static View f64(int[] shape, double... values) {
    return of(DType.FLOAT64, shape, values);
  }

  static View i64(int[] shape, long... values) {
    HeapStorage s = HeapStorage.allocate(DType.INT64, Shapes.numel(shape));
    for (int i = 0; i < values.length; i++) s.setLong(i, values[i]);
    return View.contiguous(s, shape);
  }

  /** A zero-filled contiguous output. */
  static View zeros(DType dtype, int... shape) {
    return View.contiguous(HeapStorage.allocate(dtype, Shapes.numel(shape)), shape);
  }

  /** Uniform values in [-1, 1). */
  static View random(DType dtype, Random rnd, int... shape) {
    double[] v = new double[Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) v[i] = rnd.nextDouble() * 2 - 1;
    return of(dtype, shape, v);
  }

  /**
   * The same logical values in a different layout: dims stored in reverse order, a gap after
   * every element and a storage offset, so no stride is the contiguous one.
   */
  static View scrambled(View v) {
    int n = v.dim();
    int[] rev = new int[n];
    for (int d = 0; d < n; d++) rev[d] = v.shape()[n - 1 - d];
    int[] revStrides = Shapes.contiguousStrides(rev);
    int[] strides = new int[n];
    for (int d = 0; d < n; d++) strides[d] = 2 * revStrides[n - 1 - d];
    HeapStorage s = HeapStorage.allocate(v.dtype(), 2 * v.numel() + 5);
    View out = new View(s, v.shape(), strides, 5);
    for (int i = 0; i < v.numel(); i++) {
      int from = Shapes.offsetOf(i, v.shape(), v.strides(), v.offset());
      int to = Shapes.offsetOf(i, out.shape(), out.strides(), out.offset());
      s.setDouble(to, v.heap().getDouble(from));
    }
    return out;
  }

  /** The view's elements in row-major order, as doubles. */
  static double[] values(View v) {
    double[] out = new double[v.numel()];
    for (int i = 0; i < out.length; i++) out[i] = v.heap().getDouble(Shapes.offsetOf(i, v.shape(), v.strides(), v.offset()));
    return out;
  }

  /** The view's elements in row-major order, as longs. */
  static long[] longs(View v) {
    long[] out = new long[v.numel()];
    for (int i = 0; i < out.length; i++) out[i] = v.heap().getLong(Shapes.offsetOf(i, v.shape(), v.strides(), v.offset()));
    return out;
  }

  /** Element at a multi-index of a view. */
  static double at(View v, int... idx) {
    int off = v.offset();
    for (int d = 0; d < idx.length; d++) off += idx[d] * v.strides()[d];
    return v.heap().getDouble(off);
  }

  /** A view repeating {@code v} along new or size-1 leading dims to {@code target} (stride 0). */
  static View expand(View v, int... target) {
    return v.restride(target, Shapes.expandStrides(v.shape(), v.strides(), target), v.offset());
  }

  /** Swaps the last two dims (a transposed view, no copy). */
  static View transposeLast(View v) {
    int n = v.dim();
    int[] s = v.shape().clone(), st = v.strides().clone();
    s[n - 1] = v.shape()[n - 2];
    s[n - 2] = v.shape()[n - 1];
    st[n - 1] = v.strides()[n - 2];
    st[n - 2] = v.strides()[n - 1];
    return v.restride(s, st, v.offset());
  }

  static double dot(View a, View b) {
    double[] x = values(a), y = values(b);
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }
}
