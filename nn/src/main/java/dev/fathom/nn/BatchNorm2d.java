package dev.fathom.nn;

import dev.fathom.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over {@code [N, C, H, W]}, per channel, as {@code nn.BatchNorm2d}; see
 * {@link BatchNorm} for the statistics and buffers.
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(16);                  // x [N, 16, H, W]
 * bn.eval();                                             // normalise with running stats
 * }</pre>
 */
public final class BatchNorm2d extends BatchNorm {
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, options());
  }

  public BatchNorm2d(int numFeatures, Options options) {
    super(numFeatures, options);
  }

  @Override
  void checkInputDim(Tensor input) {
    if (input.dim() != 4) {
      throw new IllegalArgumentException("BatchNorm2d: expected 4D input (got " + input.dim() + "D input of shape " + Arrays.toString(input.shape()) + ")");
    }
  }
}
