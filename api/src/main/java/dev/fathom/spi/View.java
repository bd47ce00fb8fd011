package dev.fathom.spi;

import dev.fathom.DType;
import java.util.Arrays;

/**
 * A strided window on a {@link Storage}: element {@code (i0, i1, ...)} lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. A stride of 0 repeats an element
 * (broadcasting). Views are immutable; the arrays they hold must never be changed.
 */
public final class View {
  private final Storage storage;
  private final DType dtype;
  private final int[] shape;
  private final int[] strides;
  private final int offset;
  private final int numel;
  private final boolean contiguous;

  public View(Storage storage, int[] shape, int[] strides, int offset) {
    this.storage = storage;
    this.dtype = storage.dtype();
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.numel = Shapes.numel(shape);
    this.contiguous = Shapes.isContiguous(shape, strides);
  }

  /** A contiguous view over the whole of {@code storage} with the given shape. */
  public static View contiguous(Storage storage, int[] shape) {
    return new View(storage, shape, Shapes.contiguousStrides(shape), 0);
  }

  public Storage storage() { return storage; }

  public DType dtype() { return dtype; }

  /** The shape; callers must not modify the array. */
  public int[] shape() { return shape; }

  /** The strides in elements; callers must not modify the array. */
  public int[] strides() { return strides; }

  public int offset() { return offset; }

  public int numel() { return numel; }

  public int dim() { return shape.length; }

  /** True when the elements are laid out row-major without gaps (strides of size-1 dims ignored). */
  public boolean isContiguous() { return contiguous; }

  /** {@link HeapStorage} of a CPU view; fails for other storages. */
  public HeapStorage heap() { return (HeapStorage) storage; }

  /** The same elements seen with another shape and strides. */
  public View restride(int[] newShape, int[] newStrides, int newOffset) {
    return new View(storage, newShape, newStrides, newOffset);
  }

  @Override
  public String toString() {
    return "View" + Arrays.toString(shape) + " strides=" + Arrays.toString(strides) + " offset=" + offset + " " + dtype;
  }
}
