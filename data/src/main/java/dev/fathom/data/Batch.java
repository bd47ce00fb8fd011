package dev.fathom.data;

import dev.fathom.Device;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collated batch, as the tuple PyTorch's {@code default_collate} returns: one field per component
 * of the dataset's items, each stacked along a new first dim. Items that are {@link Sample}s give
 * two fields, {@code input} and {@code label}; {@code List}s and records give one field per element
 * or component; a bare tensor or number gives a single field.
 *
 * <p>With two or more fields the last is the label and the others are the inputs. When the only
 * input field is itself a list (a {@code Sample} whose input is a {@code List<Tensor>}), its
 * elements are the inputs: that is how a multi-input network gets its batches.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *   Tensor x = b.input();   // [64, 1, 28, 28]
 *   Tensor y = b.label();   // [64], INT64
 * }
 * Tensor logits = net.forward(b.inputs().get(0), b.inputs().get(1));   // two-input model
 * }</pre>
 */
public final class Batch implements dev.fathom.train.LabeledBatch {
  private final List<Object> fields;
  private final List<String> names;
  private final int size;

  /**
   * A batch of {@code size} items with the given collated fields and optional field names (null,
   * or one per field).
   */
  public Batch(List<?> fields, List<String> names, int size) {
    if (names != null && names.size() != fields.size()) {
      throw new IllegalArgumentException("Batch: " + names.size() + " names for " + fields.size() + " fields");
    }
    this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
    this.names = names == null ? null : List.copyOf(names);
    this.size = size;
  }

  /** The number of items collated into this batch (the first dim of its tensors). */
  public int size() { return size; }

  /** The collated fields: tensors, or lists, maps and batches of them for nested items. */
  public List<Object> fields() { return fields; }

  public int numFields() { return fields.size(); }

  /** Field {@code i} as a tensor. */
  public Tensor tensor(int i) {
    Object f = fields.get(i);
    if (f instanceof Tensor t) return t;
    throw new IllegalStateException("Batch field " + i + " is a " + describe(f) + ", not a tensor");
  }

  /** The field named {@code name} (record component, map key, or input/label of a Sample). */
  public Object get(String name) {
    int i = names == null ? -1 : names.indexOf(name);
    if (i < 0) throw new IllegalArgumentException("Batch has no field named '" + name + "'; names: " + names);
    return fields.get(i);
  }

  /** The field names, or null when the items had none (lists, tensors). */
  public List<String> names() { return names; }

  /** The inputs: every field but the label (see the class comment). */
  public List<Tensor> inputs() {
    List<Object> in = fields.size() == 1 ? fields : fields.subList(0, fields.size() - 1);
    if (in.size() == 1 && in.get(0) instanceof List<?> list) in = new ArrayList<>(list);
    List<Tensor> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      if (!(in.get(i) instanceof Tensor t)) throw new IllegalStateException("Batch input " + i + " is a " + describe(in.get(i)) + ", not a tensor");
      out.add(t);
    }
    return out;
  }

  /** The single input; fails when the batch has several (use {@link #inputs()}). */
  public Tensor input() {
    List<Tensor> in = inputs();
    if (in.size() != 1) throw new IllegalStateException("Batch has " + in.size() + " inputs; use inputs()");
    return in.get(0);
  }

  /** The label: the last field. Fails for a batch with a single field. */
  public Tensor label() {
    if (fields.size() < 2) throw new IllegalStateException("Batch has a single field and no label");
    return tensor(fields.size() - 1);
  }

  /** This batch with every tensor (nested ones too) moved to {@code device}. */
  public Batch to(Device device) {
    List<Object> moved = new ArrayList<>(fields.size());
    for (Object f : fields) moved.add(move(f, device));
    return new Batch(moved, names, size);
  }

  private static Object move(Object f, Device device) {
    if (f instanceof Tensor t) return t.to(device);
    if (f instanceof Batch b) return b.to(device);
    if (f instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(move(o, device));
      return out;
    }
    if (f instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (var e : m.entrySet()) out.put(e.getKey(), move(e.getValue(), device));
      return out;
    }
    return f;
  }

  static String describe(Object o) {
    return o == null ? "null" : o.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Batch(size=").append(size);
    for (int i = 0; i < fields.size(); i++) {
      sb.append(", ").append(names == null ? "field" + i : names.get(i)).append('=');
      Object f = fields.get(i);
      sb.append(f instanceof Tensor t ? "Tensor" + java.util.Arrays.toString(t.shape()) + " " + t.dtype().torchName() : describe(f));
    }
    return sb.append(')').toString();
  }
}
