package dev.fathom.spi;

/**
 * Geometry of 2-d max/avg pooling on NCHW input, with PyTorch's ceil_mode, count_include_pad and
 * divisor_override (0 = none) semantics.
 */
public record Pool2dParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, boolean ceilMode, boolean countIncludePad,
                           int divisorOverride) {
  public Pool2dParams {
    if (kernelH < 1 || kernelW < 1) throw new IllegalArgumentException("pool2d: kernel size must be positive, got (" + kernelH + ", " + kernelW + ")");
    if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("pool2d: stride must be positive, got (" + strideH + ", " + strideW + ")");
    if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW)
      throw new IllegalArgumentException("pool2d: pad should be at most half of kernel size, but got pad=(" + padH + ", " + padW + ") and kernel_size=(" + kernelH + ", " + kernelW + ")");
  }

  /** Output size along one axis, as PyTorch's pooling_output_shape. */
  public static int outSize(int in, int k, int stride, int pad, int dil, boolean ceil) {
    int num = in + 2 * pad - dil * (k - 1) - 1 + (ceil ? stride - 1 : 0);
    int out = Math.floorDiv(num, stride) + 1;
    if (ceil && (out - 1) * stride >= in + pad) out--;
    return out;
  }

  public int outH(int inH) { return outSize(inH, kernelH, strideH, padH, dilationH, ceilMode); }

  public int outW(int inW) { return outSize(inW, kernelW, strideW, padW, dilationW, ceilMode); }
}
