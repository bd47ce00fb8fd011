package dev.fathom.nn.functional;

import dev.fathom.Tensor;
import java.util.Arrays;

/** The loss functions behind {@link F}, written in Tensor ops so autograd gives their gradients. */
final class Losses {
  private Losses() {}

  enum Reduction {
    MEAN, SUM, NONE;

    static Reduction parse(String name) {
      return switch (name) {
        case "mean" -> MEAN;
        case "sum" -> SUM;
        case "none" -> NONE;
        default -> throw new IllegalArgumentException(name + " is not a valid value for reduction (use \"mean\", \"sum\" or \"none\")");
      };
    }
  }

  private static Tensor reduce(Tensor loss, Reduction r) {
    return switch (r) {
      case MEAN -> loss.mean();
      case SUM -> loss.sum();
      case NONE -> loss;
    };
  }

  private static final System.Logger LOG = System.getLogger("dev.fathom.nn");

  private static void warnIfBroadcast(String op, Tensor input, Tensor target) {
    if (!Arrays.equals(input.shape(), target.shape())) {
      LOG.log(System.Logger.Level.WARNING, op + ": using a target size (" + Arrays.toString(target.shape()) + ") that is different to the input size ("
          + Arrays.toString(input.shape()) + "). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.");
    }
  }

  static Tensor mse(Tensor input, Tensor target, Reduction r) {
    warnIfBroadcast("mse_loss", input, target);
    return reduce(input.sub(target).square(), r);
  }

  static Tensor l1(Tensor input, Tensor target, Reduction r) {
    warnIfBroadcast("l1_loss", input, target);
    return reduce(input.sub(target).abs(), r);
  }

