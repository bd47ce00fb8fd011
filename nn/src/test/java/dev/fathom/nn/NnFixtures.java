package dev.fathom.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fathom.Tensor;
import dev.fathom.tck.Fixtures;
import dev.fathom.tck.TensorAssert;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads fixtures/nn_modules.json (written by tools/fixtures/gen_nn.py) and compares state dicts. */
final class NnFixtures {
  private NnFixtures() {}

  /** Tolerance for float32 results: 1e-5 relative + 1e-5 absolute (sums of many terms differ in order). */
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-5;

  private static JsonObject root;

  static synchronized JsonObject root() {
    if (root == null) {
      try (InputStream in = NnFixtures.class.getClassLoader().getResourceAsStream("fixtures/nn_modules.json")) {
        if (in == null) throw new IllegalStateException("fixtures/nn_modules.json is not on the class path");
        root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  static Map<String, JsonObject> section(String name) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (JsonElement e : root().getAsJsonArray(name)) out.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
    return out;
  }

  static Tensor tensor(JsonElement spec) {
    return Fixtures.expected(spec.getAsJsonObject());
  }

  static Map<String, Tensor> stateDict(JsonObject spec) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : spec.entrySet()) out.put(e.getKey(), tensor(e.getValue()));
    return out;
  }

  /** The module's state dict has exactly the expected keys, in order, with close values. */
  static void assertStateClose(Module m, JsonObject expected, String what) {
    Map<String, Tensor> actual = m.stateDict();
    org.assertj.core.api.Assertions.assertThat(actual.keySet()).as(what + ": state-dict keys").containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
      TensorAssert.assertClose(actual.get(e.getKey()), tensor(e.getValue()), RTOL, ATOL, what + " " + e.getKey());
    }
  }
}
