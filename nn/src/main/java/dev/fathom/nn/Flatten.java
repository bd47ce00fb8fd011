package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * Flattens dims {@code startDim..endDim} into one, as {@code nn.Flatten} (defaults 1 and -1):
 * {@code [N, C, H, W]} becomes {@code [N, C*H*W]}.
 *
 * <pre>{@code
 * Tensor flat = new Flatten().forward(x);   // [64, 16, 7, 7] -> [64, 784]
 * }</pre>
 */
public final class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  public Flatten() {
    this(1, -1);
  }

  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(input.flatten(startDim, endDim), input);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
