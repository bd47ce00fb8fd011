package dev.fathom.backend.cpu;

import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.View;

/**
 * gather, scatter-add and index-select: walk the index's shape, turn each index value into a
 * storage offset, and move elements through a buffer of the dtype's compute domain. Indices are
 * range-checked by the caller.
 */
final class Indexing {
  private Indexing() {}

  private static int strideAt(View v, int dim) {
    return v.dim() == 0 ? 0 : v.strides()[dim];
  }

  private static int[] withoutDim(View v, int dim, int rank) {
    int[] s = v.dim() == 0 ? new int[rank] : v.strides().clone();
    if (s.length > 0) s[dim] = 0;
    return s;
  }

  /** {@code out[p] = x[p with p[dim] replaced by index[p]]}; index and out share a shape. */
  static void gather(View x, int dim, View index, View out) {
    int n = out.numel();
    if (n == 0) return;
    int xsd = strideAt(x, dim);
    int[][] strides = {withoutDim(x, dim, out.dim()), index.strides(), out.strides()};
    Cursor start = Cursor.of(out.shape(), strides, x.offset(), index.offset(), out.offset());
    HeapStorage xs = x.heap(), is = index.heap(), os = out.heap();
    boolean floating = x.dtype().isFloatingPoint();
    Parallel.forRange(n, Elementwise.GRAIN, (from, to) -> {
      int cap = Math.min(Rows.CHUNK, to - from);
      long[] idx = new long[cap];
      int[] offs = new int[cap];
      double[] dv = floating ? new double[cap] : null;
      long[] lv = floating ? null : new long[cap];
      Cursor c = start.at(from);
      for (int p = from; p < to; ) {
        int len = c.segment(Math.min(to - p, cap));
        Rows.load(is, c.off[1], c.stride(1), len, idx);
        for (int i = 0; i < len; i++) offs[i] = c.off[0] + i * c.stride(0) + (int) idx[i] * xsd;
        if (floating) {
          Rows.loadAt(xs, offs, len, dv);
          Rows.store(dv, len, os, c.off[2], c.stride(2));
        } else {
          Rows.loadAt(xs, offs, len, lv);
          Rows.store(lv, len, os, c.off[2], c.stride(2));
        }
        c.advance(len);
        p += len;
      }
    });
  }

  /** {@code out[p with p[dim] replaced by index[p]] += src[p]} over index's shape, in order. */
  static void scatterAdd(View src, int dim, View index, View out) {
    int n = index.numel();
    if (n == 0) return;
    int osd = strideAt(out, dim);
    int[][] strides = {src.strides(), index.strides(), withoutDim(out, dim, index.dim())};
    Cursor c = Cursor.of(index.shape(), strides, src.offset(), index.offset(), out.offset());
    HeapStorage ss = src.heap(), is = index.heap(), os = out.heap();
    boolean floating = out.dtype().isFloatingPoint();
    int cap = Math.min(Rows.CHUNK, n);
    long[] idx = new long[cap];
    int[] offs = new int[cap];
    double[] dv = floating ? new double[cap] : null;
    long[] lv = floating ? null : new long[cap];
    for (int p = 0; p < n; ) {
      int len = c.segment(Math.min(n - p, cap));
      Rows.load(is, c.off[1], c.stride(1), len, idx);
      for (int i = 0; i < len; i++) offs[i] = c.off[2] + i * c.stride(2) + (int) idx[i] * osd;
      if (floating) {
        Rows.load(ss, c.off[0], c.stride(0), len, dv);
        Rows.addAt(dv, len, os, offs);
      } else {
        Rows.load(ss, c.off[0], c.stride(0), len, lv);
        Rows.addAt(lv, len, os, offs);
      }
      c.advance(len);
      p += len;
    }
  }

  /** A gather whose index is the 1-d {@code index} repeated along every dim but {@code dim}. */
  static void indexSelect(View x, int dim, View index, View out) {
    int[] strides = new int[out.dim()];
    if (strides.length > 0) strides[dim] = index.dim() == 0 ? 0 : index.strides()[0];
    gather(x, dim, index.restride(out.shape(), strides, index.offset()), out);
  }
}
