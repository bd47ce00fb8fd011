package dev.fathom.vision.transforms;

/** Kernels on float planes with torchvision's tensor semantics (see {@link Planes}). */
final class TensorOps {
  private TensorOps() {}

  /** The h x w window at (top, left) of every plane; outside is zero. */
  static float[] crop(Planes p, int top, int left, int h, int w) {
    float[] out = new float[p.n * h * w];
    int x0 = Math.max(0, left), x1 = Math.min(p.w, left + w);
    for (int k = 0; k < p.n; k++) {
      for (int y = 0; y < h; y++) {
        int sy = top + y;
        if (sy < 0 || sy >= p.h || x1 <= x0) continue;
        System.arraycopy(p.data, (k * p.h + sy) * p.w + x0, out, (k * h + y) * w + x0 - left, x1 - x0);
      }
    }
    return out;
  }

  /** Pads every plane; {@code fill} is the constant of CONSTANT mode. */
  static float[] pad(Planes p, int left, int top, int right, int bottom, Pad mode, float fill) {
    int ow = p.w + left + right, oh = p.h + top + bottom;
    float[] out = new float[p.n * oh * ow];
    int[] xs = new int[ow];
    for (int x = 0; x < ow; x++) xs[x] = mode.index(x - left, p.w);
    for (int k = 0; k < p.n; k++) {
      for (int y = 0; y < oh; y++) {
        int sy = mode.index(y - top, p.h), o = (k * oh + y) * ow;
        for (int x = 0; x < ow; x++) out[o + x] = sy < 0 || xs[x] < 0 ? fill : p.data[(k * p.h + sy) * p.w + xs[x]];
      }
    }
    return out;
  }

  /**
   * torchvision's tensor {@code rotate} (nearest): the inverse rotation of each output pixel centre
   * through {@code grid_sample(align_corners=False)}, rounding half to even; outside is {@code fill}.
   */
  static float[] rotate(Planes p, double angle, float fill) {
    double rot = Math.toRadians(-angle);
    float m0 = (float) Math.cos(rot), m1 = (float) Math.sin(rot), m3 = (float) -Math.sin(rot), m4 = (float) Math.cos(rot);
    float hw = 0.5f * p.w, hh = 0.5f * p.h;
    float[] out = new float[p.data.length];
    for (int y = 0; y < p.h; y++) {
      float by = -p.h * 0.5f + 0.5f + y;
      for (int x = 0; x < p.w; x++) {
        float bx = -p.w * 0.5f + 0.5f + x;
        float gx = (m0 * bx + m1 * by) / hw, gy = (m3 * bx + m4 * by) / hh;
        float ix = ((gx + 1) * p.w - 1) / 2, iy = ((gy + 1) * p.h - 1) / 2;
        int xi = (int) Math.rint(ix), yi = (int) Math.rint(iy);
        boolean in = xi >= 0 && xi < p.w && yi >= 0 && yi < p.h;
        for (int k = 0; k < p.n; k++) out[(k * p.h + y) * p.w + x] = in ? p.data[(k * p.h + yi) * p.w + xi] : fill;
      }
    }
    return out;
  }

  /** {@code ratio * a + (1 - ratio) * b} clamped to [0, bound]; {@code b} has one plane per image or one per plane. */
  static float[] blend(Planes p, float[] b, boolean bPerImage, float ratio) {
    float[] out = new float[p.data.length];
    int plane = p.h * p.w;
    float bound = p.bound(), r1 = 1f - ratio;
    for (int k = 0; k < p.n; k++) {
      int bo = bPerImage ? (k / p.c) * plane : k * plane;
      for (int i = 0; i < plane; i++) {
        float v = ratio * p.data[k * plane + i] + r1 * b[bo + i];
        out[k * plane + i] = Math.max(0f, Math.min(bound, v));
      }
    }
    return out;
  }

  /** torchvision's {@code rgb_to_grayscale}: one plane per image, 0.2989 R + 0.587 G + 0.114 B (truncated for UINT8). */
  static float[] grayscale(Planes p) {
    int plane = p.h * p.w, images = p.n / p.c;
    float[] out = new float[images * plane];
    boolean uint8 = p.bound() == 255f;
    for (int im = 0; im < images; im++) {
      int r = im * 3 * plane, g = r + plane, b = g + plane;
      for (int i = 0; i < plane; i++) {
        float l = 0.2989f * p.data[r + i] + 0.587f * p.data[g + i] + 0.114f * p.data[b + i];
        out[im * plane + i] = uint8 ? (float) Math.floor(l) : l;
      }
    }
    return out;
  }

