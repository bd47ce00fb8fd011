package dev.fathom.data;

import dev.fathom.DType;
import dev.fathom.Device;
import dev.fathom.Tensor;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code default_collate}: tensors are stacked along a new first dim; integers
 * (Long, Integer, Short, Byte) become an INT64 tensor, Double a FLOAT64 and Float a FLOAT32
 * tensor, Boolean a BOOL tensor; primitive arrays are stacked as rows; strings stay a list;
 * lists, arrays, maps, records and {@link Sample}s are collated element by element.
 *
 * <pre>{@code
 * Batch b = Collate.defaultCollate(List.of(new Sample<>(x0, 1L), new Sample<>(x1, 0L)));
 * b.input();   // [2, ...x0's shape]
 * b.label();   // tensor([1, 0])
 * }</pre>
 */
public final class Collate {
  private Collate() {}

  /** Collates items into a {@link Batch}; the fields are described in {@link Batch}. */
  public static Batch defaultCollate(List<?> items) {
    if (items.isEmpty()) throw new IllegalArgumentException("default_collate: the batch is empty");
    Object first = items.get(0);
    int n = items.size();
    if (first instanceof Sample<?, ?>) {
      List<Object> in = new ArrayList<>(n), lab = new ArrayList<>(n);
      for (Object o : items) {
        Sample<?, ?> s = cast(o, Sample.class, first);
        in.add(s.input());
        lab.add(s.label());
      }
      return new Batch(List.of(collate(in), collate(lab)), List.of("input", "label"), n);
    }
    if (first instanceof Record r) {
      return new Batch(collateRecord(items, r), componentNames(r), n);
    }
    if (first instanceof List<?> || first instanceof Object[]) return new Batch(collateSequences(items), null, n);
    if (first instanceof Map<?, ?> m) {
      Map<Object, Object> collated = collateMaps(items);
      List<String> names = new ArrayList<>();
      for (Object k : m.keySet()) names.add(String.valueOf(k));
      return new Batch(new ArrayList<>(collated.values()), names, n);
    }
    return new Batch(List.of(collate(items)), null, n);
  }

  /** Collates one component across the batch (a nested value of the result of {@link #defaultCollate}). */
  public static Object collate(List<?> elems) {
    Object first = elems.get(0);
    if (first == null) throw new IllegalArgumentException("default_collate: batch contains null at position 0");
    if (first instanceof Tensor) return stack(elems);
    if (first instanceof Long || first instanceof Integer || first instanceof Short || first instanceof Byte) {
      long[] v = new long[elems.size()];
      for (int i = 0; i < v.length; i++) v[i] = cast(elems.get(i), Number.class, first).longValue();
      return Tensor.of(v, v.length);
    }
    if (first instanceof Double) {
      double[] v = new double[elems.size()];
      for (int i = 0; i < v.length; i++) v[i] = cast(elems.get(i), Double.class, first);
      return Tensor.of(v, v.length);
    }
    if (first instanceof Float) {
      float[] v = new float[elems.size()];
      for (int i = 0; i < v.length; i++) v[i] = cast(elems.get(i), Float.class, first);
      return Tensor.of(v, v.length);
    }
    if (first instanceof Boolean) {
      boolean[] v = new boolean[elems.size()];
      for (int i = 0; i < v.length; i++) v[i] = cast(elems.get(i), Boolean.class, first);
      return Tensor.of(v, v.length);
    }
    if (first instanceof CharSequence) {
      List<String> out = new ArrayList<>(elems.size());
      for (Object o : elems) out.add(cast(o, CharSequence.class, first).toString());
      return out;
    }
    if (first.getClass().isArray() && first.getClass().getComponentType().isPrimitive()) return stackArrays(elems);
    if (first instanceof Record) {
      Record r = (Record) first;
      return new Batch(collateRecord(elems, r), componentNames(r), elems.size());
    }
    if (first instanceof List<?> || first instanceof Object[]) return collateSequences(elems);
    if (first instanceof Map<?, ?>) return collateMaps(elems);
    throw new IllegalArgumentException("default_collate: batch must contain tensors, numbers, booleans, strings, primitive arrays, lists, maps or records; found " + first.getClass().getName());
  }

  private static List<Object> collateSequences(List<?> elems) {
    List<List<?>> seqs = new ArrayList<>(elems.size());
    for (Object o : elems) seqs.add(o instanceof Object[] a ? Arrays.asList(a) : cast(o, List.class, elems.get(0)));
    int len = seqs.get(0).size();
    for (List<?> s : seqs) {
      if (s.size() != len) throw new IllegalArgumentException("default_collate: each element in list of batch should be of equal size (got " + len + " and " + s.size() + ")");
    }
    List<Object> out = new ArrayList<>(len);
    for (int j = 0; j < len; j++) {
      List<Object> column = new ArrayList<>(seqs.size());
      for (List<?> s : seqs) column.add(s.get(j));
      out.add(collate(column));
    }
    return out;
  }

