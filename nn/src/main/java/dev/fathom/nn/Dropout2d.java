package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Channel dropout, as {@code nn.Dropout2d}: in training mode each whole feature map of
 * {@code [N, C, H, W]} (or {@code [C, H, W]}) is zeroed with probability {@code p} and the others
 * scaled by {@code 1/(1-p)}; the identity in eval mode. A 3-d input is one unbatched sample
 * (PyTorch 2's reading; 1.13 warned and treated it as {@code [N, C, L]}).
 *
 * <pre>{@code
 * Dropout2d drop = new Dropout2d(0.25);   // x [N, 32, 14, 14]
 * }</pre>
 */
public final class Dropout2d extends Module {
  private final double p;
  private final boolean inplace;

  public Dropout2d() {
    this(0.5, false);
  }

  public Dropout2d(double p) {
    this(p, false);
  }

  /** The {@code inplace} flag is accepted and printed; the result is computed out of place. */
  public Dropout2d(double p, boolean inplace) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    this.p = p;
    this.inplace = inplace;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(F.dropout2d(input, p, isTraining()), input);
  }

  @Override
  protected String extraRepr() {
    return "p=" + Repr.pyFloat(p) + ", inplace=" + Repr.pyBool(inplace);
  }
}
