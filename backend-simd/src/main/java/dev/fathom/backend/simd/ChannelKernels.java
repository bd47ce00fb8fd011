package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import dev.fathom.spi.View;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float batch-norm kernels over a contiguous input seen as {@code [n, c, p]} (batch, channel,
 * plane of {@code p} pixels; {@code p == 1} for BatchNorm1d's {@code [N, C]}): per-channel mean
 * and variance, the normalising affine {@code out = x * scale[c] + shift[c]}, and the backward's
 * per-channel sums followed by {@code gradIn = g * a[c] + x * b[c] + d[c]}, each one pass.
 *
 * <p>Planes are cut into segments of at most {@link #SEG} elements, the unit of parallel work; a
 * segment is summed in float vectors in blocks of {@link #BLOCK} whose totals are added in double,
 * and the segments of a channel are combined in double in a fixed order (Chan's pairwise update
 * for the variance), so results do not depend on the thread count. Per-channel coefficients are
 * computed in double.
 *
 * <pre>{@code
 * ChannelKernels.stats(x, 0, 16, 64, 112 * 112, mean, var);   // mean, var: double[64]
 * }</pre>
 */
final class ChannelKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int BLOCK = 2048;
  private static final int SEG = 16384;
  /** Elements per parallel task. */
  private static final int GRAIN = 1 << 15;
  /** Planes smaller than this are handled per channel in scalar double loops. */
  private static final int SMALL = 16;

  private ChannelKernels() {}

  /** Element {@code i} of a 1-d view (any stride) as a double. */
  static double at(View v, int i) {
    return v.heap().floats()[v.offset() + i * v.strides()[0]];
  }

  // ---- the SPI methods on checked views (FLOAT32 heap, x contiguous, [C] views in bounds) ------

  /** {@code Backend.batchNormStats}. */
  static void stats(View x, View mean, View var) {
    int[] s = x.shape();
    int n = s[0], c = s[1], p = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
    double[] m = new double[c], v = new double[c];
    if (n * p == 0) {
      java.util.Arrays.fill(m, Double.NaN);
      java.util.Arrays.fill(v, Double.NaN);
    } else {
      stats(x.heap().floats(), x.offset(), n, c, p, m, v);
    }
    float[] mo = mean.heap().floats(), vo = var.heap().floats();
    for (int ch = 0; ch < c; ch++) {
      mo[mean.offset() + ch] = (float) m[ch];
      vo[var.offset() + ch] = (float) v[ch];
    }
  }

  /** {@code Backend.batchNormForward}: scale and shift per channel in double, then one pass. */
  static void forward(View x, View mean, View var, View weight, View bias, double eps, View out) {
    int[] s = x.shape();
    int n = s[0], c = s[1], p = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
    float[] scale = new float[c], shift = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double a = 1 / Math.sqrt(at(var, ch) + eps) * (weight == null ? 1 : at(weight, ch));
      scale[ch] = (float) a;
      shift[ch] = (float) ((bias == null ? 0 : at(bias, ch)) - at(mean, ch) * a);
    }
    if (n * p > 0) affine(x.heap().floats(), x.offset(), out.heap().floats(), out.offset(), n, c, p, scale, shift);
  }

  /** {@code Backend.batchNormBackward}: the per-channel sums in one pass, then gradIn in one pass. */
  static void backward(View gradOut, View x, View mean, View var, View weight, double eps, boolean training, View gradIn, View gradWeight, View gradBias) {
    int[] s = x.shape();
    int n = s[0], c = s[1], p = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
    double[] m = new double[c], invstd = new double[c], sumG = new double[c], dot = new double[c];
    for (int ch = 0; ch < c; ch++) {
      m[ch] = at(mean, ch);
      invstd[ch] = 1 / Math.sqrt(at(var, ch) + eps);
    }
    float[] g = gradOut.heap().floats(), xs = x.heap().floats();
    boolean sums = gradWeight != null || gradBias != null || (training && gradIn != null);
    if (sums && n * p > 0) gradSums(g, gradOut.offset(), xs, x.offset(), n, c, p, m, sumG, dot);
    for (int ch = 0; ch < c; ch++) {
      if (gradBias != null) gradBias.heap().floats()[gradBias.offset() + ch] = (float) sumG[ch];
      if (gradWeight != null) gradWeight.heap().floats()[gradWeight.offset() + ch] = (float) (dot[ch] * invstd[ch]);
    }
    if (gradIn == null || n * p == 0) return;
    float[] a = new float[c], b = new float[c], d = new float[c];
    double count = (double) n * p;
    for (int ch = 0; ch < c; ch++) {
      double ac = invstd[ch] * (weight == null ? 1 : at(weight, ch));
      a[ch] = (float) ac;
      if (training) {
        double k = dot[ch] / count * invstd[ch] * invstd[ch];
        b[ch] = (float) (-k * ac);
        d[ch] = (float) ((m[ch] * k - sumG[ch] / count) * ac);
      }
    }
    float[] out = gradIn.heap().floats();
    if (training) combine(g, gradOut.offset(), xs, x.offset(), out, gradIn.offset(), n, c, p, a, b, d);
    else affine(g, gradOut.offset(), out, gradIn.offset(), n, c, p, a, d);
  }

  // ---- statistics ---------------------------------------------------------------------------

  /** Mean and biased variance of each channel of x {@code [n, c, p]} at {@code off}, in double. */
  static void stats(float[] x, int off, int n, int c, int p, double[] mean, double[] var) {
    if (p < SMALL) {
      Parallel.forRange(c, grain(n * p), (from, to) -> {
        for (int ch = from; ch < to; ch++) smallStats(x, off, n, c, p, ch, mean, var);
      });
      return;
    }
    int segs = (p + SEG - 1) / SEG, seg = (p + segs - 1) / segs;
    int units = n * c * segs;
    double[] um = new double[units], um2 = new double[units];
    Parallel.forRange(units, grain(seg), (from, to) -> {
      for (int u = from; u < to; u++) {
        int q = u / segs, s = u % segs;
        int lo = s * seg, len = Math.min(p, lo + seg) - lo;
        int base = off + q * p + lo;
        double m = sum(x, base, len) / len;
        um[u] = m;
        um2[u] = squares(x, base, len, (float) m);
      }
    });
    for (int ch = 0; ch < c; ch++) {
      double cnt = 0, m = 0, m2 = 0;
      for (int b = 0; b < n; b++) {
        for (int s = 0; s < segs; s++) {
          int u = (b * c + ch) * segs + s;
          int len = Math.min(p, s * seg + seg) - s * seg;
          double total = cnt + len, delta = um[u] - m;
          m += delta * len / total;
          m2 += um2[u] + delta * delta * cnt * len / total;
          cnt = total;
        }
      }
      mean[ch] = m;
      var[ch] = m2 / cnt;
    }
  }

  private static void smallStats(float[] x, int off, int n, int c, int p, int ch, double[] mean, double[] var) {
    double s = 0;
    for (int b = 0; b < n; b++) {
      int base = off + (b * c + ch) * p;
      for (int i = 0; i < p; i++) s += x[base + i];
    }
    double m = s / ((double) n * p), s2 = 0;
    for (int b = 0; b < n; b++) {
      int base = off + (b * c + ch) * p;
      for (int i = 0; i < p; i++) {
        double d = x[base + i] - m;
        s2 += d * d;
      }
    }
    mean[ch] = m;
    var[ch] = s2 / ((double) n * p);
  }

  private static int grain(int perItem) {
    return Math.max(1, GRAIN / Math.max(1, perItem));
  }

  /** Sum of {@code x[off, off + len)}. */
  private static double sum(float[] x, int off, int len) {
    double total = 0;
    for (int b = 0; b < len; b += BLOCK) {
      int end = Math.min(len, b + BLOCK), i = b;
      FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
      for (; i <= end - 2 * V; i += 2 * V) {
        a0 = a0.add(FloatVector.fromArray(S, x, off + i));
        a1 = a1.add(FloatVector.fromArray(S, x, off + i + V));
      }
      double s = a0.add(a1).reduceLanes(VectorOperators.ADD);
      for (; i < end; i++) s += x[off + i];
      total += s;
    }
    return total;
  }

  /** Sum of {@code (x - m)^2} over {@code x[off, off + len)}. */
  private static double squares(float[] x, int off, int len, float m) {
    FloatVector mv = FloatVector.broadcast(S, m);
    double total = 0;
    for (int b = 0; b < len; b += BLOCK) {
      int end = Math.min(len, b + BLOCK), i = b;
      FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
      for (; i <= end - 2 * V; i += 2 * V) {
        FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(mv);
        FloatVector d1 = FloatVector.fromArray(S, x, off + i + V).sub(mv);
        a0 = d0.fma(d0, a0);
        a1 = d1.fma(d1, a1);
      }
      double s = a0.add(a1).reduceLanes(VectorOperators.ADD);
      for (; i < end; i++) {
        double d = x[off + i] - m;
        s += d * d;
      }
      total += s;
    }
    return total;
  }

  // ---- the backward's sums ------------------------------------------------------------------

  /** Per channel: {@code sumG[c] = sum(g)} and {@code dot[c] = sum(g * (x - mean[c]))}, in double. */
  static void gradSums(float[] g, int gOff, float[] x, int xOff, int n, int c, int p, double[] mean, double[] sumG, double[] dot) {
    if (p < SMALL) {
      Parallel.forRange(c, grain(2 * n * p), (from, to) -> {
        for (int ch = from; ch < to; ch++) {
          double sg = 0, sd = 0, m = mean[ch];
          for (int b = 0; b < n; b++) {
            int base = (b * c + ch) * p;
            for (int i = 0; i < p; i++) {
              double gv = g[gOff + base + i];
              sg += gv;
              sd += gv * (x[xOff + base + i] - m);
            }
          }
          sumG[ch] = sg;
          dot[ch] = sd;
        }
      });
      return;
    }
    int segs = (p + SEG - 1) / SEG, seg = (p + segs - 1) / segs;
    int units = n * c * segs;
    double[] us = new double[units], ud = new double[units];
    Parallel.forRange(units, grain(2 * seg), (from, to) -> {
      for (int u = from; u < to; u++) {
        int q = u / segs, s = u % segs;
        int lo = s * seg, len = Math.min(p, lo + seg) - lo;
        int base = q * p + lo;
        us[u] = sum(g, gOff + base, len);
        ud[u] = dotCentered(g, gOff + base, x, xOff + base, len, (float) mean[q % c]);
      }
    });
    for (int ch = 0; ch < c; ch++) {
      double sg = 0, sd = 0;
      for (int b = 0; b < n; b++) {
        for (int s = 0; s < segs; s++) {
          int u = (b * c + ch) * segs + s;
          sg += us[u];
          sd += ud[u];
        }
      }
      sumG[ch] = sg;
      dot[ch] = sd;
    }
  }

  /** Sum of {@code g * (x - m)} over {@code len} elements. */
  private static double dotCentered(float[] g, int gOff, float[] x, int xOff, int len, float m) {
    FloatVector mv = FloatVector.broadcast(S, m);
    double total = 0;
    for (int b = 0; b < len; b += BLOCK) {
      int end = Math.min(len, b + BLOCK), i = b;
      FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
      for (; i <= end - 2 * V; i += 2 * V) {
        a0 = FloatVector.fromArray(S, x, xOff + i).sub(mv).fma(FloatVector.fromArray(S, g, gOff + i), a0);
        a1 = FloatVector.fromArray(S, x, xOff + i + V).sub(mv).fma(FloatVector.fromArray(S, g, gOff + i + V), a1);
      }
      double s = a0.add(a1).reduceLanes(VectorOperators.ADD);
      for (; i < end; i++) s += (double) g[gOff + i] * (x[xOff + i] - m);
      total += s;
    }
    return total;
  }

  // ---- elementwise passes -------------------------------------------------------------------

  /** {@code out = x * scale[c] + shift[c]} over {@code [n, c, p]}. */
  static void affine(float[] x, int xOff, float[] out, int oOff, int n, int c, int p, float[] scale, float[] shift) {
    if (p == 1) {
      Parallel.forRange(n, grain(c), (from, to) -> {
        for (int b = from; b < to; b++) {
          int xo = xOff + b * c, oo = oOff + b * c, i = 0;
          for (; i <= c - V; i += V) {
            FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, scale, i), FloatVector.fromArray(S, shift, i)).intoArray(out, oo + i);
          }
          for (; i < c; i++) out[oo + i] = Math.fma(x[xo + i], scale[i], shift[i]);
        }
      });
      return;
    }
    Parallel.forRange(n * c, grain(p), (from, to) -> {
      for (int q = from; q < to; q++) {
        float a = scale[q % c], d = shift[q % c];
        FloatVector av = FloatVector.broadcast(S, a), dv = FloatVector.broadcast(S, d);
        int xo = xOff + q * p, oo = oOff + q * p, i = 0;
        for (; i <= p - V; i += V) FloatVector.fromArray(S, x, xo + i).fma(av, dv).intoArray(out, oo + i);
        for (; i < p; i++) out[oo + i] = Math.fma(x[xo + i], a, d);
      }
    });
  }

  /** {@code out = g * a[c] + x * b[c] + d[c]} over {@code [n, c, p]}; out may alias g. */
  static void combine(float[] g, int gOff, float[] x, int xOff, float[] out, int oOff, int n, int c, int p, float[] a, float[] b, float[] d) {
    if (p == 1) {
      Parallel.forRange(n, grain(2 * c), (from, to) -> {
        for (int r = from; r < to; r++) {
          int go = gOff + r * c, xo = xOff + r * c, oo = oOff + r * c, i = 0;
          for (; i <= c - V; i += V) {
            FloatVector t = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, b, i), FloatVector.fromArray(S, d, i));
            FloatVector.fromArray(S, g, go + i).fma(FloatVector.fromArray(S, a, i), t).intoArray(out, oo + i);
          }
          for (; i < c; i++) out[oo + i] = Math.fma(g[go + i], a[i], Math.fma(x[xo + i], b[i], d[i]));
        }
      });
      return;
    }
    Parallel.forRange(n * c, grain(2 * p), (from, to) -> {
      for (int q = from; q < to; q++) {
        int ch = q % c;
        float ac = a[ch], bc = b[ch], dc = d[ch];
        FloatVector av = FloatVector.broadcast(S, ac), bv = FloatVector.broadcast(S, bc), dv = FloatVector.broadcast(S, dc);
        int go = gOff + q * p, xo = xOff + q * p, oo = oOff + q * p, i = 0;
        for (; i <= p - V; i += V) {
          FloatVector t = FloatVector.fromArray(S, x, xo + i).fma(bv, dv);
          FloatVector.fromArray(S, g, go + i).fma(av, t).intoArray(out, oo + i);
        }
        for (; i < p; i++) out[oo + i] = Math.fma(g[go + i], ac, Math.fma(x[xo + i], bc, dc));
      }
    });
  }
}
