package dev.fathom.nn;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.Arrays;

/**
 * Weight initialisation, as {@code torch.nn.init}: in-place fills (trailing underscore) under
 * no-grad, with PyTorch's gains and fan rules. Fan-in is {@code size(1) * receptive field},
 * fan-out {@code size(0) * receptive field}, the receptive field being the product of the dims
 * after the first two (a Linear weight {@code [out, in]} has fan-in {@code in}).
 *
 * <pre>{@code
 * Init.normal_(conv.weight(), 0.0, 0.02);                         // DCGAN's weights_init
 * Init.kaimingNormal_(w, Init.kaimingOptions().mode("fan_out").nonlinearity("relu"));
 * Init.xavierUniform_(w, Init.calculateGain("tanh"));
 * model.apply(m -> { if (m instanceof Linear l) Init.zeros_(l.bias()); });
 * }</pre>
 */
public final class Init {
  private Init() {}

  /** Optional arguments of the kaiming initialisers: {@code a} (0), {@code mode} ("fan_in"), {@code nonlinearity} ("leaky_relu"). */
  public static final class KaimingOptions {
    private double a = 0;
    private String mode = "fan_in";
    private String nonlinearity = "leaky_relu";

    /** The negative slope of the rectifier that follows (leaky_relu only). */
    public KaimingOptions a(double a) {
      this.a = a;
      return this;
    }

    /** "fan_in" preserves the forward variance, "fan_out" the backward one. */
    public KaimingOptions mode(String mode) {
      if (!mode.equals("fan_in") && !mode.equals("fan_out")) throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of fan_in, fan_out");
      this.mode = mode;
      return this;
    }

    public KaimingOptions nonlinearity(String nonlinearity) {
      calculateGain(nonlinearity, 0);
      this.nonlinearity = nonlinearity;
      return this;
    }
  }

  public static KaimingOptions kaimingOptions() {
    return new KaimingOptions();
  }

  /** {@code calculate_gain(nonlinearity)}: 1 for linear/conv/sigmoid, 5/3 tanh, sqrt(2) relu, sqrt(2/(1+0.01²)) leaky_relu, 3/4 selu. */
  public static double calculateGain(String nonlinearity) {
    return calculateGain(nonlinearity, 0.01);
  }

  /** The gain with a parameter: the negative slope of {@code leaky_relu}. */
  public static double calculateGain(String nonlinearity, double param) {
    return switch (nonlinearity) {
      case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1;
      case "tanh" -> 5.0 / 3;
      case "relu" -> Math.sqrt(2.0);
      case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
      case "selu" -> 3.0 / 4;
      default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
    };
  }

  /** {@code {fan_in, fan_out}} of a weight of at least 2 dims. */
  public static long[] calculateFanInAndFanOut(Tensor t) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape " + Arrays.toString(t.shape()) + ")");
    }
    long receptive = 1;
    for (int i = 2; i < t.dim(); i++) receptive *= t.size(i);
    return new long[] {t.size(1) * receptive, t.size(0) * receptive};
  }

  /** Uniform on [a, b). */
  public static Tensor uniform_(Tensor t, double a, double b) {
    try (var g = Fathom.noGrad()) {
      return t.uniform_(a, b);
    }
  }

  /** Uniform on [0, 1). */
  public static Tensor uniform_(Tensor t) {
    return uniform_(t, 0, 1);
  }

  public static Tensor normal_(Tensor t, double mean, double std) {
    try (var g = Fathom.noGrad()) {
      return t.normal_(mean, std);
    }
  }

  /** Standard normal. */
  public static Tensor normal_(Tensor t) {
    return normal_(t, 0, 1);
  }

  public static Tensor constant_(Tensor t, double value) {
    try (var g = Fathom.noGrad()) {
      return t.fill_(value);
    }
  }

  public static Tensor zeros_(Tensor t) {
    return constant_(t, 0);
  }

  public static Tensor ones_(Tensor t) {
    return constant_(t, 1);
  }

  /** Glorot uniform: bound {@code gain * sqrt(6 / (fan_in + fan_out))}. */
  public static Tensor xavierUniform_(Tensor t, double gain) {
    long[] fans = calculateFanInAndFanOut(t);
    double std = gain * Math.sqrt(2.0 / (fans[0] + fans[1]));
    double a = Math.sqrt(3.0) * std;
    return uniform_(t, -a, a);
  }

  public static Tensor xavierUniform_(Tensor t) {
    return xavierUniform_(t, 1);
  }

  /** Glorot normal: std {@code gain * sqrt(2 / (fan_in + fan_out))}. */
  public static Tensor xavierNormal_(Tensor t, double gain) {
    long[] fans = calculateFanInAndFanOut(t);
    return normal_(t, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])));
  }

  public static Tensor xavierNormal_(Tensor t) {
    return xavierNormal_(t, 1);
  }

  /** He uniform: bound {@code sqrt(3) * gain / sqrt(fan)}. */
  public static Tensor kaimingUniform_(Tensor t, KaimingOptions o) {
    if (t.numel() == 0) return t;
    double bound = Math.sqrt(3.0) * kaimingStd(t, o);
    return uniform_(t, -bound, bound);
  }

  public static Tensor kaimingUniform_(Tensor t) {
    return kaimingUniform_(t, kaimingOptions());
  }

  /** He normal: std {@code gain / sqrt(fan)}. */
  public static Tensor kaimingNormal_(Tensor t, KaimingOptions o) {
    if (t.numel() == 0) return t;
    return normal_(t, 0, kaimingStd(t, o));
  }

  public static Tensor kaimingNormal_(Tensor t) {
    return kaimingNormal_(t, kaimingOptions());
  }

  private static double kaimingStd(Tensor t, KaimingOptions o) {
    long[] fans = calculateFanInAndFanOut(t);
    long fan = o.mode.equals("fan_in") ? fans[0] : fans[1];
    return calculateGain(o.nonlinearity, o.a) / Math.sqrt(fan);
  }
}
