package dev.fathom.spi;

import java.util.Arrays;

/** Shape and stride arithmetic shared by the tensor layer and the backends. */
public final class Shapes {
  private Shapes() {}

  public static final int[] SCALAR = new int[0];

  public static int numel(int[] shape) {
    long n = 1;
    for (int s : shape) n *= s;
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
    return (int) n;
  }

  public static int[] contiguousStrides(int[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return strides;
  }

  public static boolean isContiguous(int[] shape, int[] strides) {
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] == 1) continue;
      if (shape[i] == 0) return true;
      if (strides[i] != expected) return false;
      expected *= shape[i];
    }
    return true;
  }

  /** The broadcast shape of {@code a} and {@code b}, or null when they do not broadcast. */
  public static int[] broadcast(int[] a, int[] b) {
    if (Arrays.equals(a, b)) return a;
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
      int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
      if (da == db || db == 1) out[i] = da;
      else if (da == 1) out[i] = db;
      else return null;
    }
    return out;
  }

  /** Strides that show a view of {@code shape}/{@code strides} expanded to {@code target} (stride 0 where repeated). */
  public static int[] expandStrides(int[] shape, int[] strides, int[] target) {
    int[] out = new int[target.length];
    int lead = target.length - shape.length;
    for (int i = 0; i < target.length; i++) {
      int j = i - lead;
      if (j < 0) out[i] = 0;
      else if (shape[j] == target[i]) out[i] = shape[j] == 1 ? 0 : strides[j];
      else if (shape[j] == 1) out[i] = 0;
      else throw new IllegalArgumentException("cannot expand " + Arrays.toString(shape) + " to " + Arrays.toString(target));
    }
    return out;
  }

  /** "[2, 3]" as PyTorch prints sizes. */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /** Converts a user's {@code long...} shape, checking it. */
  public static int[] fromLongs(long[] shape) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) throw new IllegalArgumentException("invalid size " + shape[i] + " in shape " + Arrays.toString(shape));
      out[i] = (int) shape[i];
    }
    return out;
  }

  /** Index of the storage element for linear (row-major) position {@code linear} in a view. */
  public static int offsetOf(int linear, int[] shape, int[] strides, int offset) {
    int off = offset;
    for (int d = shape.length - 1; d >= 0; d--) {
      int s = shape[d];
      int i = linear % s;
      linear /= s;
      off += i * strides[d];
    }
    return off;
  }
}
