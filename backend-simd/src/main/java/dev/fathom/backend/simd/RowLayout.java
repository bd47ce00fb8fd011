package dev.fathom.backend.simd;

import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;

/**
 * An elementwise op's operands seen as {@code rows x cols} matrices over the contiguous output:
 * the longest run of trailing dims that every operand walks either contiguously or not at all
 * (stride 0) becomes the row, so same-shape, scalar, row-broadcast ({@code [1, n]}) and
 * column-broadcast ({@code [m, 1]}) operands all get unit- or zero-stride rows. An operand strided
 * in its last dim (a transpose) keeps that stride as {@link #colStride}; kernels gather such rows.
 *
 * <pre>{@code
 * RowLayout l = RowLayout.of(out.shape(), a, b); // a [64, 100], b [1, 100] -> rows 64, cols 100
 * int aRow = l.rowOffset(0, r);                  // b's colStride is 1 and its row stride 0
 * }</pre>
 */
final class RowLayout {
  final int rows;
  final int cols;
  private final int[] prefixShape;
  private final int[][] prefixStrides;
  private final int[] offsets;
  private final int[] colStrides;

  private RowLayout(int rows, int cols, int[] prefixShape, int[][] prefixStrides, int[] offsets, int[] colStrides) {
    this.rows = rows;
    this.cols = cols;
    this.prefixShape = prefixShape;
    this.prefixStrides = prefixStrides;
    this.offsets = offsets;
    this.colStrides = colStrides;
  }

  /** The layout of {@code inputs} (already expanded to {@code shape}) over a contiguous output. */
  static RowLayout of(int[] shape, View... inputs) {
    int n = shape.length;
    int[] colStrides = new int[inputs.length];
    int[] offsets = new int[inputs.length];
    for (int i = 0; i < inputs.length; i++) offsets[i] = inputs[i].offset();
    if (n == 0) return new RowLayout(1, 1, new int[0], new int[inputs.length][0], offsets, colStrides);
    int split = n;
    // Grow the trailing run while every operand stays contiguous (kind 1) or broadcast (kind 0).
    int[] kind = new int[inputs.length];
    java.util.Arrays.fill(kind, -1);
    for (int d = n - 1; d >= 0; d--) {
      if (shape[d] == 1) {
        split = d;
        continue;
      }
      boolean ok = true;
      int[] next = kind.clone();
      for (int i = 0; i < inputs.length && ok; i++) {
        int s = inputs[i].strides()[d];
        int want = s == 0 ? 0 : s == suffixNumel(shape, d + 1) ? 1 : -2;
        if (want == -2 || (next[i] != -1 && next[i] != want)) ok = false;
        else next[i] = want;
      }
      if (!ok) break;
      kind = next;
      split = d;
    }
    if (split == n) {
      // The last dim is strided for some operand: keep its strides as they are.
      split = n - 1;
      for (int i = 0; i < inputs.length; i++) colStrides[i] = inputs[i].strides()[n - 1];
    } else {
      for (int i = 0; i < inputs.length; i++) colStrides[i] = kind[i] == 1 ? 1 : 0;
    }
    int cols = suffixNumel(shape, split);
    int[] prefixShape = java.util.Arrays.copyOf(shape, split);
    int[][] prefixStrides = new int[inputs.length][];
    for (int i = 0; i < inputs.length; i++) prefixStrides[i] = java.util.Arrays.copyOf(inputs[i].strides(), split);
    int rows = cols == 0 ? 0 : Shapes.numel(shape) / cols;
    return new RowLayout(rows, cols, prefixShape, prefixStrides, offsets, colStrides);
  }

  private static int suffixNumel(int[] shape, int from) {
    int p = 1;
    for (int d = from; d < shape.length; d++) p *= shape[d];
    return p;
  }

  /** Stride of operand {@code i} along a row: 0, 1, or another value for a strided last dim. */
  int colStride(int i) {
    return colStrides[i];
  }

  /** Storage index of the first element of row {@code r} of operand {@code i}. */
  int rowOffset(int i, int r) {
    int[] st = prefixStrides[i];
    if (st.length == 1) return offsets[i] + r * st[0];
    return Shapes.offsetOf(r, prefixShape, st, offsets[i]);
  }
}
