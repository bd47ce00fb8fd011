package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;

/**
 * Float 2-d convolution on contiguous NCHW arrays as im2col + {@link Sgemm}: for each image and
 * group the patches of a band of output rows are unfolded into a {@code [k, rows*ow]} matrix small
 * enough to stay in L2, and one GEMM turns it into those output rows. Backward-input multiplies by
 * the transposed weight and folds the patches back (col2im); backward-weight multiplies the output
 * gradient by the transposed patches. A 1x1 kernel with stride 1 and no padding skips the unfold.
 * Stride-1 convolutions run on the direct kernels of {@link ConvDirect} instead (forward with at
 * least a register panel of output channels per group, or {@link ConvNarrow} with 8 to 31; weight
 * gradient with a full panel; and through {@link #transposedForward} the input gradient), which
 * unfold nothing.
 *
 * <p>Images (and bands) run in parallel on the shared pool when there are enough of them; otherwise
 * the GEMMs themselves are split.
 *
 * <pre>{@code
 * ConvGeometry g = new ConvGeometry(32, 3, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
 * ConvKernels.forward(g, x, w, bias, out); // x [32,3,32,32], w [64,3,3,3], out [32,64,32,32]
 * }</pre>
 */
final class ConvKernels {
  /** Floats of an unfolded band: 512 KiB, so the band and the packed weight share L2. */
  private static final int BAND_FLOATS = 128 * 1024;
  /** Input channels per group from which the input gradient runs as a forward convolution. */
  private static final int MIN_TRANSPOSED_ROWS = 16;
  /** Pixels per band of the weight gradient (the depth of its products). */
  private static final int WEIGHT_BAND_PIXELS = 256;
  /** Pixels (whole planes of several images) per product of the whole-plane weight gradient. */
  private static final int WHOLE_PLANE_PIXELS = Integer.getInteger("fathom.simd.wholePlanePixels", 512);

  private ConvKernels() {}

  /** Output rows per band for this geometry. */
  private static int bandRows(ConvGeometry g) {
    return Math.max(1, Math.min(g.oh(), BAND_FLOATS / Math.max(1, g.k() * g.ow())));
  }

