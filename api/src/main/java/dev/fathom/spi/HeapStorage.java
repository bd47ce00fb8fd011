package dev.fathom.spi;

import dev.fathom.DType;

/**
 * CPU storage: a Java primitive array. FLOAT32 is {@code float[]}, FLOAT64 {@code double[]}, INT64
 * {@code long[]}, INT32 {@code int[]}, UINT8 and BOOL {@code byte[]} (BOOL holds 0 or 1).
 *
 * <p>Every CPU backend uses this class, so tensors made by one CPU backend can be read by another.
 */
public final class HeapStorage implements Storage {
  private final DType dtype;
  private final Object array;
  private final int size;

  private HeapStorage(DType dtype, Object array, int size) {
    this.dtype = dtype;
    this.array = array;
    this.size = size;
  }

  /** A zero-filled storage of {@code size} elements. */
  public static HeapStorage allocate(DType dtype, int size) {
    if (size < 0) throw new IllegalArgumentException("negative storage size " + size);
    Object array = switch (dtype) {
      case FLOAT32 -> new float[size];
      case FLOAT64 -> new double[size];
      case INT64 -> new long[size];
      case INT32 -> new int[size];
      case UINT8, BOOL -> new byte[size];
    };
    return new HeapStorage(dtype, array, size);
  }

  /** Wraps {@code array} without copying; its type must match {@code dtype}. */
  public static HeapStorage wrap(DType dtype, Object array) {
    int size = switch (dtype) {
      case FLOAT32 -> ((float[]) array).length;
      case FLOAT64 -> ((double[]) array).length;
      case INT64 -> ((long[]) array).length;
      case INT32 -> ((int[]) array).length;
      case UINT8, BOOL -> ((byte[]) array).length;
    };
    return new HeapStorage(dtype, array, size);
  }

  @Override public DType dtype() { return dtype; }

  @Override public int size() { return size; }

  @Override public String deviceType() { return "cpu"; }

  public Object array() { return array; }

  public float[] floats() { return (float[]) array; }

  public double[] doubles() { return (double[]) array; }

  public long[] longs() { return (long[]) array; }

  public int[] ints() { return (int[]) array; }

  /** UINT8 and BOOL data. */
  public byte[] bytes() { return (byte[]) array; }

  /** Element {@code i} as a double, whatever the dtype (UINT8 read unsigned). */
  public double getDouble(int i) {
    return switch (dtype) {
      case FLOAT32 -> ((float[]) array)[i];
      case FLOAT64 -> ((double[]) array)[i];
      case INT64 -> ((long[]) array)[i];
      case INT32 -> ((int[]) array)[i];
      case UINT8 -> ((byte[]) array)[i] & 0xFF;
      case BOOL -> ((byte[]) array)[i];
    };
  }

  /** Element {@code i} as a long (floating values truncated toward zero). */
  public long getLong(int i) {
    return switch (dtype) {
      case FLOAT32 -> (long) ((float[]) array)[i];
      case FLOAT64 -> (long) ((double[]) array)[i];
      case INT64 -> ((long[]) array)[i];
      case INT32 -> ((int[]) array)[i];
      case UINT8 -> ((byte[]) array)[i] & 0xFF;
      case BOOL -> ((byte[]) array)[i];
    };
  }

  /** Stores {@code v} at {@code i}, converted as a C cast does (BOOL: non-zero is 1). */
  public void setDouble(int i, double v) {
    switch (dtype) {
      case FLOAT32 -> ((float[]) array)[i] = (float) v;
      case FLOAT64 -> ((double[]) array)[i] = v;
      case INT64 -> ((long[]) array)[i] = (long) v;
      case INT32 -> ((int[]) array)[i] = (int) (long) v;
      case UINT8 -> ((byte[]) array)[i] = (byte) (long) v;
      case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
    }
  }

  /** Stores the integer {@code v} at {@code i} without a round trip through double. */
  public void setLong(int i, long v) {
    switch (dtype) {
      case FLOAT32 -> ((float[]) array)[i] = (float) v;
      case FLOAT64 -> ((double[]) array)[i] = (double) v;
      case INT64 -> ((long[]) array)[i] = v;
      case INT32 -> ((int[]) array)[i] = (int) v;
      case UINT8 -> ((byte[]) array)[i] = (byte) v;
      case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
    }
  }
}
