package dev.fathom.backend.simd;

import static dev.fathom.backend.simd.Views.assertClose;
import static dev.fathom.backend.simd.Views.broadcast;
import static dev.fathom.backend.simd.Views.random;
import static dev.fathom.backend.simd.Views.zeros;

import dev.fathom.DType;
import dev.fathom.backend.cpu.ScalarBackend;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.TernaryOp;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Randomized differential tests: the SIMD backend and the scalar reference on the same random
 * views (sizes 1, 3, 17 and others that are no multiple of the vector length; transposed,
 * broadcast and offset views). Tolerances: elementwise 2e-6 relative (1e-5 for the Vector API's
 * transcendental functions); GEMM, convolution and sums 1e-5 relative plus 1e-5 * sqrt(terms)
 * absolute, since the reference sums in double and the kernels in float.
 */
class SimdVsScalarTest {
  private final SimdBackend simd = new SimdBackend();
  private final ScalarBackend ref = new ScalarBackend();
  private static final int[] SIZES = {1, 3, 17, 16, 33, 64, 100};

  private static int pick(Random r) {
    return SIZES[r.nextInt(SIZES.length)];
  }

  private static View operand(Random r, int[] shape, int kind) {
    return switch (kind) {
      case 0 -> random(r, shape);
      case 1 -> shape.length >= 2 ? Views.transposed(r, shape) : random(r, shape);
      case 2 -> Views.offset(r, shape);
      default -> {
        int[] small = shape.clone();
        small[r.nextInt(shape.length)] = 1;
        if (kind == 4) java.util.Arrays.fill(small, 1);
        yield broadcast(random(r, small), shape);
      }
    };
  }

