package dev.fathom.nn.functional;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.BCELoss;
import dev.fathom.nn.BCEWithLogitsLoss;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.NLLLoss;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import java.util.Arrays;

/**
 * The stateless forms of the layers and losses, as {@code torch.nn.functional}: modules delegate
 * here, and a forward may call these directly. Optional arguments follow PyTorch's positional order
 * in overloads; the losses also take their module's {@code Options} (e.g.
 * {@code CrossEntropyLoss.options()}), whose setters are PyTorch's keywords.
 *
 * <pre>{@code
 * Tensor h = F.relu(F.conv2d(x, w, b, 1, 1));                 // x [N, C, H, W]
 * Tensor p = F.maxPool2d(h, 2);                                // [N, O, H/2, W/2]
 * Tensor loss = F.crossEntropy(logits, labels);               // logits [N, C], labels [N] int64
 * Tensor smooth = F.crossEntropy(logits, labels, CrossEntropyLoss.options().labelSmoothing(0.1));
 * }</pre>
 */
public final class F {
  private F() {}

  // ---- activations --------------------------------------------------------------------------

  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  /**
   * {@code relu(x, inplace)}: with {@code inplace} and no gradient needed, writes into {@code x};
   * Fathom's autograd does not record in-place ops, so when {@code x} requires grad (with grad
   * mode on) the result is computed out of place instead.
   */
  public static Tensor relu(Tensor x, boolean inplace) {
    return inplace && !needsGrad(x) ? x.relu_() : x.relu();
  }

  public static Tensor leakyRelu(Tensor x) {
    return x.leakyRelu(0.01);
  }

  public static Tensor leakyRelu(Tensor x, double negativeSlope) {
    return x.leakyRelu(negativeSlope);
  }

  /** As {@link #relu(Tensor, boolean)}: in place only when no gradient is needed. */
  public static Tensor leakyRelu(Tensor x, double negativeSlope, boolean inplace) {
    Tensor out = x.leakyRelu(negativeSlope);
    return inplace && !needsGrad(x) ? x.copy_(out) : out;
  }

  static boolean needsGrad(Tensor x) {
    return x.requiresGrad() && Fathom.isGradEnabled();
  }

  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  public static Tensor softmax(Tensor x, int dim) {
    return x.softmax(dim);
  }

  public static Tensor logSoftmax(Tensor x, int dim) {
    return x.logSoftmax(dim);
  }

  // ---- linear and convolution ---------------------------------------------------------------

