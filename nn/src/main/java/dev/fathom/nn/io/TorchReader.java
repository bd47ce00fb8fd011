package dev.fathom.nn.io;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.nn.io.RestrictedUnpickler.BoundedInput;
import dev.fathom.nn.io.TorchGlobal.PendingTensor;
import dev.fathom.nn.io.TorchGlobal.StorageRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads files written by {@code torch.save}: the zip format (PyTorch 1.6 and later) and the legacy
 * format (a run of pickles followed by raw storages). The object tree is unpickled with
 * {@link RestrictedUnpickler}, then every pending tensor is bound to its storage bytes.
 */
final class TorchReader {
  private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final int LEGACY_PROTOCOL = 1001;
  private static final int MAX_DEPTH = 1000;

  private final Path file;
  private final Map<String, Object> storages = new HashMap<>();
  private final IdentityHashMap<Object, Object> converted = new IdentityHashMap<>();

  private TorchReader(Path file) {
    this.file = file;
  }

  static Object read(Path file) throws IOException {
    byte[] head = new byte[512];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    TorchReader r = new TorchReader(file);
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return r.readZip();
    if (n >= 2 && (head[0] & 0xFF) == 0x80) return r.readLegacy();
    if (n >= 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
      throw new TensorFileException(file, "tar-format checkpoint (PyTorch before 0.4) is not supported; re-save it with a newer torch.save");
    }
    throw new TensorFileException(file, "not a PyTorch file: it is neither a zip archive nor a legacy pickle (first bytes " + hex(head, Math.min(n, 8)) + ")");
  }

  // ---- zip format ---------------------------------------------------------------------------

