package dev.fathom.spark;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact byte form of the trees that state dicts are made of (maps, lists, strings, booleans,
 * integers, longs, doubles, nulls and tensors), to ship a model's and an optimizer's state between
 * the driver and the workers: maps keep their order and key types (the optimizer's {@code state}
 * map has Integer keys), tensors keep dtype and shape, floats are written bit-exactly.
 *
 * <p>For parameter averaging it also walks the floating-point tensors of a tree in order
 * ({@link #floatingCount}, {@link #accumulate}, {@link #withFloating}).
 *
 * <pre>{@code
 * byte[] bytes = StateCodec.encode(Map.of("model", model.stateDict(), "optimizer", optimizer.stateDict()));
 * Map<?, ?> tree = (Map<?, ?>) StateCodec.decode(bytes);
 * }</pre>
 */
final class StateCodec {
  private static final byte NULL = 0, FALSE = 1, TRUE = 2, INT = 3, LONG = 4, DOUBLE = 5, STRING = 6, LIST = 7, MAP = 8, TENSOR = 9;

  private StateCodec() {}

  static byte[] encode(Object tree) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, tree, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("StateCodec: corrupt state (" + bytes.length + " bytes)", e);
    }
  }

  private static void write(DataOutputStream out, Object v, String path) throws IOException {
    switch (v) {
      case null -> out.writeByte(NULL);
      case Boolean b -> out.writeByte(b ? TRUE : FALSE);
      case Integer i -> { out.writeByte(INT); out.writeInt(i); }
      case Long l -> { out.writeByte(LONG); out.writeLong(l); }
      case Double d -> { out.writeByte(DOUBLE); out.writeDouble(d); }
      case Float f -> { out.writeByte(DOUBLE); out.writeDouble(f); }
      case String s -> { out.writeByte(STRING); out.writeUTF(s); }
      case Object[] a -> write(out, Arrays.asList(a), path);
      case double[] a -> write(out, Arrays.stream(a).boxed().toList(), path);
      case List<?> l -> {
        out.writeByte(LIST);
        out.writeInt(l.size());
        for (int i = 0; i < l.size(); i++) write(out, l.get(i), path + "[" + i + "]");
      }
      case Map<?, ?> m -> {
        out.writeByte(MAP);
        out.writeInt(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          write(out, e.getKey(), path + ".key");
          write(out, e.getValue(), path + "." + e.getKey());
        }
      }
      case Tensor t -> writeTensor(out, t);
      default -> throw new IllegalArgumentException("StateCodec: cannot encode a " + v.getClass().getName() + " at '" + path + "'");
    }
  }

  private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
    out.writeByte(TENSOR);
    out.writeByte(t.dtype().ordinal());
    long[] shape = t.shape();
    out.writeByte(shape.length);
    for (long d : shape) out.writeLong(d);
    int n = Math.toIntExact(t.numel());
    ByteBuffer buf;
    switch (t.dtype()) {
      case FLOAT32 -> { buf = buffer(n * 4L); buf.asFloatBuffer().put(t.toFloatArray()); }
      case FLOAT64 -> { buf = buffer(n * 8L); buf.asDoubleBuffer().put(t.toDoubleArray()); }
      case INT64 -> { buf = buffer(n * 8L); buf.asLongBuffer().put(t.toLongArray()); }
      case INT32 -> {
        buf = buffer(n * 4L);
        for (long x : t.toLongArray()) buf.putInt((int) x);
      }
      case UINT8, BOOL -> {
        buf = buffer(n);
        for (long x : t.toLongArray()) buf.put((byte) x);
      }
      default -> throw new IllegalArgumentException("StateCodec: unsupported dtype " + t.dtype());
    }
    out.write(buf.array());
  }

  private static ByteBuffer buffer(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static Object read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case FALSE -> false;
      case TRUE -> true;
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> in.readUTF();
      case LIST -> {
        int n = in.readInt();
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(read(in));
        yield l;
      }
      case MAP -> {
        int n = in.readInt();
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) m.put(read(in), read(in));
        yield m;
      }
      case TENSOR -> readTensor(in);
      default -> throw new IOException("unknown tag " + tag);
    };
  }

  private static Tensor readTensor(DataInputStream in) throws IOException {
    DType dtype = DType.values()[in.readByte()];
    long[] shape = new long[in.readByte()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) numel *= shape[i] = in.readLong();
    int n = Math.toIntExact(numel);
    byte[] raw = new byte[Math.toIntExact(numel * dtype.byteSize())];
    in.readFully(raw);
    ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    return switch (dtype) {
      case FLOAT32 -> { float[] a = new float[n]; buf.asFloatBuffer().get(a); yield Tensor.of(a, shape); }
      case FLOAT64 -> { double[] a = new double[n]; buf.asDoubleBuffer().get(a); yield Tensor.of(a, shape); }
      case INT64 -> { long[] a = new long[n]; buf.asLongBuffer().get(a); yield Tensor.of(a, shape); }
      case INT32 -> { int[] a = new int[n]; buf.asIntBuffer().get(a); yield Tensor.of(a, shape); }
      case UINT8 -> Tensor.ofUint8(raw, shape);
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) a[i] = raw[i] != 0;
        yield Tensor.of(a, shape);
      }
    };
  }

  // ---- floating-point tensors, for averaging -----------------------------------------------

  /** Number of elements in the tree's floating-point tensors. */
  static long floatingCount(Object tree) {
    return switch (tree) {
      case Tensor t -> t.dtype().isFloatingPoint() ? t.numel() : 0;
      case List<?> l -> l.stream().mapToLong(StateCodec::floatingCount).sum();
      case Map<?, ?> m -> m.values().stream().mapToLong(StateCodec::floatingCount).sum();
      case null, default -> 0;
    };
  }

  /** Adds the tree's floating-point tensor elements, in tree order, into {@code sums} from {@code offset}; returns the next offset. */
  static int accumulate(Object tree, double[] sums, int offset) {
    switch (tree) {
      case Tensor t when t.dtype().isFloatingPoint() -> {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) sums[offset + i] += v[i];
        return offset + v.length;
      }
      case List<?> l -> {
        for (Object o : l) offset = accumulate(o, sums, offset);
        return offset;
      }
      case Map<?, ?> m -> {
        for (Object o : m.values()) offset = accumulate(o, sums, offset);
        return offset;
      }
      case null, default -> {
        return offset;
      }
    }
  }

  /** A copy of the tree whose floating-point tensors hold {@code sums / divisor} (in tree order), cast to their dtype. */
  static Object withFloating(Object tree, double[] sums, double divisor) {
    int[] offset = {0};
    Object out = replace(tree, sums, divisor, offset);
    if (offset[0] != sums.length) throw new IllegalStateException("StateCodec: tree has " + offset[0] + " floating elements, sums " + sums.length);
    return out;
  }

  private static Object replace(Object tree, double[] sums, double divisor, int[] offset) {
    switch (tree) {
      case Tensor t when t.dtype().isFloatingPoint() -> {
        int n = Math.toIntExact(t.numel());
        Tensor out;
        if (t.dtype() == DType.FLOAT64) {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) v[i] = sums[offset[0] + i] / divisor;
          out = Tensor.of(v, t.shape());
        } else {
          float[] v = new float[n];
          for (int i = 0; i < n; i++) v[i] = (float) (sums[offset[0] + i] / divisor);
          out = Tensor.of(v, t.shape());
        }
        offset[0] += n;
        return out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(replace(o, sums, divisor, offset));
        return out;
      }
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey(), replace(e.getValue(), sums, divisor, offset));
        return out;
      }
      case null, default -> {
        return tree;
      }
    }
  }
}
