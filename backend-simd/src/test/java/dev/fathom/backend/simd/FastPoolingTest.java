package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.backend.cpu.ScalarBackend;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link FastPooling} through {@link SimdBackend} against the scalar
 * reference: random shapes (odd sizes included), values with ties, signed zeros, NaN and -inf.
 * Max pooling is exact, so results must agree bit for bit (NaN compared as NaN), and so must its
 * gradient where windows do not overlap; overlapping windows' sums agree to 1e-6 relative plus 1e-6.
 */
class FastPoolingTest {
  private final SimdBackend simd = new SimdBackend();
  private final ScalarBackend ref = new ScalarBackend();
  private static final Pool2dParams TWO = new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true, 0);

  /** Values drawn from a small set (many ties) plus signed zeros, NaN and -inf at the given rate. */
  private static View awkward(Random r, double specialRate, int offset, int... shape) {
    float[] d = new float[Shapes.numel(shape) + offset];
    float[] specials = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < d.length; i++)
      d[i] = r.nextDouble() < specialRate ? specials[r.nextInt(specials.length)] : r.nextInt(5) - 2 + (r.nextBoolean() ? 0 : r.nextFloat());
    return new View(HeapStorage.wrap(DType.FLOAT32, d), shape, Shapes.contiguousStrides(shape), offset);
  }

  private static View zeros(DType t, int... shape) {
    return View.contiguous(HeapStorage.allocate(t, Shapes.numel(shape)), shape);
  }

  private static void assertSameBits(View got, View want, String what) {
    float[] g = Views.floats(got), w = Views.floats(want);
    int[] gb = new int[g.length], wb = new int[w.length];
    for (int i = 0; i < g.length; i++) {
      gb[i] = Float.floatToIntBits(g[i]);
      wb[i] = Float.floatToIntBits(w[i]);
    }
    assertThat(gb).as(what).isEqualTo(wb);
  }

  /** Runs forward (with and without indices) and backward on both backends and compares them. */
  private void check(Random r, Pool2dParams p, int n, int c, int h, int w, double specialRate) {
    View x = awkward(r, specialRate, r.nextInt(3), n, c, h, w);
    int[] os = {n, c, p.outH(h), p.outW(w)};
    String what = "max_pool2d " + p + " on " + Shapes.str(x.shape());
    View got = zeros(DType.FLOAT32, os), want = zeros(DType.FLOAT32, os);
    View idx = zeros(DType.INT64, os), idxRef = zeros(DType.INT64, os);
    simd.maxPool2d(x, got, idx, p);
    ref.maxPool2d(x, want, idxRef, p);
    assertSameBits(got, want, what);
    assertThat(idx.heap().longs()).as(what + " indices").isEqualTo(idxRef.heap().longs());
    View noIdx = zeros(DType.FLOAT32, os);
    simd.maxPool2d(x, noIdx, null, p);
    assertSameBits(noIdx, want, what + " without indices");
    View go = awkward(r, specialRate / 4, 0, os);
    View gi = zeros(DType.FLOAT32, n, c, h, w), giRef = zeros(DType.FLOAT32, n, c, h, w);
    java.util.Arrays.fill(gi.heap().floats(), 7f); // stale values must be overwritten
    simd.maxPool2dBackward(go, idx, gi, p);
    ref.maxPool2dBackward(go, idxRef, giRef, p);
    // Overlapping windows add several gradients into one input: the reference sums in double, the
    // kernel in float (1e-6 relative plus 1e-6 for cancellation); non-overlapping windows write each gradient once (exact).
    if (p.strideH() >= p.kernelH() && p.strideW() >= p.kernelW()) assertSameBits(gi, giRef, what + " backward");
    else Views.assertClose(gi, giRef, 1e-6, 1e-6, what + " backward");
  }

  @Test
  void twoByTwoMatchesReferenceOnOddAndEvenSizes() {
    Random r = new Random(1);
    for (int t = 0; t < 30; t++) check(r, TWO, 1 + r.nextInt(3), 1 + r.nextInt(4), 2 + r.nextInt(14), 2 + r.nextInt(14), 0.05);
  }

  @Test
  void twoByTwoMatchesReferenceAtTheCourseCnnShapes() {
    Random r = new Random(2);
    check(r, TWO, 4, 16, 28, 28, 0.02);
    check(r, TWO, 4, 32, 14, 14, 0.02);
  }

  @Test
  void nanWinsAndTheLastNanIndexIsRecorded() {
    Random r = new Random(3);
    check(r, TWO, 2, 3, 9, 11, 0.6);
    Pool2dParams three = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false, true, 0);
    check(r, three, 2, 3, 9, 11, 0.6);
  }

  @Test
  void generalWindowsMatchReferenceWithPaddingDilationAndCeilMode() {
    Random r = new Random(4);
    for (int t = 0; t < 40; t++) {
      int k = 1 + r.nextInt(4), s = 1 + r.nextInt(3), d = 1 + r.nextInt(2), pad = r.nextInt(k / 2 + 1);
      Pool2dParams p = new Pool2dParams(k, k == 1 ? 1 : k - r.nextInt(2), s, s + r.nextInt(2), pad, 0, d, 1, r.nextBoolean(), true, 0);
      int h = (k - 1) * d + 1 + r.nextInt(10), w = (k - 1) * d + 1 + r.nextInt(10);
      check(r, p, 1 + r.nextInt(2), 1 + r.nextInt(3), h, w, 0.05);
    }
  }

  @Test
  void twoByTwoGradientAcceptsIndicesOutsideTheirOwnWindow() {
    Random r = new Random(5);
    int[] shape = {2, 3, 6, 7}, os = {2, 3, 3, 3};
    View go = awkward(r, 0, 0, os);
    View idx = zeros(DType.INT64, os);
    long[] iv = idx.heap().longs();
    for (int i = 0; i < iv.length; i++) iv[i] = r.nextInt(6 * 7); // anywhere in the plane, some shared
    View gi = zeros(DType.FLOAT32, shape), giRef = zeros(DType.FLOAT32, shape);
    simd.maxPool2dBackward(go, idx, gi, TWO);
    ref.maxPool2dBackward(go, idx, giRef, TWO);
    Views.assertClose(gi, giRef, 1e-6, 1e-6, "scattered max_pool2d gradient");
  }

  @Test
  void gradientRejectsAnIndexOutsideThePlane() {
    View go = zeros(DType.FLOAT32, 1, 1, 2, 2);
    View idx = zeros(DType.INT64, 1, 1, 2, 2);
    idx.heap().longs()[3] = 16;
    View gi = zeros(DType.FLOAT32, 1, 1, 4, 4);
    assertThatThrownBy(() -> simd.maxPool2dBackward(go, idx, gi, TWO))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 16");
  }

  @Test
  void stridedInputFallsBackToTheGeneralPathWithTheSameResult() {
    Random r = new Random(6);
    View base = awkward(r, 0.05, 0, 2, 3, 8, 10);
    int[] st = base.strides().clone();
    View x = base.restride(new int[] {3, 2, 8, 10}, new int[] {st[1], st[0], st[2], st[3]}, 0); // channels first
    View got = zeros(DType.FLOAT32, 3, 2, 4, 5), want = zeros(DType.FLOAT32, 3, 2, 4, 5);
    View idx = zeros(DType.INT64, 3, 2, 4, 5), idxRef = zeros(DType.INT64, 3, 2, 4, 5);
    simd.maxPool2d(x, got, idx, TWO);
    ref.maxPool2d(x, want, idxRef, TWO);
    assertSameBits(got, want, "strided max_pool2d");
    assertThat(idx.heap().longs()).isEqualTo(idxRef.heap().longs());
  }
}
