package dev.fathom.backend.simd;

import java.util.Arrays;

/**
 * im2col straight into {@link Sgemm}'s packed panel layouts, so a convolution unfolds its patches
 * once instead of unfolding them and then packing the unfolded matrix again. For a band of output
 * rows {@code [oh0, oh1)} of one image and group, the patch matrix is {@code cols[q, pix]} with
 * {@code q = (c*kh + ki)*kw + kj} (a row of the weight's last three dims) and {@code pix} the pixel
 * of the band ({@code (oh - oh0)*ow + ow}).
 *
 * <ul>
 *   <li>{@link #asB}: {@code cols[k, len]} as the B operand (forward: {@code out = W cols}), in
 *       NR-pixel panels, K blocked by {@link Sgemm#kStep}.</li>
 *   <li>{@link #asA}: {@code cols[k, len]} as the A operand of depth {@code len} (weight gradient:
 *       {@code gradW^T = cols gradOut^T}), in MR-row panels, one K block (len at most
 *       {@link Sgemm#KC}).</li>
 * </ul>
 *
 * <pre>{@code
 * float[] bp = new float[Sgemm.roundUp(len, Sgemm.NR) * g.k()];
 * ConvPack.asB(g, x, xOff, oh0, oh1, bp);
 * Sgemm.gemmPacked(g.og(), len, g.k(), packedW, 0, bp, 0, out, oOff, g.p(), false);
 * }</pre>
 */
final class ConvPack {
  private static final int NR = Sgemm.NR;
  private static final int MR = Sgemm.MR;

  private ConvPack() {}

  /** Packs the patches of output rows {@code [oh0, oh1)} as {@link Sgemm#gemmPacked}'s B operand {@code [k, len]}. */
  static void asB(ConvGeometry g, float[] x, int xOff, int oh0, int oh1, float[] dst) {
    int ow = g.ow(), len = (oh1 - oh0) * ow, nPad = Sgemm.roundUp(len, NR), k = g.k(), ks = Sgemm.kStep(k);
    int hw = g.h() * g.w(), khw = g.kh() * g.kw(), sw = g.sw();
    for (int q = 0; q < k; q++) {
      int c = q / khw, ki = (q / g.kw()) % g.kh(), kj = q % g.kw();
      int pc = q / ks * ks, kc = Math.min(ks, k - pc);
      int base = nPad * pc + (q - pc) * NR, panelStride = kc * NR;
      int lo = g.owLo(kj), hi = Math.max(lo, g.owHi(kj)), shift = kj * g.dw() - g.pw();
      for (int oh = oh0; oh < oh1; oh++) {
        int pix0 = (oh - oh0) * ow;
        int ih = oh * g.sh() - g.ph() + ki * g.dh();
        if (ih < 0 || ih >= g.h()) {
          zerosB(dst, base, panelStride, pix0, pix0 + ow);
          continue;
        }
        int src = xOff + c * hw + ih * g.w() + shift;
        zerosB(dst, base, panelStride, pix0, pix0 + lo);
        for (int j = lo; j < hi; ) {
          int pix = pix0 + j, panel = pix / NR, lane = pix - panel * NR, run = Math.min(NR - lane, hi - j);
          int d = base + panel * panelStride + lane;
          if (sw == 1) System.arraycopy(x, src + j, dst, d, run);
          else for (int t = 0; t < run; t++) dst[d + t] = x[src + (j + t) * sw];
          j += run;
        }
        zerosB(dst, base, panelStride, pix0 + hi, pix0 + ow);
      }
    }
  }

  private static void zerosB(float[] dst, int base, int panelStride, int from, int to) {
    for (int pix = from; pix < to; ) {
      int panel = pix / NR, lane = pix - panel * NR, run = Math.min(NR - lane, to - pix);
      int d = base + panel * panelStride + lane;
      Arrays.fill(dst, d, d + run, 0f);
      pix += run;
    }
  }

  /**
   * Packs the patches of output rows {@code [oh0, oh1)} as {@link Sgemm#gemmPacked}'s A operand
   * {@code [k, len]} (depth {@code len}, which must be at most {@link Sgemm#KC}: one K block).
   */
  static void asA(ConvGeometry g, float[] x, int xOff, int oh0, int oh1, float[] dst) {
    int ow = g.ow(), len = (oh1 - oh0) * ow, k = g.k();
    int hw = g.h() * g.w(), khw = g.kh() * g.kw(), sw = g.sw();
    for (int q = 0; q < k; q++) {
      int c = q / khw, ki = (q / g.kw()) % g.kh(), kj = q % g.kw();
      int base = (q / MR) * MR * len + q % MR;
      int lo = g.owLo(kj), hi = Math.max(lo, g.owHi(kj)), shift = kj * g.dw() - g.pw();
      for (int oh = oh0; oh < oh1; oh++) {
        int d = base + (oh - oh0) * ow * MR;
        int ih = oh * g.sh() - g.ph() + ki * g.dh();
        if (ih < 0 || ih >= g.h()) {
          for (int j = 0; j < ow; j++) dst[d + j * MR] = 0f;
          continue;
        }
        int src = xOff + c * hw + ih * g.w() + shift;
        for (int j = 0; j < lo; j++) dst[d + j * MR] = 0f;
        if (sw == 1) for (int j = lo; j < hi; j++) dst[d + j * MR] = x[src + j];
        else for (int j = lo; j < hi; j++) dst[d + j * MR] = x[src + j * sw];
        for (int j = hi; j < ow; j++) dst[d + j * MR] = 0f;
      }
    }
    // Rows of the last panel beyond k: zero, so the discarded tile rows stay finite.
    for (int q = k; q < Sgemm.roundUp(k, MR); q++) {
      int base = (q / MR) * MR * len + q % MR;
      for (int p = 0; p < len; p++) dst[base + p * MR] = 0f;
    }
  }
}
