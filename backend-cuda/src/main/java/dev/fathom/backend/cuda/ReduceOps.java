package dev.fathom.backend.cuda;

import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Arrays;

/**
 * Reductions, the prefix sum and the fused softmax (reduce.cu). A reduction sees its input as
 * rows: the kept dims walk the rows and the reduced dims walk one row, each through its own
 * {@link Iter}, so any set of dims of any strided view reduces in one launch (one block per row).
 * Floating inputs accumulate in double, integer and BOOL inputs in long, as the scalar reference.
 */
final class ReduceOps {
  private static final String MODULE = "reduce";

  private final CudaBackend backend;
  private final Gpu gpu;

  ReduceOps(CudaBackend backend) {
    this.backend = backend;
    this.gpu = backend.gpu();
  }

  void reduce(ReduceOp op, View x, int[] dims, View out) {
    int[] shape = x.shape();
    boolean[] reduced = new boolean[shape.length];
    for (int d : dims) reduced[d] = true;
    if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && dims.length != 1)
      throw new IllegalArgumentException("reduce " + op + ": needs exactly one dim, got " + dims.length);
    int[] keep = shape.clone();
    for (int d : dims) keep[d] = 1;
    if (out.numel() != Shapes.numel(keep))
      throw new IllegalArgumentException("reduce " + op + ": output of shape " + Shapes.str(out.shape()) + " does not fit input "
          + Shapes.str(shape) + " reduced over " + Arrays.toString(dims));
    int rows = out.numel();
    if (rows == 0) return;
    View o = out.restride(keep, Shapes.contiguousStrides(keep), out.offset());
    int nk = shape.length - dims.length;
    int[] outerShape = new int[nk], outerX = new int[nk], outerO = new int[nk];
    int[] innerShape = new int[dims.length], innerX = new int[dims.length];
    for (int d = 0, k = 0, r = 0; d < shape.length; d++) {
      if (reduced[d]) {
        innerShape[r] = shape[d];
        innerX[r++] = x.strides()[d];
      } else {
        outerShape[k] = shape[d];
        outerX[k] = x.strides()[d];
        outerO[k++] = o.strides()[d];
      }
    }
    Iter outer = Iter.single(outerShape, new int[][] {outerX, outerO}, new int[] {x.offset(), o.offset()});
    Iter inner = Iter.single(innerShape, new int[][] {innerX}, new int[] {0});
    if (outer == null || inner == null) {
      reducePermuted(op, x, dims, reduced, out);
      return;
    }
    int len = Shapes.numel(innerShape);
    int threads = len >= 256 ? 256 : Math.max(32, Integer.highestOneBit(Math.max(1, len - 1)) << 1);
    int dom = x.dtype().isFloatingPoint() ? 0 : 1;
    int blocks = Math.min(rows, 1 << 20);
    gpu.launch(MODULE, "reduce_rows", blocks, 1, 1, threads,
        new Args().ints(outer.packed()).ints(inner.packed()).ptr(backend.address(x)).i32(x.dtype().ordinal())
            .ptr(backend.address(o)).i32(o.dtype().ordinal()).i32(op.ordinal()).i32(dom).i32(rows));
  }

  /** More than 8 dims that do not merge: copy x with the kept dims first, then reduce rows. */
  private void reducePermuted(ReduceOp op, View x, int[] dims, boolean[] reduced, View out) {
    int nd = x.dim();
    int[] order = new int[nd];
    int k = 0;
    for (int d = 0; d < nd; d++) if (!reduced[d]) order[k++] = d;
    for (int d = 0; d < nd; d++) if (reduced[d]) order[k++] = d;
    int[] pshape = new int[nd], pstrides = new int[nd];
    for (int i = 0; i < nd; i++) {
      pshape[i] = x.shape()[order[i]];
      pstrides[i] = x.strides()[order[i]];
    }
    CudaStorage tmp = backend.temp(x.dtype(), x.numel());
    try {
      backend.copy(x.restride(pshape, pstrides, x.offset()), View.contiguous(tmp, pshape));
      int rowLen = 1;
      for (int d : dims) rowLen *= x.shape()[d];
      int rows = x.numel() / rowLen;
      View rowsView = View.contiguous(tmp, new int[] {rows, rowLen});
      reduce(op, rowsView, new int[] {1}, out.restride(new int[] {rows, 1}, new int[] {1, 1}, out.offset()));
    } finally {
      tmp.release();
    }
  }

  /** Lines along {@code dim}: every operand's strides with that dim dropped to size 1. */
  private interface LineKernel {
    void launch(Iter lines);
  }

  private static void lines(View x, int dim, View out, LineKernel k) {
    int[] lineShape = x.shape().clone();
    lineShape[dim] = 1;
    Iter.forEach(lineShape, new int[][] {out.strides(), x.strides()}, new int[] {out.offset(), x.offset()}, k::launch);
  }

  void cumsum(View x, int dim, View out) {
    if (x.dim() == 0) {
      backend.copy(x, out);
      return;
    }
    if (x.numel() == 0) return;
    int len = x.shape()[dim], xs = x.strides()[dim], os = out.strides()[dim];
    int dom = x.dtype().isFloatingPoint() ? 0 : 1;
    long px = backend.address(x), po = backend.address(out);
    lines(x, dim, out, it -> gpu.launch1d(MODULE, "cumsum_lines", it.n(), 128,
        new Args().ints(it.packed()).ptr(px).i32(x.dtype().ordinal()).i32(xs).ptr(po).i32(out.dtype().ordinal()).i32(os).i32(len).i32(dom)));
  }

  void softmax(View x, int dim, boolean log, View out) {
    if (x.numel() == 0) return;
    if (x.dim() == 0) {
      backend.fill(out, log ? 0 : 1);
      return;
    }
    int len = x.shape()[dim], xs = x.strides()[dim], os = out.strides()[dim];
    long px = backend.address(x), po = backend.address(out);
    lines(x, dim, out, it -> gpu.launch1d(MODULE, "softmax_lines", (long) it.n() * 32, 128,
        new Args().ints(it.packed()).ptr(px).i32(x.dtype().ordinal()).i32(xs).ptr(po).i32(out.dtype().ordinal()).i32(os).i32(len).i32(log ? 1 : 0)));
  }
}
