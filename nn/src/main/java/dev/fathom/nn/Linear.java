package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * {@code y = x W^T + b}, as {@code nn.Linear}. Input {@code [*, in_features]}, output
 * {@code [*, out_features]}; weight {@code [out_features, in_features]}, bias {@code [out_features]}.
 * Default initialisation as PyTorch: weight kaiming-uniform with {@code a = sqrt(5)} (uniform on
 * ±1/sqrt(in_features)), bias uniform on ±1/sqrt(in_features).
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 10);
 * Linear noBias = new Linear(784, 10, Linear.options().bias(false));
 * Tensor y = fc.forward(x);        // x [64, 784] -> y [64, 10]
 * }</pre>
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final boolean hasBias;

  /** Optional arguments: {@code bias} (default true). */
  public static final class Options {
    private boolean bias = true;

    public Options bias(boolean bias) {
      this.bias = bias;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, options());
  }

  public Linear(int inFeatures, int outFeatures, Options options) {
    if (inFeatures < 0 || outFeatures < 0) throw new IllegalArgumentException("Linear: features must be non-negative, got in=" + inFeatures + ", out=" + outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.hasBias = options.bias;
    registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
    if (hasBias) registerParameter("bias", Tensor.zeros(outFeatures));
    resetParameters();
  }

  /** PyTorch's default initialisation (see the class comment). */
  public void resetParameters() {
    Init.kaimingUniform_(weight(), Init.kaimingOptions().a(Math.sqrt(5)));
    if (hasBias) {
      double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      Init.uniform_(bias(), -bound, bound);
    }
  }

  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, or null when built with {@code bias(false)}. */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(F.linear(input, weight(), bias()), input);
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Repr.pyBool(hasBias);
  }
}
