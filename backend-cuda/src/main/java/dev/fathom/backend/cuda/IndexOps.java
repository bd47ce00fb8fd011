package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.View;

/**
 * gather, scatter-add and index-select (index.cu): walk the index's shape, turn each index value
 * into an element offset along the dim, move the element. Index-select is a gather whose 1-d index
 * is broadcast over every other dim. Scatter-add accumulates with atomics (floating sums in any
 * order, as PyTorch on CUDA).
 */
final class IndexOps {
  private static final String MODULE = "index";

  private final CudaBackend backend;
  private final Gpu gpu;

  IndexOps(CudaBackend backend) {
    this.backend = backend;
    this.gpu = backend.gpu();
  }

  private static int strideAt(View v, int dim) {
    return v.dim() == 0 ? 0 : v.strides()[dim];
  }

  private static int[] withoutDim(View v, int dim, int rank) {
    int[] s = v.dim() == 0 ? new int[rank] : v.strides().clone();
    if (s.length > 0) s[dim] = 0;
    return s;
  }

  private static int[] stridesOf(View v, int rank) {
    return v.dim() == 0 ? new int[rank] : v.strides();
  }

  void gather(View x, int dim, View index, View out) {
    View idx = backend.cast(index, DType.INT64);
    long po = backend.address(out), pi = backend.address(idx), px = backend.address(x);
    int xsd = strideAt(x, dim), dom = x.dtype().isFloatingPoint() ? 0 : 1, rank = out.dim();
    Iter.forEach(out.shape(), new int[][] {out.strides(), stridesOf(idx, rank), withoutDim(x, dim, rank)},
        new int[] {out.offset(), idx.offset(), x.offset()},
        it -> gpu.launch1d(MODULE, "gather_k", it.n(), 256, new Args().ints(it.packed()).ptr(po).i32(out.dtype().ordinal())
            .ptr(pi).ptr(px).i32(x.dtype().ordinal()).i32(xsd).i32(dom)));
  }

  void scatterAdd(View src, int dim, View index, View out) {
    View idx = backend.cast(index, DType.INT64);
    long ps = backend.address(src), pi = backend.address(idx), po = backend.address(out);
    int osd = strideAt(out, dim), rank = index.dim();
    Iter.forEach(index.shape(), new int[][] {stridesOf(src, rank), stridesOf(idx, rank), withoutDim(out, dim, rank)},
        new int[] {src.offset(), idx.offset(), out.offset()},
        it -> gpu.launch1d(MODULE, "scatter_add_k", it.n(), 256, new Args().ints(it.packed()).ptr(ps).i32(src.dtype().ordinal())
            .ptr(pi).ptr(po).i32(out.dtype().ordinal()).i32(osd)));
  }

  void indexSelect(View x, int dim, View index, View out) {
    int[] strides = new int[out.dim()];
    if (strides.length > 0) strides[dim] = index.dim() == 0 ? 0 : index.strides()[0];
    gather(x, dim, index.restride(out.shape(), strides, index.offset()), out);
  }
}
