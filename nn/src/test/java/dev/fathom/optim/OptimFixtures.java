package dev.fathom.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.tck.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads fixtures/optim.json (written by tools/fixtures/gen_optim.py) and builds what it describes. */
final class OptimFixtures {
  private static JsonObject root;

  private OptimFixtures() {}

  static synchronized JsonObject root() {
    if (root == null) {
      try (InputStream in = OptimFixtures.class.getClassLoader().getResourceAsStream("fixtures/optim.json")) {
        if (in == null) throw new IllegalStateException("fixtures/optim.json is not on the class path");
        root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  static List<JsonObject> section(String name) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : root().getAsJsonArray(name)) out.add(e.getAsJsonObject());
    return out;
  }

  static Tensor tensor(JsonElement spec) {
    return Fixtures.expected(spec.getAsJsonObject());
  }

  static List<Tensor> tensors(JsonElement specs) {
    List<Tensor> out = new ArrayList<>();
    for (JsonElement e : specs.getAsJsonArray()) out.add(tensor(e));
    return out;
  }

  /** A JSON value as an unpickled state-dict value: Integer/Double/Boolean/String/List/Map/Tensor/null. */
  static Object value(JsonElement e) {
    if (e == null || e.isJsonNull()) return null;
    if (e.isJsonArray()) {
      List<Object> out = new ArrayList<>();
      for (JsonElement x : e.getAsJsonArray()) out.add(value(x));
      return out;
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("tensor") && o.size() == 1) return tensor(o.get("tensor"));
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> x : o.entrySet()) out.put(x.getKey(), value(x.getValue()));
      return out;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) return p.getAsBoolean();
    if (p.isString()) return p.getAsString();
    String text = p.getAsString();
    if (text.matches("-?\\d+")) return Integer.parseInt(text);
    return p.getAsDouble();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(JsonElement e) {
    return (Map<String, Object>) value(e);
  }

  /** The options of an optimizer kind with the JSON keyword arguments applied through its setters. */
  static OptimizerOptions<?> options(String kind, JsonObject kwargs) {
    OptimizerOptions<?> o = switch (kind) {
      case "SGD" -> SGD.options();
      case "Adam" -> Adam.options();
      case "AdamW" -> AdamW.options();
      case "RMSprop" -> RMSprop.options();
      case "Adagrad" -> Adagrad.options();
      default -> throw new IllegalArgumentException(kind);
    };
    for (Map.Entry<String, JsonElement> e : kwargs.entrySet()) apply(o, camel(e.getKey()), e.getValue());
    return o;
  }

  private static void apply(Object options, String setter, JsonElement v) {
    try {
      for (Method m : options.getClass().getMethods()) {
        if (!m.getName().equals(setter)) continue;
        Class<?>[] types = m.getParameterTypes();
        if (v.isJsonArray()) {
          JsonArray a = v.getAsJsonArray();
          m.invoke(options, a.get(0).getAsDouble(), a.get(1).getAsDouble());
        } else if (types[0] == boolean.class) {
          m.invoke(options, v.getAsBoolean());
        } else {
          m.invoke(options, v.getAsDouble());
        }
        return;
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalArgumentException("no setter " + setter + " on " + options.getClass());
  }

  private static String camel(String snake) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }

  /** The optimizer a fixture case describes, over {@code params}. */
  static Optimizer optimizer(JsonObject c, List<Tensor> params) {
    String kind = c.get("optimizer").getAsString();
    OptimizerOptions<?> defaults = options(kind, c.getAsJsonObject("options"));
    List<ParamGroup> groups = new ArrayList<>();
    if (c.get("groups").isJsonNull()) {
      groups.add(ParamGroup.of(params));
    } else {
      for (JsonElement ge : c.getAsJsonArray("groups")) {
        JsonObject g = ge.getAsJsonObject();
        List<Tensor> ps = new ArrayList<>();
        for (JsonElement i : g.getAsJsonArray("params")) ps.add(params.get(i.getAsInt()));
        groups.add(ParamGroup.of(ps, options(kind, g.getAsJsonObject("options"))));
      }
    }
    return switch (kind) {
      case "SGD" -> new SGD(groups, (SGD.Options) defaults);
      case "Adam" -> new Adam(groups, (Adam.Options) defaults);
      case "AdamW" -> new AdamW(groups, (Adam.Options) defaults);
      case "RMSprop" -> new RMSprop(groups, (RMSprop.Options) defaults);
      case "Adagrad" -> new Adagrad(groups, (Adagrad.Options) defaults);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** A copy of {@code t} in a strided (non-contiguous) layout, so optimizers take the tensor-op path. */
  static Tensor strided(Tensor t) {
    long[] shape = t.shape();
    long[] wide = java.util.Arrays.copyOf(shape, shape.length + 1);
    wide[shape.length] = 2;
    Tensor out = Tensor.zeros(wide).select(shape.length, 0);
    try (var g = Fathom.noGrad()) {
      out.copy_(t);
    }
    return out;
  }
}
