package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.backend.cpu.ScalarBackend;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link FastPooling}'s general (not 2x2) max pooling, whose interior output
 * columns are computed a vector at a time, against the scalar reference backend: values and indices
 * must agree bit for bit (max pooling is exact). Planes are wide enough for the vector path unless
 * a test says otherwise; inputs come from small sets so that windows hold ties, NaN and -inf.
 */
class FastPoolingGeneralTest {
  private static final int V = FloatVector.SPECIES_PREFERRED.length();
  private static final Pool2dParams STEM = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false, true, 0);
  private final ScalarBackend ref = new ScalarBackend();

  private static View input(Random r, int offset, int[] shape, IntFunction<Float> value) {
    float[] d = new float[Shapes.numel(shape) + offset];
    for (int i = 0; i < d.length; i++) d[i] = value.apply(r.nextInt(1 << 20));
    return new View(HeapStorage.wrap(DType.FLOAT32, d), shape, Shapes.contiguousStrides(shape), offset);
  }

  /** ReLU-like: half zeros, the rest from {1, 2, 3}, so most windows hold ties. */
  private static float relu(int u) {
    return u % 2 == 0 ? 0f : 1 + u % 3;
  }

  private static View zeros(DType t, int... shape) {
    return View.contiguous(HeapStorage.allocate(t, Shapes.numel(shape)), shape);
  }

  private static int[] bits(View v) {
    float[] f = Views.floats(v);
    int[] b = new int[f.length];
    for (int i = 0; i < f.length; i++) b[i] = Float.floatToIntBits(f[i]);
    return b;
  }

  /** Pools x with the fast kernel (indices, then none) and the reference; asserts they agree bit for bit. */
  private void assertMatchesReference(View x, Pool2dParams p) {
    int[] s = x.shape(), os = {s[0], s[1], p.outH(s[2]), p.outW(s[3])};
    String what = "max_pool2d " + p + " on " + Shapes.str(s);
    View got = zeros(DType.FLOAT32, os), want = zeros(DType.FLOAT32, os), bare = zeros(DType.FLOAT32, os);
    View idx = zeros(DType.INT64, os), idxRef = zeros(DType.INT64, os);
    assertThat(FastPooling.maxPool2d(x, got, idx, p)).as(what + " handled").isTrue();
    ref.maxPool2d(x, want, idxRef, p);
    assertThat(bits(got)).as(what).isEqualTo(bits(want));
    assertThat(idx.heap().longs()).as(what + " indices").isEqualTo(idxRef.heap().longs());
    assertThat(FastPooling.maxPool2d(x, bare, null, p)).as(what + " handled without indices").isTrue();
    assertThat(bits(bare)).as(what + " without indices").isEqualTo(bits(want));
  }

  private static Pool2dParams randomParams(Random r) {
    int kh = 1 + r.nextInt(5), kw = 1 + r.nextInt(5);
    return new Pool2dParams(kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(kh / 2 + 1), r.nextInt(kw / 2 + 1),
        1 + r.nextInt(2), 1 + r.nextInt(2), r.nextBoolean(), true, 0);
  }

  @Test
  void randomGeometriesMatchReferenceBitForBit() {
    Random r = new Random(11);
    for (int t = 0; t < 120; t++) {
      Pool2dParams p = randomParams(r);
      int h = (p.kernelH() - 1) * p.dilationH() + 1 + r.nextInt(9);
      int w = (p.kernelW() - 1) * p.dilationW() + 1 + r.nextInt(3 * V + 10);
      assertMatchesReference(input(r, r.nextInt(3), new int[] {1 + r.nextInt(2), 1 + r.nextInt(3), h, w}, FastPoolingGeneralTest::relu), p);
    }
  }

  @Test
  void planesNarrowerThanAVectorMatchReference() {
    Random r = new Random(12);
    for (int t = 0; t < 60; t++) {
      Pool2dParams p = randomParams(r);
      int minW = (p.kernelW() - 1) * p.dilationW() + 1;
      int h = (p.kernelH() - 1) * p.dilationH() + 1 + r.nextInt(5);
      int w = minW + r.nextInt(Math.max(1, V - minW));
      assertMatchesReference(input(r, 0, new int[] {2, 2, h, w}, FastPoolingGeneralTest::relu), p);
    }
  }

  @Test
  void interiorsOfOneVectorAndOneMoreOverlapTheirLastBlockCorrectly() {
    Random r = new Random(13);
    Pool2dParams p = new Pool2dParams(3, 3, 1, 1, 1, 1, 1, 1, false, true, 0); // interior columns 1 .. w-2
    for (int w = V + 1; w <= V + 4; w++)
      assertMatchesReference(input(r, 1, new int[] {1, 3, 5, w}, u -> (float) (u % 7 - 3)), p);
  }

  @Test
  void nanWinsAndTheLastNanIndexIsRecorded() {
    Random r = new Random(14);
    IntFunction<Float> nans = u -> u % 5 == 0 ? Float.NaN : relu(u / 5);
    for (int t = 0; t < 30; t++) {
      Pool2dParams p = randomParams(r);
      int h = (p.kernelH() - 1) * p.dilationH() + 1 + r.nextInt(6);
      int w = (p.kernelW() - 1) * p.dilationW() + 1 + V + r.nextInt(2 * V);
      assertMatchesReference(input(r, 0, new int[] {1, 2, h, w}, nans), p);
    }
  }

  @Test
  void tiesKeepTheFirstIndexInRowMajorWindowOrder() {
    View x = zeros(DType.FLOAT32, 1, 1, 9, 4 * V + 3); // all zeros: every window ties everywhere
    assertMatchesReference(x, STEM);
    View idx = zeros(DType.INT64, 1, 1, 5, 2 * V + 2), out = zeros(DType.FLOAT32, 1, 1, 5, 2 * V + 2);
    FastPooling.maxPool2d(x, out, idx, STEM);
    int w = 4 * V + 3;
    assertThat(idx.heap().longs()[2 * V + 2 + 5]).as("window rows 1..3, columns 9..11: its top-left").isEqualTo(w + 9L);
  }

  @Test
  void negativeInfinityInputsMatchReference() {
    Random r = new Random(15);
    IntFunction<Float> infs = u -> u % 3 == 0 ? (float) (u % 4) : Float.NEGATIVE_INFINITY;
    for (int t = 0; t < 30; t++) {
      Pool2dParams p = randomParams(r);
      int h = (p.kernelH() - 1) * p.dilationH() + 1 + r.nextInt(6);
      int w = (p.kernelW() - 1) * p.dilationW() + 1 + V + r.nextInt(2 * V);
      assertMatchesReference(input(r, 0, new int[] {1, 2, h, w}, infs), p);
    }
    View allInf = input(r, 0, new int[] {1, 1, 8, 3 * V}, u -> Float.NEGATIVE_INFINITY);
    assertMatchesReference(allInf, STEM);
  }

  @Test
  void resNetStemMatchesReferenceWithItsGradient() {
    Random r = new Random(16);
    View x = input(r, 0, new int[] {2, 4, 28, 28}, FastPoolingGeneralTest::relu);
    assertMatchesReference(x, STEM);
    int[] os = {2, 4, 14, 14};
    View out = zeros(DType.FLOAT32, os), idx = zeros(DType.INT64, os), outRef = zeros(DType.FLOAT32, os), idxRef = zeros(DType.INT64, os);
    SimdBackend simd = new SimdBackend();
    simd.maxPool2d(x, out, idx, STEM);
    ref.maxPool2d(x, outRef, idxRef, STEM);
    View go = Views.random(r, os);
    View gi = zeros(DType.FLOAT32, 2, 4, 28, 28), giRef = zeros(DType.FLOAT32, 2, 4, 28, 28);
    Arrays.fill(gi.heap().floats(), 5f); // stale values must be overwritten
    simd.maxPool2dBackward(go, idx, gi, STEM);
    ref.maxPool2dBackward(go, idxRef, giRef, STEM);
    // Overlapping windows may route several gradients to one input: float sums against the
    // reference's double sums, 1e-6 relative plus 1e-6.
    Views.assertClose(gi, giRef, 1e-6, 1e-6, "max_pool2d ResNet stem backward");
  }
  @Test
  void stridedInputThroughTheBackendMatchesReference() {
    // A transposed (h <-> w) input is not contiguous: the backend pools a contiguous copy with the
    // fast kernel; values, indices and the gradient equal the reference's.
    Random r = new Random(11);
    View base = input(r, 0, new int[] {2, 3, 17, 23}, i -> relu(r.nextInt(7) - 3));
    View x = new View(base.storage(), new int[] {2, 3, 23, 17}, new int[] {3 * 17 * 23, 17 * 23, 1, 23}, 0);
    int[] os = {2, 3, STEM.outH(23), STEM.outW(17)};
    SimdBackend simd = new SimdBackend();
    View got = zeros(DType.FLOAT32, os), want = zeros(DType.FLOAT32, os);
    View idx = zeros(DType.INT64, os), idxRef = zeros(DType.INT64, os);
    simd.maxPool2d(x, got, idx, STEM);
    ref.maxPool2d(x, want, idxRef, STEM);
    assertThat(bits(got)).isEqualTo(bits(want));
    assertThat(idx.heap().longs()).isEqualTo(idxRef.heap().longs());
    View g = new View(input(r, 0, new int[] {2, 3, os[3], os[2]}, i -> r.nextFloat()).storage(), os,
        new int[] {3 * os[2] * os[3], os[2] * os[3], 1, os[2]}, 0);
    View gi = zeros(DType.FLOAT32, 2, 3, 23, 17), giRef = zeros(DType.FLOAT32, 2, 3, 23, 17);
    simd.maxPool2dBackward(g, idx, gi, STEM);
    ref.maxPool2dBackward(g, idxRef, giRef, STEM);
    // Overlapping windows send several gradients to one input: float sums against the
    // reference's double sums, 1e-6 relative plus 1e-6.
    Views.assertClose(gi, giRef, 1e-6, 1e-6, "max_pool2d backward of a strided gradient");
  }
}
