package dev.fathom.nn.io;

import dev.fathom.Device;
import dev.fathom.Tensor;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the zip format of {@code torch.save} (as PyTorch 1.6+ reads it): {@code archive/data.pkl}
 * (pickle protocol 2, tensors as {@code _rebuild_tensor_v2} calls on persistent storage ids, maps as
 * {@code collections.OrderedDict}), {@code archive/byteorder}, one {@code archive/data/<key>} record
 * per storage, and {@code archive/version}. Records are stored uncompressed with their data aligned to
 * 64 bytes, as PyTorch's own writer does. CPU tensors that share a storage keep sharing it.
 */
final class TorchWriter {
  private static final String ARCHIVE = "archive/";
  private static final int ALIGNMENT = 64;
  private static final int BATCH = 1000;
  private static final int MAX_DEPTH = 1000;
  /** 2000-01-01 00:00 local time: fixed, so the same state dict gives the same bytes. */
  private static final long ENTRY_TIME = 946684800000L;

  private final PickleWriter pickle = new PickleWriter();
  private final IdentityHashMap<Object, String> storageKeys = new IdentityHashMap<>();
  private final List<HostData> storages = new ArrayList<>();
  private final Deque<String> path = new ArrayDeque<>();

  private TorchWriter() {}

  static void write(Path file, Object obj) throws IOException {
    AtomicFiles.write(file, out -> {
      TorchWriter w = new TorchWriter();
      w.value(obj, 0);
      w.writeZip(out, w.pickle.finish());
    });
  }

  private void writeZip(OutputStream out, byte[] dataPkl) throws IOException {
    CountingOutputStream counting = new CountingOutputStream(out);
    ZipOutputStream zip = new ZipOutputStream(counting);
    record(zip, counting, "data.pkl", dataPkl);
    record(zip, counting, "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < storages.size(); i++) {
      HostData d = storages.get(i);
      ZipEntry e = entry(counting, "data/" + i, (long) d.numel() * d.dtype().byteSize(), TensorBytes.crc(d.array(), d.dtype(), d.offset(), d.numel()));
      zip.putNextEntry(e);
      TensorBytes.write(zip, d.array(), d.dtype(), d.offset(), d.numel());
      zip.closeEntry();
    }
    record(zip, counting, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
    zip.finish();
  }

  private static void record(ZipOutputStream zip, CountingOutputStream counting, String name, byte[] data) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(data);
    zip.putNextEntry(entry(counting, name, data.length, crc.getValue()));
    zip.write(data);
    zip.closeEntry();
  }

  /** A stored entry whose extra field pads the local header so the data starts 64-byte aligned. */
  private static ZipEntry entry(CountingOutputStream counting, String name, long size, long crc) {
    String full = ARCHIVE + name;
    ZipEntry e = new ZipEntry(full);
    e.setMethod(ZipEntry.STORED);
    e.setSize(size);
    e.setCompressedSize(size);
    e.setCrc(crc);
    e.setTime(ENTRY_TIME);
    long dataStart = counting.written + 30 + full.length() + 4;
    int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
    byte[] extra = new byte[4 + pad];
    ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x4246).putShort((short) pad); // "FB", as PyTorch
    e.setExtra(extra);
    return e;
  }

  // ---- the pickle ---------------------------------------------------------------------------

  private void value(Object o, int depth) {
    if (depth > MAX_DEPTH) throw unsupported("object nesting deeper than " + MAX_DEPTH, " (a cycle?)");
    switch (o) {
      case null -> pickle.none();
      case Boolean b -> pickle.bool(b);
      case Integer i -> pickle.integer(i);
      case Long l -> pickle.integer(l);
      case Short s -> pickle.integer(s);
      case Byte b -> pickle.integer(b);
      case BigInteger b -> pickle.bigInteger(b);
      case Double d -> pickle.floating(d);
      case Float f -> pickle.floating(f);
      case String s -> pickle.string(s);
      case Tensor t -> tensor(t);
      case Map<?, ?> m -> map(m, depth);
      case List<?> l -> list(l, depth);
      default -> throw unsupported("unsupported value of type " + o.getClass().getName(),
          " (allowed: Tensor, Map, List, String, Boolean, Integer, Long, Double, null)");
    }
  }

  private IllegalArgumentException unsupported(String problem, String hint) {
    return new IllegalArgumentException("TorchFiles.save: " + problem + (path.isEmpty() ? "" : " at " + String.join("", path)) + hint);
  }

  private void map(Map<?, ?> m, int depth) {
    pickle.global("collections", "OrderedDict");
    pickle.emptyTuple();
    pickle.reduce();
    int inBatch = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object k = e.getKey();
      if (k instanceof Tensor || k instanceof Map || k instanceof List) throw unsupported("map key of type " + k.getClass().getSimpleName(), " (keys must be strings or numbers)");
      if (inBatch == 0) pickle.mark();
      path.addLast(k instanceof String s ? "['" + s + "']" : "[" + k + "]");
      value(k, depth + 1);
      value(e.getValue(), depth + 1);
      path.removeLast();
      if (++inBatch == BATCH) {
        pickle.setItems();
        inBatch = 0;
      }
    }
    if (inBatch > 0) pickle.setItems();
  }

  private void list(List<?> l, int depth) {
    pickle.emptyList();
    int inBatch = 0;
    int index = 0;
    for (Object x : l) {
      if (inBatch == 0) pickle.mark();
      path.addLast("[" + index++ + "]");
      value(x, depth + 1);
      path.removeLast();
      if (++inBatch == BATCH) {
        pickle.appends();
        inBatch = 0;
      }
    }
    if (inBatch > 0) pickle.appends();
  }

  /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())}. */
  private void tensor(Tensor t) {
    Tensor d = t.detach();
    if (!d.device().equals(Device.cpu())) d = d.to(Device.cpu());
    View v = d.view();
    String key = storageKeys.get(v.storage());
    if (key == null) {
      key = Integer.toString(storages.size());
      storageKeys.put(v.storage(), key);
      storages.add(HostData.storageOf(v));
    }
    ElementType type = ElementType.of(v.dtype());
    pickle.global("torch._utils", "_rebuild_tensor_v2");
    pickle.mark();
    pickle.mark();
    pickle.string("storage");
    pickle.global("torch", type.torchStorage);
    pickle.string(key);
    pickle.string("cpu");
    pickle.integer(v.storage().size());
    pickle.tuple();
    pickle.persistentId();
    pickle.integer(v.offset());
    ints(v.shape());
    ints(Shapes.numel(v.shape()) == 0 ? Shapes.contiguousStrides(v.shape()) : v.strides());
    pickle.bool(t.requiresGrad());
    pickle.global("collections", "OrderedDict");
    pickle.emptyTuple();
    pickle.reduce();
    pickle.tuple();
    pickle.reduce();
  }

  private void ints(int[] values) {
    if (values.length == 0) {
      pickle.emptyTuple();
      return;
    }
    pickle.mark();
    for (int x : values) pickle.integer(x);
    pickle.tuple();
  }

  /** Counts bytes so entries can be aligned. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long written;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written += len;
    }
  }
}
