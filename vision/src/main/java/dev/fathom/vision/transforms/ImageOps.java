package dev.fathom.vision.transforms;

import dev.fathom.vision.Image;

/** Geometric and colour kernels on 8-bit images with PIL's arithmetic (interleaved bytes). */
final class ImageOps {
  private ImageOps() {}

  /** The h x w window at (top, left); parts outside the image are zero, as PIL's {@code crop}. */
  static Image crop(Image img, int top, int left, int h, int w) {
    int c = img.channels(), iw = img.width(), ih = img.height();
    byte[] src = img.buffer(), out = new byte[h * w * c];
    int x0 = Math.max(0, left), x1 = Math.min(iw, left + w);
    for (int y = 0; y < h; y++) {
      int sy = top + y;
      if (sy < 0 || sy >= ih || x1 <= x0) continue;
      System.arraycopy(src, (sy * iw + x0) * c, out, (y * w + x0 - left) * c, (x1 - x0) * c);
    }
    return Image.wrap(w, h, img.mode(), out);
  }

  /** Mirrors left-right ({@code horizontal}) or top-bottom. */
  static Image flip(Image img, boolean horizontal) {
    int c = img.channels(), w = img.width(), h = img.height();
    byte[] src = img.buffer(), out = new byte[src.length];
    int rowLen = w * c;
    if (horizontal) {
      for (int y = 0; y < h; y++) {
        int row = y * rowLen;
        for (int x = 0; x < w; x++) System.arraycopy(src, row + x * c, out, row + (w - 1 - x) * c, c);
      }
    } else {
      for (int y = 0; y < h; y++) System.arraycopy(src, y * rowLen, out, (h - 1 - y) * rowLen, rowLen);
    }
    return Image.wrap(w, h, img.mode(), out);
  }

  /** Pads by (left, top, right, bottom) with a mode of {@link Pad#index}; {@code fill} per channel for constant. */
  static Image pad(Image img, int left, int top, int right, int bottom, Pad mode, int[] fill) {
    int c = img.channels(), w = img.width(), h = img.height(), ow = w + left + right, oh = h + top + bottom;
    byte[] src = img.buffer(), out = new byte[ow * oh * c];
    int[] xs = new int[ow];
    for (int x = 0; x < ow; x++) xs[x] = mode.index(x - left, w);
    for (int y = 0; y < oh; y++) {
      int sy = mode.index(y - top, h);
      for (int x = 0; x < ow; x++) {
        int o = (y * ow + x) * c;
        if (sy < 0 || xs[x] < 0) for (int k = 0; k < c; k++) out[o + k] = (byte) fill[k];
        else System.arraycopy(src, (sy * w + xs[x]) * c, out, o, c);
      }
    }
    return Image.wrap(ow, oh, img.mode(), out);
  }

  /**
   * PIL's {@code img.rotate(angle, NEAREST, expand=False, fillcolor=fill)}: counter-clockwise
   * degrees about the centre, with PIL's affine nearest sampling (16.16 fixed point for images
   * small enough, as PIL does).
   */
  static Image rotate(Image img, double angle, int[] fill) {
    int c = img.channels(), w = img.width(), h = img.height();
    double rad = -Math.toRadians(angle);
    double a = round15(Math.cos(rad)), b = round15(Math.sin(rad)), d = round15(-Math.sin(rad)), e = a;
    double cx = w / 2.0, cy = h / 2.0;
    double cc = a * -cx + b * -cy + cx, f = d * -cx + e * -cy + cy;
    byte[] src = img.buffer(), out = new byte[src.length];
    for (int i = 0; i < out.length; i++) out[i] = (byte) fill[i % c];
    if (b == 0 && d == 0) {
      int[] xin = new int[w];
      double xo = cc + a * 0.5;
      for (int x = 0; x < w; x++, xo += a) xin[x] = coord(xo);
      double yo = f + e * 0.5;
      for (int y = 0; y < h; y++, yo += e) {
        int yi = coord(yo);
        if (yi < 0 || yi >= h) continue;
        for (int x = 0; x < w; x++) if (xin[x] >= 0 && xin[x] < w) System.arraycopy(src, (yi * w + xin[x]) * c, out, (y * w + x) * c, c);
      }
    } else if (Math.abs(w * a + h * b + cc) < 32768.0 && Math.abs(w * d + h * e + f) < 32768.0) {
      int a0 = fix(a), a1 = fix(b), a3 = fix(d), a4 = fix(e);
      int a2 = fix(cc + a * 0.5 + b * 0.5), a5 = fix(f + d * 0.5 + e * 0.5);
      for (int y = 0; y < h; y++, a2 += a1, a5 += a4) {
        int xx = a2, yy = a5;
        for (int x = 0; x < w; x++, xx += a0, yy += a3) {
          int xi = xx >> 16, yi = yy >> 16;
          if (xi >= 0 && xi < w && yi >= 0 && yi < h) System.arraycopy(src, (yi * w + xi) * c, out, (y * w + x) * c, c);
        }
      }
    } else {
      double xo = cc + b * 0.5 + a * 0.5, yo = f + e * 0.5 + d * 0.5;
      for (int y = 0; y < h; y++, xo += b, yo += e) {
        double xx = xo, yy = yo;
        for (int x = 0; x < w; x++, xx += a, yy += d) {
          int xi = coord(xx), yi = coord(yy);
          if (xi >= 0 && xi < w && yi >= 0 && yi < h) System.arraycopy(src, (yi * w + xi) * c, out, (y * w + x) * c, c);
        }
      }
    }
    return Image.wrap(w, h, img.mode(), out);
  }