  /** Grain (work items per thread) that gives each thread at least {@link Sgemm#PARALLEL_FLOPS}. */
  private static int grain(long macsPerItem) {
    return (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, 2 * macsPerItem));
  }

  /** Whether the direct stride-1 kernels of {@link ConvDirect} are used where they apply ({@code -Dfathom.simd.directConv}). */
  static final boolean DIRECT = Boolean.parseBoolean(System.getProperty("fathom.simd.directConv", "true"));

  /** {@code out = conv2d(x, w) + bias}; bias may be null. */
  static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
    if (ConvStream.applies(g)) {
      ConvStream.forward(g, x, w, bias, out);
      return;
    }
    if (ConvStrided.applies(g)) {
      ConvStrided.forward(g, x, w, bias, out);
      return;
    }
    if (DIRECT && ConvDirect.appliesForward(g)) {
      ConvDirect.forward(g, x, w, bias, out);
      return;
    }
    int bands = (g.oh() + bandRows(g) - 1) / bandRows(g);
    int items = g.n() * g.groups() * bands;
    int rows = bandRows(g);
    long macs = g.macsPerImageGroup() / bands;
    boolean perItem = items >= Parallel.numThreads();
    if (perItem && !g.isPointwise()) {
      // The weight packed once for every band; each band's patches packed straight into B panels.
      int og = g.og(), k = g.k(), aSize = Sgemm.roundUp(og, Sgemm.MR) * k;
      float[] wp = new float[aSize * g.groups()];
      for (int grp = 0; grp < g.groups(); grp++) Sgemm.packAFull(og, k, w, grp * og * k, k, 1, wp, grp * aSize);
      Parallel.forRange(items, grain(macs), (from, to) -> {
        float[] bp = new float[Sgemm.roundUp(rows * g.ow(), Sgemm.NR) * k];
        for (int it = from; it < to; it++) {
          int band = it % bands, ng = it / bands, grp = ng % g.groups(), img = ng / g.groups();
          int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows), len = (oh1 - oh0) * g.ow();
          int oOff = (img * g.o() + grp * og) * g.p() + oh0 * g.ow();
          ConvPack.asB(g, x, (img * g.c() + grp * g.cg()) * g.h() * g.w(), oh0, oh1, bp);
          Sgemm.gemmPacked(og, len, k, wp, grp * aSize, bp, 0, out, oOff, g.p(), false);
          if (bias != null) addBias(bias, grp * og, og, out, oOff, g.p(), len);
        }
      });
      return;
    }
    Parallel.Body body = (from, to) -> {
      float[] cols = g.isPointwise() ? null : new float[g.k() * rows * g.ow()];
      for (int it = from; it < to; it++) {
        int band = it % bands, ng = it / bands, grp = ng % g.groups(), img = ng / g.groups();
        int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows);
        forwardBand(g, x, w, bias, out, img, grp, oh0, oh1, cols, !perItem);
      }
    };
    if (perItem) Parallel.forRange(items, grain(macs), body);
    else body.run(0, items);
  }

  /** {@code out[o, i] += bias[b0 + o]} for {@code og} channels of {@code len} pixels, channel stride {@code ld}. */
  private static void addBias(float[] bias, int b0, int og, float[] out, int oOff, int ld, int len) {
    for (int o = 0; o < og; o++) FloatKernels.binary(dev.fathom.spi.BinaryOp.ADD, out, oOff + o * ld, 1, bias, b0 + o, 0, out, oOff + o * ld, len);
  }

  private static void forwardBand(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out, int img, int grp,
                                  int oh0, int oh1, float[] cols, boolean parallelGemm) {
    int og = g.og(), k = g.k(), p = g.p(), len = (oh1 - oh0) * g.ow();
    int xOff = (img * g.c() + grp * g.cg()) * g.h() * g.w();
    int oOff = (img * g.o() + grp * og) * p + oh0 * g.ow();
    float[] b;
    int bOff, bRs;
    if (cols == null) {
      b = x;
      bOff = xOff + oh0 * g.ow();
      bRs = g.h() * g.w();
    } else {
      im2col(g, x, xOff, oh0, oh1, cols);
      b = cols;
      bOff = 0;
      bRs = len;
    }
    gemm(parallelGemm, og, len, k, w, grp * og * k, k, 1, b, bOff, bRs, 1, out, oOff, p, false);
    if (bias != null) addBias(bias, grp * og, og, out, oOff, p, len);
  }

  /** {@code gradIn} = the input gradient of conv2d for {@code gradOut} (overwritten). */
  static void backwardInput(ConvGeometry g, float[] gradOut, float[] w, float[] gradIn) {
    ConvGeometry t = transposedForward(g);
    if (t != null) {
      // Stride 1: the input gradient is a convolution of gradOut with the flipped, transposed
      // weight (padding dilation*(k-1) - padding), so it runs on the forward path with no col2im;
      // the direct kernel packs that weight straight from w.
      if (!ConvStream.applies(t) && DIRECT && ConvDirect.appliesForward(t) && t.og() >= Sgemm.NR) {
        float[] wpk = ConvDirect.packFlippedWeight(g, t, w, Sgemm.NR, Scratch.floats(Scratch.PACK, ConvDirect.packedSize(t, Sgemm.NR)));
        ConvDirect.forwardPacked(t, gradOut, wpk, null, gradIn);
        return;
      }
      forward(t, gradOut, flippedTransposed(g, w, Scratch.floats(Scratch.FLIP, g.c() * g.og() * g.kh() * g.kw())), null, gradIn);
      return;
    }
    int items = g.n() * g.groups();
    boolean perItem = items >= Parallel.numThreads();
    int rows = bandRows(g);
    if (perItem && !g.isPointwise()) {
      backwardInputPacked(g, gradOut, w, gradIn, rows);
      return;
    }
    Parallel.Body body = (from, to) -> {
      float[] cols = g.isPointwise() ? null : new float[g.k() * rows * g.ow()];
      for (int it = from; it < to; it++) backwardInputImage(g, gradOut, w, gradIn, it / g.groups(), it % g.groups(), rows, cols, !perItem);
    };
    if (perItem) Parallel.forRange(items, grain(g.macsPerImageGroup()), body);
    else body.run(0, items);
  }

  /**
   * The forward convolution of gradOut that yields the input gradient of {@code g}, or null when
   * {@code g} has a stride other than 1 (or a padding larger than the dilated kernel) or is pointwise.
   */
  static ConvGeometry transposedForward(ConvGeometry g) {
    if (g.sh() != 1 || g.sw() != 1 || g.isPointwise()) return null;
    int ph = g.dh() * (g.kh() - 1) - g.ph(), pw = g.dw() * (g.kw() - 1) - g.pw();
    if (ph < 0 || pw < 0) return null;
    ConvGeometry t = new ConvGeometry(g.n(), g.o(), g.oh(), g.ow(), g.c(), g.kh(), g.kw(), 1, 1, ph, pw, g.dh(), g.dw(), g.groups());
    if (t.oh() != g.h() || t.ow() != g.w()) return null;
    // Few input channels make a forward product with too few rows for the GEMM's register tile;
    // the direct kernel's narrow panel takes down to half a vector of them.
    return g.cg() >= MIN_TRANSPOSED_ROWS || DIRECT && ConvDirect.appliesForward(t) ? t : null;
  }

  /** {@code w[o, ci, ki, kj]} as {@code [c, og, kh, kw]} with the kernel flipped: the weight of {@link #transposedForward}. */
  static float[] flippedTransposed(ConvGeometry g, float[] w) {
    return flippedTransposed(g, w, new float[g.c() * g.og() * g.kh() * g.kw()]);
  }

  /** {@link #flippedTransposed} into {@code r} (at least {@code c*og*kh*kw} floats, any contents). */
  static float[] flippedTransposed(ConvGeometry g, float[] w, float[] r) {
    int og = g.og(), cg = g.cg(), kh = g.kh(), kw = g.kw(), khw = kh * kw;
    // One item per (group, input channel): its og*khw outputs are contiguous.
    Parallel.forRange(g.c(), Math.max(1, (1 << 16) / Math.max(1, og * khw)), (from, to) -> {
      for (int gc = from; gc < to; gc++) {
        int grp = gc / cg, ci = gc % cg;
        for (int oj = 0; oj < og; oj++) {
          int src = ((grp * og + oj) * cg + ci) * khw, dst = (gc * og + oj) * khw;
          for (int e = 0; e < khw; e++) r[dst + khw - 1 - e] = w[src + e];
        }
      }
    });
    return r;
  }

  /**
   * The col2im input gradient with one image per work item: {@code W^T} is packed once for all of
   * them (per-image products of {@code [k, og] x [og, len]} would repack it every time, which at
   * 7x7 planes cost as much as the product), then each band's gradOut is packed and multiplied into
   * the patches, which are folded back.
   */
  private static void backwardInputPacked(ConvGeometry g, float[] gradOut, float[] w, float[] gradIn, int rows) {
    int og = g.og(), k = g.k(), p = g.p(), aSize = Sgemm.roundUp(k, Sgemm.MR) * og;
    float[] ap = new float[aSize * g.groups()];
    for (int grp = 0; grp < g.groups(); grp++) Sgemm.packAFull(k, og, w, grp * og * k, 1, k, ap, grp * aSize);
    int items = g.n() * g.groups();
    Parallel.forRange(items, grain(g.macsPerImageGroup()), (from, to) -> {
      float[] cols = new float[k * rows * g.ow()], bp = new float[Sgemm.roundUp(rows * g.ow(), Sgemm.NR) * og];
      for (int it = from; it < to; it++) {
        int img = it / g.groups(), grp = it % g.groups();
        int inOff = (img * g.c() + grp * g.cg()) * g.h() * g.w(), goOff = (img * g.o() + grp * og) * p;
        java.util.Arrays.fill(gradIn, inOff, inOff + g.cg() * g.h() * g.w(), 0f);
        for (int oh0 = 0; oh0 < g.oh(); oh0 += rows) {
          int oh1 = Math.min(g.oh(), oh0 + rows), len = (oh1 - oh0) * g.ow();
          Sgemm.packBFull(og, len, gradOut, goOff + oh0 * g.ow(), p, 1, bp, 0);
          Sgemm.gemmPacked(k, len, og, ap, grp * aSize, bp, 0, cols, 0, len, false);
          col2im(g, cols, oh0, oh1, gradIn, inOff);
        }
      }
    });
  }

  private static void backwardInputImage(ConvGeometry g, float[] gradOut, float[] w, float[] gradIn, int img, int grp,
                                         int rows, float[] cols, boolean parallelGemm) {
    int og = g.og(), k = g.k(), p = g.p();
    int inOff = (img * g.c() + grp * g.cg()) * g.h() * g.w();
    int goOff = (img * g.o() + grp * og) * p;
    int wOff = grp * og * k;
    if (cols == null) {
      // gradIn[cg, p] = W^T [cg, og] x gradOut [og, p]
      gemm(parallelGemm, k, p, og, w, wOff, 1, k, gradOut, goOff, p, 1, gradIn, inOff, g.h() * g.w(), false);
      return;
    }
    java.util.Arrays.fill(gradIn, inOff, inOff + g.cg() * g.h() * g.w(), 0f);
    for (int oh0 = 0; oh0 < g.oh(); oh0 += rows) {
      int oh1 = Math.min(g.oh(), oh0 + rows), len = (oh1 - oh0) * g.ow();
      gemm(parallelGemm, k, len, og, w, wOff, 1, k, gradOut, goOff + oh0 * g.ow(), p, 1, cols, 0, len, false);
      col2im(g, cols, oh0, oh1, gradIn, inOff);
    }
  }

  /** {@code gradW} = the weight gradient of conv2d (overwritten). */
  static void backwardWeight(ConvGeometry g, float[] x, float[] gradOut, float[] gradW) {
    if (DIRECT && ConvDirect.appliesWeight(g)) {
      ConvDirect.backwardWeight(g, x, gradOut, gradW);
      return;
    }
    int bands = (g.oh() + bandRows(g) - 1) / bandRows(g);
    int rows = bandRows(g);
    int items = g.n() * g.groups() * bands;
    java.util.Arrays.fill(gradW, 0, g.o() * g.k(), 0f);
    boolean perItem = items >= Parallel.numThreads();
    Object lock = new Object();
    int wRows = weightBandRows(g);
    if (wRows > 0 && (perItem || wRows >= g.oh())) {
      weightRowsA(g, x, gradOut, gradW, wRows, lock);
      return;
    }
    if (!perItem) {
      float[] cols = g.isPointwise() ? null : new float[g.k() * rows * g.ow()];
      for (int it = 0; it < items; it++) backwardWeightBand(g, x, gradOut, gradW, it, bands, rows, cols, true);
      return;
    }
    Parallel.forRange(items, grain(g.macsPerImageGroup() / bands), (from, to) -> {
      float[] cols = g.isPointwise() ? null : new float[g.k() * rows * g.ow()];
      float[] part = from == 0 && to == items ? gradW : Scratch.zeros(Scratch.PART, g.o() * g.k());
      for (int it = from; it < to; it++) backwardWeightBand(g, x, gradOut, part, it, bands, rows, cols, false);
      if (part != gradW) {
        synchronized (lock) {
          for (int i = 0, n = g.o() * g.k(); i < n; i++) gradW[i] += part[i];
        }
      }
    });
  }

  /** Whether {@link #backwardWeight} takes whole output planes per product (see {@link #weightRowsA}). */
  static boolean wholePlaneWeight(ConvGeometry g) {
    int wRows = weightBandRows(g);
    return !(DIRECT && ConvDirect.appliesWeight(g)) && wRows > 0 && wRows >= g.oh();
  }

  /**
   * The weight gradient from unfolded patches. Bands of output rows: {@code gradW^T [k, og] += cols
   * [k, len] x gradOut^T [len, og]} with the unfolded rows as A as they are. When whole output
   * planes fit a band, several images are unfolded side by side so the product's depth stays near
   * {@link #WEIGHT_BAND_PIXELS} (a 7x7 plane alone is only 49 deep), and the product is
   * {@code gradW [og, k] += gradOut [og, len] x cols^T}, which keeps the (large) result in gradW's
   * own layout; when there are fewer such items than threads, the input channels (rows of the
   * patches) are split too, and a single image's slices write gradW directly.
   */
  private static void weightRowsA(ConvGeometry g, float[] x, float[] gradOut, float[] gradW, int wRows, Object lock) {
    int og = g.og(), k = g.k(), khw = g.kh() * g.kw(), p = g.p(), threads = Parallel.numThreads();
    boolean whole = wRows >= g.oh();
    int imgs = whole ? Math.max(1, Math.min(g.n(), WHOLE_PLANE_PIXELS / p)) : 1;
    int wBands = (g.oh() + wRows - 1) / wRows, chunks = (g.n() + imgs - 1) / imgs;
    int units = chunks * g.groups() * wBands;
    // Whole planes with channels enough: each item owns a slice of gradW's columns over all images.
    boolean owned = whole && (units == 1 || g.cg() >= threads);
    int want = owned ? threads : units >= threads ? 1 : (threads + units - 1) / units;
    int slices = Math.max(1, Math.min(Math.min(g.cg(), k / Sgemm.MR), want));
    int cPer = (g.cg() + slices - 1) / slices;
    int parts = (g.cg() + cPer - 1) / cPer, items = owned ? g.groups() * parts : units * parts;
    int maxLen = imgs > 1 ? imgs * p : wRows * g.ow();
    int perItem = owned ? chunks : 1;
    Parallel.forRange(items, grain((long) og * cPer * khw * maxLen * perItem), (from, to) -> {
      float[] cols = new float[cPer * khw * maxLen], bp = whole ? null : new float[Sgemm.roundUp(og, Sgemm.NR) * maxLen];
      float[] gt = whole ? new float[og * maxLen] : null;
      float[] part = owned ? gradW : Scratch.zeros(Scratch.PART, g.groups() * k * og);
      for (int it = from; it < to; it++) {
        int s = it % parts, u = it / parts;
        int c0 = s * cPer, c1 = Math.min(g.cg(), c0 + cPer);
        if (owned) {
          for (int chunk = 0; chunk < chunks; chunk++) wholeChunk(g, x, gradOut, part, u, chunk * imgs, Math.min(g.n(), chunk * imgs + imgs), c0, c1, cols, gt);
          continue;
        }
        int band = u % wBands, ng = u / wBands, grp = ng % g.groups(), chunk = ng / g.groups();
        if (whole) {
          wholeChunk(g, x, gradOut, part, grp, chunk * imgs, Math.min(g.n(), chunk * imgs + imgs), c0, c1, cols, gt);
          continue;
        }
        int img = chunk, oh0 = band * wRows, oh1 = Math.min(g.oh(), oh0 + wRows), len = (oh1 - oh0) * g.ow();
        im2col(g, x, (img * g.c() + grp * g.cg()) * g.h() * g.w(), c0, c1, oh0, oh1, cols, 0, len);
        Sgemm.packBFull(len, og, gradOut, (img * g.o() + grp * og) * p + oh0 * g.ow(), 1, p, bp, 0);
        Sgemm.gemmRowsA((c1 - c0) * khw, og, len, cols, 0, len, bp, 0, part, grp * k * og + c0 * khw * og, og, true);
      }
      if (part == gradW) return;
      synchronized (lock) {
        if (whole) {
          for (int i = 0, n = g.o() * g.k(); i < n; i++) gradW[i] += part[i];
          return;
        }
        for (int grp = 0; grp < g.groups(); grp++) {
          for (int o = 0; o < og; o++) {
            int dst = (grp * og + o) * k, src = grp * k * og + o;
            for (int q = 0; q < k; q++) gradW[dst + q] += part[src + q * og];
          }
        }
      }
    });
  }

  /**
   * {@code gw[og, k]} (gradW's layout) {@code += gradOut [og, len] x cols^T} for images
   * {@code [i0, i1)} of group {@code grp} side by side and input channels {@code [c0, c1)}.
   */
  private static void wholeChunk(ConvGeometry g, float[] x, float[] gradOut, float[] gw, int grp, int i0, int i1, int c0, int c1,
                                 float[] cols, float[] gt) {
    int og = g.og(), k = g.k(), khw = g.kh() * g.kw(), p = g.p(), len = (i1 - i0) * p;
    for (int img = i0; img < i1; img++) {
      im2col(g, x, (img * g.c() + grp * g.cg()) * g.h() * g.w(), c0, c1, 0, g.oh(), cols, (img - i0) * p, len);
      int go = (img * g.o() + grp * og) * p;
      for (int o = 0; o < og; o++) System.arraycopy(gradOut, go + o * p, gt, o * len + (img - i0) * p, p);
    }
    Sgemm.gemm(og, (c1 - c0) * khw, len, gt, 0, len, 1, cols, 0, 1, len, gw, grp * og * k + c0 * khw, k, true);
  }

  /**
   * Output rows per band of the packed weight-gradient path (the band's pixels are the product's
   * depth, so at most {@link Sgemm#KC}), or 0 when that path does not apply (pointwise, rows wider
   * than KC, or output channels too few to fill a register tile).
   */
  private static int weightBandRows(ConvGeometry g) {
    if (g.isPointwise() || g.ow() > Sgemm.KC || g.og() < Sgemm.NR || g.k() < Sgemm.MR) return 0;
    return Math.max(1, Math.min(g.oh(), WEIGHT_BAND_PIXELS / g.ow()));
  }

  private static void backwardWeightBand(ConvGeometry g, float[] x, float[] gradOut, float[] gradW, int it, int bands,
                                         int rows, float[] cols, boolean parallelGemm) {
    int band = it % bands, ng = it / bands, grp = ng % g.groups(), img = ng / g.groups();
    int og = g.og(), k = g.k(), p = g.p();
    int oh0 = band * rows, oh1 = Math.min(g.oh(), oh0 + rows), len = (oh1 - oh0) * g.ow();
    int xOff = (img * g.c() + grp * g.cg()) * g.h() * g.w();
    int goOff = (img * g.o() + grp * og) * p + oh0 * g.ow();
    float[] b;
    int bOff, bCs;
    if (cols == null) {
      b = x;
      bOff = xOff + oh0 * g.ow();
      bCs = g.h() * g.w();
    } else {
      im2col(g, x, xOff, oh0, oh1, cols);
      b = cols;
      bOff = 0;
      bCs = len;
    }
    // gradW[og, k] += gradOut[og, len] x cols^T [len, k]
    gemm(parallelGemm, og, k, len, gradOut, goOff, p, 1, b, bOff, 1, bCs, gradW, grp * og * k, k, true);
  }

  private static void gemm(boolean parallel, int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                           float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
    if (parallel) Sgemm.gemmParallel(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
    else Sgemm.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
  }

  /** Unfolds output rows {@code [oh0, oh1)} of one image and group into {@code cols[k, (oh1-oh0)*ow]}. */
  static void im2col(ConvGeometry g, float[] x, int xOff, int oh0, int oh1, float[] cols) {
    im2col(g, x, xOff, 0, g.cg(), oh0, oh1, cols, 0, (oh1 - oh0) * g.ow());
  }

  /**
   * Unfolds input channels {@code [c0, c1)} of output rows {@code [oh0, oh1)} into
   * {@code cols[colOff + r*ld ...]}, one row {@code r} per (channel - c0, ki, kj).
   */
  static void im2col(ConvGeometry g, float[] x, int xOff, int c0, int c1, int oh0, int oh1, float[] cols, int colOff, int ld) {
    int ow = g.ow(), hw = g.h() * g.w();
    for (int c = c0; c < c1; c++) {
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = (((c - c0) * g.kh() + ki) * g.kw() + kj) * ld + colOff;
          int lo = g.owLo(kj), hi = Math.max(lo, g.owHi(kj));
          int shift = kj * g.dw() - g.pw();
          for (int oh = oh0; oh < oh1; oh++) {
            int d = row + (oh - oh0) * ow;
            int ih = oh * g.sh() - g.ph() + ki * g.dh();
            if (ih < 0 || ih >= g.h()) {
              java.util.Arrays.fill(cols, d, d + ow, 0f);
              continue;
            }
            int src = xOff + c * hw + ih * g.w() + shift;
            for (int j = 0; j < lo; j++) cols[d + j] = 0f;
            if (g.sw() == 1) System.arraycopy(x, src + lo, cols, d + lo, hi - lo);
            else for (int j = lo; j < hi; j++) cols[d + j] = x[src + j * g.sw()];
            for (int j = hi; j < ow; j++) cols[d + j] = 0f;
          }
        }
      }
    }
  }

  /** Adds {@code cols[k, (oh1-oh0)*ow]} back onto the image positions its patches came from. */
  static void col2im(ConvGeometry g, float[] cols, int oh0, int oh1, float[] img, int imgOff) {
    int ow = g.ow(), len = (oh1 - oh0) * ow, hw = g.h() * g.w(), sw = g.sw();
    for (int c = 0; c < g.cg(); c++) {
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = ((c * g.kh() + ki) * g.kw() + kj) * len;
          int lo = g.owLo(kj), hi = g.owHi(kj);
          int shift = kj * g.dw() - g.pw();
          for (int oh = oh0; oh < oh1; oh++) {
            int ih = oh * g.sh() - g.ph() + ki * g.dh();
            if (ih < 0 || ih >= g.h()) continue;
            int s = row + (oh - oh0) * ow;
            int dst = imgOff + c * hw + ih * g.w() + shift;
            if (sw == 1) for (int j = lo; j < hi; j++) img[dst + j] += cols[s + j];
            else for (int j = lo; j < hi; j++) img[dst + j * sw] += cols[s + j];
          }
        }
      }
    }
  }
}
