package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * {@code log(softmax(x))} along {@code dim}, computed stably, as {@code nn.LogSoftmax(dim=...)};
 * pair it with {@link NLLLoss}.
 *
 * <pre>{@code
 * Tensor logp = new LogSoftmax(1).forward(logits);   // [N, C]
 * }</pre>
 */
public final class LogSoftmax extends Module {
  private final int dim;

  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(input.logSoftmax(dim), input);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
