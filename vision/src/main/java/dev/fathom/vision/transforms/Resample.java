package dev.fathom.vision.transforms;

import dev.fathom.vision.Image;

/**
 * Resizing kernels. Images follow PIL's {@code Image.resize}: separable convolution with the filter
 * stretched by the downscale factor (antialiasing), 22-bit fixed-point weights, a horizontal pass
 * into an 8-bit intermediate then a vertical pass, premultiplied alpha for LA/RGBA, and PIL's
 * nearest-neighbour sampling. Float planes (tensors) follow {@code torch.nn.functional.interpolate}
 * with {@code align_corners=False}, with or without antialiasing.
 */
final class Resample {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private Resample() {}

  /** Filter support (half-width) of PIL's filters. */
  private static double support(InterpolationMode m) {
    return m == InterpolationMode.BICUBIC ? 2.0 : 1.0;
  }

  private static double filter(InterpolationMode m, double x, double a) {
    if (x < 0) x = -x;
    if (m == InterpolationMode.BILINEAR) return x < 1 ? 1 - x : 0;
    if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
    return 0;
  }

  /** PIL's {@code precompute_coeffs}: bounds[2*o] = first input, bounds[2*o+1] = count; weights per output. */
  static double[][] coefficients(int inSize, int outSize, InterpolationMode m, int[] bounds) {
    double scale = (double) inSize / outSize, filterscale = Math.max(scale, 1.0);
    double support = support(m) * filterscale, ss = 1.0 / filterscale;
    double[][] k = new double[outSize][];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double[] w = new double[Math.max(xmax, 0)];
      double ww = 0;
      for (int x = 0; x < xmax; x++) {
        w[x] = filter(m, (x + xmin - center + 0.5) * ss, -0.5);
        ww += w[x];
      }
      if (ww != 0) for (int x = 0; x < xmax; x++) w[x] /= ww;
      bounds[2 * xx] = xmin;
      bounds[2 * xx + 1] = Math.max(xmax, 0);
      k[xx] = w;
    }
    return k;
  }

  private static int[][] fixed(double[][] k) {
    int[][] out = new int[k.length][];
    for (int i = 0; i < k.length; i++) {
      out[i] = new int[k[i].length];
      for (int x = 0; x < k[i].length; x++) {
        double v = k[i][x] * (1 << PRECISION_BITS);
        out[i][x] = (int) (k[i][x] < 0 ? v - 0.5 : v + 0.5);
      }
    }
    return out;
  }

  private static byte clip8(int ss) {
    int v = ss >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Fixed-point weights and bounds for one axis; cached, since datasets resize many same-sized images. */
  private record Axis(int[][] weights, int[] bounds) {}

  private static final java.util.concurrent.ConcurrentHashMap<Long, Axis> AXES = new java.util.concurrent.ConcurrentHashMap<>();

  private static Axis axis(int in, int out, InterpolationMode m) {
    long key = ((long) in << 32) | ((long) out << 2) | m.ordinal();
    Axis a = AXES.get(key);
    if (a == null) {
      int[] b = new int[2 * out];
      a = new Axis(fixed(coefficients(in, out, m, b)), b);
      if (AXES.size() < 4096) AXES.put(key, a);
    }
    return a;
  }

  /** PIL's {@code img.resize((outW, outH), filter)}. */
  static Image resize(Image img, int outW, int outH, InterpolationMode m) {
    if (outW <= 0 || outH <= 0) throw new IllegalArgumentException("resize: output size must be positive, got " + outH + "x" + outW);
    if (outW == img.width() && outH == img.height()) return img;
    if (m == InterpolationMode.NEAREST) return nearest(img, outW, outH);
    boolean alpha = img.mode() == Image.Mode.LA || img.mode() == Image.Mode.RGBA;
    byte[] src = alpha ? premultiply(img) : img.buffer();
    int c = img.channels(), w = img.width(), h = img.height();
    Axis ah = axis(w, outW, m), av = axis(h, outH, m);
    int[] bh = ah.bounds(), bv = av.bounds().clone();
    int[][] kh = ah.weights(), kv = av.weights();
    byte[] cur = src;
    int curW = w, curH = h;
    if (outW != w) {
      int first = bv[0], last = bv[2 * outH - 2] + bv[2 * outH - 1];
      int rows = outH != h ? last - first : h;
      int y0 = outH != h ? first : 0;
      byte[] tmp = new byte[outW * rows * c];
      horizontal(cur, w, c, y0, rows, kh, bh, tmp, outW);
      if (outH != h) for (int i = 0; i < outH; i++) bv[2 * i] -= first;
      cur = tmp;
      curW = outW;
      curH = rows;
    }
    if (outH != h) {
      byte[] tmp = new byte[outW * outH * c];
      vertical(cur, curW, c, kv, bv, tmp, outH);
      cur = tmp;
    }
    Image out = Image.wrap(outW, outH, img.mode(), cur);
    return alpha ? unpremultiply(out) : out;
  }

  private static void horizontal(byte[] in, int w, int c, int y0, int rows, int[][] k, int[] b, byte[] out, int outW) {
    if (c == 3) {
      horizontal3(in, w, y0, rows, k, b, out, outW);
      return;
    }
    for (int y = 0; y < rows; y++) {
      int rowIn = (y0 + y) * w * c, rowOut = y * outW * c;
      for (int xx = 0; xx < outW; xx++) {
        int xmin = b[2 * xx], n = b[2 * xx + 1];
        int[] kk = k[xx];
        for (int ch = 0; ch < c; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int x = 0, p = rowIn + xmin * c + ch; x < n; x++, p += c) ss += (in[p] & 0xFF) * kk[x];
          out[rowOut + xx * c + ch] = clip8(ss);
        }
      }
    }
  }

  /** The RGB case with the three channels accumulated together (one pass over the taps). */
  private static void horizontal3(byte[] in, int w, int y0, int rows, int[][] k, int[] b, byte[] out, int outW) {
    final int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < rows; y++) {
      int rowIn = (y0 + y) * w * 3, o = y * outW * 3;
      for (int xx = 0; xx < outW; xx++, o += 3) {
        int n = b[2 * xx + 1];
        int[] kk = k[xx];
        int s0 = half, s1 = half, s2 = half;
        for (int x = 0, p = rowIn + b[2 * xx] * 3; x < n; x++, p += 3) {
          int wgt = kk[x];
          s0 += (in[p] & 0xFF) * wgt;
          s1 += (in[p + 1] & 0xFF) * wgt;
          s2 += (in[p + 2] & 0xFF) * wgt;
        }
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
  }

  private static void vertical(byte[] in, int w, int c, int[][] k, int[] b, byte[] out, int outH) {
    int rowLen = w * c;
    int[] acc = new int[rowLen];
    for (int yy = 0; yy < outH; yy++) {
      int ymin = b[2 * yy], n = b[2 * yy + 1];
      int[] kk = k[yy];
      java.util.Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
      for (int y = 0; y < n; y++) {
        int wgt = kk[y], row = (ymin + y) * rowLen;
        for (int i = 0; i < rowLen; i++) acc[i] += (in[row + i] & 0xFF) * wgt;
      }
      int o = yy * rowLen;
      for (int i = 0; i < rowLen; i++) out[o + i] = clip8(acc[i]);
    }
  }

  /** PIL's nearest resize ({@code ImagingScaleAffine}: source = floor((x + 0.5) * in / out)). */
  private static Image nearest(Image img, int outW, int outH) {
    int c = img.channels(), w = img.width(), h = img.height();
    double ax = (double) w / outW, ay = (double) h / outH;
    int[] xin = new int[outW];
    double xo = ax * 0.5;
    for (int x = 0; x < outW; x++, xo += ax) xin[x] = Math.min((int) xo, w - 1);
    byte[] src = img.buffer(), out = new byte[outW * outH * c];
    double yo = ay * 0.5;
    for (int y = 0; y < outH; y++, yo += ay) {
      int row = Math.min((int) yo, h - 1) * w * c, o = y * outW * c;
      for (int x = 0; x < outW; x++, o += c) System.arraycopy(src, row + xin[x] * c, out, o, c);
    }
    return Image.wrap(outW, outH, img.mode(), out);
  }

  private static byte[] premultiply(Image img) {
    byte[] s = img.buffer(), out = new byte[s.length];
    int c = img.channels();
    for (int i = 0; i < s.length; i += c) {
      int a = s[i + c - 1] & 0xFF;
      for (int k = 0; k < c - 1; k++) {
        int t = (s[i + k] & 0xFF) * a + 128;
        out[i + k] = (byte) (((t >> 8) + t) >> 8);
      }
      out[i + c - 1] = (byte) a;
    }
    return out;
  }

  private static Image unpremultiply(Image img) {
    byte[] s = img.buffer();
    int c = img.channels();
    for (int i = 0; i < s.length; i += c) {
      int a = s[i + c - 1] & 0xFF;
      if (a == 0 || a == 255) continue;
      for (int k = 0; k < c - 1; k++) s[i + k] = (byte) Math.min(255, (255 * (s[i + k] & 0xFF)) / a);
    }
    return img;
  }

  // ---- float planes (tensors) ----------------------------------------------------------------

  /** Resizes {@code planes} planes of h x w floats to oh x ow, as {@code F.interpolate}. */
  static float[] resize(float[] src, int planes, int h, int w, int oh, int ow, InterpolationMode m, boolean antialias) {
    if (antialias && m != InterpolationMode.NEAREST) return separableAa(src, planes, h, w, oh, ow, m);
    float[] out = new float[planes * oh * ow];
    if (m == InterpolationMode.NEAREST) {
      float sy = (float) h / oh, sx = (float) w / ow;
      int[] xi = new int[ow];
      for (int x = 0; x < ow; x++) xi[x] = Math.min((int) Math.floor(x * sx), w - 1);
      for (int p = 0; p < planes; p++) {
        for (int y = 0; y < oh; y++) {
          int row = p * h * w + Math.min((int) Math.floor(y * sy), h - 1) * w, o = (p * oh + y) * ow;
          for (int x = 0; x < ow; x++) out[o + x] = src[row + xi[x]];
        }
      }
      return out;
    }
    if (m == InterpolationMode.BILINEAR) {
      int[] x0 = new int[ow], x1 = new int[ow];
      float[] lx = new float[ow];
      linearIndex(w, ow, x0, x1, lx);
      int[] y0 = new int[oh], y1 = new int[oh];
      float[] ly = new float[oh];
      linearIndex(h, oh, y0, y1, ly);
      for (int p = 0; p < planes; p++) {
        int base = p * h * w;
        for (int y = 0; y < oh; y++) {
          int r0 = base + y0[y] * w, r1 = base + y1[y] * w, o = (p * oh + y) * ow;
          float h1 = ly[y], h0 = 1 - h1;
          for (int x = 0; x < ow; x++) {
            float w1 = lx[x], w0 = 1 - w1;
            out[o + x] = h0 * (w0 * src[r0 + x0[x]] + w1 * src[r0 + x1[x]]) + h1 * (w0 * src[r1 + x0[x]] + w1 * src[r1 + x1[x]]);
          }
        }
      }
      return out;
    }
    return bicubic(src, planes, h, w, oh, ow);
  }

  private static void linearIndex(int in, int out, int[] i0, int[] i1, float[] lambda) {
    float scale = (float) in / out;
    for (int d = 0; d < out; d++) {
      float s = Math.max(scale * (d + 0.5f) - 0.5f, 0f);
      int i = (int) s;
      i0[d] = i;
      i1[d] = i + (i < in - 1 ? 1 : 0);
      lambda[d] = s - i;
    }
  }

  private static float[] bicubic(float[] src, int planes, int h, int w, int oh, int ow) {
    float[] out = new float[planes * oh * ow];
    float sy = (float) h / oh, sx = (float) w / ow;
    int[][] xi = new int[ow][4];
    float[][] wx = new float[ow][4];
    for (int x = 0; x < ow; x++) cubicTaps(sx * (x + 0.5f) - 0.5f, w, xi[x], wx[x]);
    int[] yi = new int[4];
    float[] wy = new float[4];
    for (int p = 0; p < planes; p++) {
      int base = p * h * w;
      for (int y = 0; y < oh; y++) {
        cubicTaps(sy * (y + 0.5f) - 0.5f, h, yi, wy);
        int o = (p * oh + y) * ow;
        for (int x = 0; x < ow; x++) {
          float acc = 0;
          for (int j = 0; j < 4; j++) {
            int row = base + yi[j] * w;
            float r = 0;
            for (int i = 0; i < 4; i++) r += wx[x][i] * src[row + xi[x][i]];
            acc += wy[j] * r;
          }
          out[o + x] = acc;
        }
      }
    }
    return out;
  }

  /** PyTorch's cubic convolution taps (A = -0.75) with indices clamped to the border. */
  private static void cubicTaps(float s, int size, int[] idx, float[] wgt) {
    int i = (int) Math.floor(s);
    float t = s - i, a = -0.75f;
    float x1 = t + 1, x2 = t, x3 = 1 - t, x4 = 2 - t;
    wgt[0] = ((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a;
    wgt[1] = ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1;
    wgt[2] = ((a + 2) * x3 - (a + 3)) * x3 * x3 + 1;
    wgt[3] = ((a * x4 - 5 * a) * x4 + 8 * a) * x4 - 4 * a;
    for (int k = 0; k < 4; k++) idx[k] = Math.min(Math.max(i - 1 + k, 0), size - 1);
  }

  /** Antialiased separable resize in float (PIL's weights, no rounding between the passes). */
  private static float[] separableAa(float[] src, int planes, int h, int w, int oh, int ow, InterpolationMode m) {
    int[] bh = new int[2 * ow], bv = new int[2 * oh];
    double[][] kh = coefficients(w, ow, m, bh), kv = coefficients(h, oh, m, bv);
    float[] tmp = new float[planes * h * ow];
    for (int r = 0; r < planes * h; r++) {
      for (int xx = 0; xx < ow; xx++) {
        double acc = 0;
        for (int x = 0; x < bh[2 * xx + 1]; x++) acc += kh[xx][x] * src[r * w + bh[2 * xx] + x];
        tmp[r * ow + xx] = (float) acc;
      }
    }
    float[] out = new float[planes * oh * ow];
    for (int p = 0; p < planes; p++) {
      for (int yy = 0; yy < oh; yy++) {
        for (int x = 0; x < ow; x++) {
          double acc = 0;
          for (int y = 0; y < bv[2 * yy + 1]; y++) acc += kv[yy][y] * tmp[(p * h + bv[2 * yy] + y) * ow + x];
          out[(p * oh + yy) * ow + x] = (float) acc;
        }
      }
    }
    return out;
  }
}
