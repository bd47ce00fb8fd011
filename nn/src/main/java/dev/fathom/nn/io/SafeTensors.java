package dev.fathom.nn.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.fathom.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format,
 * Fathom's native format for state dicts: an 8-byte little-endian header length, a JSON header giving
 * each tensor's {@code dtype} ({@code F32 F64 I64 I32 U8 BOOL}; {@code F16} and {@code BF16} are read
 * as FLOAT32), {@code shape} and {@code data_offsets}, an optional {@code __metadata__} map of strings,
 * then the little-endian data of every tensor, contiguous.
 *
 * <p>Reading checks everything (header length against the file size, JSON syntax, dtypes, shapes
 * against byte counts, offsets inside the data section, no overlaps or gaps) and throws a
 * {@link TensorFileException} naming the file and the problem. Saving is atomic. Tensors are returned
 * in header order; each is a contiguous CPU tensor of the stored shape (0-d included).
 *
 * <pre>{@code
 * SafeTensors.save(Path.of("model.safetensors"), model.stateDict(), Map.of("epoch", "3"));
 * Map<String, Tensor> sd = SafeTensors.load(Path.of("model.safetensors"));   // "fc.weight" -> [10, 128]
 * }</pre>
 */
public final class SafeTensors {
  private static final long MAX_HEADER = 100L << 20;
  private static final String METADATA = "__metadata__";

  private SafeTensors() {}

  /** A file's tensors (in header order) and its {@code __metadata__} (empty when absent). */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /** The tensors of a safetensors file, keyed by name in header order. */
  public static Map<String, Tensor> load(Path file) throws IOException {
    return read(file).tensors();
  }

