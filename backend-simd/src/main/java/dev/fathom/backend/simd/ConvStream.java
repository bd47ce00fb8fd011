package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution of small output planes (ResNet's 14x14 and 7x7 layers) with the weight read in place:
 * no packed copy of it is made. At batch 1 a 512x512x3x3 weight (9.4 MB) is read once from memory
 * either way, but packing it costs as much again as the arithmetic; here each register tile of
 * {@link #CH} output channels x {@link #PX} pixels broadcasts the channels' weights straight from
 * their OIHW rows and multiplies them by pixel vectors of the image. Those vectors come from a
 * buffer that holds a whole image's patches and stays in L2:
 * <ul>
 *   <li>stride 1: the zero-padded image of {@link ConvDirect#padBand}, where output pixels are
 *       counted on the virtual grid {@code v = r*wp + j} (the {@code wp - ow} extra columns per row
 *       are computed and dropped) and tap {@code q} reads {@code xp[v + off[q]]};
 *   <li>any other stride: the unfolded patches {@code cols[q, p]} of {@link ConvKernels#im2col},
 *       with rows padded to whole tiles.
 * </ul>
 * Each image's buffer is filled once; then tiles accumulate into a per-thread channel-major buffer,
 * which is copied into NCHW with the bias. Work items are (image, group, part of the output
 * channels), so one image still splits over the threads.
 *
 * <pre>{@code
 * ConvGeometry g = new ConvGeometry(1, 512, 7, 7, 512, 3, 3, 1, 1, 1, 1, 1, 1, 1);
 * if (ConvStream.applies(g)) ConvStream.forward(g, x, w, bias, out); // NCHW in and out
 * }</pre>
 */
final class ConvStream {
  private static final VectorSpecies<Float> S = Sgemm.S;
  private static final int V = Sgemm.V;
  /** Output channels per register tile. */
  static final int CH = 6;
  /** Pixels per register tile (two vectors). */
  static final int PX = 2 * V;
  /**
   * Most output pixels of the whole batch ({@code -Dfathom.simd.streamPixels}): beyond that the
   * weight is reused over enough pixels that packing it pays (measured: 7x7 and 14x14 planes at
   * batch 1 gain up to 2x here, batch 16 loses).
   */
  private static final int MAX_PIXELS = Integer.getInteger("fathom.simd.streamPixels", 256);
  /** Largest per-image patch buffer, in floats (640 KiB, within a core's 1 MiB L2). */
  private static final int MAX_BUFFER = Integer.getInteger("fathom.simd.streamBuffer", 160 * 1024);
  /** Smallest patch length worth it. */
  private static final int MIN_TAPS = 16;
  /** Whether this path is used ({@code -Dfathom.simd.streamConv}). */
  static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("fathom.simd.streamConv", "true"));

  private ConvStream() {}

  /** True for batches of at most {@link #MAX_PIXELS} output pixels whose patch buffer fits, with at least a tile of channels per group. */
  static boolean applies(ConvGeometry g) {
    return ENABLED && fits(g);
  }

  /** {@link #applies} regardless of {@link #ENABLED}. */
  static boolean fits(ConvGeometry g) {
    if (g.isPointwise() || g.og() < CH || g.k() < MIN_TAPS || (long) g.n() * g.p() > MAX_PIXELS) return false;
    return bufferSize(g) <= MAX_BUFFER;
  }

  private static boolean direct(ConvGeometry g) {
    return g.sh() == 1 && g.sw() == 1;
  }

  /** Row stride of the virtual pixel grid. */
  private static int rowStride(ConvGeometry g) {
    return direct(g) ? ConvDirect.wp(g) : g.ow();
  }

  /** Virtual pixels per image, rounded up to whole tiles. */
  private static int paddedPixels(ConvGeometry g) {
    int nv = (g.oh() - 1) * rowStride(g) + g.ow();
    return Sgemm.roundUp(nv, PX);
  }

  private static int bufferSize(ConvGeometry g) {
    return direct(g) ? ConvDirect.bandSize(g, g.oh()) : g.k() * paddedPixels(g);
  }

  /** {@code out = conv2d(x, w) + bias} (bias may be null) for a geometry that {@link #applies}. */
  static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
    int og = g.og(), k = g.k(), nvPad = paddedPixels(g), ld = rowStride(g);
    boolean direct = direct(g);
    int[] off;
    if (direct) {
      off = ConvDirect.offsets(g, g.oh());
    } else {
      off = new int[k];
      for (int q = 0; q < k; q++) off[q] = q * nvPad;
    }
    int tiles = (og + CH - 1) / CH, units = g.n() * g.groups(), threads = Parallel.numThreads();
    int parts = units >= 2 * threads ? 1 : Math.min(tiles, (2 * threads + units - 1) / units);
    int perPart = (tiles + parts - 1) / parts;
    parts = (tiles + perPart - 1) / perPart;
    int nParts = parts, bufSize = bufferSize(g);
    long macs = (long) perPart * CH * k * nvPad;
    int grain = (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, 2 * macs));
    // Each image's patch buffer once (the parts of one image share it), then the parts.
    float[][] bufs = new float[units][];
    Parallel.forRange(units, 1, (from, to) -> {
      for (int unit = from; unit < to; unit++) {
        int xOff = ((unit / g.groups()) * g.c() + (unit % g.groups()) * g.cg()) * g.h() * g.w();
        bufs[unit] = new float[bufSize];
        if (direct) ConvDirect.padBand(g, x, xOff, 0, g.oh(), g.oh(), bufs[unit]);
        else ConvKernels.im2col(g, x, xOff, 0, g.cg(), 0, g.oh(), bufs[unit], 0, nvPad);
      }
    });
    Parallel.forRange(units * parts, grain, (from, to) -> {
      float[] vb = new float[og * nvPad];
      for (int it = from; it < to; it++) {
        int part = it % nParts, unit = it / nParts, grp = unit % g.groups(), img = unit / g.groups();
        float[] buf = bufs[unit];
        int t0 = part * perPart, t1 = Math.min(tiles, t0 + perPart);
        for (int t = t0; t < t1; t++) {
          // The last tile of a group shorter than CH channels overlaps the one before it.
          int o0 = Math.min(t * CH, og - CH), wi = (grp * og + o0) * k;
          for (int v = 0; v < nvPad; v += PX) tile(w, wi, k, buf, off, v, vb, o0 * nvPad + v, nvPad);
        }
        int oS = t0 * CH, oE = Math.min(og, t1 * CH);
        writeOut(g, vb, nvPad, ld, oS, oE, bias, grp * og, out, (img * g.o() + grp * og) * g.p());
      }
    });
  }

  /** Channels {@code [oS, oE)} of the channel-major buffer (virtual row stride {@code ld}) into NCHW, plus the bias. */
  private static void writeOut(ConvGeometry g, float[] vb, int nvPad, int ld, int oS, int oE, float[] bias, int b0, float[] out, int oOff) {
    int ow = g.ow(), oh = g.oh(), p = g.p();
    for (int o = oS; o < oE; o++) {
      float b = bias == null ? 0f : bias[b0 + o];
      int s = o * nvPad, d = oOff + o * p;
      for (int r = 0; r < oh; r++) {
        int sr = s + r * ld, dr = d + r * ow;
        for (int j = 0; j < ow; j++) out[dr + j] = vb[sr + j] + b;
      }
    }
  }

  /**
   * {@code vb[i*ldv + vi + 0..PX] = sum over taps q of w[wi + i*lda + q] * b[v + off[q] + 0..PX]}
   * for the {@link #CH} channels {@code i}.
   */
  private static void tile(float[] w, int wi, int lda, float[] b, int[] off, int v, float[] vb, int vi, int ldv) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    int k = lda;
    for (int q = 0; q < k; q++) {
      int a = v + off[q], r = wi + q;
      FloatVector b0 = FloatVector.fromArray(S, b, a), b1 = FloatVector.fromArray(S, b, a + V);
      FloatVector x = FloatVector.broadcast(S, w[r]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, w[r + lda]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, w[r + 2 * lda]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, w[r + 3 * lda]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, w[r + 4 * lda]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, w[r + 5 * lda]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    Sgemm.store(c00, c01, vb, vi, false);
    Sgemm.store(c10, c11, vb, vi + ldv, false);
    Sgemm.store(c20, c21, vb, vi + 2 * ldv, false);
    Sgemm.store(c30, c31, vb, vi + 3 * ldv, false);
    Sgemm.store(c40, c41, vb, vi + 4 * ldv, false);
    Sgemm.store(c50, c51, vb, vi + 5 * ldv, false);
  }
}
