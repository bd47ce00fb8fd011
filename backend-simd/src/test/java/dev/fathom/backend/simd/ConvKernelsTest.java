package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.spi.Parallel;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The im2col convolution kernels against direct seven-deep loops in double precision; tolerance
 * 1e-5 relative to the sum of |terms| of each element.
 */
class ConvKernelsTest {
  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
    return a;
  }

  private static ConvGeometry geometry(String spec) {
    String[] f = spec.split(" ");
    int[] v = new int[f.length];
    for (int i = 0; i < f.length; i++) v[i] = Integer.parseInt(f[i]);
    // n c h w o kh kw s p d groups
    return new ConvGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[7], v[8], v[8], v[9], v[9], v[10]);
  }

  /** Visits every (image, out channel, out pixel, in channel, ki, kj) term whose input is inside the image. */
  private interface Term {
    void at(int outIdx, int inIdx, int wIdx);
  }

  private static void forEachTerm(ConvGeometry g, Term t) {
    for (int n = 0; n < g.n(); n++)
      for (int o = 0; o < g.o(); o++) {
        int grp = o / g.og();
        for (int y = 0; y < g.oh(); y++)
          for (int x = 0; x < g.ow(); x++)
            for (int c = 0; c < g.cg(); c++)
              for (int ki = 0; ki < g.kh(); ki++)
                for (int kj = 0; kj < g.kw(); kj++) {
                  int ih = y * g.sh() - g.ph() + ki * g.dh(), iw = x * g.sw() - g.pw() + kj * g.dw();
                  if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) continue;
                  int ci = grp * g.cg() + c;
                  t.at(((n * g.o() + o) * g.oh() + y) * g.ow() + x, ((n * g.c() + ci) * g.h() + ih) * g.w() + iw,
                      ((o * g.cg() + c) * g.kh() + ki) * g.kw() + kj);
                }
      }
  }

  private static void assertClose(float[] got, double[] want, double[] mag, String what) {
    for (int i = 0; i < want.length; i++)
      assertThat((double) got[i]).as("%s[%d]", what, i).isCloseTo(want[i], Offset.offset(1e-5 * mag[i] + 1e-6));
  }

  private static void withThreads(int t, Runnable r) {
    int before = Parallel.numThreads();
    Parallel.setNumThreads(t);
    try {
      r.run();
    } finally {
      Parallel.setNumThreads(before);
    }
  }

  private static final String CASES = """
      1 1 5 5 1 3 3 1 1 1 1
      2 3 7 9 4 3 3 1 1 1 1
      3 4 8 6 6 3 2 2 1 1 2
      2 6 9 9 6 3 3 1 1 2 6
      2 8 5 5 16 1 1 1 0 1 1
      1 5 10 11 3 5 5 3 2 1 1
      4 2 3 3 5 1 1 2 0 1 1
      1 64 20 20 8 3 3 1 1 1 1
      2 5 9 11 40 3 3 1 1 1 1
      2 8 30 40 64 3 3 1 1 1 2
      1 70 12 13 33 3 3 1 1 1 1
      2 32 10 10 36 3 3 1 2 2 2
      1 16 9 9 32 3 3 1 0 1 1
      2 3 9 10 32 3 3 2 1 1 1
      1 4 18 20 40 5 5 1 2 1 1
      2 6 17 19 33 3 3 1 2 2 1
      1 40 16 17 64 3 3 1 1 1 2
      1 7 20 18 32 3 3 1 0 1 1
      3 16 21 23 32 3 3 1 1 1 1
      2 2 9 11 16 3 3 1 1 1 1
      1 3 13 21 12 3 3 1 1 1 1
      2 3 10 12 20 3 3 1 1 1 1
      1 2 12 15 16 5 5 1 2 1 1
      2 3 11 13 16 3 3 1 2 2 1
      1 8 10 18 32 3 3 1 1 1 2
      2 1 14 17 8 3 3 1 1 1 1
      2 1 28 28 16 3 3 1 1 1 1
      2 16 14 14 32 3 3 1 1 1 1
      2 8 9 10 24 3 3 1 1 1 1
      1 12 10 9 20 3 3 1 0 1 1
      1 64 30 40 16 3 3 1 1 1 1
      7 8 7 7 32 3 3 1 1 1 1
      1 9 5 6 40 3 3 1 1 1 1
      6 5 9 9 32 3 3 2 1 1 1
      4 8 6 5 64 3 3 1 1 1 2
      5 16 8 8 32 1 1 2 0 1 1
      3 6 8 7 32 3 3 1 2 2 1
      2 3 15 13 33 7 7 2 3 1 1
      1 10 7 6 72 3 3 1 1 1 1
      1 12 9 8 64 3 3 1 2 2 1
      1 3 100 100 32 3 3 2 1 1 1
      2 8 11 13 64 3 3 2 1 2 2
      1 4 12 12 70 5 5 3 2 1 1
      2 3 40 37 64 7 7 2 3 1 1
      1 8 30 34 64 3 3 2 2 2 2
      1 5 40 40 33 3 3 3 1 1 1
      3 64 10 10 40 3 3 1 1 1 2
      3 70 12 13 33 3 3 1 1 1 1
      2 512 14 14 32 3 3 1 1 1 1
      """;

  @ParameterizedTest(name = "n c h w o kh kw s p d g = {0}")
  @CsvSource(textBlock = CASES)
  void forwardMatchesDirectLoops(String spec) {
    ConvGeometry g = geometry(spec);
    Random r = new Random(spec.hashCode());
    float[] x = random(r, g.n() * g.c() * g.h() * g.w()), w = random(r, g.o() * g.k()), bias = random(r, g.o());
    int outN = g.n() * g.o() * g.p();
    double[] want = new double[outN], mag = new double[outN];
    for (int i = 0; i < outN; i++) {
      want[i] = bias[(i / g.p()) % g.o()];
      mag[i] = Math.abs(want[i]);
    }
    forEachTerm(g, (oi, ii, wi) -> {
      double t = (double) x[ii] * w[wi];
      want[oi] += t;
      mag[oi] += Math.abs(t);
    });
    for (int t = 1; t <= 2; t++) {
      float[] out = random(r, outN);
      withThreads(t, () -> ConvKernels.forward(g, x, w, bias, out));
      assertClose(out, want, mag, "out");
      // Each specialised kernel that could take the case, whichever the dispatch picks.
      if (ConvStream.fits(g)) {
        float[] o2 = random(r, outN);
        withThreads(t, () -> ConvStream.forward(g, x, w, bias, o2));
        assertClose(o2, want, mag, "out (ConvStream)");
      }
      if (ConvStrided.fits(g)) {
        float[] o4 = random(r, outN);
        withThreads(t, () -> ConvStrided.forward(g, x, w, bias, o4));
        assertClose(o4, want, mag, "out (ConvStrided)");
      }
      if (ConvDirect.appliesForward(g)) {
        float[] o3 = random(r, outN);
        withThreads(t, () -> ConvDirect.forward(g, x, w, bias, o3));
        assertClose(o3, want, mag, "out (ConvDirect)");
      }
    }
  }

  @ParameterizedTest(name = "n c h w o kh kw s p d g = {0}")
  @CsvSource(textBlock = CASES)
  void backwardInputMatchesDirectLoops(String spec) {
    ConvGeometry g = geometry(spec);
    Random r = new Random(spec.hashCode() + 1);
    float[] go = random(r, g.n() * g.o() * g.p()), w = random(r, g.o() * g.k());
    int inN = g.n() * g.c() * g.h() * g.w();
    double[] want = new double[inN], mag = new double[inN];
    forEachTerm(g, (oi, ii, wi) -> {
      double t = (double) go[oi] * w[wi];
      want[ii] += t;
      mag[ii] += Math.abs(t);
    });
    for (int t = 1; t <= 2; t++) {
      float[] gradIn = random(r, inN);
      withThreads(t, () -> ConvKernels.backwardInput(g, go, w, gradIn));
      assertClose(gradIn, want, mag, "gradIn");
    }
  }

  @ParameterizedTest(name = "n c h w o kh kw s p d g = {0}")
  @CsvSource(textBlock = CASES)
  void backwardWeightMatchesDirectLoops(String spec) {
    ConvGeometry g = geometry(spec);
    Random r = new Random(spec.hashCode() + 2);
    float[] go = random(r, g.n() * g.o() * g.p()), x = random(r, g.n() * g.c() * g.h() * g.w());
    int wN = g.o() * g.k();
    double[] want = new double[wN], mag = new double[wN];
    forEachTerm(g, (oi, ii, wi) -> {
      double t = (double) go[oi] * x[ii];
      want[wi] += t;
      mag[wi] += Math.abs(t);
    });
    for (int t = 1; t <= 2; t++) {
      float[] gradW = random(r, wN);
      withThreads(t, () -> ConvKernels.backwardWeight(g, x, go, gradW));
      assertClose(gradW, want, mag, "gradW");
    }
  }

  @org.junit.jupiter.api.Test
  void directKernelsTakeTheStrideOneCasesAbove() {
    // The cases above that must reach ConvDirect (3-tap and generic forward tiles, partial panels,
    // partial tap tiles, dilation, groups); if these stop applying, the cases no longer test it.
    for (String spec : new String[] {"1 4 18 20 40 5 5 1 2 1 1", "2 6 17 19 33 3 3 1 2 2 1", "1 40 16 17 64 3 3 1 1 1 2",
        "1 7 20 18 32 3 3 1 0 1 1", "3 16 21 23 32 3 3 1 1 1 1", "2 5 9 11 40 3 3 1 1 1 1", "2 16 14 14 32 3 3 1 1 1 1"}) {
      ConvGeometry g = geometry(spec);
      assertThat(ConvKernels.DIRECT && ConvDirect.appliesForward(g) && ConvDirect.appliesWeight(g)).as(spec).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void narrowDirectKernelTakesGroupsOfFewerThanAPanelOfChannels() {
    // Forward cases above with 8 to 31 output channels per group (3-tap and generic tiles, rows
    // shorter than a vector, partial channel blocks, dilation, groups, and 64 channels of 30 rows,
    // which take two bands, the second shorter, in the same buffer) ...
    for (String spec : new String[] {"2 2 9 11 16 3 3 1 1 1 1", "1 3 13 21 12 3 3 1 1 1 1", "2 3 10 12 20 3 3 1 1 1 1",
        "1 2 12 15 16 5 5 1 2 1 1", "2 3 11 13 16 3 3 1 2 2 1", "1 8 10 18 32 3 3 1 1 1 2", "2 1 14 17 8 3 3 1 1 1 1",
        "2 1 28 28 16 3 3 1 1 1 1", "1 64 30 40 16 3 3 1 1 1 1"}) {
      ConvGeometry g = geometry(spec);
      assertThat(ConvKernels.DIRECT && ConvDirect.appliesForward(g)).as(spec).isTrue();
      assertThat(g.og()).as(spec).isLessThan(Sgemm.NR); // ConvDirect.forward hands these to ConvNarrow
    }
    // ... and input gradients that run as forward convolutions to 8-16 channels.
    for (String spec : new String[] {"2 16 14 14 32 3 3 1 1 1 1", "2 8 9 10 24 3 3 1 1 1 1", "1 12 10 9 20 3 3 1 0 1 1"}) {
      ConvGeometry t = ConvKernels.transposedForward(geometry(spec));
      assertThat(t).as(spec).isNotNull();
      assertThat(ConvKernels.DIRECT && ConvDirect.appliesForward(t)).as(spec).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void wholePlaneWeightGradientTakesTheSmallPlaneCasesAbove() {
    // Weight gradients of planes that fit one product (several images side by side: 7 images in
    // chunks of 5 and 2; one image split by input channels; stride 2, groups, 1x1 stride 2, dilation).
    for (String spec : new String[] {"7 8 7 7 32 3 3 1 1 1 1", "1 9 5 6 40 3 3 1 1 1 1", "6 5 9 9 32 3 3 2 1 1 1",
        "4 8 6 5 64 3 3 1 1 1 2", "5 16 8 8 32 1 1 2 0 1 1", "3 6 8 7 32 3 3 1 2 2 1"}) {
      assertThat(ConvKernels.wholePlaneWeight(geometry(spec))).as(spec).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void streamKernelTakesTheSmallBatchCasesAbove() {
    // Forward cases above with few output pixels in the whole batch: stride 1 on the padded image
    // (one image split by channel tiles, a last tile overlapping the one before it, dilation,
    // groups, several images) and stride 2 on unfolded patches.
    for (String spec : new String[] {"1 10 7 6 72 3 3 1 1 1 1", "1 9 5 6 40 3 3 1 1 1 1", "1 16 9 9 32 3 3 1 0 1 1",
        "3 6 8 7 32 3 3 1 2 2 1", "4 8 6 5 64 3 3 1 1 1 2", "2 3 9 10 32 3 3 2 1 1 1", "1 12 9 8 64 3 3 1 2 2 1"}) {
      ConvGeometry g = geometry(spec);
      assertThat(ConvStream.applies(g)).as(spec).isTrue();
    }
    // A batch with too many output pixels keeps the packed kernels.
    assertThat(ConvStream.applies(geometry("3 16 21 23 32 3 3 1 1 1 1"))).isFalse();
  }

  @org.junit.jupiter.api.Test
  void stridedKernelTakesTheStridedCasesAbove() {
    // Stride 2 and 3 with full and partial channel panels, several bands (the last shorter; rows of
    // 50 at stride 2 take the one-row tiles, the last overlapping),
    // dilation with groups, and the 7x7 stem shape; a strided 1x1 kernel stays on im2col.
    for (String spec : new String[] {"1 3 100 100 32 3 3 2 1 1 1", "2 8 11 13 64 3 3 2 1 2 2", "1 4 12 12 70 5 5 3 2 1 1",
        "2 3 15 13 33 7 7 2 3 1 1", "6 5 9 9 32 3 3 2 1 1 1"}) {
      assertThat(ConvStrided.fits(geometry(spec))).as(spec).isTrue();
    }
    assertThat(ConvStrided.fits(geometry("5 16 8 8 32 1 1 2 0 1 1"))).isFalse();
  }

  @org.junit.jupiter.api.Test
  void inputGradientPacksTheFlippedWeightDirectlyForFullPanels() {
    // Stride-1 input gradients whose forward has a full panel of (input) channels: one group with a
    // partial last panel, and two groups; the packed weight equals packing the flipped copy.
    for (String spec : new String[] {"3 70 12 13 33 3 3 1 1 1 1", "3 64 10 10 40 3 3 1 1 1 2"}) {
      ConvGeometry g = geometry(spec), t = ConvKernels.transposedForward(g);
      assertThat(t).as(spec).isNotNull();
      assertThat(ConvStream.applies(t) || !ConvDirect.appliesForward(t) || t.og() < Sgemm.NR).as(spec).isFalse();
      float[] w = random(new Random(7), g.o() * g.k());
      assertThat(ConvDirect.packFlippedWeight(g, t, w, Sgemm.NR))
          .as(spec).containsExactly(ConvDirect.packWeight(t, ConvKernels.flippedTransposed(g, w), Sgemm.NR));
    }
  }

  @org.junit.jupiter.api.Test
  void shortRowsTakeWholeRowTilesAndLeftoverTiles() {
    // Rows of 7, 13 and 14 pixels (not whole 6-pixel tiles, at most 16 wide) on the direct kernel:
    // one band, a partial channel panel, and three bands of a 14x14 plane (the last shorter).
    for (String spec : new String[] {"7 8 7 7 32 3 3 1 1 1 1", "3 70 12 13 33 3 3 1 1 1 1", "2 512 14 14 32 3 3 1 1 1 1"}) {
      ConvGeometry g = geometry(spec);
      assertThat(ConvDirect.ROW_TILES3 && !ConvStream.applies(g) && ConvDirect.appliesForward(g)).as(spec).isTrue();
      assertThat(g.ow() % Sgemm.MR != 0 && g.ow() <= 16 && g.kw() == 3).as(spec).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void dirtyScratchBuffersDoNotChangeResults() {
    // The reused per-thread buffers (packed and flipped weights, partial weight gradients) may hold
    // anything, NaN included, from an earlier call: results must be bit-identical either way.
    for (String spec : new String[] {"3 70 12 13 33 3 3 1 1 1 1", "1 3 100 100 32 3 3 2 1 1 1", "2 3 40 37 64 7 7 2 3 1 1",
        "7 8 7 7 32 3 3 1 1 1 1", "2 8 30 40 64 3 3 1 1 1 2"}) {
      ConvGeometry g = geometry(spec);
      Random r = new Random(spec.hashCode());
      float[] x = random(r, g.n() * g.c() * g.h() * g.w()), w = random(r, g.o() * g.k()), go = random(r, g.n() * g.o() * g.p());
      float[][] clean = withThreads1(() -> run(g, x, w, go));
      for (int slot : new int[] {Scratch.PACK, Scratch.FLIP, Scratch.PART}) java.util.Arrays.fill(Scratch.floats(slot, 1 << 20), Float.NaN);
      float[][] dirty = withThreads1(() -> run(g, x, w, go));
      for (int i = 0; i < 3; i++) assertThat(dirty[i]).as(spec + " output " + i).containsExactly(clean[i]);
    }
  }

  private static float[][] withThreads1(java.util.function.Supplier<float[][]> s) {
    float[][][] r = new float[1][][];
    withThreads(1, () -> r[0] = s.get());
    return r[0];
  }

  private static float[][] run(ConvGeometry g, float[] x, float[] w, float[] go) {
    float[] out = new float[go.length], gi = new float[x.length], gw = new float[w.length];
    ConvKernels.forward(g, x, w, null, out);
    ConvKernels.backwardInput(g, go, w, gi);
    ConvKernels.backwardWeight(g, x, go, gw);
    return new float[][] {out, gi, gw};
  }

  @org.junit.jupiter.api.Test
  void directWeightGradientTakesStridedCasesWithRowsLongEnough() {
    // Stride 2 with two bands (the stem's shape, smaller), dilation with groups, stride 3 with a
    // partial channel panel.
    for (String spec : new String[] {"1 3 100 100 32 3 3 2 1 1 1", "2 3 40 37 64 7 7 2 3 1 1", "1 8 30 34 64 3 3 2 2 2 2",
        "1 5 40 40 33 3 3 3 1 1 1"}) {
      assertThat(ConvKernels.DIRECT && ConvDirect.appliesWeight(geometry(spec))).as(spec).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void directForwardOfOneImageSplitsChannelPanels() {
    // One image and group, two or three channel panels (the last partial, and an uneven split):
    // at 2 threads ConvDirect.forward gives each thread its own panels; the input gradient of the
    // same shapes runs as such a forward too.
    for (String spec : new String[] {"1 10 7 6 72 3 3 1 1 1 1", "1 12 9 8 64 3 3 1 2 2 1"}) {
      ConvGeometry g = geometry(spec);
      assertThat(ConvKernels.DIRECT && ConvDirect.appliesForward(g)).as(spec).isTrue();
      assertThat(g.n() * g.groups()).as(spec).isLessThan(2);
      assertThat(g.og()).as(spec).isGreaterThanOrEqualTo(2 * Sgemm.NR);
    }
  }
}