  /** {@code x @ weight.T + bias}: x {@code [*, in]}, weight {@code [out, in]}, bias {@code [out]} or null. */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    if (x.dim() == 0 || weight.dim() != 2 || x.size(-1) != weight.size(1)) {
      throw new IllegalArgumentException("linear: mat1 and mat2 shapes cannot be multiplied (input " + Arrays.toString(x.shape())
          + " and weight.T " + Arrays.toString(weight.t().shape()) + ")");
    }
    Tensor y = x.matmul(weight.t());
    return bias == null ? y : y.add(bias);
  }

  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
    return Tensor.conv2d(x, weight, bias, Conv2dParams.of(1, 0, 1, 1));
  }

  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    return Tensor.conv2d(x, weight, bias, Conv2dParams.of(stride, padding, 1, 1));
  }

  /** Full form; each of stride, padding, dilation is {@code {v}} or {@code {h, w}}. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    int[] s = pair(stride, "stride"), p = pair(padding, "padding"), d = pair(dilation, "dilation");
    return Tensor.conv2d(x, weight, bias, new Conv2dParams(s[0], s[1], p[0], p[1], d[0], d[1], groups, 0, 0));
  }

  /** String padding {@code "same"} (stride must be 1) or {@code "valid"} (no padding). */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
    int[] s = pair(stride, "stride"), d = pair(dilation, "dilation");
    return switch (padding) {
      case "valid" -> Tensor.conv2d(x, weight, bias, new Conv2dParams(s[0], s[1], 0, 0, d[0], d[1], groups, 0, 0));
      case "same" -> {
        if (s[0] != 1 || s[1] != 1) throw new IllegalArgumentException("conv2d: padding='same' is not supported for strided convolutions");
        yield Tensor.conv2dSame(x, weight, bias, d[0], d[1], groups);
      }
      default -> throw new IllegalArgumentException("conv2d: Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
    };
  }

  /** {@code conv_transpose2d}: weight {@code [in, out/groups, kH, kW]}. */
  public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
    return Tensor.convTranspose2d(x, weight, bias, Conv2dParams.of(1, 0, 1, 1));
  }

  public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    return Tensor.convTranspose2d(x, weight, bias, Conv2dParams.of(stride, padding, 1, 1));
  }

  /** Full form in PyTorch's order: stride, padding, output_padding, groups, dilation. */
  public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int groups, int[] dilation) {
    int[] s = pair(stride, "stride"), p = pair(padding, "padding"), o = pair(outputPadding, "output_padding"), d = pair(dilation, "dilation");
    return Tensor.convTranspose2d(x, weight, bias, new Conv2dParams(s[0], s[1], p[0], p[1], d[0], d[1], groups, o[0], o[1]));
  }

  static int[] pair(int[] v, String what) {
    if (v == null || (v.length != 1 && v.length != 2)) throw new IllegalArgumentException(what + " must have 1 or 2 elements, got " + Arrays.toString(v));
    return v.length == 1 ? new int[] {v[0], v[0]} : v;
  }

  // ---- pooling ------------------------------------------------------------------------------

  /** Max pooling with stride = kernel size. */
  public static Tensor maxPool2d(Tensor x, int kernelSize) {
    return maxPool2d(x, kernelSize, kernelSize);
  }

  public static Tensor maxPool2d(Tensor x, int kernelSize, int stride) {
    return Tensor.maxPool2d(x, new Pool2dParams(kernelSize, kernelSize, stride, stride, 0, 0, 1, 1, false, true, 0));
  }

  /** Full form; each size is {@code {v}} or {@code {h, w}}; a null stride means the kernel size. */
  public static Tensor maxPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    int[] k = pair(kernelSize, "kernel_size"), s = stride == null ? k : pair(stride, "stride"), p = pair(padding, "padding"), d = pair(dilation, "dilation");
    return Tensor.maxPool2d(x, new Pool2dParams(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], ceilMode, true, 0));
  }

  public static Tensor avgPool2d(Tensor x, int kernelSize) {
    return avgPool2d(x, kernelSize, kernelSize);
  }

  public static Tensor avgPool2d(Tensor x, int kernelSize, int stride) {
    return Tensor.avgPool2d(x, new Pool2dParams(kernelSize, kernelSize, stride, stride, 0, 0, 1, 1, false, true, 0));
  }

  /** Full form; a null stride means the kernel size, a null divisorOverride means none. */
  public static Tensor avgPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, Integer divisorOverride) {
    int[] k = pair(kernelSize, "kernel_size"), s = stride == null ? k : pair(stride, "stride"), p = pair(padding, "padding");
    if (divisorOverride != null && divisorOverride <= 0) throw new IllegalArgumentException("avg_pool2d: divisor must be not zero, got " + divisorOverride);
    return Tensor.avgPool2d(x, new Pool2dParams(k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, ceilMode, countIncludePad, divisorOverride == null ? 0 : divisorOverride));
  }

  public static Tensor adaptiveAvgPool2d(Tensor x, int outputSize) {
    return Tensor.adaptiveAvgPool2d(x, outputSize, outputSize);
  }

  public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    return Tensor.adaptiveAvgPool2d(x, outH, outW);
  }

  // ---- dropout ------------------------------------------------------------------------------

  /** {@code dropout(x, p=0.5, training=True)}, as PyTorch's functional default. */
  public static Tensor dropout(Tensor x) {
    return dropout(x, 0.5, true);
  }

  /**
   * Zeroes each element with probability {@code p} (drawn from the global generator) and scales the
   * rest by {@code 1/(1-p)} when {@code training}; the identity otherwise.
   */
  public static Tensor dropout(Tensor x, double p, boolean training) {
    checkP("dropout", p);
    if (!training || p == 0) return x;
    if (p == 1) return x.mul(Tensor.zerosLike(x));
    return x.mul(Tensor.zerosLike(x).bernoulli_(1 - p).div_(1 - p));
  }

  /** Channel dropout on {@code [N, C, H, W]} or {@code [C, H, W]}: whole feature maps are zeroed. */
  public static Tensor dropout2d(Tensor x, double p, boolean training) {
    checkP("dropout2d", p);
    if (x.dim() != 3 && x.dim() != 4) {
      throw new IllegalArgumentException("dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got " + Arrays.toString(x.shape()));
    }
    if (!training || p == 0) return x;
    long[] maskShape = x.shape();
    for (int i = x.dim() - 2; i < x.dim(); i++) maskShape[i] = 1;
    Tensor mask = Tensor.zeros(x.dtype(), maskShape).to(x.device());
    if (p < 1) mask.bernoulli_(1 - p).div_(1 - p);
    return x.mul(mask);
  }

  private static void checkP(String op, double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got " + p);
  }

  // ---- normalisation ------------------------------------------------------------------------

  /**
   * {@code batch_norm}: x {@code [N, C]}, {@code [N, C, L]} or {@code [N, C, H, W]}. In training the
   * batch statistics normalise and, when given, the running ones are updated in place
   * ({@code (1 - momentum) * running + momentum * batch}, the variance unbiased); otherwise the
   * running statistics normalise. weight and bias may be null.
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
    return Norms.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  // ---- losses -------------------------------------------------------------------------------

  /** Mean squared error, reduction "mean". */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    return mseLoss(input, target, "mean");
  }

  /** Mean squared error; reduction is "mean", "sum" or "none". */
  public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
    return Losses.mse(input, target, Losses.Reduction.parse(reduction));
  }

  public static Tensor l1Loss(Tensor input, Tensor target) {
    return l1Loss(input, target, "mean");
  }

  public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
    return Losses.l1(input, target, Losses.Reduction.parse(reduction));
  }

  /** Binary cross entropy of probabilities in [0, 1] (log terms clamped at -100, as PyTorch). */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
    return binaryCrossEntropy(input, target, null, "mean");
  }

  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
    return Losses.bce(input, target, weight, Losses.Reduction.parse(reduction));
  }

  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, BCELoss.Options options) {
    return binaryCrossEntropy(input, target, options.weight(), options.reduction());
  }

  /** Sigmoid plus binary cross entropy in one stable step. */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    return binaryCrossEntropyWithLogits(input, target, null, "mean", null);
  }

  /** PyTorch's order: weight, reduction, pos_weight (a per-class weight of the positive term). */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, String reduction, Tensor posWeight) {
    return Losses.bceWithLogits(input, target, weight, posWeight, Losses.Reduction.parse(reduction));
  }

  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, BCEWithLogitsLoss.Options options) {
    return binaryCrossEntropyWithLogits(input, target, options.weight(), options.reduction(), options.posWeight());
  }

  /**
   * Cross entropy of logits {@code [N, C]} ({@code [C]}, {@code [N, C, d1, ...]}) against class
   * indices {@code [N]} (int64) or class probabilities of the input's shape.
   */
  public static Tensor crossEntropy(Tensor input, Tensor target) {
    return crossEntropy(input, target, null, -100, "mean", 0.0);
  }

  public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction, double labelSmoothing) {
    return Losses.crossEntropy(input, target, weight, ignoreIndex, Losses.Reduction.parse(reduction), labelSmoothing);
  }

  public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyLoss.Options options) {
    return crossEntropy(input, target, options.weight(), options.ignoreIndex(), options.reduction(), options.labelSmoothing());
  }

  /** Negative log likelihood of log-probabilities {@code [N, C]} at class indices {@code [N]}. */
  public static Tensor nllLoss(Tensor input, Tensor target) {
    return nllLoss(input, target, null, -100, "mean");
  }

  public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction) {
    return Losses.nll(input, target, weight, ignoreIndex, Losses.Reduction.parse(reduction));
  }

  public static Tensor nllLoss(Tensor input, Tensor target, NLLLoss.Options options) {
    return nllLoss(input, target, options.weight(), options.ignoreIndex(), options.reduction());
  }
}
