package dev.fathom.nn.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fathom.Tensor;
import dev.fathom.tck.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files under fixtures/io (made by tools/fixtures/gen_io.py) and their expected values. */
final class IoFixtures {
  private IoFixtures() {}

  static Path file(String name) {
    URL url = IoFixtures.class.getClassLoader().getResource("fixtures/io/" + name);
    if (url == null) throw new IllegalStateException("fixture fixtures/io/" + name + " is not on the class path");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject expected() {
    try {
      return JsonParser.parseString(Files.readString(file("expected.json"))).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tensors of one group of expected.json, in file order. */
  static Map<String, Tensor> expectedTensors(JsonObject group) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String k : group.keySet()) out.put(k, Fixtures.expected(group.getAsJsonObject(k)));
    return out;
  }
}
