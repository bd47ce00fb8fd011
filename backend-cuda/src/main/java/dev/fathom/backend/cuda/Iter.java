package dev.fathom.backend.cuda;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The iteration struct of common.cuh: up to 4 operands walked together over one shape. Dims of
 * size 1 are dropped and neighbouring dims merged where every operand allows it (a contiguous
 * tensor becomes one dim), so most kernels decompose an index over one or two dims. Shapes that
 * still have more than 8 dims are split on the host: one launch per index of the leading dims.
 *
 * <p>Packed layout (ints): {@code nd, n, shape[8], stride[4][8], offset[4]}.
 *
 * <pre>{@code
 * Iter.forEach(out.shape(), new int[][] {out.strides(), x.strides()}, new int[] {out.offset(), x.offset()},
 *     it -> gpu.launch1d("elementwise", "ew_copy", it.n(), 256, new Args().ints(it.packed())...));
 * }</pre>
 */
final class Iter {
  static final int MAX_DIMS = 8;
  static final int MAX_OPS = 4;
  static final int INTS = 2 + MAX_DIMS + MAX_OPS * MAX_DIMS + MAX_OPS;

  private final int[] packed;

  private Iter(int[] packed) {
    this.packed = packed;
  }

  /** The ints of the struct, to pass by value. */
  int[] packed() { return packed; }

  int n() { return packed[1]; }

  int nd() { return packed[0]; }

  /** Calls {@code launch} once per iteration struct needed to cover {@code shape} (none when it is empty). */
  static void forEach(int[] shape, int[][] strides, int[] offsets, Consumer<Iter> launch) {
    for (int s : shape) if (s == 0) return;
    int ops = strides.length;
    if (ops > MAX_OPS) throw new IllegalArgumentException("at most " + MAX_OPS + " operands, got " + ops);
    // Collapse from the innermost dim outwards.
    int[] cs = new int[shape.length];
    int[][] cst = new int[ops][shape.length];
    int nd = 0;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 1) continue;
      if (nd > 0 && mergeable(strides, d, cst, nd - 1, cs[nd - 1])) {
        cs[nd - 1] *= shape[d];
        continue;
      }
      cs[nd] = shape[d];
      for (int k = 0; k < ops; k++) cst[k][nd] = strides[k][d];
      nd++;
    }
    // Reverse into row-major order.
    int[] rs = new int[nd];
    int[][] rst = new int[ops][nd];
    for (int i = 0; i < nd; i++) {
      rs[i] = cs[nd - 1 - i];
      for (int k = 0; k < ops; k++) rst[k][i] = cst[k][nd - 1 - i];
    }
    split(rs, rst, offsets.clone(), launch);
  }

  private static boolean mergeable(int[][] strides, int d, int[][] cst, int inner, int innerSize) {
    for (int k = 0; k < strides.length; k++) {
      if ((long) strides[k][d] != (long) cst[k][inner] * innerSize) return false;
    }
    return true;
  }

  private static void split(int[] shape, int[][] strides, int[] offsets, Consumer<Iter> launch) {
    int nd = shape.length;
    if (nd <= MAX_DIMS) {
      launch.accept(pack(shape, strides, offsets));
      return;
    }
    int[] rest = Arrays.copyOfRange(shape, 1, nd);
    int[][] restStrides = new int[strides.length][];
    for (int k = 0; k < strides.length; k++) restStrides[k] = Arrays.copyOfRange(strides[k], 1, nd);
    for (int i = 0; i < shape[0]; i++) {
      int[] off = new int[offsets.length];
      for (int k = 0; k < offsets.length; k++) off[k] = offsets[k] + i * strides[k][0];
      split(rest, restStrides, off, launch);
    }
  }

  private static Iter pack(int[] shape, int[][] strides, int[] offsets) {
    int[] p = new int[INTS];
    int nd = shape.length;
    long n = 1;
    for (int s : shape) n *= s;
    p[0] = nd;
    p[1] = Math.toIntExact(n);
    for (int d = 0; d < nd; d++) {
      p[2 + d] = shape[d];
      for (int k = 0; k < strides.length; k++) p[2 + MAX_DIMS + k * MAX_DIMS + d] = strides[k][d];
    }
    for (int k = 0; k < offsets.length; k++) p[2 + MAX_DIMS + MAX_OPS * MAX_DIMS + k] = offsets[k];
    return new Iter(p);
  }

  /** The single struct for {@code shape}, which must collapse to at most 8 dims (else null). */
  static Iter single(int[] shape, int[][] strides, int[] offsets) {
    Iter[] found = new Iter[1];
    int[] count = new int[1];
    forEach(shape, strides, offsets, it -> {
      found[0] = it;
      count[0]++;
    });
    if (count[0] == 0) return pack(new int[] {0}, new int[strides.length][1], offsets);
    return count[0] == 1 ? found[0] : null;
  }
}
