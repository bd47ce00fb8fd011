package dev.fathom.tck;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import dev.fathom.ValuesIndices;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How each fixture op name maps to Fathom: one line per op, as tinygrad's test helper. Ops whose
 * Fathom home is a higher module (the losses live in {@code nn}) are listed in
 * {@link #TESTED_ELSEWHERE} and run by that module's tests through {@link Fixtures}.
 */
public final class OpTable {
  /** Runs an op on the case's inputs and arguments, returning its outputs. */
  @FunctionalInterface
  public interface Op {
    Tensor[] apply(List<Tensor> in, JsonObject args);
  }

  public static final Set<String> TESTED_ELSEWHERE = Set.of("mse_loss", "l1_loss", "binary_cross_entropy",
      "binary_cross_entropy_with_logits", "cross_entropy", "nll_loss");

  private static final Map<String, Op> OPS = new HashMap<>();

  private OpTable() {}

  public static Op get(String name) {
    return OPS.get(name);
  }

  private static void op(String name, Op op) {
    OPS.put(name, op);
  }

  private static Tensor[] one(Tensor t) {
    return new Tensor[] {t};
  }

  private static boolean has(JsonObject a, String k) {
    return a.has(k) && !a.get(k).isJsonNull();
  }

  private static boolean isIntegral(JsonObject a, String k) {
    String s = a.get(k).getAsJsonPrimitive().getAsString();
    return !s.contains(".") && !s.contains("e") && !s.contains("E") && !s.equals("nan") && !s.contains("inf");
  }

  static int[] intList(JsonElement e) {
    if (e.isJsonArray()) return Fixtures.ints(e.getAsJsonArray());
    return new int[] {e.getAsInt()};
  }

  static int[] pair(JsonObject a, String k, int dflt) {
    if (!has(a, k)) return new int[] {dflt, dflt};
    int[] v = intList(a.get(k));
    return v.length == 1 ? new int[] {v[0], v[0]} : v;
  }

  private static int dim(JsonObject a) {
    return a.get("dim").getAsInt();
  }

  private static boolean keepdim(JsonObject a) {
    return has(a, "keepdim") && a.get("keepdim").getAsBoolean();
  }

  private static int[] dims(JsonObject a) {
    return has(a, "dim") ? intList(a.get("dim")) : new int[0];
  }

  /** A binary op that takes either a second tensor or a scalar {@code other}. */
  private interface Binary {
    Tensor apply(Tensor a, Tensor b);
  }

  private interface ScalarD {
    Tensor apply(Tensor a, double s);
  }

  private interface ScalarL {
    Tensor apply(Tensor a, long s);
  }

  private static void binary(String name, Binary t, ScalarD d, ScalarL l) {
    op(name, (in, a) -> {
      if (in.size() == 2) {
        if (has(a, "alpha")) {
          double alpha = a.get("alpha").getAsDouble();
          return one(name.equals("sub") ? in.get(0).sub(in.get(1), alpha) : in.get(0).add(in.get(1), alpha));
        }
        return one(t.apply(in.get(0), in.get(1)));
      }
      String key = has(a, "other") ? "other" : "exponent";
      if (has(a, "alpha")) {
        double alpha = a.get("alpha").getAsDouble(), other = a.get(key).getAsDouble() * alpha;
        return one(name.equals("sub") ? in.get(0).sub(other) : in.get(0).add(other));
      }
      if (isIntegral(a, key) && l != null) return one(l.apply(in.get(0), a.get(key).getAsLong()));
      return one(d.apply(in.get(0), a.get(key).getAsDouble()));
    });
  }

  static {
    binary("add", Tensor::add, Tensor::add, Tensor::add);
    binary("sub", Tensor::sub, Tensor::sub, Tensor::sub);
    binary("mul", Tensor::mul, Tensor::mul, Tensor::mul);
    binary("div", Tensor::div, Tensor::div, null);
    binary("pow", Tensor::pow, Tensor::pow, null);
    binary("maximum", Tensor::maximum, null, null);
    binary("minimum", Tensor::minimum, null, null);
    binary("eq", Tensor::eq, Tensor::eq, null);
    binary("ne", Tensor::ne, Tensor::ne, null);
    binary("gt", Tensor::gt, Tensor::gt, null);
    binary("ge", Tensor::ge, Tensor::ge, null);
    binary("lt", Tensor::lt, Tensor::lt, null);
    binary("le", Tensor::le, Tensor::le, null);

    op("neg", (in, a) -> one(in.get(0).neg()));
    op("exp", (in, a) -> one(in.get(0).exp()));
    op("log", (in, a) -> one(in.get(0).log()));
    op("sqrt", (in, a) -> one(in.get(0).sqrt()));
    op("abs", (in, a) -> one(in.get(0).abs()));
    op("relu", (in, a) -> one(in.get(0).relu()));
    op("sigmoid", (in, a) -> one(in.get(0).sigmoid()));
    op("tanh", (in, a) -> one(in.get(0).tanh()));
    op("leaky_relu", (in, a) -> one(has(a, "negative_slope") ? in.get(0).leakyRelu(a.get("negative_slope").getAsDouble()) : in.get(0).leakyRelu()));
    op("clamp", (in, a) -> one(in.get(0).clamp(has(a, "min") ? a.get("min").getAsDouble() : Double.NaN, has(a, "max") ? a.get("max").getAsDouble() : Double.NaN)));
    op("square", (in, a) -> one(in.get(0).square()));
    op("reciprocal", (in, a) -> one(in.get(0).reciprocal()));
    op("sin", (in, a) -> one(in.get(0).sin()));
    op("cos", (in, a) -> one(in.get(0).cos()));
    op("floor", (in, a) -> one(in.get(0).floor()));
    op("round", (in, a) -> one(in.get(0).round()));
    op("sign", (in, a) -> one(in.get(0).sign()));
    op("log1p", (in, a) -> one(in.get(0).log1p()));
    op("expm1", (in, a) -> one(in.get(0).expm1()));
    op("rsqrt", (in, a) -> one(in.get(0).rsqrt()));

    op("addcmul", (in, a) -> one(in.get(0).addcmul(in.get(1), in.get(2), a.get("value").getAsDouble())));
    op("addcdiv", (in, a) -> one(in.get(0).addcdiv(in.get(1), in.get(2), a.get("value").getAsDouble())));
    op("lerp", (in, a) -> one(in.get(0).lerp(in.get(1), a.get("weight").getAsDouble())));

    op("softmax", (in, a) -> one(in.get(0).softmax(dim(a))));
    op("log_softmax", (in, a) -> one(in.get(0).logSoftmax(dim(a))));
    op("logsumexp", (in, a) -> one(in.get(0).logsumexp(dims(a), keepdim(a))));

    op("matmul", (in, a) -> one(in.get(0).matmul(in.get(1))));
    op("mm", (in, a) -> one(in.get(0).mm(in.get(1))));
    op("bmm", (in, a) -> one(in.get(0).bmm(in.get(1))));

    op("sum", (in, a) -> one(in.get(0).sum(dims(a), keepdim(a))));
    op("mean", (in, a) -> one(in.get(0).mean(dims(a), keepdim(a))));
    op("var", (in, a) -> one(in.get(0).var(dims(a), !has(a, "unbiased") || a.get("unbiased").getAsBoolean(), keepdim(a))));
    op("std", (in, a) -> one(in.get(0).std(dims(a), !has(a, "unbiased") || a.get("unbiased").getAsBoolean(), keepdim(a))));
    op("prod", (in, a) -> one(has(a, "dim") ? in.get(0).prod(dim(a), keepdim(a)) : in.get(0).prod()));
    op("max", (in, a) -> {
      if (!has(a, "dim")) return one(in.get(0).max());
      ValuesIndices r = in.get(0).max(dim(a), keepdim(a));
      return new Tensor[] {r.values(), r.indices()};
    });
    op("min", (in, a) -> {
      if (!has(a, "dim")) return one(in.get(0).min());
      ValuesIndices r = in.get(0).min(dim(a), keepdim(a));
      return new Tensor[] {r.values(), r.indices()};
    });
    op("argmax", (in, a) -> one(has(a, "dim") ? in.get(0).argmax(dim(a), keepdim(a)) : in.get(0).argmax()));
    op("argmin", (in, a) -> one(has(a, "dim") ? in.get(0).argmin(dim(a), keepdim(a)) : in.get(0).argmin()));

    op("where", (in, a) -> one(Tensor.where(in.get(0), in.get(1), in.get(2))));
    op("masked_fill", (in, a) -> one(in.get(0).maskedFill(in.get(1), a.get("value").getAsDouble())));
    op("cumsum", (in, a) -> one(in.get(0).cumsum(dim(a))));
    op("gather", (in, a) -> one(in.get(0).gather(dim(a), in.get(1))));
    op("index_select", (in, a) -> one(in.get(0).indexSelect(dim(a), in.get(1))));
    op("cat", (in, a) -> one(Tensor.cat(in, has(a, "dim") ? dim(a) : 0)));
    op("stack", (in, a) -> one(Tensor.stack(in, has(a, "dim") ? dim(a) : 0)));

    op("reshape", (in, a) -> one(in.get(0).reshape(Fixtures.longs(a.getAsJsonArray("shape")))));
    op("transpose", (in, a) -> one(in.get(0).transpose(a.get("dim0").getAsInt(), a.get("dim1").getAsInt())));
    op("permute", (in, a) -> one(in.get(0).permute(Fixtures.ints(a.getAsJsonArray("dims")))));
    op("squeeze", (in, a) -> one(has(a, "dim") ? in.get(0).squeeze(dim(a)) : in.get(0).squeeze()));
    op("unsqueeze", (in, a) -> one(in.get(0).unsqueeze(dim(a))));
    op("flatten", (in, a) -> one(in.get(0).flatten(has(a, "start_dim") ? a.get("start_dim").getAsInt() : 0, has(a, "end_dim") ? a.get("end_dim").getAsInt() : -1)));
    op("expand", (in, a) -> one(in.get(0).expand(Fixtures.longs(a.getAsJsonArray("shape")))));
    op("select", (in, a) -> one(in.get(0).select(dim(a), a.get("index").getAsLong())));
    op("narrow", (in, a) -> one(in.get(0).narrow(dim(a), a.get("start").getAsLong(), a.get("length").getAsLong())));
    op("t", (in, a) -> one(in.get(0).t()));
    op("contiguous", (in, a) -> one(in.get(0).contiguous()));
    op("clone", (in, a) -> one(in.get(0).clone()));

    op("conv2d", (in, a) -> {
      Tensor bias = in.size() > 2 ? in.get(2) : null;
      int[] dil = pair(a, "dilation", 1);
      int groups = has(a, "groups") ? a.get("groups").getAsInt() : 1;
      if (has(a, "padding") && a.get("padding").isJsonPrimitive() && a.get("padding").getAsJsonPrimitive().isString()) {
        return one(Tensor.conv2dSame(in.get(0), in.get(1), bias, dil[0], dil[1], groups));
      }
      int[] s = pair(a, "stride", 1), p = pair(a, "padding", 0);
      return one(Tensor.conv2d(in.get(0), in.get(1), bias, new Conv2dParams(s[0], s[1], p[0], p[1], dil[0], dil[1], groups, 0, 0)));
    });
    op("conv_transpose2d", (in, a) -> {
      int[] s = pair(a, "stride", 1), p = pair(a, "padding", 0), d = pair(a, "dilation", 1), op = pair(a, "output_padding", 0);
      int groups = has(a, "groups") ? a.get("groups").getAsInt() : 1;
      return one(Tensor.convTranspose2d(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null,
          new Conv2dParams(s[0], s[1], p[0], p[1], d[0], d[1], groups, op[0], op[1])));
    });
    op("max_pool2d", (in, a) -> one(Tensor.maxPool2d(in.get(0), pool(a))));
    op("avg_pool2d", (in, a) -> one(Tensor.avgPool2d(in.get(0), pool(a))));
    op("adaptive_avg_pool2d", (in, a) -> {
      int[] o = pair(a, "output_size", 1);
      return one(Tensor.adaptiveAvgPool2d(in.get(0), o[0], o[1]));
    });
  }

  static Pool2dParams pool(JsonObject a) {
    int[] k = pair(a, "kernel_size", 1);
    int[] s = has(a, "stride") ? pair(a, "stride", 1) : k;
    int[] p = pair(a, "padding", 0), d = pair(a, "dilation", 1);
    boolean ceil = has(a, "ceil_mode") && a.get("ceil_mode").getAsBoolean();
    boolean include = !has(a, "count_include_pad") || a.get("count_include_pad").getAsBoolean();
    int div = has(a, "divisor_override") ? a.get("divisor_override").getAsInt() : 0;
    return new Pool2dParams(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], ceil, include, div);
  }
}
