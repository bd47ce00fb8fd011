package dev.fathom.optim;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Both
 * change the parameters' gradients in place (under no-grad) and skip parameters without one.
 *
 * <pre>{@code
 * loss.backward();
 * double total = Clip.clipGradNorm(model.parameters(), 1.0).item();   // 2-norm over all grads
 * Clip.clipGradValue(model.parameters(), 0.5);                        // each element into [-0.5, 0.5]
 * optimizer.step();
 * }</pre>
 */
public final class Clip {
  private Clip() {}

  /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm. */
  public static Tensor clipGradNorm(Iterable<Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2.0, false);
  }

  /** {@link #clipGradNorm(Iterable, double, double, boolean)} without the non-finite check. */
  public static Tensor clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType) {
    return clipGradNorm(params, maxNorm, normType, false);
  }

  /**
   * Scales all gradients together so that their joint {@code normType}-norm (the norm of the
   * per-gradient norms; {@code Double.POSITIVE_INFINITY} for the max-abs norm) is at most
   * {@code maxNorm}: each gradient is multiplied by {@code min(1, maxNorm / (total + 1e-6))}.
   *
   * @return the total norm before clipping, a 0-d tensor of the gradients' dtype (0 when no
   *     parameter has a gradient)
   * @throws ArithmeticException when {@code errorIfNonfinite} and the total norm is NaN or infinite
   */
  public static Tensor clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) return Tensor.scalar(0);
    try (var guard = Fathom.noGrad()) {
      Tensor total;
      if (grads.size() == 1) {
        total = norm(grads.getFirst(), normType);
      } else {
        List<Tensor> norms = new ArrayList<>(grads.size());
        for (Tensor g : grads) norms.add(norm(g, normType).to(grads.getFirst().device()));
        total = norm(Tensor.stack(norms, 0), normType);
      }
      double t = total.item();
      if (errorIfNonfinite && !Double.isFinite(t)) {
        throw new ArithmeticException("clipGradNorm: the total norm of order " + normType + " for gradients from `parameters` is non-finite ("
            + t + "), so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite=false");
      }
      Tensor coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1.0);
      for (Tensor g : grads) g.mul_(coef.to(g.device()));
      return total;
    }
  }

  /** {@code torch.norm(g, p)} over all elements, as a 0-d tensor. */
  private static Tensor norm(Tensor g, double p) {
    if (p == Double.POSITIVE_INFINITY) return g.abs().max();
    if (p == Double.NEGATIVE_INFINITY) return g.abs().min();
    if (p == 0) return g.ne(0.0).sum().to(g.dtype());
    if (p == 1) return g.abs().sum();
    if (p == 2) return g.mul(g).sum().sqrt();
    return g.abs().pow(p).sum().pow(1 / p);
  }

  /** Clamps every gradient element into {@code [-clipValue, clipValue]}. */
  public static void clipGradValue(Iterable<Tensor> params, double clipValue) {
    try (var guard = Fathom.noGrad()) {
      for (Tensor g : grads(params)) g.clamp_(-clipValue, clipValue);
    }
  }

  private static List<Tensor> grads(Iterable<Tensor> params) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : params) {
      if (p.grad() != null) out.add(p.grad());
    }
    return out;
  }
}