  private static Map<Object, Object> collateMaps(List<?> elems) {
    Map<?, ?> first = (Map<?, ?>) elems.get(0);
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Object key : first.keySet()) {
      List<Object> column = new ArrayList<>(elems.size());
      for (Object o : elems) {
        Map<?, ?> m = cast(o, Map.class, first);
        if (!m.containsKey(key)) throw new IllegalArgumentException("default_collate: a map in the batch lacks the key '" + key + "'");
        column.add(m.get(key));
      }
      out.put(key, collate(column));
    }
    return out;
  }

  private static List<Object> collateRecord(List<?> elems, Record first) {
    RecordComponent[] comps = first.getClass().getRecordComponents();
    List<Object> out = new ArrayList<>(comps.length);
    for (RecordComponent c : comps) {
      List<Object> column = new ArrayList<>(elems.size());
      for (Object o : elems) {
        if (o == null || o.getClass() != first.getClass()) throw mixed(first, o);
        try {
          c.getAccessor().setAccessible(true);
          column.add(c.getAccessor().invoke(o));
        } catch (ReflectiveOperationException e) {
          throw new IllegalArgumentException("default_collate: cannot read component " + c.getName() + " of " + first.getClass().getName(), e);
        }
      }
      out.add(collate(column));
    }
    return out;
  }

  private static List<String> componentNames(Record r) {
    List<String> names = new ArrayList<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) names.add(c.getName());
    return names;
  }

  /** Stacks tensors along a new first dim; CPU contiguous tensors without grad are copied directly. */
  static Tensor stack(List<?> elems) {
    List<Tensor> ts = new ArrayList<>(elems.size());
    for (Object o : elems) ts.add(cast(o, Tensor.class, elems.get(0)));
    Tensor first = ts.get(0);
    int[] shape = first.shapeInts();
    boolean direct = first.device().equals(Device.cpu());
    for (int i = 0; i < ts.size(); i++) {
      Tensor t = ts.get(i);
      if (!Arrays.equals(t.shapeInts(), shape)) {
        throw new IllegalArgumentException("default_collate: stack expects each tensor to be equal size, but got " + Shapes.str(shape) + " at entry 0 and " + Shapes.str(t.shapeInts()) + " at entry " + i);
      }
      direct &= t.dtype() == first.dtype() && t.isContiguous() && !t.requiresGrad() && t.device().equals(Device.cpu()) && t.view().storage() instanceof HeapStorage;
    }
    if (!direct) return Tensor.stack(ts, 0);
    int numel = Shapes.numel(shape);
    long[] outShape = new long[shape.length + 1];
    outShape[0] = ts.size();
    for (int d = 0; d < shape.length; d++) outShape[d + 1] = shape[d];
    Object out = switch (first.dtype()) {
      case FLOAT32 -> new float[numel * ts.size()];
      case FLOAT64 -> new double[numel * ts.size()];
      case INT64 -> new long[numel * ts.size()];
      case INT32 -> new int[numel * ts.size()];
      case UINT8, BOOL -> new byte[numel * ts.size()];
    };
    for (int i = 0; i < ts.size(); i++) {
      View v = ts.get(i).view();
      System.arraycopy(v.heap().array(), v.offset(), out, i * numel, numel);
    }
    return switch (first.dtype()) {
      case FLOAT32 -> Tensor.of((float[]) out, outShape);
      case FLOAT64 -> Tensor.of((double[]) out, outShape);
      case INT64 -> Tensor.of((long[]) out, outShape);
      case INT32 -> Tensor.of((int[]) out, outShape);
      case UINT8 -> Tensor.ofUint8((byte[]) out, outShape);
      case BOOL -> Tensor.ofUint8((byte[]) out, outShape).to(DType.BOOL);
    };
  }

  private static Tensor stackArrays(List<?> elems) {
    Object first = elems.get(0);
    int len = java.lang.reflect.Array.getLength(first);
    int n = elems.size();
    for (int i = 0; i < n; i++) {
      Object a = elems.get(i);
      if (a == null || a.getClass() != first.getClass()) throw mixed(first, a);
      if (java.lang.reflect.Array.getLength(a) != len) {
        throw new IllegalArgumentException("default_collate: arrays must have equal lengths, got " + len + " at entry 0 and " + java.lang.reflect.Array.getLength(a) + " at entry " + i);
      }
    }
    Object out = java.lang.reflect.Array.newInstance(first.getClass().getComponentType(), len * n);
    for (int i = 0; i < n; i++) System.arraycopy(elems.get(i), 0, out, i * len, len);
    return switch (out) {
      case float[] f -> Tensor.of(f, n, len);
      case double[] d -> Tensor.of(d, n, len);
      case long[] l -> Tensor.of(l, n, len);
      case int[] i -> Tensor.of(i, n, len);
      case byte[] b -> Tensor.ofUint8(b, n, len);
      case boolean[] b -> Tensor.of(b, n, len);
      default -> throw new IllegalArgumentException("default_collate: cannot stack arrays of " + first.getClass().getComponentType());
    };
  }

  private static <C> C cast(Object o, Class<C> type, Object first) {
    if (!type.isInstance(o)) throw mixed(first, o);
    return type.cast(o);
  }

  private static IllegalArgumentException mixed(Object first, Object o) {
    return new IllegalArgumentException("default_collate: batch mixes " + Batch.describe(first) + " and " + Batch.describe(o));
  }
}
