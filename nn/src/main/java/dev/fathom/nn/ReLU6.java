package dev.fathom.nn;

import dev.fathom.Fathom;
import dev.fathom.Tensor;

/**
 * {@code min(max(0, x), 6)} elementwise, as {@code nn.ReLU6} (MobileNetV2's activation); any shape.
 *
 * <p>As {@link ReLU}, {@code inplace = true} writes into the input only when no gradient is needed;
 * otherwise the result is computed out of place, with the same values and gradients.
 *
 * <pre>{@code
 * Module act = new ReLU6(true);           // prints ReLU6(inplace=True)
 * Tensor y = act.forward(x);              // x [N, C, H, W] -> y [N, C, H, W], values in [0, 6]
 * }</pre>
 */
public final class ReLU6 extends Module {
  private final boolean inplace;

  public ReLU6() {
    this(false);
  }

  public ReLU6(boolean inplace) {
    this.inplace = inplace;
  }

  @Override
  public Tensor forward(Tensor input) {
    boolean needsGrad = input.requiresGrad() && Fathom.isGradEnabled();
    Tensor out = inplace && !needsGrad ? input.clamp_(0, 6) : input.clamp(0, 6);
    return withHooks(out, input);
  }

  @Override
  protected String extraRepr() {
    return inplace ? "inplace=True" : "";
  }
}
