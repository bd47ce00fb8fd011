package dev.fathom.spi;

/**
 * Geometry of a 2-d convolution on NCHW input with OIHW ({@code [outC, inC/groups, kH, kW]}) weight.
 * For transposed convolution {@code outputPaddingH/W} add rows/columns at the bottom/right.
 */
public record Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                           int groups, int outputPaddingH, int outputPaddingW) {
  public Conv2dParams {
    if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("conv2d: stride must be positive, got (" + strideH + ", " + strideW + ")");
    if (padH < 0 || padW < 0) throw new IllegalArgumentException("conv2d: negative padding (" + padH + ", " + padW + ")");
    if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("conv2d: dilation must be positive, got (" + dilationH + ", " + dilationW + ")");
    if (groups < 1) throw new IllegalArgumentException("conv2d: groups must be positive, got " + groups);
  }

  public static Conv2dParams of(int stride, int padding, int dilation, int groups) {
    return new Conv2dParams(stride, stride, padding, padding, dilation, dilation, groups, 0, 0);
  }

  /** Output size of a convolution along one axis. */
  public static int outSize(int in, int k, int stride, int pad, int dil) {
    return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
  }

  /** Output size of a transposed convolution along one axis. */
  public static int transposedOutSize(int in, int k, int stride, int pad, int dil, int outPad) {
    return (in - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
  }
}
