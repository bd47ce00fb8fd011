package dev.fathom.data;

import dev.fathom.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte},
 * raw or gzip-compressed; gzip is recognised by its magic bytes, not the file name). The header is
 * two zero bytes, a type code (0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int,
 * 0x0D float, 0x0E double), the number of dims, then each size as a big-endian int.
 *
 * <p>Unsigned bytes load as UINT8, signed bytes, shorts and ints as INT32, floats as FLOAT32,
 * doubles as FLOAT64. A corrupt or truncated file gives an {@link IdxFile.FormatException} naming
 * the file and what is wrong.
 *
 * <pre>{@code
 * Tensor images = IdxFile.read(Path.of("train-images-idx3-ubyte.gz"));   // [60000, 28, 28] UINT8
 * Tensor labels = IdxFile.read(Path.of("train-labels-idx1-ubyte.gz"));   // [60000] UINT8
 * }</pre>
 */
public final class IdxFile {
  private IdxFile() {}

  /** A malformed IDX file. */
  public static final class FormatException extends RuntimeException {
    public FormatException(String message, Throwable cause) { super(message, cause); }
  }

  /** The contents of an IDX file as a tensor with the file's dims. */
  public static Tensor read(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read(), b1 = raw.read();
      raw.reset();
      boolean gz = b0 == 0x1f && b1 == 0x8b;
      try (InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
        return parse(file, in, gz);
      }
    } catch (ZipException e) {
      throw new FormatException("IDX file " + file + ": corrupt gzip data: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new FormatException("IDX file " + file + ": truncated gzip stream (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("IDX file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Tensor parse(Path file, InputStream in, boolean gz) throws IOException {
    String what = "IDX file " + file + (gz ? " (gzip)" : "");
    byte[] head = in.readNBytes(4);
    if (head.length < 4) throw new FormatException(what + ": truncated header: " + head.length + " of 4 magic bytes", null);
    if (head[0] != 0 || head[1] != 0) {
      throw new FormatException(what + ": bad magic number 0x" + String.format("%02x%02x%02x%02x", head[0], head[1], head[2], head[3]) + " (must start with two zero bytes)", null);
    }
    int type = head[2] & 0xFF, rank = head[3] & 0xFF;
    int elemBytes = switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> throw new FormatException(what + ": unknown data type code 0x" + Integer.toHexString(type) + " (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)", null);
    };
    byte[] dimBytes = in.readNBytes(4 * rank);
    if (dimBytes.length < 4 * rank) throw new FormatException(what + ": truncated header: " + rank + " dims announced, only " + dimBytes.length / 4 + " sizes present", null);
    ByteBuffer dims = ByteBuffer.wrap(dimBytes);
    long[] shape = new long[rank];
    long count = 1;
    for (int d = 0; d < rank; d++) {
      int s = dims.getInt();
      if (s < 0) throw new FormatException(what + ": negative size " + s + " for dim " + d, null);
      shape[d] = s;
      count *= s;
      if (count * elemBytes > Integer.MAX_VALUE - 8) throw new FormatException(what + ": shape " + Arrays.toString(shape) + " is too large", null);
    }
    int bytes = (int) count * elemBytes;
    byte[] data = in.readNBytes(bytes);
    if (data.length < bytes) {
      throw new FormatException(what + ": truncated data: shape " + Arrays.toString(shape) + " needs " + bytes + " bytes, only " + data.length + " present", null);
    }
    if (in.read() >= 0) throw new FormatException(what + ": trailing data after the " + bytes + " bytes that shape " + Arrays.toString(shape) + " needs", null);
    ByteBuffer buf = ByteBuffer.wrap(data);
    int n = (int) count;
    return switch (type) {
      case 0x08 -> Tensor.ofUint8(data, shape);
      case 0x09 -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = data[i];
        yield Tensor.of(v, shape);
      }
      case 0x0B -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = buf.getShort();
        yield Tensor.of(v, shape);
      }
      case 0x0C -> {
        int[] v = new int[n];
        buf.asIntBuffer().get(v);
        yield Tensor.of(v, shape);
      }
      case 0x0D -> {
        float[] v = new float[n];
        buf.asFloatBuffer().get(v);
        yield Tensor.of(v, shape);
      }
      default -> {
        double[] v = new double[n];
        buf.asDoubleBuffer().get(v);
        yield Tensor.of(v, shape);
      }
    };
  }

  /**
   * Writes {@code t} as an IDX file (gzip-compressed when the name ends in {@code .gz}): UINT8 as
   * type 0x08, INT32 as 0x0C, FLOAT32 as 0x0D, FLOAT64 as 0x0E.
   */
  public static void write(Tensor t, Path file) {
    int type = switch (t.dtype()) {
      case UINT8 -> 0x08;
      case INT32 -> 0x0C;
      case FLOAT32 -> 0x0D;
      case FLOAT64 -> 0x0E;
      default -> throw new IllegalArgumentException("IdxFile.write: dtype " + t.dtype().torchName() + " has no IDX type (use uint8, int32, float32 or float64)");
    };
    int elem = t.dtype().byteSize();
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 * t.dim() + (int) t.numel() * elem);
    buf.put((byte) 0).put((byte) 0).put((byte) type).put((byte) t.dim());
    for (long s : t.shape()) buf.putInt((int) s);
    switch (t.dtype()) {
      case UINT8 -> {
        for (long v : t.toLongArray()) buf.put((byte) v);
      }
      case INT32 -> buf.asIntBuffer().put(t.toIntArray());
      case FLOAT32 -> buf.asFloatBuffer().put(t.toFloatArray());
      default -> buf.asDoubleBuffer().put(t.toDoubleArray());
    }
    try (var out = file.toString().endsWith(".gz") ? new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(buf.array());
    } catch (IOException e) {
      throw new UncheckedIOException("IdxFile.write " + file + ": " + e.getMessage(), e);
    }
  }
}
