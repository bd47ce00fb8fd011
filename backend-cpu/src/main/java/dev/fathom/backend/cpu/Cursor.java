package dev.fathom.backend.cpu;

/**
 * Walks a shape in row-major order for several operands at once, one row segment at a time: the
 * strided counterpart of a flat loop, with an odometer instead of a division per element.
 *
 * <p>Dims of size 1 are dropped and neighbouring dims that are contiguous for every operand are
 * merged, so operands that are all contiguous become one long row of stride 1.
 *
 * <pre>{@code
 * Cursor c = Cursor.of(shape, new int[][] {a.strides(), out.strides()}, a.offset(), out.offset());
 * for (int p = 0; p < n; ) { int len = c.segment(n - p); ...; c.advance(len); p += len; }
 * }</pre>
 */
final class Cursor {
  private final int[] shape;
  private final int[][] strides;
  private final int[] base;
  private final int[] idx;
  private final int last;
  /** The storage offset of the current element, per operand. */
  final int[] off;

  private Cursor(int[] shape, int[][] strides, int[] base) {
    this.shape = shape;
    this.strides = strides;
    this.base = base;
    this.idx = new int[shape.length];
    this.last = shape.length - 1;
    this.off = base.clone();
  }

  /** A cursor at element 0 over {@code shape}, operand {@code k} having {@code strides[k]} and {@code offsets[k]}. */
  static Cursor of(int[] shape, int[][] strides, int... offsets) {
    int ops = strides.length;
    int[] s = new int[shape.length];
    int[][] st = new int[ops][shape.length];
    int m = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) continue;
      boolean merge = m > 0;
      for (int k = 0; k < ops && merge; k++) merge = st[k][m - 1] == strides[k][d] * shape[d];
      if (merge) {
        s[m - 1] *= shape[d];
        for (int k = 0; k < ops; k++) st[k][m - 1] = strides[k][d];
      } else {
        s[m] = shape[d];
        for (int k = 0; k < ops; k++) st[k][m] = strides[k][d];
        m++;
      }
    }
    if (m == 0) {
      return new Cursor(new int[] {1}, new int[ops][1], offsets.clone());
    }
    int[] cs = java.util.Arrays.copyOf(s, m);
    int[][] cst = new int[ops][];
    for (int k = 0; k < ops; k++) cst[k] = java.util.Arrays.copyOf(st[k], m);
    return new Cursor(cs, cst, offsets.clone());
  }

  /** A fresh cursor with the same layout, positioned at linear element {@code linear}. */
  Cursor at(long linear) {
    Cursor c = new Cursor(shape, strides, base.clone());
    c.seek(linear);
    return c;
  }

  /** Moves to linear element {@code linear} (row-major over the shape). */
  void seek(long linear) {
    System.arraycopy(base, 0, off, 0, base.length);
    java.util.Arrays.fill(idx, 0);
    for (int d = last; d >= 0 && linear != 0; d--) {
      int i = (int) (linear % shape[d]);
      linear /= shape[d];
      idx[d] = i;
      for (int k = 0; k < off.length; k++) off[k] += i * strides[k][d];
    }
  }

  /** Restarts at element 0 with operand 0 based at {@code offset0} (the other operands keep their bases). */
  void restart(int offset0) {
    base[0] = offset0;
    java.util.Arrays.fill(idx, 0);
    System.arraycopy(base, 0, off, 0, base.length);
  }

  /** The length of the next segment: the rest of the current row, at most {@code max}. */
  int segment(int max) {
    return Math.min(shape[last] - idx[last], max);
  }

  /** The stride of operand {@code k} along the current row. */
  int stride(int k) {
    return strides[k][last];
  }

  /** Steps over {@code len} elements of the current row (no further than its end). */
  void advance(int len) {
    idx[last] += len;
    for (int k = 0; k < off.length; k++) off[k] += len * strides[k][last];
    if (idx[last] < shape[last]) return;
    for (int d = last; d >= 0; d--) {
      if (idx[d] < shape[d]) return;
      for (int k = 0; k < off.length; k++) off[k] -= shape[d] * strides[k][d];
      idx[d] = 0;
      if (d == 0) return;
      idx[d - 1]++;
      for (int k = 0; k < off.length; k++) off[k] += strides[k][d - 1];
    }
  }
}
