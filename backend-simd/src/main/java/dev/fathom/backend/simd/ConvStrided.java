package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution for strides above 1 (ResNet's 7x7 stride-2 stem and its stride-2
 * downsampling layers) without unfolded patches. A band of output rows copies the input rows it
 * reads once into a zero-padded buffer {@code xp[cg, (rows-1)*sh + dh*(kh-1) + 1, wp]},
 * {@code wp = w + pw} (as in {@link ConvDirect}, a row's right padding is the next row's left
 * padding), so tap {@code q = (c*kh + ki)*kw + kj} of the output pixel {@code (r, j)} reads
 * {@code xp[base(r, j) + off[q]]} with {@code base = r*sh*wp + j*sw} and
 * {@code off[q] = c*cs + ki*dh*wp + kj*dw}. Each register tile takes {@link Sgemm#MR} real output
 * pixels (each with its own base, so rows and strides cost nothing extra) x {@link Sgemm#NR}
 * output channels of the packed weight {@code [panel, k, NR]}; the band's pixel-major tiles are
 * then transposed into NCHW with the bias.
 *
 * <pre>{@code
 * ConvGeometry g = new ConvGeometry(16, 3, 224, 224, 64, 7, 7, 2, 2, 3, 3, 1, 1, 1); // -> [16, 64, 112, 112]
 * if (ConvStrided.applies(g)) ConvStrided.forward(g, x, w, bias, out);
 * }</pre>
 */
final class ConvStrided {
  private static final VectorSpecies<Float> S = Sgemm.S;
  private static final int V = Sgemm.V, MR = Sgemm.MR, NR = Sgemm.NR;
  /** Floats of the padded input band of a work item (256 KiB, in L2 with the weight panel). */
  private static final int BAND_FLOATS = 64 * 1024;
  /** Most output pixels per band (their tile buffer is 128 KiB). */
  private static final int BAND_PIXELS = 1024;
  /** Taps per pass of a tile over the band (the weight slice is KD x NR floats, in L1). */
  private static final int KD = 144;
  /** Smallest patch length worth a tile. */
  private static final int MIN_TAPS = 16;
  /** Whether this path is used ({@code -Dfathom.simd.stridedConv}). */
  static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("fathom.simd.stridedConv", "true"));

  /** Whether rows at column stride 2 take {@link #tileRow2} ({@code -Dfathom.simd.rowTiles}). */
  static final boolean ROW_TILES = Boolean.parseBoolean(System.getProperty("fathom.simd.rowTiles", "true"));

  private ConvStrided() {}

  /**
   * True for a stride above 1 with a full panel of output channels per group, enough taps, and a
   * kernel larger than 1x1 (a strided 1x1 convolution measured faster as im2col + GEMM: its unfold is
   * a cheap subsample and its GEMM has no tap structure to exploit).
   */
  static boolean applies(ConvGeometry g) {
    return ENABLED && fits(g);
  }

  /** {@link #applies} regardless of {@link #ENABLED}. */
  static boolean fits(ConvGeometry g) {
    return (g.sh() != 1 || g.sw() != 1) && g.kh() * g.kw() > 1 && g.og() >= NR && g.k() >= MIN_TAPS;
  }

  private static int halo(ConvGeometry g) {
    return g.dh() * (g.kh() - 1);
  }

  /** Input rows a band of {@code rows} output rows reads. */
  static int inputRows(ConvGeometry g, int rows) {
    return (rows - 1) * g.sh() + halo(g) + 1;
  }

  /** Output rows per band: the padded band within {@link #BAND_FLOATS}, its pixels within {@link #BAND_PIXELS}. */
  private static int bandRows(ConvGeometry g) {
    int wp = ConvDirect.wp(g), inRows = BAND_FLOATS / Math.max(1, g.cg() * wp);
    int rows = (inRows - halo(g) - 1) / g.sh() + 1;
    return Math.max(1, Math.min(Math.min(g.oh(), rows), BAND_PIXELS / g.ow()));
  }

  /** {@code out = conv2d(x, w) + bias} (bias may be null) for a geometry that {@link #applies}. */
  static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
    int og = g.og(), k = g.k(), panels = (og + NR - 1) / NR, wp = ConvDirect.wp(g), ow = g.ow();
    int rows = bandRows(g), threads = Parallel.numThreads(), units = g.n() * g.groups();
    int bands = (g.oh() + rows - 1) / rows, pSplit = 1;
    if (units * bands < threads && panels >= 2) pSplit = Math.min(panels, (threads + units * bands - 1) / (units * bands));
    int pPer = (panels + pSplit - 1) / pSplit, pParts = (panels + pPer - 1) / pPer;
    int cs = inputRows(g, rows) * wp;
    float[] wpk = ConvDirect.packWeight(g, w, NR, Scratch.floats(Scratch.PACK, ConvDirect.packedSize(g, NR)));
    int[] off = offsets(g, cs);
    int pixMax = Sgemm.roundUp(rows * ow, MR), bandSize = g.cg() * cs + g.pw() + V;
    // Equal passes of at most about KD taps (the stem's 147 taps in one pass rather than 144 + 3).
    int passes = Math.max(1, (k + KD + KD / 4) / (KD + KD / 4)), kd = (k + passes - 1) / passes;
    boolean rowTiles = ROW_TILES && g.sw() == 2 && ow >= 4 * MR;
    int items = units * bands * pParts;
    long macs = (long) pPer * NR * k * rows * ow;
    int grain = (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, 2 * macs));
    Parallel.forRange(items, grain, (from, to) -> {
      float[] xp = new float[bandSize], cb = new float[pixMax * NR];
      int[] pb = new int[pixMax];
      for (int it = from; it < to; it++) {
        int part = it % pParts, bi = it / pParts;
        int band = bi % bands, ng = bi / bands, grp = ng % g.groups(), img = ng / g.groups();
        int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows), npix = (oh1 - oh0) * ow;
        padBand(g, x, (img * g.c() + grp * g.cg()) * g.h() * g.w(), oh0, oh1, cs, xp);
        int nPad = Sgemm.roundUp(npix, MR);
        for (int i = 0; i < nPad; i++) {
          int p = Math.min(i, npix - 1);
          pb[i] = (p / ow) * g.sh() * wp + (p % ow) * g.sw();
        }
        for (int jp = part * pPer, jpEnd = Math.min(panels, jp + pPer); jp < jpEnd; jp++) {
          int wBase = (grp * panels + jp) * k * NR;
          for (int k0 = 0; k0 < k; k0 += kd) {
            int k1 = Math.min(k, k0 + kd);
            if (rowTiles) {
              // Six pixels of one row at stride 2: one base, constant offsets (the last tile of a
              // row overlaps the one before it).
              for (int r = 0, nr = oh1 - oh0; r < nr; r++)
                for (int j0 = 0; j0 < ow; j0 += MR) {
                  int j = Math.min(j0, ow - MR), i = r * ow + j;
                  tileRow2(k0, k1, off, xp, pb[i], wpk, wBase + k0 * NR, cb, i * NR, k0 > 0);
                }
            } else {
              for (int i = 0; i < nPad; i += MR) tile(k0, k1, off, xp, pb, i, wpk, wBase + k0 * NR, cb, i * NR, k0 > 0);
            }
          }
          int o0 = grp * og + jp * NR, on = Math.min(NR, og - jp * NR);
          writeOut(cb, npix, on, bias, o0, out, (img * g.o() + o0) * g.p() + oh0 * ow, g.p());
        }
      }
    });
  }

  /** Tap offsets {@code off[q] = c*cs + ki*dh*wp + kj*dw} into a band of channel stride {@code cs}. */
  static int[] offsets(ConvGeometry g, int cs) {
    int wp = ConvDirect.wp(g);
    int[] off = new int[g.k()];
    for (int c = 0, q = 0; c < g.cg(); c++)
      for (int ki = 0; ki < g.kh(); ki++)
        for (int kj = 0; kj < g.kw(); kj++) off[q++] = c * cs + ki * g.dh() * wp + kj * g.dw();
    return off;
  }

  /** Copies the input rows of output rows {@code [oh0, oh1)} into {@code xp} (channel stride {@code cs}), zero-padded. */
  static void padBand(ConvGeometry g, float[] x, int xOff, int oh0, int oh1, int cs, float[] xp) {
    int wp = ConvDirect.wp(g), pw = g.pw(), w = g.w(), hw = g.h() * w;
    int rIn = inputRows(g, oh1 - oh0), ih0 = oh0 * g.sh() - g.ph();
    for (int c = 0; c < g.cg(); c++) {
      for (int r = 0; r < rIn; r++) {
        int ih = ih0 + r, d = c * cs + r * wp;
        if (ih < 0 || ih >= g.h()) {
          Arrays.fill(xp, d, d + wp, 0f);
          continue;
        }
        Arrays.fill(xp, d, d + pw, 0f);
        System.arraycopy(x, xOff + c * hw + ih * w, xp, d + pw, w);
      }
      // The right padding of the last row (the next channel's first left padding when the band is full).
      Arrays.fill(xp, c * cs + rIn * wp, c * cs + rIn * wp + pw, 0f);
    }
  }

  /** Channels {@code [0, on)} of the pixel-major tiles {@code cb[npix, NR]} into NCHW (plane {@code p}), plus the bias. */
  private static void writeOut(float[] cb, int npix, int on, float[] bias, int b0, float[] out, int oOff, int p) {
    int full = npix >= V ? on / V * V : 0;
    // V x V blocks transposed in registers; the last block of the band overlaps the one before it.
    for (int h = 0; h < full; h += V)
      for (int v0 = 0; v0 < npix; v0 += V) {
        int v = Math.min(v0, npix - V);
        Transpose.block(cb, v * NR + h, NR, out, oOff + h * p + v, p, bias, b0 + h);
      }
    for (int o = full; o < on; o++) {
      float b = bias == null ? 0f : bias[b0 + o];
      int d = oOff + o * p;
      for (int v = 0; v < npix; v++) out[d + v] = cb[v * NR + o] + b;
    }
  }

  /** {@link #tile} for six pixels of one row at column stride 2, starting at base {@code p}. */
  private static void tileRow2(int k0, int k1, int[] off, float[] xp, int p, float[] wpk, int wi, float[] cb, int ci, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int q = k0; q < k1; q++, wi += NR) {
      int a = p + off[q];
      FloatVector b0 = FloatVector.fromArray(S, wpk, wi), b1 = FloatVector.fromArray(S, wpk, wi + V);
      FloatVector x = FloatVector.broadcast(S, xp[a]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, xp[a + 2]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, xp[a + 4]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, xp[a + 6]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, xp[a + 8]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, xp[a + 10]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    Sgemm.store(c00, c01, cb, ci, load);
    Sgemm.store(c10, c11, cb, ci + NR, load);
    Sgemm.store(c20, c21, cb, ci + 2 * NR, load);
    Sgemm.store(c30, c31, cb, ci + 3 * NR, load);
    Sgemm.store(c40, c41, cb, ci + 4 * NR, load);
    Sgemm.store(c50, c51, cb, ci + 5 * NR, load);
  }

  /** {@code cb[i..i+MR, 0..NR] (+)= sum over taps [k0, k1) of xp[pb[i + r] + off[q]] * wpk[q, 0..NR]}. */
  private static void tile(int k0, int k1, int[] off, float[] xp, int[] pb, int i, float[] wpk, int wi, float[] cb, int ci, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    int p0 = pb[i], p1 = pb[i + 1], p2 = pb[i + 2], p3 = pb[i + 3], p4 = pb[i + 4], p5 = pb[i + 5];
    for (int q = k0; q < k1; q++, wi += NR) {
      int o = off[q];
      FloatVector b0 = FloatVector.fromArray(S, wpk, wi), b1 = FloatVector.fromArray(S, wpk, wi + V);
      FloatVector x = FloatVector.broadcast(S, xp[p0 + o]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, xp[p1 + o]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, xp[p2 + o]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, xp[p3 + o]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, xp[p4 + o]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, xp[p5 + o]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    Sgemm.store(c00, c01, cb, ci, load);
    Sgemm.store(c10, c11, cb, ci + NR, load);
    Sgemm.store(c20, c21, cb, ci + 2 * NR, load);
    Sgemm.store(c30, c31, cb, ci + 3 * NR, load);
    Sgemm.store(c40, c41, cb, ci + 4 * NR, load);
    Sgemm.store(c50, c51, cb, ci + 5 * NR, load);
  }
}