  private static double round15(double v) {
    return Math.rint(v * 1e15) / 1e15;
  }

  private static int coord(double v) {
    return v < 0 ? -1 : (int) v;
  }

  private static int fix(double v) {
    return (int) Math.floor(v * 65536.0 + 0.5);
  }

  /**
   * PIL's {@code Image.blend(degenerate, img, factor)} on the colour channels (alpha kept):
   * {@code deg + factor * (img - deg)} in float, clipped and truncated to 8 bits.
   */
  static Image blend(Image img, byte[] degenerate, double factor) {
    int c = img.channels();
    boolean alpha = c == 2 || c == 4;
    byte[] src = img.buffer(), out = new byte[src.length];
    float fa = (float) factor;
    for (int i = 0; i < src.length; i++) {
      if (alpha && i % c == c - 1) {
        out[i] = src[i];
        continue;
      }
      int d = degenerate[i] & 0xFF;
      float t = d + fa * ((src[i] & 0xFF) - d);
      out[i] = (byte) (t <= 0 ? 0 : t >= 255 ? 255 : (int) t);
    }
    return Image.wrap(img.width(), img.height(), img.mode(), out);
  }

  /** PIL's ImageEnhance.Contrast degenerate: the rounded mean of the L image, in every colour channel. */
  static byte[] contrastDegenerate(Image img) {
    byte[] lb = img.convert(Image.Mode.L).buffer();
    long sum = 0;
    for (byte v : lb) sum += v & 0xFF;
    int mean = (int) ((double) sum / lb.length + 0.5);
    byte[] deg = new byte[img.buffer().length];
    java.util.Arrays.fill(deg, (byte) mean);
    return deg;
  }

  /** PIL's ImageEnhance.Color degenerate: the image converted to L and back. */
  static byte[] saturationDegenerate(Image img) {
    if (img.channels() < 3) return img.buffer();
    Image gray = img.convert(Image.Mode.L).convert(img.mode());
    return gray.buffer();
  }

  /** torchvision's PIL {@code adjust_hue}: RGB to PIL HSV, shift H by uint8(hue * 255), back (alpha becomes 255). */
  static Image adjustHue(Image img, double hueFactor) {
    int c = img.channels();
    if (c < 3) return img;
    int shift = ((int) (hueFactor * 255)) & 0xFF;
    byte[] src = img.buffer(), out = new byte[src.length];
    int[] hsv = new int[3];
    for (int i = 0; i < src.length; i += c) {
      rgbToHsv(src[i] & 0xFF, src[i + 1] & 0xFF, src[i + 2] & 0xFF, hsv);
      hsvToRgb((hsv[0] + shift) & 0xFF, hsv[1], hsv[2], out, i);
      if (c == 4) out[i + 3] = (byte) 255;
    }
    return Image.wrap(img.width(), img.height(), img.mode(), out);
  }

  private static void rgbToHsv(int r, int g, int b, int[] out) {
    int maxc = Math.max(r, Math.max(g, b)), minc = Math.min(r, Math.min(g, b));
    out[2] = maxc;
    if (minc == maxc) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    float cr = maxc - minc;
    float s = cr / (float) maxc;
    float rc = (maxc - r) / cr, gc = (maxc - g) / cr, bc = (maxc - b) / cr;
    float h;
    if (r == maxc) h = bc - gc;
    else if (g == maxc) h = (float) (2.0 + rc - bc);
    else h = (float) (4.0 + gc - rc);
    float hh = (float) ((h / 6.0 + 1.0) % 1.0); // PIL stores the hue in a float before scaling
    out[0] = clip8((int) (hh * 255.0));
    out[1] = clip8((int) (s * 255.0));
  }

  private static void hsvToRgb(int h, int s, int v, byte[] out, int o) {
    if (s == 0) {
      out[o] = out[o + 1] = out[o + 2] = (byte) v;
      return;
    }
    int i = (int) Math.floor((float) h * 6.0 / 255.0);
    double f = (float) h * 6.0 / 255.0 - (float) i;
    double fs = ((float) s) / 255.0;
    int p = clip8((int) Math.round((float) v * (1.0 - fs)));
    int q = clip8((int) Math.round((float) v * (1.0 - fs * f)));
    int t = clip8((int) Math.round((float) v * (1.0 - fs * (1.0 - f))));
    int r, g, b;
    switch (i % 6) {
      case 0 -> { r = v; g = t; b = p; }
      case 1 -> { r = q; g = v; b = p; }
      case 2 -> { r = p; g = v; b = t; }
      case 3 -> { r = p; g = q; b = v; }
      case 4 -> { r = t; g = p; b = v; }
      default -> { r = v; g = p; b = q; }
    }
    out[o] = (byte) r;
    out[o + 1] = (byte) g;
    out[o + 2] = (byte) b;
  }

  private static int clip8(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