  /** torchvision's tensor {@code adjust_hue} on RGB planes (values scaled to [0, 1] for UINT8 and back, truncating). */
  static float[] adjustHue(Planes p, float hueFactor) {
    int plane = p.h * p.w, images = p.n / 3;
    float scale = p.bound();
    float[] out = new float[p.data.length];
    for (int im = 0; im < images; im++) {
      int r0 = im * 3 * plane, g0 = r0 + plane, b0 = g0 + plane;
      for (int i = 0; i < plane; i++) {
        float r = p.data[r0 + i] / scale, g = p.data[g0 + i] / scale, b = p.data[b0 + i] / scale;
        float maxc = Math.max(r, Math.max(g, b)), minc = Math.min(r, Math.min(g, b));
        boolean eq = maxc == minc;
        float cr = maxc - minc, s = cr / (eq ? 1f : maxc), div = eq ? 1f : cr;
        float rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
        float h = maxc == r ? bc - gc : maxc == g ? 2f + rc - bc : 4f + gc - rc;
        h = (h / 6f + 1f) % 1f;
        h = h + hueFactor;
        h = h - (float) Math.floor(h);
        float i6 = (float) Math.floor(h * 6f), f = h * 6f - i6;
        float v = maxc;
        float pp = clamp01(v * (1f - s)), q = clamp01(v * (1f - s * f)), t = clamp01(v * (1f - s * (1f - f)));
        float ro, go, bo;
        switch (Math.floorMod((int) i6, 6)) {
          case 0 -> { ro = v; go = t; bo = pp; }
          case 1 -> { ro = q; go = v; bo = pp; }
          case 2 -> { ro = pp; go = v; bo = t; }
          case 3 -> { ro = pp; go = q; bo = v; }
          case 4 -> { ro = t; go = pp; bo = v; }
          default -> { ro = v; go = pp; bo = q; }
        }
        out[r0 + i] = ro * scale;
        out[g0 + i] = go * scale;
        out[b0 + i] = bo * scale;
      }
    }
    return out;
  }

  private static float clamp01(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  /** torchvision's Gaussian kernel: {@code exp(-0.5 (x / sigma)^2)} on {@code linspace(-(k-1)/2, (k-1)/2, k)}, normalised. */
  static float[] gaussianKernel(int size, double sigma) {
    float[] k = new float[size];
    float half = (size - 1) * 0.5f, sum = 0;
    for (int i = 0; i < size; i++) {
      float x = size == 1 ? -half : -half + i * (2 * half / (size - 1));
      k[i] = (float) Math.exp(-0.5 * Math.pow(x / (float) sigma, 2));
      sum += k[i];
    }
    for (int i = 0; i < size; i++) k[i] /= sum;
    return k;
  }

  /** Separable Gaussian blur of every plane with reflect padding, as torchvision's {@code gaussian_blur}. */
  static float[] gaussianBlur(Planes p, int kx, int ky, double sx, double sy) {
    float[] wx = gaussianKernel(kx, sx), wy = gaussianKernel(ky, sy);
    int rx = kx / 2, ry = ky / 2;
    if (rx >= p.w || ry >= p.h) {
      throw new IllegalArgumentException("gaussian_blur: padding size should be less than the corresponding input dimension, but got padding (" + rx + ", " + ry + ") for an image of " + p.h + "x" + p.w);
    }
    int[] xs = new int[p.w + 2 * rx], ys = new int[p.h + 2 * ry];
    for (int i = 0; i < xs.length; i++) xs[i] = Pad.REFLECT.index(i - rx, p.w);
    for (int i = 0; i < ys.length; i++) ys[i] = Pad.REFLECT.index(i - ry, p.h);
    float[] tmp = new float[p.n * ys.length * p.w];
    float[] out = new float[p.data.length];
    for (int k = 0; k < p.n; k++) {
      for (int y = 0; y < ys.length; y++) {
        int src = (k * p.h + ys[y]) * p.w, dst = (k * ys.length + y) * p.w;
        for (int x = 0; x < p.w; x++) {
          float acc = 0;
          for (int j = 0; j < kx; j++) acc += wx[j] * p.data[src + xs[x + j]];
          tmp[dst + x] = acc;
        }
      }
      for (int y = 0; y < p.h; y++) {
        int dst = (k * p.h + y) * p.w;
        for (int x = 0; x < p.w; x++) {
          float acc = 0;
          for (int j = 0; j < ky; j++) acc += wy[j] * tmp[(k * ys.length + y + j) * p.w + x];
          out[dst + x] = acc;
        }
      }
    }
    return out;
  }
}
