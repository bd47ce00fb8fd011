package dev.fathom.nn.io;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Bulk conversion between raw tensor bytes and the primitive arrays of CPU storage, in chunks through
 * {@link ByteBuffer} views (no per-element boxing), plus strided gathers out of a storage array.
 */
final class TensorBytes {
  private static final int CHUNK = 1 << 16;

  private TensorBytes() {}

  static Object newArray(DType dtype, int n) {
    return switch (dtype) {
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case INT64 -> new long[n];
      case INT32 -> new int[n];
      case UINT8, BOOL -> new byte[n];
    };
  }

  /** Reads {@code numel} elements of {@code type}; throws EOFException when the stream ends early. */
  static Object read(InputStream in, ElementType type, int numel, ByteOrder order) throws IOException {
    Object dst = newArray(type.dtype, numel);
    int perChunk = CHUNK / type.size;
    byte[] buf = new byte[CHUNK];
    for (int done = 0; done < numel; ) {
      int n = Math.min(perChunk, numel - done);
      int len = n * type.size;
      if (in.readNBytes(buf, 0, len) != len) {
        throw new EOFException("data ends after " + ((long) done * type.size + len) + " of " + (long) numel * type.size + " bytes");
      }
      decode(ByteBuffer.wrap(buf, 0, len).order(order), type, dst, done, n);
      done += n;
    }
    return dst;
  }

  private static void decode(ByteBuffer src, ElementType type, Object dst, int off, int n) {
    switch (type) {
      case F32 -> src.asFloatBuffer().get((float[]) dst, off, n);
      case F64 -> src.asDoubleBuffer().get((double[]) dst, off, n);
      case I64 -> src.asLongBuffer().get((long[]) dst, off, n);
      case I32 -> src.asIntBuffer().get((int[]) dst, off, n);
      case U8 -> src.get((byte[]) dst, off, n);
      case BOOL -> {
        byte[] b = (byte[]) dst;
        src.get(b, off, n);
        for (int i = off; i < off + n; i++) b[i] = (byte) (b[i] != 0 ? 1 : 0);
      }
      case F16 -> {
        float[] f = (float[]) dst;
        for (int i = off; i < off + n; i++) f[i] = Float.float16ToFloat(src.getShort());
      }
      case BF16 -> {
        float[] f = (float[]) dst;
        for (int i = off; i < off + n; i++) f[i] = Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16);
      }
    }
  }

  /** Writes elements {@code [off, off+n)} of a storage array little-endian. */
  static void write(OutputStream out, Object src, DType dtype, int off, int n) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    int perChunk = CHUNK / dtype.byteSize();
    for (int done = 0; done < n; ) {
      int k = Math.min(perChunk, n - done);
      encode(bb, src, dtype, off + done, k);
      out.write(bb.array(), 0, k * dtype.byteSize());
      done += k;
    }
  }

  /** CRC-32 of what {@link #write} produces, for zip entries stored without compression. */
  static long crc(Object src, DType dtype, int off, int n) {
    ByteBuffer bb = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    CRC32 crc = new CRC32();
    int perChunk = CHUNK / dtype.byteSize();
    for (int done = 0; done < n; ) {
      int k = Math.min(perChunk, n - done);
      encode(bb, src, dtype, off + done, k);
      crc.update(bb.array(), 0, k * dtype.byteSize());
      done += k;
    }
    return crc.getValue();
  }

  private static void encode(ByteBuffer bb, Object src, DType dtype, int off, int n) {
    bb.clear();
    switch (dtype) {
      case FLOAT32 -> bb.asFloatBuffer().put((float[]) src, off, n);
      case FLOAT64 -> bb.asDoubleBuffer().put((double[]) src, off, n);
      case INT64 -> bb.asLongBuffer().put((long[]) src, off, n);
      case INT32 -> bb.asIntBuffer().put((int[]) src, off, n);
      case UINT8, BOOL -> bb.put((byte[]) src, off, n);
    }
  }

  /**
   * Copies the strided view {@code (offset, size, stride)} of {@code src} into a new row-major array.
   * The caller has checked that every index is inside {@code src}.
   */
  static Object gather(Object src, DType dtype, long offset, int[] size, long[] stride) {
    int n = 1;
    for (int s : size) n = Math.multiplyExact(n, s);
    Object dst = newArray(dtype, n);
    if (n == 0) return dst;
    int d = size.length;
    if (d == 0) {
      System.arraycopy(src, (int) offset, dst, 0, 1);
      return dst;
    }
    int inner = size[d - 1];
    long innerStride = stride[d - 1];
    int[] idx = new int[d - 1];
    long base = offset;
    int out = 0;
    while (true) {
      copyStrided(src, base, innerStride, dst, out, inner);
      out += inner;
      int k = d - 2;
      for (; k >= 0; k--) {
        base += stride[k];
        if (++idx[k] < size[k]) break;
        base -= stride[k] * size[k];
        idx[k] = 0;
      }
      if (k < 0) return dst;
    }
  }

  private static void copyStrided(Object src, long from, long stride, Object dst, int to, int n) {
    int s = (int) from;
    int st = (int) stride;
    if (st == 1) {
      System.arraycopy(src, s, dst, to, n);
      return;
    }
    switch (src) {
      case float[] a -> { float[] b = (float[]) dst; for (int i = 0; i < n; i++) b[to + i] = a[s + i * st]; }
      case double[] a -> { double[] b = (double[]) dst; for (int i = 0; i < n; i++) b[to + i] = a[s + i * st]; }
      case long[] a -> { long[] b = (long[]) dst; for (int i = 0; i < n; i++) b[to + i] = a[s + i * st]; }
      case int[] a -> { int[] b = (int[]) dst; for (int i = 0; i < n; i++) b[to + i] = a[s + i * st]; }
      case byte[] a -> { byte[] b = (byte[]) dst; for (int i = 0; i < n; i++) b[to + i] = a[s + i * st]; }
      default -> throw new IllegalStateException("not a storage array: " + src.getClass());
    }
  }

  /** A CPU tensor holding {@code array} (row-major) with the given shape; a 0-d tensor for an empty shape. */
  static Tensor toTensor(Object array, DType dtype, long[] shape) {
    Tensor t = switch (dtype) {
      case FLOAT32 -> Tensor.of((float[]) array, flat(array));
      case FLOAT64 -> Tensor.of((double[]) array, flat(array));
      case INT64 -> Tensor.of((long[]) array, flat(array));
      case INT32 -> Tensor.of((int[]) array, flat(array));
      case UINT8 -> Tensor.ofUint8((byte[]) array, flat(array));
      case BOOL -> Tensor.ofUint8((byte[]) array, flat(array)).to(DType.BOOL);
    };
    return t.reshape(shape);
  }

  private static long flat(Object array) {
    return java.lang.reflect.Array.getLength(array);
  }
}
