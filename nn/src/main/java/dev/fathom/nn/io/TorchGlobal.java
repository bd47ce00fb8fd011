package dev.fathom.nn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only Python globals a PyTorch pickle may name when Fathom reads it, and what "calling" each
 * means: the rebuild functions make {@link PendingTensor}s (bound to their storage bytes later),
 * {@code collections.OrderedDict} makes a {@link LinkedHashMap}, and a storage type is only a tag in a
 * persistent id. {@code torch.storage._load_from_bytes} (which unpickles nested bytes) and everything
 * else is rejected.
 */
sealed interface TorchGlobal permits TorchGlobal.Function, TorchGlobal.StorageType {

  Object call(Path file, Object[] args) throws TensorFileException;

  /** A tensor waiting for its storage: {@code storage[offset + sum(i_k * stride_k)]}. */
  record PendingTensor(StorageRef storage, long offset, long[] size, long[] stride, boolean requiresGrad) {}

  /** A storage named by a persistent id; {@code viewOffset} is the legacy format's storage-view start. */
  record StorageRef(String key, ElementType type, long numel, long viewOffset, long viewNumel) {}

  /** A {@code torch.XStorage} class, usable only inside a persistent id. */
  record StorageType(ElementType type) implements TorchGlobal {
    @Override
    public Object call(Path file, Object[] args) throws TensorFileException {
      throw new UnsafePickleException(file, "pickle calls " + this + ", which is not allowed; nothing was executed");
    }

    @Override
    public String toString() {
      return "torch." + type.torchStorage;
    }
  }

  /** The allowed callables. */
  enum Function implements TorchGlobal {
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state"),
    ORDERED_DICT("collections", "OrderedDict");

    final String module;
    final String name;

    Function(String module, String name) {
      this.module = module;
      this.name = name;
    }

    @Override
    public String toString() {
      return module + "." + name;
    }

    @Override
    public Object call(Path file, Object[] a) throws TensorFileException {
      return switch (this) {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        case REBUILD_TENSOR_V2 -> {
          arity(file, a, 6, 7);
          yield tensor(file, a, bool(file, a[4], "requires_grad"));
        }
        // (storage, storage_offset, size, stride)
        case REBUILD_TENSOR -> {
          arity(file, a, 4, 4);
          yield tensor(file, a, false);
        }
        // (data, requires_grad, backward_hooks[, state])
        case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
          int n = this == REBUILD_PARAMETER ? 3 : 4;
          arity(file, a, n, n);
          if (!(a[0] instanceof PendingTensor t)) throw bad(file, "its data is not a tensor");
          yield new PendingTensor(t.storage(), t.offset(), t.size(), t.stride(), bool(file, a[1], "requires_grad"));
        }
        case ORDERED_DICT -> orderedDict(file, a);
      };
    }

    private Object orderedDict(Path file, Object[] a) throws TensorFileException {
      Map<Object, Object> map = new LinkedHashMap<>();
      if (a.length == 0) return map;
      if (a.length != 1 || !(a[0] instanceof List<?> items)) throw bad(file, "expected () or ([(key, value), ...],)");
      for (Object item : items) {
        if (!(item instanceof Object[] pair) || pair.length != 2) throw bad(file, "an item is not a (key, value) pair");
        map.put(pair[0], pair[1]);
      }
      return map;
    }

    private PendingTensor tensor(Path file, Object[] a, boolean requiresGrad) throws TensorFileException {
      if (!(a[0] instanceof StorageRef storage)) throw bad(file, "its first argument is not a storage");
      long offset = nonNegative(file, a[1], "storage_offset");
      long[] size = longs(file, a[2], "size");
      long[] stride = longs(file, a[3], "stride");
      if (size.length != stride.length) {
        throw bad(file, "size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride) + " have different lengths");
      }
      return new PendingTensor(storage, offset, size, stride, requiresGrad);
    }

    private void arity(Path file, Object[] a, int min, int max) throws TensorFileException {
      if (a.length < min || a.length > max) throw bad(file, "takes " + (min == max ? min : min + " or " + max) + " arguments, got " + a.length);
    }

    private TensorFileException bad(Path file, String problem) {
      return new TensorFileException(file, "malformed pickle: call of " + this + ": " + problem);
    }

    private boolean bool(Path file, Object v, String what) throws TensorFileException {
      if (!(v instanceof Boolean b)) throw bad(file, what + " is not a bool");
      return b;
    }

    private long[] longs(Path file, Object v, String what) throws TensorFileException {
      if (!(v instanceof Object[] items)) throw bad(file, what + " is not a tuple");
      long[] out = new long[items.length];
      for (int i = 0; i < out.length; i++) out[i] = nonNegative(file, items[i], what);
      return out;
    }

    private long nonNegative(Path file, Object v, String what) throws TensorFileException {
      if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
        throw bad(file, what + " has " + v + ", not a non-negative integer");
      }
      return ((Number) v).longValue();
    }
  }

  /** The global {@code module.name}, or an {@link UnsafePickleException} naming it. */
  static TorchGlobal resolve(Path file, String module, String name) throws TensorFileException {
    for (Function f : Function.values()) if (f.module.equals(module) && f.name.equals(name)) return f;
    if (module.equals("torch") && name.endsWith("Storage")) {
      ElementType type = ElementType.ofTorchStorage(name);
      if (type == null) throw new TensorFileException(file, "storage type torch." + name + " has no Fathom dtype (Fathom reads float16/32/64, bfloat16, int32/64, uint8 and bool)");
      return new StorageType(type);
    }
    throw new UnsafePickleException(file, "pickle global '" + module + "." + name + "' is not allowed: only tensors, storages, "
        + "OrderedDicts, lists, tuples, strings and numbers are read; nothing was executed");
  }

  /**
   * The storage a persistent id names: {@code ('storage', torch.XStorage, key, location, numel)} in
   * the zip format, with a sixth element {@code view_metadata} ({@code None} or
   * {@code (view_key, offset, view_size)}) in the legacy format.
   */
  static StorageRef storageRef(Path file, Object pid) throws TensorFileException {
    if (!(pid instanceof Object[] id) || id.length < 5 || id.length > 6 || !"storage".equals(id[0])) {
      throw new TensorFileException(file, "malformed pickle: persistent id " + describe(pid) + " is not ('storage', type, key, location, numel)");
    }
    if (!(id[1] instanceof StorageType type)) throw new TensorFileException(file, "malformed pickle: persistent id names no storage type");
    if (!(id[2] instanceof String key)) throw new TensorFileException(file, "malformed pickle: storage key is not a string");
    long numel = count(file, id[4], "storage size");
    long viewOffset = 0, viewNumel = numel;
    if (id.length == 6 && id[5] != null) {
      if (!(id[5] instanceof Object[] view) || view.length != 3) throw new TensorFileException(file, "malformed pickle: storage view metadata is not (key, offset, size)");
      viewOffset = count(file, view[1], "storage view offset");
      viewNumel = count(file, view[2], "storage view size");
      if (viewOffset + viewNumel > numel) {
        throw new TensorFileException(file, "storage view [" + viewOffset + ", " + (viewOffset + viewNumel) + ") lies outside storage '" + key + "' of " + numel + " elements");
      }
    }
    return new StorageRef(key, type.type(), numel, viewOffset, viewNumel);
  }

  private static long count(Path file, Object v, String what) throws TensorFileException {
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
      throw new TensorFileException(file, "malformed pickle: " + what + " " + v + " is not a non-negative integer");
    }
    return ((Number) v).longValue();
  }

  private static String describe(Object o) {
    return o instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(o);
  }
}
