package dev.fathom.backend.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col straight into {@link Sgemm}'s packed panel layouts, so a convolution unfolds its patches
 * once instead of unfolding them and then packing the unfolded matrix again. For a band of output
 * rows {@code [oh0, oh1)} of one image and group, the patch matrix is {@code cols[q, pix]} with
 * {@code q = (c*kh + ki)*kw + kj} (a row of the weight's last three dims) and {@code pix} the pixel
 * of the band ({@code (oh - oh0)*ow + ow}).
 *
 * {@link #asB} packs {@code cols[k, len]} as the B operand (forward: {@code out = W cols}), in
 * NR-pixel panels, K blocked by {@link Sgemm#kStep}: each patch row is unfolded into a row
 * buffer that stays in L1, then copied panel by panel with vector moves.
 *
 * <pre>{@code
 * float[] bp = new float[Sgemm.roundUp(len, Sgemm.NR) * g.k()];
 * ConvPack.asB(g, x, xOff, oh0, oh1, bp);
 * Sgemm.gemmPacked(g.og(), len, g.k(), packedW, 0, bp, 0, out, oOff, g.p(), false);
 * }</pre>
 */
final class ConvPack {
  private static final int NR = Sgemm.NR;
  private static final VectorSpecies<Float> S = Sgemm.S;
  private static final int V = Sgemm.V;
  /** One unfolded patch row (padded to whole panels), per thread. */
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

  private ConvPack() {}

  /** Packs the patches of output rows {@code [oh0, oh1)} as {@link Sgemm#gemmPacked}'s B operand {@code [k, len]}. */
  static void asB(ConvGeometry g, float[] x, int xOff, int oh0, int oh1, float[] dst) {
    int ow = g.ow(), len = (oh1 - oh0) * ow, nPad = Sgemm.roundUp(len, NR), k = g.k(), ks = Sgemm.kStep(k);
    int hw = g.h() * g.w(), khw = g.kh() * g.kw(), sw = g.sw();
    float[] row = ROW.get();
    if (row.length < nPad) ROW.set(row = new float[nPad]);
    for (int q = 0; q < k; q++) {
      int c = q / khw, ki = (q / g.kw()) % g.kh(), kj = q % g.kw();
      int lo = g.owLo(kj), hi = Math.max(lo, g.owHi(kj)), shift = kj * g.dw() - g.pw();
      for (int oh = oh0; oh < oh1; oh++) {
        int d = (oh - oh0) * ow;
        int ih = oh * g.sh() - g.ph() + ki * g.dh();
        if (ih < 0 || ih >= g.h()) {
          Arrays.fill(row, d, d + ow, 0f);
          continue;
        }
        int src = xOff + c * hw + ih * g.w() + shift;
        for (int j = 0; j < lo; j++) row[d + j] = 0f;
        if (sw == 1) System.arraycopy(x, src + lo, row, d + lo, hi - lo);
        else for (int j = lo; j < hi; j++) row[d + j] = x[src + j * sw];
        for (int j = hi; j < ow; j++) row[d + j] = 0f;
      }
      int pc = q / ks * ks, kc = Math.min(ks, k - pc);
      int base = nPad * pc + (q - pc) * NR, panelStride = kc * NR;
      for (int j = 0, d = base; j < nPad; j += NR, d += panelStride) {
        FloatVector.fromArray(S, row, j).intoArray(dst, d);
        FloatVector.fromArray(S, row, j + V).intoArray(dst, d + V);
      }
    }
  }

}