  /** The tensors and the metadata of a safetensors file. */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      if (fileSize < 8) throw new TensorFileException(file, "file is " + fileSize + " bytes, too short for the 8-byte header length");
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0, file);
      long headerLen = len.getLong(0);
      if (headerLen < 0 || headerLen > fileSize - 8) {
        throw new TensorFileException(file, "header length " + Long.toUnsignedString(headerLen) + " exceeds file size " + fileSize);
      }
      if (headerLen > MAX_HEADER) throw new TensorFileException(file, "header length " + headerLen + " exceeds the limit of " + MAX_HEADER + " bytes");
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8, file);
      JsonObject header = parseHeader(file, hb.flip());
      long dataStart = 8 + headerLen;
      List<Entry> entries = entries(file, header, fileSize - dataStart);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ch.position(dataStart + e.begin);
        InputStream in = Channels.newInputStream(ch);
        Object data = TensorBytes.read(in, e.type, e.numel(), ByteOrder.LITTLE_ENDIAN);
        tensors.put(e.name, TensorBytes.toTensor(data, e.type.dtype, e.shape));
      }
      return new Contents(tensors, metadata(file, header));
    }
  }

  /** Saves {@code tensors} (any device, any layout) atomically, with no metadata. */
  public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
    save(file, tensors, Map.of());
  }

  /** Saves {@code tensors} and a {@code __metadata__} map of strings atomically. */
  public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(metadata, "metadata");
    JsonObject header = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject m = new JsonObject();
      metadata.forEach((k, v) -> m.addProperty(Objects.requireNonNull(k, "metadata key"), Objects.requireNonNull(v, () -> "metadata value of '" + k + "'")));
      header.add(METADATA, m);
    }
    List<HostData> data = new ArrayList<>(tensors.size());
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "tensor name");
      if (name.equals(METADATA)) throw new IllegalArgumentException("SafeTensors.save: '" + METADATA + "' cannot name a tensor");
      Tensor t = Objects.requireNonNull(e.getValue(), () -> "SafeTensors.save: tensor '" + name + "' is null");
      HostData d = HostData.of(t);
      data.add(d);
      JsonObject info = new JsonObject();
      info.addProperty("dtype", ElementType.of(t.dtype()).name());
      JsonArray shape = new JsonArray();
      for (long s : t.shape()) shape.add(s);
      info.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += (long) d.numel() * t.dtype().byteSize();
      offsets.add(offset);
      info.add("data_offsets", offsets);
      header.add(name, info);
    }
    byte[] json = new GsonBuilder().disableHtmlEscaping().create().toJson(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8; // keeps the data section 8-byte aligned
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    AtomicFiles.write(file, out -> {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(headerBytes);
      for (HostData d : data) TensorBytes.write(out, d.array(), d.dtype(), d.offset(), d.numel());
    });
  }

  private record Entry(String name, ElementType type, long[] shape, long begin, long end) {
    int numel() {
      return (int) ((end - begin) / type.size);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) throw new TensorFileException(file, "file is truncated");
    }
  }

  private static JsonObject parseHeader(Path file, ByteBuffer bytes) throws TensorFileException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new TensorFileException(file, "header is not valid UTF-8", e);
    }
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.STRICT);
      JsonElement root = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) throw new TensorFileException(file, "header has text after its JSON object");
      if (!root.isJsonObject()) throw new TensorFileException(file, "header is not a JSON object");
      return root.getAsJsonObject();
    } catch (JsonParseException | IOException | IllegalStateException e) {
      if (e instanceof TensorFileException t) throw t;
      throw new TensorFileException(file, "header is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static List<Entry> entries(Path file, JsonObject header, long dataLen) throws TensorFileException {
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : header.entrySet()) {
      if (e.getKey().equals(METADATA)) continue;
      entries.add(entry(file, e.getKey(), e.getValue(), dataLen));
    }
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    Entry previous = null;
    for (Entry e : byOffset) {
      if (e.begin < expected) {
        throw new TensorFileException(file, "tensors '" + previous.name + "' and '" + e.name + "' overlap (bytes ["
            + previous.begin + ", " + previous.end + ") and [" + e.begin + ", " + e.end + "))");
      }
      if (e.begin > expected) throw new TensorFileException(file, "gap of " + (e.begin - expected) + " bytes before tensor '" + e.name + "' in the data section");
      expected = e.end;
      previous = e;
    }
    if (expected != dataLen) {
      throw new TensorFileException(file, "the data section has " + dataLen + " bytes but the header describes " + expected);
    }
    return entries;
  }

  private static Entry entry(Path file, String name, JsonElement value, long dataLen) throws TensorFileException {
    String where = "tensor '" + name + "'";
    if (!value.isJsonObject()) throw new TensorFileException(file, where + ": header entry is not a JSON object");
    JsonObject info = value.getAsJsonObject();
    JsonElement dt = info.get("dtype");
    if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) throw new TensorFileException(file, where + ": missing or non-string 'dtype'");
    ElementType type = ElementType.ofSafetensors(dt.getAsString());
    if (type == null) {
      throw new TensorFileException(file, where + ": unknown or unsupported dtype '" + dt.getAsString() + "' (Fathom reads "
          + Arrays.toString(ElementType.values()) + ")");
    }
    long[] shape = longs(file, where, info.get("shape"), "shape", -1);
    long[] offsets = longs(file, where, info.get("data_offsets"), "data_offsets", 2);
    long begin = offsets[0], end = offsets[1];
    if (begin > end || end > dataLen) {
      throw new TensorFileException(file, where + ": data_offsets [" + begin + ", " + end + "] lie outside the data section of " + dataLen + " bytes"
          + (end > dataLen ? " (file truncated?)" : ""));
    }
    BigDecimal numel = BigDecimal.ONE;
    for (long s : shape) numel = numel.multiply(BigDecimal.valueOf(s));
    BigDecimal needed = numel.multiply(BigDecimal.valueOf(type.size));
    if (needed.compareTo(BigDecimal.valueOf(end - begin)) != 0) {
      throw new TensorFileException(file, where + ": shape " + Arrays.toString(shape) + " of " + type + " needs " + needed
          + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
    }
    if (numel.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new TensorFileException(file, where + ": " + numel + " elements exceed Fathom's limit of " + Integer.MAX_VALUE + " per tensor");
    }
    return new Entry(name, type, shape, begin, end);
  }

  private static long[] longs(Path file, String where, JsonElement value, String field, int length) throws TensorFileException {
    if (value == null || !value.isJsonArray()) throw new TensorFileException(file, where + ": missing or non-array '" + field + "'");
    JsonArray a = value.getAsJsonArray();
    if (length >= 0 && a.size() != length) throw new TensorFileException(file, where + ": '" + field + "' must have " + length + " entries, has " + a.size());
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      JsonElement x = a.get(i);
      try {
        if (!x.isJsonPrimitive() || !((JsonPrimitive) x).isNumber()) throw new ArithmeticException();
        out[i] = x.getAsBigDecimal().longValueExact();
        if (out[i] < 0) throw new ArithmeticException();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new TensorFileException(file, where + ": '" + field + "' entry " + x + " is not a non-negative integer");
      }
    }
    return out;
  }

  private static Map<String, String> metadata(Path file, JsonObject header) throws TensorFileException {
    JsonElement m = header.get(METADATA);
    if (m == null) return Map.of();
    if (!m.isJsonObject()) throw new TensorFileException(file, METADATA + " is not a JSON object");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : m.getAsJsonObject().entrySet()) {
      JsonElement v = e.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new TensorFileException(file, METADATA + " value of '" + e.getKey() + "' is not a string");
      }
      out.put(e.getKey(), v.getAsString());
    }
    return out;
  }
}
