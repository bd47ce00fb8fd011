package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Average pooling to a fixed output size, as {@code nn.AdaptiveAvgPool2d}: input
 * {@code [N, C, H, W]} (or {@code [C, H, W]}), output {@code [N, C, outH, outW]} whatever H and W
 * are (windows from {@code floor(i*H/out)} to {@code ceil((i+1)*H/out)}, as PyTorch).
 *
 * <pre>{@code
 * AdaptiveAvgPool2d gap = new AdaptiveAvgPool2d(1);        // [N, 512, 7, 7] -> [N, 512, 1, 1]
 * new AdaptiveAvgPool2d(new int[] {7, 7});
 * }</pre>
 */
public final class AdaptiveAvgPool2d extends Module {
  private final Pair outputSize;

  public AdaptiveAvgPool2d(int outputSize) {
    this.outputSize = Pair.of(outputSize);
  }

  /** {@code {outH, outW}}. */
  public AdaptiveAvgPool2d(int[] outputSize) {
    this.outputSize = Pair.of(outputSize, "AdaptiveAvgPool2d output_size");
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(F.adaptiveAvgPool2d(input, outputSize.h(), outputSize.w()), input);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + outputSize;
  }
}
