package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * Returns its input unchanged, as {@code nn.Identity}: a placeholder, e.g. to drop a pretrained
 * model's classifier.
 *
 * <pre>{@code
 * model.replaceChild("fc", new Identity());   // the model now returns features
 * }</pre>
 */
public final class Identity extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return withHooks(input, input);
  }
}
