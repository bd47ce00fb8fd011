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
    Tensor out;
    if (training || runningMean == null || runningVar == null) {
      long n = x.numel() / Math.max(c, 1);
      if (training && n <= 1) {
        throw new IllegalArgumentException("batch_norm: Expected more than 1 value per channel when training, got input size " + Arrays.toString(x.shape()));
      }
      Tensor mean = x.mean(dims, true);
      Tensor centered = x.sub(mean);
      Tensor var = centered.square().mean(dims, true);
      out = centered.mul(var.add(eps).rsqrt());
      if (training && runningMean != null && runningVar != null) {
        try (var g = Fathom.noGrad()) {
          runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c), momentum);
          runningVar.mul_(1 - momentum).add_(var.detach().reshape(c).mul((double) n / (n - 1)), momentum);
        }
      }
    } else {
      out = x.sub(runningMean.view(bshape)).mul(runningVar.view(bshape).add(eps).rsqrt());
    }
    if (weight != null) out = out.mul(weight.view(bshape));
    if (bias != null) out = out.add(bias.view(bshape));
    return out;
  }

  private static void check(String what, Tensor t, long c) {
    if (t != null && (t.dim() != 1 || t.size(0) != c)) {
      throw new IllegalArgumentException("batch_norm: " + what + " should contain " + c + " elements not " + Arrays.toString(t.shape()));
    }
  }
}
