package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * {@code max(0, x)} elementwise, as {@code nn.ReLU}; any shape.
 *
 * <p>{@code inplace = true} writes into the input when no gradient is needed (inference, or an
 * input that does not require grad). Fathom's autograd does not record in-place ops, so when the
 * input requires grad the result is computed out of place, which gives the same values and
 * gradients.
 *
 * <pre>{@code
 * Module act = new ReLU();
 * Module inplace = new ReLU(true);   // prints ReLU(inplace=True)
 * }</pre>
 */
public final class ReLU extends Module {
  private final boolean inplace;

  public ReLU() {
    this(false);
  }

  public ReLU(boolean inplace) {
    this.inplace = inplace;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(F.relu(input, inplace), input);
  }

  @Override
  protected String extraRepr() {
    return inplace ? "inplace=True" : "";
  }
}
