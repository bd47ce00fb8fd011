package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.View;

/** Row-major working copies for the kernels that index by formula (matmul, conv, pooling). */
final class Dense {
  private Dense() {}

  /** {@code v} itself when it is contiguous of dtype {@code dt}, else a contiguous copy cast to {@code dt}. */
  static View of(View v, DType dt) {
    if (v.dtype() == dt && v.isContiguous()) return v;
    View copy = View.contiguous(HeapStorage.allocate(dt, v.numel()), v.shape());
    Elementwise.copy(v, copy);
    return copy;
  }

  /** The elements of {@code v} in row-major order as doubles, starting at index 0 (may be v's own array). */
  static double[] doubles(View v) {
    if (v.dtype() == DType.FLOAT64 && v.isContiguous() && v.offset() == 0) return v.heap().doubles();
    double[] d = new double[v.numel()];
    Elementwise.copy(v, View.contiguous(HeapStorage.wrap(DType.FLOAT64, d), v.shape()));
    return d;
  }

  /** Writes the row-major {@code data} into {@code out}, converted to out's dtype. */
  static void store(double[] data, View out) {
    Elementwise.copy(View.contiguous(HeapStorage.wrap(DType.FLOAT64, data), out.shape()), out);
  }

  /** The elements of an index view as a row-major long array. */
  static long[] longs(View v) {
    View d = of(v, DType.INT64);
    long[] a = d.heap().longs();
    if (d.offset() == 0 && a.length == d.numel()) return a;
    return java.util.Arrays.copyOfRange(a, d.offset(), d.offset() + d.numel());
  }
}
