package dev.fathom.benchmarks;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Backend;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.TernaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark cases, shared by the JMH benchmarks and {@link Compare}, each built for one
 * backend at the SPI level: inputs are allocated once, and the returned task runs the op(s) the
 * tensor layer would call, writing into preallocated outputs (except {@code add_16}, which
 * allocates its result as the tensor layer does, and {@code tensor_add_16}, which goes through the
 * public {@link Tensor} API and so includes its overhead). {@code benchmarks/compare.py} runs the same
 * cases in PyTorch under the same names.
 *
 * <pre>{@code
 * Runnable gemm = Cases.build("gemm_512", new SimdBackend());
 * gemm.run(); // out[1, 512, 512] = a @ b
 * }</pre>
 */
public final class Cases {
  private Cases() {}

  /** Where {@code tensor_add_16} leaves its result, so the JIT cannot drop the call. */
  static volatile Tensor sink;

  /** Every case name, in table order. */
  public static final List<String> NAMES = List.of(
      "gemm_256", "gemm_512", "gemm_1024", "gemm_2048",
      "conv_fwd_b32_3-64_32", "conv_fwdbwd_b32_3-64_32",
      "conv_fwd_b8_64-64_56", "conv_fwdbwd_b8_64-64_56",
      "conv_fwd_b64_1-16_28", "conv_fwdbwd_b64_1-16_28",
      "relu_mul_add_16M", "sum_16M", "max_16M", "add_16", "tensor_add_16");

  /** Floating-point operations of a case (0 where the case is memory-bound). */
  public static double flops(String name) {
    if (name.startsWith("gemm_")) {
      double n = Integer.parseInt(name.substring(5));
      return 2 * n * n * n;
    }
    if (name.startsWith("conv_")) {
      int[] s = convShape(name);
      double fwd = 2.0 * s[0] * s[2] * s[1] * 9 * s[3] * s[3];
      return name.startsWith("conv_fwdbwd") ? 3 * fwd : fwd;
    }
    return 0;
  }

  /** Bytes moved by a memory-bound case (reads + writes), or 0. */
  public static double bytes(String name) {
    return switch (name) {
      case "relu_mul_add_16M" -> 4.0 * (1 << 24) * 6; // addcmul 4 streams, relu in place 2
      case "sum_16M", "max_16M" -> 4.0 * (1 << 24);
      default -> 0;
    };
  }

  /** {batch, inC, outC, size} of a conv case. */
  static int[] convShape(String name) {
    String[] f = name.split("_");
    String[] ch = f[3].split("-");
    return new int[] {Integer.parseInt(f[2].substring(1)), Integer.parseInt(ch[0]), Integer.parseInt(ch[1]), Integer.parseInt(f[4])};
  }

  static View random(Backend be, SplittableRandom r, int... shape) {
    float[] d = new float[Shapes.numel(shape)];
    for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextDouble() * 2 - 1);
    return View.contiguous(be.fromHost(DType.FLOAT32, d), shape);
  }

  static View zeros(Backend be, int... shape) {
    return View.contiguous(be.allocate(DType.FLOAT32, Shapes.numel(shape)), shape);
  }

  /** The task of case {@code name} on backend {@code be}. */
  public static Runnable build(String name, Backend be) {
    SplittableRandom r = new SplittableRandom(42);
    if (name.startsWith("gemm_")) {
      int n = Integer.parseInt(name.substring(5));
      View a = random(be, r, 1, n, n), b = random(be, r, 1, n, n), c = zeros(be, 1, n, n);
      return () -> be.matmul(a, b, c);
    }
    if (name.startsWith("conv_")) {
      int[] s = convShape(name);
      Conv2dParams p = Conv2dParams.of(1, 1, 1, 1);
      View x = random(be, r, s[0], s[1], s[3], s[3]), w = random(be, r, s[2], s[1], 3, 3), bias = random(be, r, s[2]);
      View y = zeros(be, s[0], s[2], s[3], s[3]);
      if (name.startsWith("conv_fwd_")) return () -> be.conv2d(x, w, bias, y, p);
      View gy = random(be, r, s[0], s[2], s[3], s[3]), gx = zeros(be, x.shape()), gw = zeros(be, w.shape()), gb = zeros(be, 1, s[2], 1, 1);
      int[] biasDims = {0, 2, 3};
      return () -> {
        be.conv2d(x, w, bias, y, p);
        be.conv2dBackwardInput(gy, w, gx, p);
        be.conv2dBackwardWeight(x, gy, gw, p);
        be.reduce(ReduceOp.SUM, gy, biasDims, gb);
      };
    }
    return switch (name) {
      case "relu_mul_add_16M" -> {
        int n = 1 << 24;
        View a = random(be, r, n), b = random(be, r, n), c = random(be, r, n), t = zeros(be, n);
        // The fastest SPI sequence: fused addcmul (one pass), then relu in place.
        yield () -> {
          be.ternary(TernaryOp.ADDCMUL, c, a, b, t, 1);
          be.unary(UnaryOp.RELU, t, t, 0, 0);
        };
      }
      case "sum_16M" -> {
        View x = random(be, r, 1 << 24), out = zeros(be, 1);
        int[] dims = {0};
        yield () -> be.reduce(ReduceOp.SUM, x, dims, out);
      }
      case "max_16M" -> {
        View x = random(be, r, 1 << 24), out = zeros(be, 1);
        int[] dims = {0};
        yield () -> be.reduce(ReduceOp.MAX, x, dims, out);
      }
      case "add_16" -> {
        View a = random(be, r, 16), b = random(be, r, 16);
        int[] shape = {16};
        yield () -> be.binary(BinaryOp.ADD, a, b, View.contiguous(be.allocate(DType.FLOAT32, 16), shape));
      }
      case "tensor_add_16" -> {
        // Through the public API: shape checks, broadcasting, the result Tensor and its storage.
        Backends.use(be);
        Tensor a = Tensor.rand(16), b = Tensor.rand(16);
        yield () -> sink = a.add(b);
      }
      default -> throw new IllegalArgumentException("unknown benchmark case '" + name + "'; known: " + NAMES);
    };
  }

  /** Cases selected by comma-separated name prefixes ("all" or empty for every case). */
  public static Map<String, String> select(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : NAMES) {
      if (spec == null || spec.isBlank() || spec.equals("all")) out.put(n, n);
      else for (String p : spec.split(",")) if (n.startsWith(p.trim())) out.put(n, n);
    }
    return out;
  }
}
