package dev.fathom.nn;

import dev.fathom.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over {@code [N, C]} or {@code [N, C, L]}, as {@code nn.BatchNorm1d}; see
 * {@link BatchNorm} for the statistics and buffers.
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(64);                                   // x [32, 64]
 * BatchNorm1d cumulative = new BatchNorm1d(64, BatchNorm.options().momentum(null));
 * }</pre>
 */
public final class BatchNorm1d extends BatchNorm {
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, options());
  }

  public BatchNorm1d(int numFeatures, Options options) {
    super(numFeatures, options);
  }

  @Override
  void checkInputDim(Tensor input) {
    if (input.dim() != 2 && input.dim() != 3) {
      throw new IllegalArgumentException("BatchNorm1d: expected 2D or 3D input (got " + input.dim() + "D input of shape " + Arrays.toString(input.shape()) + ")");
    }
  }
}
