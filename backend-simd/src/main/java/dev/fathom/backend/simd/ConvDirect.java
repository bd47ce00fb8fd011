package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct stride-1 convolution (any kernel size, padding, dilation and groups) with no unfolded
 * patches: each band of output rows copies its input rows once into a zero-padded buffer
 * {@code xp[cg, rows + dh*(kh-1), wp]} with {@code wp = w + pw} (each row keeps its left padding
 * and reads its right padding from the next row's left), and every tap {@code q = (c*kh + ki)*kw + kj} is then
 * the fixed offset {@code off[q] = c*rows*wp + ki*dh*wp + kj*dw} into it. Output pixels are counted
 * on a virtual grid {@code v = r*wp + j} that includes the {@code wp - ow} columns past each row's
 * end (computed and dropped), so the input of pixel {@code v} at tap {@code q} is simply
 * {@code xp[v + off[q]]}.
 *
 * <p>Forward: a register tile of {@link Sgemm#MR} consecutive pixels x {@link Sgemm#NR} output
 * channels broadcasts the six inputs of each tap and multiplies them by a vector pair of the packed
 * weight {@code [panel, k, NR]}; the tile goes to a pixel-major buffer that is transposed into NCHW
 * (with the bias) once per band; groups of fewer than NR output channels go to {@link ConvNarrow}
 * (channels x pixel vectors, same band layout). Weight gradient: {@code gradW^T[q, o] = sum_v xp[off[q] + v] *
 * gradOut[o, v]} over the real pixels, one product per output row, whose A rows are read in place
 * from the padded band through the offsets, with gradOut packed pixel-major.
 *
 * <pre>{@code
 * ConvGeometry g = new ConvGeometry(8, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
 * if (ConvDirect.appliesForward(g)) ConvDirect.forward(g, x, w, bias, out); // NCHW in and out
 * }</pre>
 */
final class ConvDirect {
  private static final VectorSpecies<Float> S = Sgemm.S;
  private static final int V = Sgemm.V, MR = Sgemm.MR, NR = Sgemm.NR;
  /** Floats of the padded input band of a forward item (256 KiB, in L2 with the weight panel). */
  private static final int BAND_FLOATS = 64 * 1024;
  /** Taps per pass of the forward tile over the buffer (the weight panel is k x NR floats). */
  private static final int KD = 144;
  /** Virtual pixels per band of the weight gradient: the depth of its products. */
  private static final int WEIGHT_PIXELS = 256;
  /** Smallest patch length worth a direct forward tile (its store costs as much as about 16 taps). */
  private static final int MIN_TAPS = 16;
  /** Shortest output row the weight gradient takes as the depth of one product. */
  private static final int MIN_ROW = 8;

  /** Whether short rows take whole-row tiles plus leftover tiles ({@code -Dfathom.simd.rowTiles3}). */
  static final boolean ROW_TILES3 = Boolean.parseBoolean(System.getProperty("fathom.simd.rowTiles3", "true"));

  private ConvDirect() {}

  /** Smallest patch length worth a {@link ConvNarrow} tile. */
  private static final int MIN_TAPS_NARROW = 9;
  /** Fewest output channels per group {@link ConvNarrow} takes (its tile is {@link ConvNarrow#CO} channels). */
  static final int MIN_NARROW = ConvNarrow.CO;

  /**
   * True when {@link #forward} applies: stride 1, not pointwise, and either a full channel panel
   * ({@code NR}) with enough taps, or fewer channels but a full {@link ConvNarrow} tile of them.
   */
  static boolean appliesForward(ConvGeometry g) {
    if (g.sh() != 1 || g.sw() != 1 || g.isPointwise()) return false;
    return g.og() >= NR ? g.k() >= MIN_TAPS : g.og() >= MIN_NARROW && g.k() >= MIN_TAPS_NARROW;
  }


  /**
   * True when {@link #backwardWeight} applies: a kernel larger than 1x1 (or 1x1 with padding), a
   * full channel panel, a full tile of taps, and output rows long enough to be the depth of a
   * product (one product per row). Any stride: strided layers use {@link ConvStrided}'s band.
   */
  static boolean appliesWeight(ConvGeometry g) {
    boolean strided = g.sh() != 1 || g.sw() != 1;
    return (strided ? g.kh() * g.kw() > 1 : !g.isPointwise()) && g.og() >= NR && g.k() >= MR && g.ow() >= MIN_ROW;
  }

  /**
   * Row stride of the padded band: {@code w + pw}. At stride 1 a row's right padding is {@code pw}
   * columns, the same as the next row's left padding, so each row keeps only its left zeros and
   * reads the right ones from the next row (the last row from {@code pw} zeros after it).
   */
  static int wp(ConvGeometry g) {
    return g.w() + g.pw();
  }

  /** Output rows per band such that the padded band holds about {@code floats} floats and every thread gets an item. */
  static int bandRows(ConvGeometry g, int floats) {
    int halo = g.dh() * (g.kh() - 1);
    int rows = Math.max(1, Math.min(g.oh(), floats / Math.max(1, g.cg() * wp(g)) - halo));
    int perImage = Math.max(1, Parallel.numThreads() / Math.max(1, g.n() * g.groups()));
    if (perImage > 1) rows = Math.max(1, Math.min(rows, (g.oh() + perImage - 1) / perImage));
    return rows;
  }

  /** Tap offsets into a padded band of {@code bandRows} output rows. */
  static int[] offsets(ConvGeometry g, int bandRows) {
    int wp = wp(g), cs = (bandRows + g.dh() * (g.kh() - 1)) * wp;
    int[] off = new int[g.k()];
    for (int c = 0, q = 0; c < g.cg(); c++)
      for (int ki = 0; ki < g.kh(); ki++)
        for (int kj = 0; kj < g.kw(); kj++) off[q++] = c * cs + ki * g.dh() * wp + kj * g.dw();
    return off;
  }

  /** Floats of a padded band buffer (plus the overrun of the last, partial tile). */
  static int bandSize(ConvGeometry g, int bandRows) {
    return g.cg() * (bandRows + g.dh() * (g.kh() - 1)) * wp(g) + g.pw() + 4 * V;
  }

  /** Copies the input rows of output rows {@code [oh0, oh1)} of one image and group into {@code xp}, zero-padded. */
  static void padBand(ConvGeometry g, float[] x, int xOff, int oh0, int oh1, int bandRows, float[] xp) {
    int wp = wp(g), pw = g.pw(), w = g.w(), hw = g.h() * w, halo = g.dh() * (g.kh() - 1);
    int hb = oh1 - oh0 + halo, cs = (bandRows + halo) * wp;
    for (int c = 0; c < g.cg(); c++) {
      for (int r = 0; r < hb; r++) {
        int ih = oh0 + r - g.ph(), d = c * cs + r * wp;
        if (ih < 0 || ih >= g.h()) {
          Arrays.fill(xp, d, d + wp, 0f);
          continue;
        }
        Arrays.fill(xp, d, d + pw, 0f);
        System.arraycopy(x, xOff + c * hw + ih * w, xp, d + pw, w);
      }
      // The right padding of the last row (the next channel's first left padding when the band is full).
      Arrays.fill(xp, c * cs + hb * wp, c * cs + hb * wp + pw, 0f);
    }
  }

  /**
   * {@code out = conv2d(x, w) + bias} (bias may be null) for a geometry that {@link #appliesForward};
   * groups of fewer than {@code NR} output channels run on {@link ConvNarrow}.
   */
  static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
    if (g.og() < NR) {
      ConvNarrow.forward(g, x, w, bias, out);
      return;
    }
    forwardPacked(g, x, packWeight(g, w, NR, Scratch.floats(Scratch.PACK, packedSize(g, NR))), bias, out);
  }

  /** {@link #forward} for a full channel panel per group, from a weight packed as {@link #packWeight} does. */
  static void forwardPacked(ConvGeometry g, float[] x, float[] wpk, float[] bias, float[] out) {
    int og = g.og(), k = g.k(), panels = (og + NR - 1) / NR, wp = wp(g), threads = Parallel.numThreads();
    // Fewer images than threads: split the output channels (each thread reads only its part of the
    // weight) rather than the rows, when there are panels enough; small planes (7x7, 14x14) would
    // otherwise stream the whole weight once per few-row band.
    int units = g.n() * g.groups(), rows, pSplit = 1;
    if (units < threads && panels >= 2) {
      rows = Math.max(1, Math.min(g.oh(), BAND_FLOATS / Math.max(1, g.cg() * wp) - g.dh() * (g.kh() - 1)));
      int bandsUnsplit = (g.oh() + rows - 1) / rows;
      pSplit = Math.min(panels, (threads + units * bandsUnsplit - 1) / (units * bandsUnsplit));
    } else {
      rows = bandRows(g, BAND_FLOATS);
    }
    int bands = (g.oh() + rows - 1) / rows, pPer = (panels + pSplit - 1) / pSplit, pParts = (panels + pPer - 1) / pPer;
    int[] off = offsets(g, rows);
    boolean three = g.kw() == 3 && g.dw() == 1;
    int[] rowOff = new int[k / g.kw()];
    for (int t = 0; t < rowOff.length; t++) rowOff[t] = off[t * g.kw()];
    // Rows that are not whole tiles and short enough that their virtual pixels matter (7, 14 wide).
    int rowTiles = g.ow() / MR, leftPerRow = g.ow() - rowTiles * MR;
    int[] lefts = ROW_TILES3 && three && leftPerRow > 0 && g.ow() <= 16 && rowTiles > 0 ? new int[rows * leftPerRow] : null;
    if (lefts != null)
      for (int r = 0, i = 0; r < rows; r++)
        for (int j = rowTiles * MR; j < g.ow(); j++) lefts[i++] = r * wp + j;
    int items = g.n() * g.groups() * bands * pParts;
    int vMax = Sgemm.roundUp(Sgemm.roundUp((rows - 1) * wp + g.ow(), MR), V);
    long macs = (long) pPer * NR * k * rows * wp;
    int grain = (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, 2 * macs));
    Parallel.forRange(items, grain, (from, to) -> {
      float[] xp = new float[bandSize(g, rows)], cb = new float[vMax * NR];
      float[] tb = g.ow() < V ? new float[NR * vMax] : null, tileBuf = lefts != null ? new float[MR * NR] : null;
      for (int it = from; it < to; it++) {
        int part = it % pParts, bi = it / pParts;
        int band = bi % bands, ng = bi / bands, grp = ng % g.groups(), img = ng / g.groups();
        int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows);
        int nv = (oh1 - oh0 - 1) * wp + g.ow();
        padBand(g, x, (img * g.c() + grp * g.cg()) * g.h() * g.w(), oh0, oh1, rows, xp);
        for (int jp = part * pPer, jpEnd = Math.min(panels, jp + pPer); jp < jpEnd; jp++) {
          int wBase = (grp * panels + jp) * k * NR;
          if (three) {
            int rowsT = k / 3, step = Math.max(1, KD / 3);
            for (int t0 = 0; t0 < rowsT; t0 += step) {
              int t1 = Math.min(rowsT, t0 + step);
              if (lefts != null) {
                // Whole-row tiles of MR pixels, then the rows' leftover pixels MR at a time with
                // their own bases: no virtual pixels computed (60 -> 54 slots on a 7x7 plane).
                int nr = oh1 - oh0, lastLeft = nr * leftPerRow;
                for (int r = 0; r < nr; r++)
                  for (int v = r * wp, vEnd = v + rowTiles * MR; v < vEnd; v += MR)
                    tile3(t0, t1, rowOff, xp, v, wpk, wBase + 3 * t0 * NR, cb, v * NR, t0 > 0);
                int i = 0, wi = wBase + 3 * t0 * NR;
                for (; i + MR <= lastLeft; i += MR) {
                  int p0 = lefts[i], p1 = lefts[i + 1], p2 = lefts[i + 2], p3 = lefts[i + 3], p4 = lefts[i + 4], p5 = lefts[i + 5];
                  tile3p(t0, t1, rowOff, xp, p0, p1, p2, p3, p4, p5, wpk, wi, cb, p0 * NR, p1 * NR, p2 * NR, p3 * NR, p4 * NR, p5 * NR, t0 > 0);
                }
                if (i < lastLeft) {
                  // The last, partial group: its repeated pixels go to a scratch tile, then the real ones are merged.
                  int e = lastLeft - 1, m = lastLeft - i;
                  tile3p(t0, t1, rowOff, xp, lefts[i], lefts[Math.min(i + 1, e)], lefts[Math.min(i + 2, e)], lefts[Math.min(i + 3, e)],
                      lefts[Math.min(i + 4, e)], lefts[Math.min(i + 5, e)], wpk, wi, tileBuf, 0, NR, 2 * NR, 3 * NR, 4 * NR, 5 * NR, false);
                  for (int r = 0; r < m; r++) {
                    int d = lefts[i + r] * NR;
                    if (t0 > 0) for (int j = 0; j < NR; j++) cb[d + j] += tileBuf[r * NR + j];
                    else System.arraycopy(tileBuf, r * NR, cb, d, NR);
                  }
                }
              } else {
                for (int v = 0; v < nv; v += MR) tile3(t0, t1, rowOff, xp, v, wpk, wBase + 3 * t0 * NR, cb, v * NR, t0 > 0);
              }
            }
          } else {
            for (int k0 = 0; k0 < k; k0 += KD) {
              int k1 = Math.min(k, k0 + KD);
              for (int v = 0; v < nv; v += MR) tile(k0, k1, off, xp, v, wpk, wBase + k0 * NR, cb, v * NR, k0 > 0);
            }
          }
          int o0 = grp * og + jp * NR, on = Math.min(NR, og - jp * NR);
          int oOff = (img * g.o() + o0) * g.p();
          if (tb != null && on >= V) writeOutShort(g, cb, NR, on, nv, oh0, oh1, bias, o0, out, oOff, tb);
          else writeOut(g, cb, NR, on, oh0, oh1, bias, o0, out, oOff);
        }
      }
    });
  }

  /**
   * The weight as {@code [groups, panels, k, nr]}, output channels past {@code og} zero. Panels
   * are packed in parallel, each writing its rows in order from {@code nr} sequential read streams
   * (at batch 1 a 512x512x3x3 weight costs as much to pack as the convolution's arithmetic).
   */
  static float[] packWeight(ConvGeometry g, float[] w, int nr) {
    return packWeight(g, w, nr, new float[packedSize(g, nr)]);
  }

  /** Floats of {@link #packWeight}'s result. */
  static int packedSize(ConvGeometry g, int nr) {
    return g.groups() * ((g.og() + nr - 1) / nr) * g.k() * nr;
  }

  /** {@link #packWeight} into {@code p} (at least {@link #packedSize} floats, any contents). */
  static float[] packWeight(ConvGeometry g, float[] w, int nr, float[] p) {
    int og = g.og(), k = g.k(), panels = (og + nr - 1) / nr;
    Parallel.forRange(g.groups() * panels, Math.max(1, (1 << 16) / Math.max(1, k * nr)), (from, to) -> {
      for (int it = from; it < to; it++) {
        int grp = it / panels, jp = it % panels, o0 = jp * nr, on = Math.min(nr, og - o0);
        int src = (grp * og + o0) * k, dst = it * k * nr;
        for (int q = 0; q < k; q++) {
          int d = dst + q * nr;
          for (int o = 0; o < on; o++) p[d + o] = w[src + o * k + q];
          for (int o = on; o < nr; o++) p[d + o] = 0f;
        }
      }
    });
    return p;
  }

  /**
   * {@code packWeight(t, ConvKernels.flippedTransposed(g, w), nr)} in one pass from {@code w}, for
   * {@code t = ConvKernels.transposedForward(g)}: the stride-1 input gradient's weight without the
   * intermediate flipped copy (9.4 MB for a 512x512x3x3 layer).
   */
  static float[] packFlippedWeight(ConvGeometry g, ConvGeometry t, float[] w, int nr) {
    return packFlippedWeight(g, t, w, nr, new float[packedSize(t, nr)]);
  }

  /** {@link #packFlippedWeight} into {@code p} (at least {@code packedSize(t, nr)} floats, any contents). */
  static float[] packFlippedWeight(ConvGeometry g, ConvGeometry t, float[] w, int nr, float[] p) {
    int cg = g.cg(), og = g.og(), khw = g.kh() * g.kw(), kT = t.k(), panels = (cg + nr - 1) / nr;
    Parallel.forRange(g.groups() * panels, Math.max(1, (1 << 16) / Math.max(1, kT * nr)), (from, to) -> {
      for (int it = from; it < to; it++) {
        int grp = it / panels, jp = it % panels, o0 = jp * nr, on = Math.min(nr, cg - o0), dst = it * kT * nr;
        for (int oj = 0; oj < og; oj++) {
          for (int o = 0; o < on; o++) {
            int src = ((grp * og + oj) * cg + o0 + o) * khw + khw - 1, d = dst + oj * khw * nr + o;
            for (int e = 0; e < khw; e++) p[d + e * nr] = w[src - e];
          }
          if (on < nr)
            for (int e = 0; e < khw; e++) java.util.Arrays.fill(p, dst + (oj * khw + e) * nr + on, dst + (oj * khw + e + 1) * nr, 0f);
        }
      }
    });
    return p;
  }

  /** Output channels {@code [0, on)} of a panel from the pixel-major tile buffer (row stride {@code nr}) into NCHW, plus the bias. */
  private static void writeOut(ConvGeometry g, float[] cb, int nr, int on, int oh0, int oh1, float[] bias, int b0, float[] out, int oOff) {
    int ow = g.ow(), wp = wp(g), p = g.p();
    int full = ow >= V ? on / V * V : 0;
    for (int oh = oh0; oh < oh1; oh++) {
      int s0 = (oh - oh0) * wp * nr, d0 = oOff + oh * ow;
      // V x V blocks transposed in registers; the last block of a row overlaps the one before it.
      for (int h = 0; h < full; h += V) {
        for (int j0 = 0; j0 < ow; j0 += V) {
          int j = Math.min(j0, ow - V);
          Transpose.block(cb, s0 + j * nr + h, nr, out, d0 + h * p + j, p, bias, b0 + h);
        }
      }
      for (int o = full; o < on; o++) {
        float b = bias == null ? 0f : bias[b0 + o];
        for (int j = 0; j < ow; j++) out[d0 + o * p + j] = cb[s0 + j * nr + o] + b;
      }
    }
  }

  /**
   * {@link #writeOut} for rows shorter than a vector: V x V blocks of the virtual pixels
   * {@code [0, nv)} are transposed (with the bias) into a channel-major buffer {@code tb[o, v]},
   * whose rows are then copied without their virtual columns.
   */
  private static void writeOutShort(ConvGeometry g, float[] cb, int nr, int on, int nv, int oh0, int oh1, float[] bias, int b0,
                                    float[] out, int oOff, float[] tb) {
    int ow = g.ow(), wp = wp(g), p = g.p(), full = on / V * V, ld = tb.length / nr;
    for (int h = 0; h < full; h += V)
      for (int v = 0; v < nv; v += V) Transpose.block(cb, v * nr + h, nr, tb, h * ld + v, ld, bias, b0 + h);
    for (int o = 0; o < full; o++)
      for (int oh = oh0; oh < oh1; oh++) System.arraycopy(tb, o * ld + (oh - oh0) * wp, out, oOff + o * p + oh * ow, ow);
    for (int o = full; o < on; o++) {
      float b = bias == null ? 0f : bias[b0 + o];
      for (int oh = oh0; oh < oh1; oh++) {
        int s0 = (oh - oh0) * wp * nr, d0 = oOff + o * p + oh * ow;
        for (int j = 0; j < ow; j++) out[d0 + j] = cb[s0 + j * nr + o] + b;
      }
    }
  }

  /**
   * {@link #tile} for a kernel three taps wide at dilation 1, over tap rows {@code [t0, t1)}
   * ({@code t = c*kh + ki}, starting at {@code rowOff[t]}): the six pixels' three taps read eight
   * neighbouring inputs, each broadcast once.
   */
  private static void tile3(int t0, int t1, int[] rowOff, float[] xp, int v, float[] wpk, int wi, float[] cb, int ci, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int t = t0; t < t1; t++) {
      int a = v + rowOff[t];
      for (int kj = 0; kj < 3; kj++, a++, wi += NR) {
        FloatVector b0 = FloatVector.fromArray(S, wpk, wi), b1 = FloatVector.fromArray(S, wpk, wi + V);
        FloatVector x = FloatVector.broadcast(S, xp[a]);
        c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(S, xp[a + 1]);
        c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(S, xp[a + 2]);
        c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(S, xp[a + 3]);
        c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(S, xp[a + 4]);
        c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
        x = FloatVector.broadcast(S, xp[a + 5]);
        c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
      }
    }
    Sgemm.store(c00, c01, cb, ci, load);
    Sgemm.store(c10, c11, cb, ci + NR, load);
    Sgemm.store(c20, c21, cb, ci + 2 * NR, load);
    Sgemm.store(c30, c31, cb, ci + 3 * NR, load);
    Sgemm.store(c40, c41, cb, ci + 4 * NR, load);
    Sgemm.store(c50, c51, cb, ci + 5 * NR, load);
  }

  /**
   * {@link #tile3} for six pixels anywhere in the band, at virtual indices {@code p0..p5}, their
   * results at {@code cb[q0..q5 ..]} (distinct rows: with {@code load} a repeated row would add twice).
   * Not {@link ConvStrided#tile}: reading three taps from one base per pixel lets the JIT check
   * bounds once per pixel and tap row, and with that generic tile instead the 512x512 7x7 layer
   * lost its gain (22-23 ms became 25-26 ms at batch 16).
   */
  private static void tile3p(int t0, int t1, int[] rowOff, float[] xp, int p0, int p1, int p2, int p3, int p4, int p5,
                             float[] wpk, int wi, float[] cb, int q0, int q1, int q2, int q3, int q4, int q5, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int t = t0; t < t1; t++) {
      int o = rowOff[t];
      for (int kj = 0; kj < 3; kj++, o++, wi += NR) {
        FloatVector b0 = FloatVector.fromArray(S, wpk, wi), b1 = FloatVector.fromArray(S, wpk, wi + V);
        FloatVector x = FloatVector.broadcast(S, xp[p0 + o]);
        c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(S, xp[p1 + o]);
        c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(S, xp[p2 + o]);
        c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(S, xp[p3 + o]);
        c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(S, xp[p4 + o]);
        c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
        x = FloatVector.broadcast(S, xp[p5 + o]);
        c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
      }
    }
    Sgemm.store(c00, c01, cb, q0, load);
    Sgemm.store(c10, c11, cb, q1, load);
    Sgemm.store(c20, c21, cb, q2, load);
    Sgemm.store(c30, c31, cb, q3, load);
    Sgemm.store(c40, c41, cb, q4, load);
    Sgemm.store(c50, c51, cb, q5, load);
  }

  /** {@code cb[v..v+MR, 0..NR] (+)= sum over taps [k0, k1) of xp[v + r + off[q]] * wpk[q, 0..NR]}. */
  private static void tile(int k0, int k1, int[] off, float[] xp, int v, float[] wpk, int wi, float[] cb, int ci, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int q = k0; q < k1; q++) {
      int a = v + off[q];
      FloatVector b0 = FloatVector.fromArray(S, wpk, wi);
      FloatVector b1 = FloatVector.fromArray(S, wpk, wi + V);
      FloatVector x = FloatVector.broadcast(S, xp[a]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, xp[a + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, xp[a + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, xp[a + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, xp[a + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, xp[a + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      wi += NR;
    }
    Sgemm.store(c00, c01, cb, ci, load);
    Sgemm.store(c10, c11, cb, ci + NR, load);
    Sgemm.store(c20, c21, cb, ci + 2 * NR, load);
    Sgemm.store(c30, c31, cb, ci + 3 * NR, load);
    Sgemm.store(c40, c41, cb, ci + 4 * NR, load);
    Sgemm.store(c50, c51, cb, ci + 5 * NR, load);
  }

  /** {@code gradW} = the weight gradient of conv2d (overwritten), for a geometry that {@link #appliesWeight}. */
  static void backwardWeight(ConvGeometry g, float[] x, float[] gradOut, float[] gradW) {
    int wp = wp(g), ow = g.ow(), og = g.og(), k = g.k(), panels = (og + NR - 1) / NR, ogPad = panels * NR;
    int rows = Math.max(1, Math.min(g.oh(), WEIGHT_PIXELS / ow));
    int bands = (g.oh() + rows - 1) / rows, items = g.n() * g.groups() * bands;
    boolean strided = g.sh() != 1 || g.sw() != 1;
    int cs = strided ? ConvStrided.inputRows(g, rows) * wp : 0, rowStep = g.sh() * wp, sw = g.sw();
    int[] off = strided ? ConvStrided.offsets(g, cs) : offsets(g, rows);
    int xpSize = strided ? g.cg() * cs + g.pw() + V : bandSize(g, rows);
    Arrays.fill(gradW, 0, g.o() * k, 0f);
    Object lock = new Object();
    long macs = (long) ogPad * k * rows * ow;
    int grain = (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, 2 * macs));
    Parallel.forRange(items, grain, (from, to) -> {
      float[] xp = new float[xpSize], bp = new float[panels * rows * ow * NR], part = Scratch.zeros(Scratch.PART, g.groups() * k * ogPad);
      float[] tileBuf = new float[MR * NR];
      for (int it = from; it < to; it++) {
        int band = it % bands, ng = it / bands, grp = ng % g.groups(), img = ng / g.groups();
        int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows), len = (oh1 - oh0) * ow;
        int xOff = (img * g.c() + grp * g.cg()) * g.h() * g.w();
        if (strided) ConvStrided.padBand(g, x, xOff, oh0, oh1, cs, xp);
        else padBand(g, x, xOff, oh0, oh1, rows, xp);
        packGradOut(g, gradOut, (img * g.o() + grp * og) * g.p() + oh0 * ow, len, bp);
        int cBase = grp * k * ogPad;
        for (int q = 0; q < k; q += MR) {
          int mr = Math.min(MR, k - q), last = q + mr - 1;
          int a0 = off[q], a1 = off[Math.min(q + 1, last)], a2 = off[Math.min(q + 2, last)];
          int a3 = off[Math.min(q + 3, last)], a4 = off[Math.min(q + 4, last)], a5 = off[Math.min(q + 5, last)];
          for (int jp = 0; jp < panels; jp++) {
            int ci = cBase + q * ogPad + jp * NR;
            float[] c = mr == MR ? part : tileBuf;
            int cc = mr == MR ? ci : 0, ldc = mr == MR ? ogPad : NR;
            weightTile(oh1 - oh0, ow, rowStep, sw, xp, a0, a1, a2, a3, a4, a5, bp, jp * len * NR, c, cc, ldc, mr == MR);
            if (mr < MR)
              for (int r = 0; r < mr; r++)
                for (int j = 0; j < NR; j++) part[ci + r * ogPad + j] += tileBuf[r * NR + j];
          }
        }
      }
      synchronized (lock) {
        for (int grp = 0; grp < g.groups(); grp++)
          for (int o = 0; o < og; o++) {
            int dst = (grp * og + o) * k, src = grp * k * ogPad + o;
            for (int q = 0; q < k; q++) gradW[dst + q] += part[src + q * ogPad];
          }
      }
    });
  }

  /**
   * {@code C[6, NR] (+)= sum over rows r < nRows and pixels j < ow of xp[a_i + r*rowStep + j*sw] * bp[bi + (r*ow + j)*NR ..]}:
   * the weight-gradient tile of six taps, the accumulators kept across the band's rows.
   */
  private static void weightTile(int nRows, int ow, int rowStep, int sw, float[] xp, int a0, int a1, int a2, int a3, int a4, int a5,
                                 float[] bp, int bi, float[] c, int ci, int ldc, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int r = 0; r < nRows; r++, a0 += rowStep, a1 += rowStep, a2 += rowStep, a3 += rowStep, a4 += rowStep, a5 += rowStep) {
      for (int j = 0, xj = 0; j < ow; j++, xj += sw) {
        FloatVector b0 = FloatVector.fromArray(S, bp, bi);
        FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
        FloatVector x = FloatVector.broadcast(S, xp[a0 + xj]);
        c00 = x.fma(b0, c00);
        c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(S, xp[a1 + xj]);
        c10 = x.fma(b0, c10);
        c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(S, xp[a2 + xj]);
        c20 = x.fma(b0, c20);
        c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(S, xp[a3 + xj]);
        c30 = x.fma(b0, c30);
        c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(S, xp[a4 + xj]);
        c40 = x.fma(b0, c40);
        c41 = x.fma(b1, c41);
        x = FloatVector.broadcast(S, xp[a5 + xj]);
        c50 = x.fma(b0, c50);
        c51 = x.fma(b1, c51);
        bi += NR;
      }
    }
    Sgemm.store(c00, c01, c, ci, load);
    Sgemm.store(c10, c11, c, ci + ldc, load);
    Sgemm.store(c20, c21, c, ci + 2 * ldc, load);
    Sgemm.store(c30, c31, c, ci + 3 * ldc, load);
    Sgemm.store(c40, c41, c, ci + 4 * ldc, load);
    Sgemm.store(c50, c51, c, ci + 5 * ldc, load);
  }

  /** {@code len} pixels of gradOut (channel stride p) of one image and group as {@code bp[panel, len, NR]}, channels past og zero. */
  private static void packGradOut(ConvGeometry g, float[] gradOut, int goOff, int len, float[] bp) {
    int og = g.og(), p = g.p(), panels = (og + NR - 1) / NR;
    for (int jp = 0; jp < panels; jp++) {
      int base = jp * len * NR;
      if ((jp + 1) * NR <= og && len >= V) {
        // V x V blocks transposed in registers; the last block overlaps the one before it.
        for (int h = 0; h < NR; h += V) {
          int src = goOff + (jp * NR + h) * p;
          for (int v0 = 0; v0 < len; v0 += V) {
            int v = Math.min(v0, len - V);
            Transpose.block(gradOut, src + v, p, bp, base + v * NR + h, NR, null, 0);
          }
        }
        continue;
      }
      for (int o = 0; o < NR; o++) {
        int oc = jp * NR + o, d = base + o;
        if (oc >= og) {
          for (int v = 0; v < len; v++) bp[d + v * NR] = 0f;
        } else {
          int src = goOff + oc * p;
          for (int v = 0; v < len; v++) bp[d + v * NR] = gradOut[src + v];
        }
      }
    }
  }
}