  @ParameterizedTest
  @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "MAXIMUM", "MINIMUM", "POW", "GT"})
  void binaryMatchesReferenceOnEveryLayout(BinaryOp op) {
    Random r = new Random(op.ordinal());
    for (int t = 0; t < 40; t++) {
      int[] shape = t % 7 == 0 ? new int[] {pick(r)} : new int[] {pick(r), pick(r), r.nextInt(3) + 1};
      if (t % 3 == 0) shape = new int[] {shape[0], pick(r)};
      View a = operand(r, shape, r.nextInt(5)), b = operand(r, shape, r.nextInt(5));
      DType outType = op.isComparison() ? DType.BOOL : DType.FLOAT32;
      View got = zeros(outType, shape), want = zeros(outType, shape);
      simd.binary(op, a, b, got);
      ref.binary(op, a, b, want);
      assertClose(got, want, 2e-6, 0, op + " " + a + " " + b);
    }
  }

  @Test
  void binaryMayWriteInPlaceIntoItsFirstOperand() {
    Random r = new Random(3);
    View a = random(r, 70, 33), b = broadcast(random(r, 1, 33), new int[] {70, 33});
    View want = zeros(DType.FLOAT32, 70, 33);
    ref.binary(BinaryOp.MUL, a, b, want);
    simd.binary(BinaryOp.MUL, a, b, a);
    assertClose(a, want, 0, 0, "in-place MUL");
  }

  @Test
  void binaryScalarMatchesReference() {
    Random r = new Random(4);
    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
      int[] shape = {pick(r), pick(r)};
      View a = operand(r, shape, r.nextInt(5));
      View got = zeros(DType.FLOAT32, shape), want = zeros(DType.FLOAT32, shape);
      simd.binaryScalar(op, a, 0.3, got);
      ref.binaryScalar(op, a, 0.3, want);
      assertClose(got, want, 2e-6, 0, op + " scalar");
    }
  }

  @ParameterizedTest
  @EnumSource(TernaryOp.class)
  void ternaryMatchesTheComposedReferenceOnEveryLayout(TernaryOp op) {
    Random r = new Random(op.ordinal() + 200);
    for (int t = 0; t < 40; t++) {
      int[] shape = t % 5 == 0 ? new int[] {pick(r) * 37} : new int[] {pick(r), pick(r)};
      View a = operand(r, shape, r.nextInt(5)), b = operand(r, shape, r.nextInt(5));
      View c = op == TernaryOp.ADDCDIV ? broadcast(random(r, new int[] {1}, 0.5f, 2f), shape) : operand(r, shape, r.nextInt(5));
      if (op == TernaryOp.ADDCDIV && t % 2 == 0) c = random(r, shape, 0.5f, 2f);
      View got = zeros(DType.FLOAT32, shape), want = zeros(DType.FLOAT32, shape);
      simd.ternary(op, a, b, c, got, -0.7);
      ref.ternary(op, a, b, c, want, -0.7);
      assertClose(got, want, 2e-6, 1e-7, op + " " + a + " " + b + " " + c);
    }
  }

  @Test
  void ternaryMayWriteInPlaceIntoItsFirstOperand() {
    Random r = new Random(5);
    View a = random(r, 1001), b = random(r, 1001), c = random(r, 1001);
    View want = zeros(DType.FLOAT32, 1001);
    ref.ternary(TernaryOp.ADDCMUL, a, b, c, want, 0.25);
    simd.ternary(TernaryOp.ADDCMUL, a, b, c, a, 0.25);
    assertClose(a, want, 2e-6, 0, "in-place ADDCMUL");
  }

  @ParameterizedTest
  @EnumSource(value = UnaryOp.class, names = {"NEG", "ABS", "SQRT", "RECIPROCAL", "SQUARE", "RELU", "LEAKY_RELU", "CLAMP", "EXP"})
  void unaryInPlaceMatchesReference(UnaryOp op) {
    Random r = new Random(op.ordinal() + 300);
    View x = random(r, new int[] {1003}, op == UnaryOp.SQRT ? 0.01f : -3f, 3f);
    View want = zeros(DType.FLOAT32, 1003);
    ref.unary(op, x, want, 0.1, 0.5);
    simd.unary(op, x, x, 0.1, 0.5);
    assertClose(x, want, 1e-5, 1e-7, "in-place " + op);
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void unaryMatchesReference(UnaryOp op) {
    if (op == UnaryOp.LOGICAL_NOT || op == UnaryOp.ISNAN) return; // BOOL outputs: reference only
    Random r = new Random(op.ordinal() + 100);
    boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.LOG1P;
    for (int t = 0; t < 12; t++) {
      int[] shape = {pick(r), pick(r)};
      View x = t % 3 == 1 ? Views.transposed(r, shape) : random(r, shape, positive ? 0.01f : -6f, 6f);
      View got = zeros(DType.FLOAT32, shape), want = zeros(DType.FLOAT32, shape);
      simd.unary(op, x, got, 0.1, op == UnaryOp.CLAMP ? Double.NaN : 0.5);
      ref.unary(op, x, want, 0.1, op == UnaryOp.CLAMP ? Double.NaN : 0.5);
      assertClose(got, want, 1e-5, 1e-7, op.toString());
    }
  }

  @Test
  void copyMatchesReferenceForStridedAndBroadcastSources() {
    Random r = new Random(5);
    for (int kind = 0; kind < 5; kind++) {
      int[] shape = {pick(r), pick(r), 2};
      View src = operand(r, shape, kind);
      View got = zeros(DType.FLOAT32, shape), want = zeros(DType.FLOAT32, shape);
      simd.copy(src, got);
      ref.copy(src, want);
      assertClose(got, want, 0, 0, "copy of " + src);
    }
  }

  @Test
  void matmulMatchesReferenceForTransposesAndBroadcastBatches() {
    Random r = new Random(6);
    for (int t = 0; t < 30; t++) {
      int batches = 1 + r.nextInt(3), m = pick(r), k = pick(r) + r.nextInt(400) * (t % 4 == 0 ? 1 : 0), n = pick(r);
      View a = t % 2 == 0 ? random(r, batches, m, k) : Views.transposed(r, batches, m, k);
      View b = t % 3 == 0 ? Views.transposed(r, batches, k, n) : random(r, batches, k, n);
      if (t % 5 == 0) b = broadcast(random(r, 1, k, n), new int[] {batches, k, n});
      View got = zeros(DType.FLOAT32, batches, m, n), want = zeros(DType.FLOAT32, batches, m, n);
      simd.matmul(a, b, got);
      ref.matmul(a, b, want);
      assertClose(got, want, 1e-5, 1e-5 * Math.sqrt(k), "matmul " + a + " x " + b);
    }
  }

  @Test
  void reductionsMatchReferenceOverLastLeadingAndInnerDims() {
    Random r = new Random(7);
    int[][] dimSets = {{2}, {0}, {1}, {0, 1}, {1, 2}, {0, 2}, {0, 1, 2}, {}};
    for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN}) {
      for (int[] dims : dimSets) {
        int[] shape = {pick(r), pick(r), pick(r) + 40};
        View x = random(r, shape);
        int[] outShape = shape.clone();
        for (int d : dims) outShape[d] = 1;
        View got = zeros(DType.FLOAT32, outShape), want = zeros(DType.FLOAT32, outShape);
        simd.reduce(op, x, dims, got);
        ref.reduce(op, x, dims, want);
        assertClose(got, want, 1e-5, 1e-5 * Math.sqrt(x.numel()), op + " over " + java.util.Arrays.toString(dims) + " of " + x);
      }
    }
  }

  @Test
  void sumOfAMillionElementsStaysAccurate() {
    View x = random(new Random(8), new int[] {1 << 20}, 0f, 1f);
    View got = zeros(DType.FLOAT32, 1), want = zeros(DType.FLOAT32, 1);
    simd.reduce(ReduceOp.SUM, x, new int[] {0}, got);
    ref.reduce(ReduceOp.SUM, x, new int[] {0}, want);
    assertClose(got, want, 1e-6, 0, "sum");
  }

  @Test
  void argmaxAndArgminMatchReferenceIncludingNaNAndTies() {
    Random r = new Random(9);
    View x = random(r, 37, 21);
    float[] d = x.heap().floats();
    d[5 * 21 + 3] = Float.NaN;
    d[5 * 21 + 9] = Float.NaN;
    d[7 * 21 + 2] = 5f;
    d[7 * 21 + 11] = 5f;
    for (ReduceOp op : new ReduceOp[] {ReduceOp.ARGMAX, ReduceOp.ARGMIN}) {
      View got = zeros(DType.INT64, 37, 1), want = zeros(DType.INT64, 37, 1);
      simd.reduce(op, x, new int[] {1}, got);
      ref.reduce(op, x, new int[] {1}, want);
      org.assertj.core.api.Assertions.assertThat(got.heap().longs()).as(op.toString()).isEqualTo(want.heap().longs());
    }
  }

  @Test
  void softmaxAndLogSoftmaxMatchTheComposedReference() {
    Random r = new Random(10);
    for (boolean log : new boolean[] {false, true}) {
      for (int t = 0; t < 6; t++) {
        int[] shape = {pick(r), pick(r) + 3};
        View x = random(r, shape, -20f, 20f);
        View got = zeros(DType.FLOAT32, shape), want = zeros(DType.FLOAT32, shape);
        simd.softmax(x, 1, log, got);
        ref.softmax(x, 1, log, want);
        assertClose(got, want, 1e-5, 1e-7, (log ? "log_softmax " : "softmax ") + x);
      }
    }
  }

  @Test
  void convolutionAndItsGradientsMatchReference() {
    Random r = new Random(11);
    for (int t = 0; t < 16; t++) {
      int groups = t % 4 == 3 ? 2 : 1, cg = 1 + r.nextInt(4), og = 1 + r.nextInt(5);
      int kh = 1 + r.nextInt(3), kw = 1 + r.nextInt(3), s = 1 + r.nextInt(2), pad = r.nextInt(2), dil = 1 + (t % 5 == 4 ? 1 : 0);
      int h = 5 + r.nextInt(9), w = 5 + r.nextInt(9), n = 1 + r.nextInt(3);
      Conv2dParams p = Conv2dParams.of(s, pad, dil, groups);
      int oh = Conv2dParams.outSize(h, kh, s, pad, dil), ow = Conv2dParams.outSize(w, kw, s, pad, dil);
      View x = t % 2 == 0 ? random(r, n, cg * groups, h, w) : Views.transposed(r, n, cg * groups, h, w);
      View wt = random(r, og * groups, cg, kh, kw), bias = random(r, og * groups);
      View got = zeros(DType.FLOAT32, n, og * groups, oh, ow), want = zeros(DType.FLOAT32, n, og * groups, oh, ow);
      simd.conv2d(x, wt, bias, got, p);
      ref.conv2d(x, wt, bias, want, p);
      double atol = 1e-5 * Math.sqrt(cg * kh * kw);
      assertClose(got, want, 1e-5, atol, "conv2d " + p);
      View go = random(r, n, og * groups, oh, ow);
      View gi = zeros(DType.FLOAT32, x.shape()), giRef = zeros(DType.FLOAT32, x.shape());
      simd.conv2dBackwardInput(go, wt, gi, p);
      ref.conv2dBackwardInput(go, wt, giRef, p);
      assertClose(gi, giRef, 1e-5, 1e-5 * Math.sqrt(og * kh * kw), "conv2d backward input " + p);
      View gw = zeros(DType.FLOAT32, wt.shape()), gwRef = zeros(DType.FLOAT32, wt.shape());
      simd.conv2dBackwardWeight(x, go, gw, p);
      ref.conv2dBackwardWeight(x, go, gwRef, p);
      assertClose(gw, gwRef, 1e-5, 1e-5 * Math.sqrt(n * oh * ow), "conv2d backward weight " + p);
    }
  }

  @Test
  void transposedConvolutionWithOutputPaddingMatchesReference() {
    Random r = new Random(12);
    Conv2dParams p = new Conv2dParams(2, 2, 1, 1, 1, 1, 1, 1, 1);
    View x = random(r, 2, 4, 5, 5), wt = random(r, 4, 3, 3, 3), bias = random(r, 3);
    int oh = Conv2dParams.transposedOutSize(5, 3, 2, 1, 1, 1);
    View got = zeros(DType.FLOAT32, 2, 3, oh, oh), want = zeros(DType.FLOAT32, 2, 3, oh, oh);
    simd.convTranspose2d(x, wt, bias, got, p);
    ref.convTranspose2d(x, wt, bias, want, p);
    assertClose(got, want, 1e-5, 1e-5, "conv_transpose2d");
  }

  @Test
  void poolingAndItsGradientsMatchReference() {
    Random r = new Random(13);
    for (int t = 0; t < 8; t++) {
      int k = 2 + r.nextInt(2), s = 1 + r.nextInt(2), pad = r.nextInt(k / 2 + 1);
      Pool2dParams p = new Pool2dParams(k, k, s, s, pad, pad, 1, 1, t % 2 == 1, t % 4 < 2, 0);
      int n = 2, c = 3, h = 7 + r.nextInt(6), w = 7 + r.nextInt(6);
      View x = random(r, n, c, h, w);
      int[] os = {n, c, p.outH(h), p.outW(w)};
      View got = zeros(DType.FLOAT32, os), want = zeros(DType.FLOAT32, os);
      View idx = zeros(DType.INT64, os), idxRef = zeros(DType.INT64, os);
      simd.maxPool2d(x, got, idx, p);
      ref.maxPool2d(x, want, idxRef, p);
      assertClose(got, want, 0, 0, "max_pool2d " + p);
      org.assertj.core.api.Assertions.assertThat(idx.heap().longs()).isEqualTo(idxRef.heap().longs());
      View go = random(r, os);
      View gi = zeros(DType.FLOAT32, x.shape()), giRef = zeros(DType.FLOAT32, x.shape());
      simd.maxPool2dBackward(go, idx, gi, p);
      ref.maxPool2dBackward(go, idxRef, giRef, p);
      assertClose(gi, giRef, 1e-6, 1e-7, "max_pool2d backward");
      simd.avgPool2d(x, got, p);
      ref.avgPool2d(x, want, p);
      assertClose(got, want, 1e-6, 1e-7, "avg_pool2d " + p);
      simd.avgPool2dBackward(go, gi, p);
      ref.avgPool2dBackward(go, giRef, p);
      assertClose(gi, giRef, 1e-6, 1e-7, "avg_pool2d backward " + p);
    }
  }
}
