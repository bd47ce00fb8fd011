package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * {@code 1 / (1 + exp(-x))} elementwise, as {@code nn.Sigmoid}; any shape.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
 * }</pre>
 */
public final class Sigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return withHooks(input.sigmoid(), input);
  }
}
