package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Dropout, as {@code nn.Dropout}: in training mode each element is zeroed with probability
 * {@code p} (from the global generator, see {@code Fathom.manualSeed}) and the others are scaled
 * by {@code 1/(1-p)}; in eval mode it is the identity. Any input shape; output the same shape.
 * The {@code inplace} flag is accepted and printed; the result is computed out of place (Fathom's
 * autograd does not record in-place ops).
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.2);
 * Tensor y = drop.forward(x);     // training: about 20% zeros, rest * 1.25
 * }</pre>
 */
public final class Dropout extends Module {
  private final double p;
  private final boolean inplace;

  public Dropout() {
    this(0.5, false);
  }

  public Dropout(double p) {
    this(p, false);
  }

  public Dropout(double p, boolean inplace) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    this.p = p;
    this.inplace = inplace;
  }

  public double p() {
    return p;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(F.dropout(input, p, isTraining()), input);
  }

  @Override
  protected String extraRepr() {
    return "p=" + Repr.pyFloat(p) + ", inplace=" + Repr.pyBool(inplace);
  }
}
