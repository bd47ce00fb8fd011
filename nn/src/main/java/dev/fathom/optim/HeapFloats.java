package dev.fathom.optim;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.spi.HeapStorage;

/**
 * The fused fast path's gate: a FLOAT32, contiguous tensor on a {@link HeapStorage} exposes its
 * {@code float[]} and the offset of its first element. The optimizers' fused loops mirror their
 * tensor-op path op by op, each result rounded to float as the backend's kernels round it, so
 * both give the same bits; anything else (other dtypes, strided views, other devices) takes the
 * tensor-op path.
 */
final class HeapFloats {
  private HeapFloats() {}

  /** The backing array when {@code t} qualifies, else null. */
  static float[] of(Tensor t) {
    if (t.dtype() != DType.FLOAT32 || !t.isContiguous()) return null;
    return t.view().storage() instanceof HeapStorage h ? h.floats() : null;
  }

  /** The index of {@code t}'s first element in {@link #of(Tensor)}'s array. */
  static int offset(Tensor t) {
    return t.view().offset();
  }
}