  /** PyTorch's {@code (t - 1) * max(log1p(-x), -100) - t * max(log(x), -100)}, times weight. */
  static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction r) {
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException("binary_cross_entropy: Using a target size (" + Arrays.toString(target.shape())
          + ") that is different to the input size (" + Arrays.toString(input.shape()) + ") is deprecated. Please ensure they have the same size.");
    }
    if (input.numel() > 0 && (input.min().item() < 0 || input.max().item() > 1)) {
      throw new IllegalArgumentException("binary_cross_entropy: all elements of input should be between 0 and 1 (apply sigmoid first, or use BCEWithLogitsLoss)");
    }
    Tensor logX = input.log().clampMin(-100);
    Tensor log1mX = input.neg().log1p().clampMin(-100);
    Tensor loss = target.sub(1).mul(log1mX).sub(target.mul(logX));
    if (weight != null) loss = loss.mul(weight);
    return reduce(loss, r);
  }

  /**
   * {@code (1 - t) * x + lw * (m + log(exp(-m) + exp(-x - m)))} with {@code m = max(-x, 0)} and
   * {@code lw = (posWeight - 1) * t + 1}: PyTorch's stable form, whose autograd derivative is
   * {@code sigmoid(x) - t} (scaled) everywhere, x = 0 included.
   */
  static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction r) {
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException("binary_cross_entropy_with_logits: Target size (" + Arrays.toString(target.shape())
          + ") must be the same as input size (" + Arrays.toString(input.shape()) + ")");
    }
    Tensor m = input.neg().clampMin(0);
    Tensor softplusNeg = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
    Tensor loss = target.rsub(1).mul(input);
    if (posWeight != null) loss = loss.add(posWeight.sub(1).mul(target).add(1).mul(softplusNeg));
    else loss = loss.add(softplusNeg);
    if (weight != null) loss = loss.mul(weight);
    return reduce(loss, r);
  }

  static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
    boolean unbatched = input.dim() == 1;
    Tensor x = unbatched ? input.unsqueeze(0) : input;
    Tensor t = unbatched ? target.unsqueeze(0) : target;
    checkIndexTarget("nll_loss", x, t, weight, ignoreIndex);
    Tensor mask = t.ne(ignoreIndex);
    Tensor safe = t.maskedFill(mask.logicalNot(), 0);
    Tensor picked = x.gather(1, safe.unsqueeze(1)).squeeze(1);
    Tensor w = weight == null ? null : weight.indexSelect(0, safe.flatten()).reshape(safe.shape());
    Tensor loss = Tensor.where(mask, w == null ? picked.neg() : picked.neg().mul(w), 0.0);
    return switch (r) {
      case NONE -> unbatched ? loss.squeeze(0) : loss;
      case SUM -> loss.sum();
      case MEAN -> loss.sum().div(w == null ? mask.sum().to(x.dtype()) : Tensor.where(mask, w, 0.0).sum());
    };
  }

  private static void checkIndexTarget(String op, Tensor x, Tensor t, Tensor weight, long ignoreIndex) {
    if (t.dtype().isFloatingPoint() || t.dtype() == dev.fathom.DType.BOOL) {
      throw new IllegalArgumentException(op + ": expected target of class indices with an integer dtype, got " + t.dtype().torchName()
          + " target of shape " + Arrays.toString(t.shape()) + " for input of shape " + Arrays.toString(x.shape()));
    }
    if (x.dim() < 2) throw new IllegalArgumentException(op + ": expected input of shape [N, C] or [N, C, d1, ...], got " + Arrays.toString(x.shape()));
    long[] xs = x.shape(), ts = t.shape();
    long[] expected = new long[xs.length - 1];
    expected[0] = xs[0];
    System.arraycopy(xs, 2, expected, 1, xs.length - 2);
    if (!Arrays.equals(ts, expected)) {
      throw new IllegalArgumentException(op + ": expected target of shape " + Arrays.toString(expected) + " for input of shape "
          + Arrays.toString(xs) + ", got " + Arrays.toString(ts));
    }
    long classes = xs[1];
    if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
      throw new IllegalArgumentException(op + ": weight tensor should be defined either for all " + classes + " classes or no classes but got weight tensor of shape: "
          + Arrays.toString(weight.shape()));
    }
    for (long v : t.toLongArray()) {
      if (v != ignoreIndex && (v < 0 || v >= classes)) throw new IllegalArgumentException(op + ": Target " + v + " is out of bounds (" + classes + " classes).");
    }
  }

  static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r, double labelSmoothing) {
    if (labelSmoothing < 0 || labelSmoothing > 1) {
      throw new IllegalArgumentException("cross_entropy: label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
    }
    if (input.dim() == 0) throw new IllegalArgumentException("cross_entropy: input must have at least 1 dimension, got a 0-d tensor");
    int classDim = input.dim() == 1 ? 0 : 1;
    long classes = input.size(classDim);
    Tensor logp = input.logSoftmax(classDim);
    long[] bshape = new long[input.dim()];
    Arrays.fill(bshape, 1);
    bshape[classDim] = classes;
    if (Arrays.equals(input.shape(), target.shape())) {
      if (!target.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException("cross_entropy: Expected floating point type for target with class probabilities, got " + target.dtype().torchName());
      }
      if (ignoreIndex >= 0) throw new IllegalArgumentException("cross_entropy: ignore_index is not supported for floating point target");
      Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
      Tensor prod = logp.mul(t);
      if (weight != null) prod = prod.mul(weight.view(bshape));
      return switch (r) {
        case NONE -> prod.sum(classDim).neg();
        case SUM -> prod.sum().neg();
        case MEAN -> prod.sum().neg().div((double) input.numel() / classes);
      };
    }
    Tensor nll = nll(logp, target, weight, ignoreIndex, r);
    if (labelSmoothing == 0) return nll;
    Tensor ignored = target.eq(ignoreIndex);
    Tensor smooth = (weight == null ? logp : logp.mul(weight.view(bshape))).sum(classDim).neg().maskedFill(ignored, 0);
    Tensor smoothReduced = switch (r) {
      case NONE -> smooth;
      case SUM -> smooth.sum();
      case MEAN -> weight == null
          ? smooth.sum().div(ignored.logicalNot().sum().to(input.dtype()))
          : smooth.sum().div(weight.indexSelect(0, target.maskedSelect(ignored.logicalNot()).flatten()).sum());
    };
    return nll.mul(1 - labelSmoothing).add(smoothReduced.mul(labelSmoothing / classes));
  }
}
