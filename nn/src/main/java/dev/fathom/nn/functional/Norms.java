package dev.fathom.nn.functional;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.Arrays;

/** Batch normalisation behind {@link F#batchNorm}, in Tensor ops (autograd gives the backward). */
final class Norms {
  private Norms() {}

  static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
    if (x.dim() < 2) throw new IllegalArgumentException("batch_norm: expected an input of at least 2 dims [N, C, ...], got " + Arrays.toString(x.shape()));
    long c = x.size(1);
    check("running_mean", runningMean, c);
    check("running_var", runningVar, c);
    check("weight", weight, c);
    check("bias", bias, c);
    long[] bshape = new long[x.dim()];
    Arrays.fill(bshape, 1);
    bshape[1] = c;
    int[] dims = new int[x.dim() - 1];
    dims[0] = 0;
    for (int i = 2; i < x.dim(); i++) dims[i - 1] = i;
    // y = x * scale + shift in one fused pass, scale = weight / sqrt(var + eps) and
    // shift = bias - mean * scale per channel, as PyTorch's CPU kernels compute it.
    Tensor mean, var;
    if (training || runningMean == null || runningVar == null) {
      long n = x.numel() / Math.max(c, 1);
      if (training && n <= 1) {
        throw new IllegalArgumentException("batch_norm: Expected more than 1 value per channel when training, got input size " + Arrays.toString(x.shape()));
      }
      mean = x.mean(dims, true);
      var = x.sub(mean).square().mean(dims, true);
      if (training && runningMean != null && runningVar != null) {
        try (var g = Fathom.noGrad()) {
          runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c), momentum);
          runningVar.mul_(1 - momentum).add_(var.detach().reshape(c).mul((double) n / (n - 1)), momentum);
        }
      }
    } else {
      mean = runningMean.view(bshape);
      var = runningVar.view(bshape);
    }
    Tensor scale = var.add(eps).rsqrt();
    if (weight != null) scale = scale.mul(weight.view(bshape));
    Tensor shift = mean.mul(scale).neg();
    if (bias != null) shift = shift.add(bias.view(bshape));
    return shift.addcmul(x, scale, 1.0);
  }

  private static void check(String what, Tensor t, long c) {
    if (t != null && (t.dim() != 1 || t.size(0) != c)) {
      throw new IllegalArgumentException("batch_norm: " + what + " should contain " + c + " elements not " + Arrays.toString(t.shape()));
    }
  }
}
