package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * Hyperbolic tangent elementwise, as {@code nn.Tanh}; any shape.
 *
 * <pre>{@code
 * Module out = new Tanh();   // DCGAN generator output in [-1, 1]
 * }</pre>
 */
public final class Tanh extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return withHooks(input.tanh(), input);
  }
}
