package dev.fathom.nn;

import dev.fathom.Tensor;

/** What Conv2d and ConvTranspose2d share: PyTorch's {@code _ConvNd} initialisation, printout and padding modes. */
final class Convs {
  private Convs() {}

  /** {@code _ConvNd.reset_parameters}: kaiming-uniform(a = sqrt 5) weight, bias uniform on ±1/sqrt(fan_in). */
  static void reset(Tensor weight, Tensor bias) {
    Init.kaimingUniform_(weight, Init.kaimingOptions().a(Math.sqrt(5)));
    if (bias != null) {
      long fanIn = Init.calculateFanInAndFanOut(weight)[0];
      if (fanIn != 0) {
        double bound = 1 / Math.sqrt(fanIn);
        Init.uniform_(bias, -bound, bound);
      }
    }
  }

  /** {@code _ConvNd.extra_repr}. */
  static String repr(int in, int out, Pair kernel, Pair stride, Object padding, Pair dilation, Pair outputPadding, int groups,
                     boolean bias, String paddingMode) {
    StringBuilder s = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=").append(kernel).append(", stride=").append(stride);
    if (!(padding instanceof Pair p && p.h() == 0 && p.w() == 0)) s.append(", padding=").append(padding);
    if (dilation.h() != 1 || dilation.w() != 1) s.append(", dilation=").append(dilation);
    if (outputPadding != null && (outputPadding.h() != 0 || outputPadding.w() != 0)) s.append(", output_padding=").append(outputPadding);
    if (groups != 1) s.append(", groups=").append(groups);
    if (!bias) s.append(", bias=False");
    if (!paddingMode.equals("zeros")) s.append(", padding_mode=").append(paddingMode);
    return s.toString();
  }

  static void checkChannels(String layer, int in, int out, int groups) {
    if (groups <= 0) throw new IllegalArgumentException(layer + ": groups must be a positive integer, got " + groups);
    if (in % groups != 0) throw new IllegalArgumentException(layer + ": in_channels (" + in + ") must be divisible by groups (" + groups + ")");
    if (out % groups != 0) throw new IllegalArgumentException(layer + ": out_channels (" + out + ") must be divisible by groups (" + groups + ")");
  }

  /**
   * Pads the last two dims of {@code x} by (left, right, top, bottom) with a non-zero padding mode,
   * as {@code F.pad(x, pad, mode)}: "reflect", "replicate" or "circular". Built from index
   * selections, so autograd gives the backward.
   */
  static Tensor pad(Tensor x, int left, int right, int top, int bottom, String mode) {
    Tensor rows = x.indexSelect(x.dim() - 2, padIndex(x.size(-2), top, bottom, mode).to(x.device()));
    return rows.indexSelect(x.dim() - 1, padIndex(x.size(-1), left, right, mode).to(x.device()));
  }

  private static Tensor padIndex(long n, int before, int after, String mode) {
    long[] idx = new long[(int) (n + before + after)];
    if (mode.equals("reflect") && (before >= n || after >= n)) {
      throw new IllegalArgumentException("pad: Padding size should be less than the corresponding input dimension, but got: padding (" + before + ", " + after + ") at dimension of size " + n);
    }
    if (mode.equals("circular") && (before > n || after > n)) {
      throw new IllegalArgumentException("pad: Padding value causes wrapping around more than once (padding (" + before + ", " + after + ") at dimension of size " + n + ")");
    }
    for (int i = 0; i < idx.length; i++) {
      long j = i - before;
      idx[i] = switch (mode) {
        case "reflect" -> j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
        case "replicate" -> Math.max(0, Math.min(n - 1, j));
        case "circular" -> Math.floorMod(j, n);
        default -> throw new IllegalArgumentException("pad: unknown padding mode " + mode);
      };
    }
    return Tensor.of(idx);
  }

  static String checkPaddingMode(String layer, String mode, boolean transposed) {
    if (transposed && !mode.equals("zeros")) throw new IllegalArgumentException("Only \"zeros\" padding mode is supported for " + layer);
    return switch (mode) {
      case "zeros", "reflect", "replicate", "circular" -> mode;
      default -> throw new IllegalArgumentException(layer + ": padding_mode must be one of 'zeros', 'reflect', 'replicate' or 'circular', but got padding_mode='" + mode + "'");
    };
  }
}
