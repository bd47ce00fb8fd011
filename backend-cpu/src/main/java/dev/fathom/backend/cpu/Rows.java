package dev.fathom.backend.cpu;

import dev.fathom.spi.HeapStorage;

/**
 * Typed moves between strided storage rows and the two compute domains of the scalar backend:
 * {@code double[]} for floating dtypes (a float widens exactly) and {@code long[]} for integer
 * and BOOL dtypes (UINT8 read unsigned). Stores convert as a C cast does, BOOL storing
 * {@code v != 0}; an integer stores into FLOAT32 without a detour through double.
 *
 * <p>Each method switches on the dtype once per row, never per element.
 */
final class Rows {
  /** Elements processed per segment; buffers hold this many. */
  static final int CHUNK = 1024;

  private Rows() {}

  /** {@code dst[i] = s[off + i*st]} for {@code i < len}, widened to double. */
  static void load(HeapStorage s, int off, int st, int len, double[] dst) {
    switch (s.dtype()) {
      case FLOAT32 -> {
        float[] a = s.floats();
        if (st == 1) for (int i = 0; i < len; i++) dst[i] = a[off + i];
        else for (int i = 0; i < len; i++) dst[i] = a[off + i * st];
      }
      case FLOAT64 -> {
        double[] a = s.doubles();
        if (st == 1) System.arraycopy(a, off, dst, 0, len);
        else for (int i = 0; i < len; i++) dst[i] = a[off + i * st];
      }
      case INT64 -> { long[] a = s.longs(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st]; }
      case INT32 -> { int[] a = s.ints(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st]; }
      case UINT8 -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st] & 0xFF; }
      case BOOL -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st]; }
    }
  }

  /** {@code dst[i] = s[off + i*st]} for {@code i < len}, as long (floating values truncated). */
  static void load(HeapStorage s, int off, int st, int len, long[] dst) {
    switch (s.dtype()) {
      case FLOAT32 -> { float[] a = s.floats(); for (int i = 0; i < len; i++) dst[i] = (long) a[off + i * st]; }
      case FLOAT64 -> { double[] a = s.doubles(); for (int i = 0; i < len; i++) dst[i] = (long) a[off + i * st]; }
      case INT64 -> {
        long[] a = s.longs();
        if (st == 1) System.arraycopy(a, off, dst, 0, len);
        else for (int i = 0; i < len; i++) dst[i] = a[off + i * st];
      }
      case INT32 -> { int[] a = s.ints(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st]; }
      case UINT8 -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st] & 0xFF; }
      case BOOL -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) dst[i] = a[off + i * st]; }
    }
  }

  /** {@code s[off + i*st] = src[i]} for {@code i < len}, converted to the storage's dtype. */
  static void store(double[] src, int len, HeapStorage s, int off, int st) {
    switch (s.dtype()) {
      case FLOAT32 -> {
        float[] a = s.floats();
        if (st == 1) for (int i = 0; i < len; i++) a[off + i] = (float) src[i];
        else for (int i = 0; i < len; i++) a[off + i * st] = (float) src[i];
      }
      case FLOAT64 -> {
        double[] a = s.doubles();
        if (st == 1) System.arraycopy(src, 0, a, off, len);
        else for (int i = 0; i < len; i++) a[off + i * st] = src[i];
      }
      case INT64 -> { long[] a = s.longs(); for (int i = 0; i < len; i++) a[off + i * st] = (long) src[i]; }
      case INT32 -> { int[] a = s.ints(); for (int i = 0; i < len; i++) a[off + i * st] = (int) (long) src[i]; }
      case UINT8 -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) a[off + i * st] = (byte) (long) src[i]; }
      case BOOL -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) a[off + i * st] = (byte) (src[i] != 0 ? 1 : 0); }
    }
  }

  /** {@code s[off + i*st] = src[i]} for {@code i < len}, converted to the storage's dtype. */
  static void store(long[] src, int len, HeapStorage s, int off, int st) {
    switch (s.dtype()) {
      case FLOAT32 -> { float[] a = s.floats(); for (int i = 0; i < len; i++) a[off + i * st] = (float) src[i]; }
      case FLOAT64 -> { double[] a = s.doubles(); for (int i = 0; i < len; i++) a[off + i * st] = (double) src[i]; }
      case INT64 -> {
        long[] a = s.longs();
        if (st == 1) System.arraycopy(src, 0, a, off, len);
        else for (int i = 0; i < len; i++) a[off + i * st] = src[i];
      }
      case INT32 -> { int[] a = s.ints(); for (int i = 0; i < len; i++) a[off + i * st] = (int) src[i]; }
      case UINT8 -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) a[off + i * st] = (byte) src[i]; }
      case BOOL -> { byte[] a = s.bytes(); for (int i = 0; i < len; i++) a[off + i * st] = (byte) (src[i] != 0 ? 1 : 0); }
    }
  }

  /** {@code dst[i] = s[offs[i]]} for {@code i < len}: a gather, widened to double. */
  static void loadAt(HeapStorage s, int[] offs, int len, double[] dst) {
    switch (s.dtype()) {
      case FLOAT32 -> { float[] a = s.floats(); for (int i = 0; i < len; i++) dst[i] = a[offs[i]]; }
      case FLOAT64 -> { double[] a = s.doubles(); for (int i = 0; i < len; i++) dst[i] = a[offs[i]]; }
      default -> { for (int i = 0; i < len; i++) dst[i] = s.getDouble(offs[i]); }
    }
  }

  /** {@code dst[i] = s[offs[i]]} for {@code i < len}: a gather, as long. */
  static void loadAt(HeapStorage s, int[] offs, int len, long[] dst) {
    switch (s.dtype()) {
      case INT64 -> { long[] a = s.longs(); for (int i = 0; i < len; i++) dst[i] = a[offs[i]]; }
      case INT32 -> { int[] a = s.ints(); for (int i = 0; i < len; i++) dst[i] = a[offs[i]]; }
      default -> { for (int i = 0; i < len; i++) dst[i] = s.getLong(offs[i]); }
    }
  }

  /** {@code s[offs[i]] += src[i]} for {@code i < len}, in order (repeated offsets accumulate). */
  static void addAt(double[] src, int len, HeapStorage s, int[] offs) {
    switch (s.dtype()) {
      case FLOAT32 -> { float[] a = s.floats(); for (int i = 0; i < len; i++) a[offs[i]] = (float) (a[offs[i]] + src[i]); }
      case FLOAT64 -> { double[] a = s.doubles(); for (int i = 0; i < len; i++) a[offs[i]] += src[i]; }
      default -> { for (int i = 0; i < len; i++) s.setDouble(offs[i], s.getDouble(offs[i]) + src[i]); }
    }
  }

  /** {@code s[offs[i]] += src[i]} for {@code i < len}, in order, wrapping as the dtype does. */
  static void addAt(long[] src, int len, HeapStorage s, int[] offs) {
    switch (s.dtype()) {
      case INT64 -> { long[] a = s.longs(); for (int i = 0; i < len; i++) a[offs[i]] += src[i]; }
      case INT32 -> { int[] a = s.ints(); for (int i = 0; i < len; i++) a[offs[i]] += (int) src[i]; }
      default -> { for (int i = 0; i < len; i++) s.setLong(offs[i], s.getLong(offs[i]) + src[i]); }
    }
  }
}
