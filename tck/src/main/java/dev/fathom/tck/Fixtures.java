package dev.fathom.tck;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fathom.DType;
import dev.fathom.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the PyTorch fixtures that {@code tools/fixtures/gen_ops.py} writes
 * ({@code fixtures/ops.json} on the class path) and turns their tensors into Fathom tensors.
 * Other modules' tests (nn's losses) use it too.
 *
 * <pre>{@code
 * for (Fixtures.Case c : Fixtures.load("fixtures/ops.json")) {
 *   List<Tensor> inputs = c.inputs();   // views applied, requires_grad set
 * }
 * }</pre>
 */
public final class Fixtures {
  private Fixtures() {}

  /** One recorded PyTorch call. */
  public record Case(String name, String op, JsonArray inputSpecs, JsonObject args, JsonArray outputs,
                     JsonObject gradOutput, JsonArray grads) {
    /** Fresh input tensors (leaf bases with their view steps applied). */
    public List<Tensor> inputs() {
      List<Tensor> out = new ArrayList<>();
      for (JsonElement e : inputSpecs) out.add(input(e.getAsJsonObject()));
      return out;
    }

    public boolean hasGrads() {
      return gradOutput != null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** All cases of a fixture file on the class path. */
  public static List<Case> load(String resource) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("fixture resource " + resource + " is not on the class path");
      JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      List<Case> cases = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray("cases")) {
        JsonObject c = e.getAsJsonObject();
        cases.add(new Case(c.get("name").getAsString(), c.get("op").getAsString(), c.getAsJsonArray("inputs"),
            c.has("args") ? c.getAsJsonObject("args") : new JsonObject(), c.getAsJsonArray("outputs"),
            c.has("grad_output") && !c.get("grad_output").isJsonNull() ? c.getAsJsonObject("grad_output") : null,
            c.has("grads") && !c.get("grads").isJsonNull() ? c.getAsJsonArray("grads") : null));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + resource, e);
    }
  }

  static double number(JsonElement e) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      return switch (e.getAsString()) {
        case "nan" -> Double.NaN;
        case "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        default -> throw new IllegalArgumentException("bad number " + e);
      };
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean() ? 1 : 0;
    return e.getAsDouble();
  }

  static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
    return out;
  }

  /** A tensor {"dtype", "shape" or "base_shape", "data"}. */
  public static Tensor tensor(JsonObject spec) {
    DType dtype = DType.parse(spec.get("dtype").getAsString());
    long[] shape = longs(spec.has("shape") ? spec.getAsJsonArray("shape") : spec.getAsJsonArray("base_shape"));
    JsonArray data = spec.getAsJsonArray("data");
    int n = data.size();
    return switch (dtype) {
      case FLOAT32 -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) number(data.get(i));
        yield Tensor.of(v, shapeOrScalar(shape, n));
      }
      case FLOAT64 -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = number(data.get(i));
        yield Tensor.of(v, shapeOrScalar(shape, n));
      }
      case INT64 -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = data.get(i).getAsLong();
        yield Tensor.of(v, shapeOrScalar(shape, n));
      }
      case INT32 -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = data.get(i).getAsInt();
        yield Tensor.of(v, shapeOrScalar(shape, n));
      }
      case UINT8 -> {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) v[i] = (byte) data.get(i).getAsInt();
        yield Tensor.ofUint8(v, shapeOrScalar(shape, n));
      }
      case BOOL -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) v[i] = number(data.get(i)) != 0;
        yield Tensor.of(v, shapeOrScalar(shape, n));
      }
    };
  }

  /** Tensor.of treats an empty shape as 1-d; a 0-d tensor is reshaped afterwards. */
  private static long[] shapeOrScalar(long[] shape, int n) {
    return shape.length == 0 ? new long[] {n} : shape;
  }

  static Tensor input(JsonObject spec) {
    Tensor base = tensor(spec);
    long[] baseShape = longs(spec.getAsJsonArray("base_shape"));
    if (baseShape.length == 0) base = base.reshape();
    if (spec.has("requires_grad") && spec.get("requires_grad").getAsBoolean()) base.requiresGrad(true);
    Tensor t = base;
    if (spec.has("view")) {
      for (JsonElement step : spec.getAsJsonArray("view")) t = applyView(t, step.getAsJsonObject());
    }
    if (t != base) t.retainGrad();
    return t;
  }

  static Tensor applyView(Tensor t, JsonObject s) {
    return switch (s.get("op").getAsString()) {
      case "transpose" -> t.transpose(s.get("dim0").getAsInt(), s.get("dim1").getAsInt());
      case "permute" -> t.permute(ints(s.getAsJsonArray("dims")));
      case "slice" -> t.slice(s.get("dim").getAsInt(), s.get("start").getAsLong(), s.get("end").getAsLong(), s.get("step").getAsLong());
      case "expand" -> t.expand(longs(s.getAsJsonArray("shape")));
      case "select" -> t.select(s.get("dim").getAsInt(), s.get("index").getAsLong());
      default -> throw new IllegalArgumentException("unknown view step " + s);
    };
  }

  static int[] ints(JsonArray a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
    return out;
  }

  /** The expected tensor of an output/grad spec (0-d when its shape is empty). */
  public static Tensor expected(JsonObject spec) {
    Tensor t = tensor(spec);
    return spec.getAsJsonArray("shape").isEmpty() ? t.reshape() : t;
  }
}
