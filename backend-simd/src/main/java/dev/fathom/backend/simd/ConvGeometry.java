package dev.fathom.backend.simd;

/**
 * The sizes of one 2-d convolution on NCHW input {@code [n, c, h, w]} with OIHW weight
 * {@code [o, c/groups, kh, kw]} and output {@code [n, o, oh, ow]}, plus the derived sizes the
 * im2col kernels use: a group's {@code cg = c/groups} input and {@code og = o/groups} output
 * channels, its patch length {@code k = cg*kh*kw} and the output plane {@code p = oh*ow}.
 *
 * <pre>{@code
 * var g = new ConvGeometry(8, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1); // oh = ow = 56
 * }</pre>
 */
record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw,
                    int dh, int dw, int groups, int oh, int ow) {
  ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
    this(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups,
        (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1);
  }

  int cg() { return c / groups; }

  int og() { return o / groups; }

  /** Rows of a group's im2col matrix. */
  int k() { return cg() * kh * kw; }

  /** Pixels of one output plane. */
  int p() { return oh * ow; }

  /** True when the im2col matrix of an image is the image itself (1x1 kernel, stride 1, no padding). */
  boolean isPointwise() {
    return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
  }

  /** Multiply-adds of one image and group. */
  long macsPerImageGroup() {
    return (long) og() * k() * p();
  }

  /** First output column whose input column {@code ow*sw - pw + kj*dw} is inside the image. */
  int owLo(int kj) {
    int d = pw - kj * dw;
    return d <= 0 ? 0 : Math.min(ow, (d + sw - 1) / sw);
  }

  /** One past the last output column whose input column is inside the image. */
  int owHi(int kj) {
    int d = w - 1 + pw - kj * dw;
    return d < 0 ? 0 : Math.min(ow, d / sw + 1);
  }
}
