package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct stride-1 convolution of {@link ConvDirect} for groups with fewer output channels than
 * a register panel ({@code og < NR}, e.g. 1 to 31): the register tile is {@link #CO} output
 * channels x {@link #PV} vectors of consecutive (virtual) pixels, so each tap loads three pixel
 * vectors straight from the padded band and broadcasts four weights (seven loads for twelve FMAs,
 * against thirteen for a tile of pixels x one channel vector). The tile is channel-major, the same
 * layout as the NCHW output, so the band is written back by row copies with no transposes.
 *
 * <pre>{@code
 * ConvGeometry g = new ConvGeometry(64, 32, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
 * ConvNarrow.forward(g, x, w, null, out); // x [64,32,14,14], w [16,32,3,3], out [64,16,14,14]
 * }</pre>
 */
final class ConvNarrow {
  private static final VectorSpecies<Float> S = Sgemm.S;
  private static final int V = Sgemm.V;
  /** Output channels of the register tile. */
  static final int CO = 8;
  /** Pixel vectors of the register tile. */
  static final int PV = 2;
  private static final int PX = PV * V;
  /** Floats of the padded input band of an item. */
  private static final int BAND_FLOATS = 64 * 1024;

  private ConvNarrow() {}

  /** {@code out = conv2d(x, w) + bias} (bias may be null) for a stride-1, non-pointwise geometry. */
  static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
    int rows = ConvDirect.bandRows(g, BAND_FLOATS), bands = (g.oh() + rows - 1) / rows;
    int og = g.og(), k = g.k(), blocks = (og + CO - 1) / CO, wp = ConvDirect.wp(g), ow = g.ow(), p = g.p();
    float[] wpk = pack(g, w);
    int[] off = ConvDirect.offsets(g, rows);
    boolean three = g.kw() == 3 && g.dw() == 1;
    int[] rowOff = new int[k / g.kw()];
    for (int t = 0; t < rowOff.length; t++) rowOff[t] = off[t * g.kw()];
    int items = g.n() * g.groups() * bands;
    int ld = Sgemm.roundUp((rows - 1) * wp + ow, PX);
    long macs = (long) blocks * CO * k * rows * wp;
    int grain = (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, 2 * macs));
    Parallel.forRange(items, grain, (from, to) -> {
      float[] xp = new float[ConvDirect.bandSize(g, rows) + PX], cb = new float[CO * ld];
      for (int it = from; it < to; it++) {
        int band = it % bands, ng = it / bands, grp = ng % g.groups(), img = ng / g.groups();
        int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows);
        int nv = (oh1 - oh0 - 1) * wp + ow;
        ConvDirect.padBand(g, x, (img * g.c() + grp * g.cg()) * g.h() * g.w(), oh0, oh1, rows, xp);
        for (int blk = 0; blk < blocks; blk++) {
          int wBase = (grp * blocks + blk) * k * CO;
          if (three) for (int v = 0; v < nv; v += PX) tile3(rowOff.length, rowOff, xp, v, wpk, wBase, cb, v, ld);
          else for (int v = 0; v < nv; v += PX) tile(k, off, xp, v, wpk, wBase, cb, v, ld);
          for (int c = 0, on = Math.min(CO, og - blk * CO); c < on; c++) {
            int o = grp * og + blk * CO + c, d = (img * g.o() + o) * p;
            if (bias == null) {
              for (int oh = oh0; oh < oh1; oh++) System.arraycopy(cb, c * ld + (oh - oh0) * wp, out, d + oh * ow, ow);
            } else {
              float b = bias[o];
              for (int oh = oh0; oh < oh1; oh++) {
                int s = c * ld + (oh - oh0) * wp, dd = d + oh * ow;
                for (int j = 0; j < ow; j++) out[dd + j] = cb[s + j] + b;
              }
            }
          }
        }
      }
    });
  }

  /** The weight as {@code [groups, blocks, k, CO]}, output channels past {@code og} zero. */
  private static float[] pack(ConvGeometry g, float[] w) {
    int og = g.og(), k = g.k(), blocks = (og + CO - 1) / CO;
    float[] p = new float[g.groups() * blocks * k * CO];
    for (int grp = 0; grp < g.groups(); grp++)
      for (int o = 0; o < og; o++) {
        int src = (grp * og + o) * k, dst = (grp * blocks + o / CO) * k * CO + o % CO;
        for (int q = 0; q < k; q++) p[dst + q * CO] = w[src + q];
      }
    return p;
  }

  /** {@code cb[c*ld + ci ..+PX] = sum over tap rows t of the three taps at xp[v + rowOff[t] + kj ..]} for kernels three wide at dilation 1. */
  private static void tile3(int rowsT, int[] rowOff, float[] xp, int v, float[] wpk, int wi, float[] cb, int ci, int ld) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    for (int t = 0; t < rowsT; t++) {
      int a = v + rowOff[t];
      for (int kj = 0; kj < 3; kj++, a++, wi += CO) {
        FloatVector x0 = FloatVector.fromArray(S, xp, a), x1 = FloatVector.fromArray(S, xp, a + 1 * V);
        FloatVector w;
        w = FloatVector.broadcast(S, wpk[wi + 0]);
        c00 = x0.fma(w, c00); c01 = x1.fma(w, c01);
        w = FloatVector.broadcast(S, wpk[wi + 1]);
        c10 = x0.fma(w, c10); c11 = x1.fma(w, c11);
        w = FloatVector.broadcast(S, wpk[wi + 2]);
        c20 = x0.fma(w, c20); c21 = x1.fma(w, c21);
        w = FloatVector.broadcast(S, wpk[wi + 3]);
        c30 = x0.fma(w, c30); c31 = x1.fma(w, c31);
        w = FloatVector.broadcast(S, wpk[wi + 4]);
        c40 = x0.fma(w, c40); c41 = x1.fma(w, c41);
        w = FloatVector.broadcast(S, wpk[wi + 5]);
        c50 = x0.fma(w, c50); c51 = x1.fma(w, c51);
        w = FloatVector.broadcast(S, wpk[wi + 6]);
        c60 = x0.fma(w, c60); c61 = x1.fma(w, c61);
        w = FloatVector.broadcast(S, wpk[wi + 7]);
        c70 = x0.fma(w, c70); c71 = x1.fma(w, c71);
      }
    }
    c00.intoArray(cb, ci + 0 * ld); c01.intoArray(cb, ci + 0 * ld + 1 * V);
    c10.intoArray(cb, ci + 1 * ld); c11.intoArray(cb, ci + 1 * ld + 1 * V);
    c20.intoArray(cb, ci + 2 * ld); c21.intoArray(cb, ci + 2 * ld + 1 * V);
    c30.intoArray(cb, ci + 3 * ld); c31.intoArray(cb, ci + 3 * ld + 1 * V);
    c40.intoArray(cb, ci + 4 * ld); c41.intoArray(cb, ci + 4 * ld + 1 * V);
    c50.intoArray(cb, ci + 5 * ld); c51.intoArray(cb, ci + 5 * ld + 1 * V);
    c60.intoArray(cb, ci + 6 * ld); c61.intoArray(cb, ci + 6 * ld + 1 * V);
    c70.intoArray(cb, ci + 7 * ld); c71.intoArray(cb, ci + 7 * ld + 1 * V);
  }


  /** {@code cb[c*ld + ci ..+PX] = sum over taps q of xp[v + off[q] ..] * wpk[wi + q*CO + c]}. */
  private static void tile(int k, int[] off, float[] xp, int v, float[] wpk, int wi, float[] cb, int ci, int ld) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    for (int q = 0; q < k; q++, wi += CO) {
      int a = v + off[q];
      {
        FloatVector x0 = FloatVector.fromArray(S, xp, a), x1 = FloatVector.fromArray(S, xp, a + 1 * V);
        FloatVector w;
        w = FloatVector.broadcast(S, wpk[wi + 0]);
        c00 = x0.fma(w, c00); c01 = x1.fma(w, c01);
        w = FloatVector.broadcast(S, wpk[wi + 1]);
        c10 = x0.fma(w, c10); c11 = x1.fma(w, c11);
        w = FloatVector.broadcast(S, wpk[wi + 2]);
        c20 = x0.fma(w, c20); c21 = x1.fma(w, c21);
        w = FloatVector.broadcast(S, wpk[wi + 3]);
        c30 = x0.fma(w, c30); c31 = x1.fma(w, c31);
        w = FloatVector.broadcast(S, wpk[wi + 4]);
        c40 = x0.fma(w, c40); c41 = x1.fma(w, c41);
        w = FloatVector.broadcast(S, wpk[wi + 5]);
        c50 = x0.fma(w, c50); c51 = x1.fma(w, c51);
        w = FloatVector.broadcast(S, wpk[wi + 6]);
        c60 = x0.fma(w, c60); c61 = x1.fma(w, c61);
        w = FloatVector.broadcast(S, wpk[wi + 7]);
        c70 = x0.fma(w, c70); c71 = x1.fma(w, c71);
      }
    }
    c00.intoArray(cb, ci + 0 * ld); c01.intoArray(cb, ci + 0 * ld + 1 * V);
    c10.intoArray(cb, ci + 1 * ld); c11.intoArray(cb, ci + 1 * ld + 1 * V);
    c20.intoArray(cb, ci + 2 * ld); c21.intoArray(cb, ci + 2 * ld + 1 * V);
    c30.intoArray(cb, ci + 3 * ld); c31.intoArray(cb, ci + 3 * ld + 1 * V);
    c40.intoArray(cb, ci + 4 * ld); c41.intoArray(cb, ci + 4 * ld + 1 * V);
    c50.intoArray(cb, ci + 5 * ld); c51.intoArray(cb, ci + 5 * ld + 1 * V);
    c60.intoArray(cb, ci + 6 * ld); c61.intoArray(cb, ci + 6 * ld + 1 * V);
    c70.intoArray(cb, ci + 7 * ld); c71.intoArray(cb, ci + 7 * ld + 1 * V);
  }

}
