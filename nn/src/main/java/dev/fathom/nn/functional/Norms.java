package dev.fathom.nn.functional;

import dev.fathom.Tensor;

/**
 * Batch normalisation behind {@link F#batchNorm}: {@link Tensor#batchNorm}, which runs the
 * backend's fused per-channel kernels and records one {@code NativeBatchNormBackward0} node.
 */
final class Norms {
  private Norms() {}

  static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
    return Tensor.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
  }
}
