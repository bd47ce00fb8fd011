package dev.fathom.vision;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fathom.Tensor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Loads fixtures/vision.json written by tools/fixtures/gen_vision.py (torchvision 0.14). */
public final class VisionFixtures {
  public static final JsonObject ROOT = load();

  private VisionFixtures() {}

  private static JsonObject load() {
    try (var in = VisionFixtures.class.getResourceAsStream("/fixtures/vision.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture directory or file on disk (test resources are copied to target/test-classes). */
  public static Path path(String rel) {
    try {
      return Path.of(VisionFixtures.class.getResource("/fixtures/" + rel).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<JsonObject> cases(String op) {
    List<JsonObject> out = new ArrayList<>();
    for (var e : ROOT.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      if (c.get("op").getAsString().equals(op)) out.add(c);
    }
    return out;
  }

  public static JsonObject named(String name) {
    for (var e : ROOT.getAsJsonArray("cases")) {
      if (e.getAsJsonObject().get("name").getAsString().equals(name)) return e.getAsJsonObject();
    }
    throw new IllegalArgumentException("no fixture case " + name);
  }

  public static Tensor tensor(JsonObject enc) {
    byte[] raw = Base64.getDecoder().decode(enc.get("b64").getAsString());
    JsonArray s = enc.getAsJsonArray("shape");
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsLong();
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    return switch (enc.get("dtype").getAsString()) {
      case "uint8" -> Tensor.ofUint8(raw, shape);
      case "float32" -> {
        float[] f = new float[raw.length / 4];
        b.asFloatBuffer().get(f);
        yield Tensor.of(f, shape);
      }
      default -> {
        long[] l = new long[raw.length / 8];
        b.asLongBuffer().get(l);
        yield Tensor.of(l, shape);
      }
    };
  }

  public static Tensor expected(JsonObject c) { return tensor(c.getAsJsonObject("expected")); }

  public static int[] ints(JsonObject args, String key) {
    JsonArray a = args.getAsJsonArray(key);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
    return out;
  }

  public static double[] doubles(JsonObject args, String key) {
    JsonArray a = args.getAsJsonArray(key);
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
    return out;
  }
}
