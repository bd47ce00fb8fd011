package dev.fathom;

import dev.fathom.autograd.GradMode;
import java.util.Arrays;

/**
 * Batch normalisation as PyTorch's {@code native_batch_norm}: one statistics pass and one
 * normalising pass through the backend's per-channel kernels ({@code batchNormStats},
 * {@code batchNormForward}), and one autograd node whose backward is {@code batchNormBackward}.
 */
final class BatchNorms {
  private BatchNorms() {}

  static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
    if (x.dim() < 2) throw new IllegalArgumentException("batch_norm: expected an input of at least 2 dims [N, C, ...], got " + Arrays.toString(x.shape()));
    int c = x.shape[1];
    check("running_mean", x, runningMean, c);
    check("running_var", x, runningVar, c);
    check("weight", x, weight, c);
    check("bias", x, bias, c);
    DType dtype = x.dtype();
    if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("batch_norm: expected a floating-point input, got " + dtype.torchName());
    long n = x.numel() / Math.max(c, 1);
    if (training && n <= 1) {
      throw new IllegalArgumentException("batch_norm: Expected more than 1 value per channel when training, got input size " + Arrays.toString(x.shape()));
    }
    Tensor xc = x.detach().contiguous();
    Tensor w = weight == null ? null : weight.detach().to(dtype);
    Tensor b = bias == null ? null : bias.detach().to(dtype);
    boolean batchStats = training || runningMean == null || runningVar == null;
    Tensor mean, var;
    if (batchStats) {
      mean = Ops.empty(x, dtype, new int[] {c});
      var = Ops.empty(x, dtype, new int[] {c});
      x.backend.batchNormStats(xc.data, mean.data, var.data);
      if (training && runningMean != null && runningVar != null) {
        try (var g = GradMode.set(false)) {
          runningMean.mul_(1 - momentum).add_(mean, momentum);
          runningVar.mul_(1 - momentum).add_(var.mul((double) n / (n - 1)), momentum);
        }
      }
    } else {
      mean = runningMean.detach().to(dtype);
      var = runningVar.detach().to(dtype);
    }
    Tensor out = Ops.empty(x, dtype, x.shape.clone());
    x.backend.batchNormForward(xc.data, mean.data, var.data, w == null ? null : w.data, b == null ? null : b.data, eps, out.data);
    if (Autograd.needed(x, weight, bias)) {
      int[] shape = x.shape;
      Autograd.record(out, "NativeBatchNormBackward0", g -> {
        Tensor gx = x.requiresGrad ? Ops.empty(g, dtype, shape.clone()) : null;
        Tensor gw = weight != null && weight.requiresGrad ? Ops.empty(g, dtype, new int[] {c}) : null;
        Tensor gb = bias != null && bias.requiresGrad ? Ops.empty(g, dtype, new int[] {c}) : null;
        g.backend.batchNormBackward(g.contiguous().data, xc.data, mean.data, var.data, w == null ? null : w.data, eps, batchStats,
            gx == null ? null : gx.data, gw == null ? null : gw.data, gb == null ? null : gb.data);
        return new Tensor[] {gx, gw, gb};
      }, x, weight, bias);
    }
    return out;
  }

  private static void check(String what, Tensor x, Tensor t, long c) {
    if (t == null) return;
    if (t.dim() != 1 || t.size(0) != c) {
      throw new IllegalArgumentException("batch_norm: " + what + " should contain " + c + " elements not " + Arrays.toString(t.shape()));
    }
    Ops.sameDevice("batch_norm", x, t);
  }
}
