package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * Softmax along {@code dim}, as {@code nn.Softmax(dim=...)}: values in (0, 1) summing to 1 along
 * that dim; any shape.
 *
 * <pre>{@code
 * Tensor probs = new Softmax(1).forward(logits);   // logits [N, C]
 * }</pre>
 */
public final class Softmax extends Module {
  private final int dim;

  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(input.softmax(dim), input);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