  private Object readZip() throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new TensorFileException(file, "corrupt or truncated zip archive (" + e.getMessage() + ")", e);
    }
    try (zip) {
      String prefix = null;
      for (ZipEntry e : Collections.list(zip.entries())) {
        String name = e.getName();
        int slash = name.indexOf('/');
        if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) prefix = name.substring(0, slash + 1);
        if (slash > 0 && name.substring(slash + 1).equals("constants.pkl")) {
          throw new TensorFileException(file, "is a TorchScript archive (torch.jit.save); save the state dict with torch.save(model.state_dict(), path) instead");
        }
      }
      if (prefix == null) throw new TensorFileException(file, "zip archive has no <folder>/data.pkl record, so it was not written by torch.save");
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      ZipEntry bo = zip.getEntry(prefix + "byteorder");
      if (bo != null) {
        String s = new String(readEntry(zip, bo, 16), StandardCharsets.US_ASCII).trim();
        if (s.equals("big")) order = ByteOrder.BIG_ENDIAN;
        else if (!s.equals("little")) throw new TensorFileException(file, "unknown byteorder record '" + s + "'");
      }
      byte[] pickle = readEntry(zip, zip.getEntry(prefix + "data.pkl"), Integer.MAX_VALUE - 8);
      Object root = new RestrictedUnpickler(file, new BoundedInput(new ByteArrayInputStream(pickle), pickle.length)).next();
      ByteOrder dataOrder = order;
      String dataPrefix = prefix + "data/";
      return convert(root, 0, ref -> {
        ZipEntry e = zip.getEntry(dataPrefix + ref.key());
        if (e == null) throw new TensorFileException(file, "storage record '" + dataPrefix + ref.key() + "' is missing");
        long bytes = ref.numel() * ref.type().size;
        if (e.getSize() >= 0 && e.getSize() != bytes) {
          throw new TensorFileException(file, "storage record '" + e.getName() + "' has " + e.getSize() + " bytes, expected " + bytes
              + " (" + ref.numel() + " x " + ref.type() + ")");
        }
        try (InputStream in = zip.getInputStream(e)) {
          return TensorBytes.read(in, ref.type(), checkedNumel(ref), dataOrder);
        } catch (EOFException | ZipException x) {
          throw new TensorFileException(file, "storage record '" + e.getName() + "' is truncated or corrupt (" + x.getMessage() + ")", x);
        }
      });
    }
  }

  private byte[] readEntry(ZipFile zip, ZipEntry e, int limit) throws IOException {
    if (e.getSize() > limit) throw new TensorFileException(file, "record '" + e.getName() + "' is too large (" + e.getSize() + " bytes)");
    try (InputStream in = zip.getInputStream(e)) {
      return in.readNBytes(limit);
    } catch (ZipException | EOFException x) {
      throw new TensorFileException(file, "record '" + e.getName() + "' is truncated or corrupt (" + x.getMessage() + ")", x);
    }
  }

  // ---- legacy format ------------------------------------------------------------------------

  private Object readLegacy() throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      BoundedInput in = new BoundedInput(raw, Files.size(file));
      RestrictedUnpickler unpickler = new RestrictedUnpickler(file, in);
      Object magic = unpickler.next();
      if (!(magic instanceof Number m) || !new BigInteger(m.toString()).equals(LEGACY_MAGIC)) {
        throw new TensorFileException(file, "not a PyTorch file: it starts with a pickle but not with torch.save's magic number");
      }
      Object protocol = unpickler.next();
      if (!(protocol instanceof Number p) || p.longValue() != LEGACY_PROTOCOL) {
        throw new TensorFileException(file, "unsupported legacy protocol version " + protocol + " (expected " + LEGACY_PROTOCOL + ")");
      }
      Object sysInfo = unpickler.next();
      ByteOrder order = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      Object root = unpickler.next();
      Object keys = unpickler.next();
      if (!(keys instanceof List<?> keyList)) throw new TensorFileException(file, "malformed legacy file: the storage key list is missing");
      Map<String, StorageRef> refs = new HashMap<>();
      collectRefs(root, refs, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
      for (Object k : keyList) {
        StorageRef ref = refs.get(String.valueOf(k));
        if (ref == null) throw new TensorFileException(file, "malformed legacy file: storage '" + k + "' is stored but never used, so its type is unknown");
        byte[] count = in.readNBytes(8);
        if (count.length < 8) throw new TensorFileException(file, "file is truncated before storage '" + k + "'");
        long numel = ByteBuffer.wrap(count).order(order).getLong();
        if (numel != ref.numel()) throw new TensorFileException(file, "storage '" + k + "' holds " + numel + " elements, the pickle says " + ref.numel());
        if (numel * ref.type().size > in.remaining()) {
          throw new TensorFileException(file, "file is truncated: storage '" + k + "' needs " + numel * ref.type().size + " bytes, " + in.remaining() + " are left");
        }
        try {
          storages.put(ref.key(), TensorBytes.read(in, ref.type(), checkedNumel(ref), order));
        } catch (EOFException e) {
          throw new TensorFileException(file, "file is truncated inside storage '" + k + "' (" + e.getMessage() + ")", e);
        }
      }
      return convert(root, 0, ref -> {
        throw new TensorFileException(file, "storage '" + ref.key() + "' is used but not stored in the file");
      });
    }
  }

  private void collectRefs(Object o, Map<String, StorageRef> refs, java.util.Set<Object> seen, int depth) throws TensorFileException {
    if (depth > MAX_DEPTH) throw new TensorFileException(file, "object nesting deeper than " + MAX_DEPTH);
    if (o == null || !seen.add(o)) return;
    switch (o) {
      case PendingTensor t -> refs.putIfAbsent(t.storage().key(), t.storage());
      case Map<?, ?> m -> {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          collectRefs(e.getKey(), refs, seen, depth + 1);
          collectRefs(e.getValue(), refs, seen, depth + 1);
        }
      }
      case List<?> l -> {
        for (Object x : l) collectRefs(x, refs, seen, depth + 1);
      }
      case Object[] a -> {
        for (Object x : a) collectRefs(x, refs, seen, depth + 1);
      }
      default -> { }
    }
  }

  // ---- binding tensors to storages ----------------------------------------------------------

  @FunctionalInterface
  private interface StorageLoader {
    Object load(StorageRef ref) throws IOException;
  }

  /** The pickled tree with tuples as lists, ints as Long, and pending tensors as Tensors. */
  private Object convert(Object o, int depth, StorageLoader loader) throws IOException {
    if (depth > MAX_DEPTH) throw new TensorFileException(file, "object nesting deeper than " + MAX_DEPTH);
    switch (o) {
      case null -> { return null; }
      case String s -> { return s; }
      case Boolean b -> { return b; }
      case Double d -> { return d; }
      case Integer i -> { return i.longValue(); }
      case Long l -> { return l; }
      case BigInteger b -> { return RestrictedUnpickler.normalize(b); }
      case byte[] b -> { return b; }
      default -> { }
    }
    Object done = converted.get(o);
    if (done != null) return done;
    switch (o) {
      case PendingTensor t -> {
        Tensor tensor = materialize(t, loader);
        converted.put(o, tensor);
        return tensor;
      }
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        converted.put(o, out);
        for (Map.Entry<?, ?> e : m.entrySet()) out.put(convert(e.getKey(), depth + 1, loader), convert(e.getValue(), depth + 1, loader));
        return out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        converted.put(o, out);
        for (Object x : l) out.add(convert(x, depth + 1, loader));
        return out;
      }
      case Object[] a -> {
        Object[] items = new Object[a.length];
        List<Object> out = Collections.unmodifiableList(Arrays.asList(items));
        converted.put(o, out);
        for (int i = 0; i < a.length; i++) items[i] = convert(a[i], depth + 1, loader);
        return out;
      }
      case StorageRef s -> throw new TensorFileException(file, "a bare storage ('" + s.key() + "') is not supported; save tensors instead");
      case TorchGlobal g -> throw new TensorFileException(file, "the pickle holds a bare reference to " + g + ", which is not data");
      default -> throw new TensorFileException(file, "unsupported pickled value of type " + o.getClass().getSimpleName());
    }
  }

  private Tensor materialize(PendingTensor t, StorageLoader loader) throws IOException {
    StorageRef ref = t.storage();
    Object data = storages.get(ref.key());
    if (data == null) {
      data = loader.load(ref);
      storages.put(ref.key(), data);
    }
    long offset = ref.viewOffset() + t.offset();
    long last = offset;
    long numel = 1;
    for (int i = 0; i < t.size().length; i++) {
      numel *= t.size()[i];
      if (numel > Integer.MAX_VALUE) throw new TensorFileException(file, "tensor of size " + Arrays.toString(t.size()) + " exceeds Fathom's " + Integer.MAX_VALUE + " elements");
      if (t.size()[i] > 0) last += (t.size()[i] - 1) * t.stride()[i];
    }
    if (numel > 0 && (last >= ref.viewOffset() + ref.viewNumel() || last < 0)) {
      throw new TensorFileException(file, "tensor with storage offset " + t.offset() + ", size " + Arrays.toString(t.size()) + " and stride "
          + Arrays.toString(t.stride()) + " reaches outside its storage '" + ref.key() + "' of " + ref.viewNumel() + " elements");
    }
    int[] size = new int[t.size().length];
    for (int i = 0; i < size.length; i++) size[i] = (int) t.size()[i];
    DType dtype = ref.type().dtype;
    Object elements = offset == 0 && numel == ref.numel() && isRowMajor(t.size(), t.stride()) ? data : TensorBytes.gather(data, dtype, offset, size, t.stride());
    Tensor tensor = TensorBytes.toTensor(elements, dtype, t.size());
    if (t.requiresGrad() && dtype.isFloatingPoint()) tensor.requiresGrad(true);
    return tensor;
  }

  private static boolean isRowMajor(long[] size, long[] stride) {
    long expected = 1;
    for (int i = size.length - 1; i >= 0; i--) {
      if (size[i] != 1 && stride[i] != expected) return false;
      expected *= size[i];
    }
    return true;
  }

  private int checkedNumel(StorageRef ref) throws TensorFileException {
    if (ref.numel() > Integer.MAX_VALUE) throw new TensorFileException(file, "storage '" + ref.key() + "' of " + ref.numel() + " elements exceeds Fathom's limit of " + Integer.MAX_VALUE);
    return (int) ref.numel();
  }

  private static String hex(byte[] b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(String.format("%02x", b[i] & 0xFF));
    return sb.toString();
  }
}
