package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * {@code x > 0 ? x : negativeSlope * x}, as {@code nn.LeakyReLU} (default slope 0.01); any shape.
 * {@code inplace} behaves as in {@link ReLU}: in place only when no gradient is needed.
 *
 * <pre>{@code
 * Module act = new LeakyReLU(0.2, true);    // DCGAN's discriminator activation
 * }</pre>
 */
public final class LeakyReLU extends Module {
  private final double negativeSlope;
  private final boolean inplace;

  public LeakyReLU() {
    this(0.01, false);
  }

  public LeakyReLU(double negativeSlope) {
    this(negativeSlope, false);
  }

  public LeakyReLU(double negativeSlope, boolean inplace) {
    this.negativeSlope = negativeSlope;
    this.inplace = inplace;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(F.leakyRelu(input, negativeSlope, inplace), input);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + Repr.pyFloat(negativeSlope) + (inplace ? ", inplace=True" : "");
  }
}
