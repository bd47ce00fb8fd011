package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.backend.cpu.ScalarBackend;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link Masks} through {@link SimdBackend} against the scalar reference on
 * random sizes (odd ones, below and above one vector and one parallel grain), offset views and
 * broadcast single values, with ties, signed zeros, infinities and NaN in the data. All results
 * are exact, so they must agree bit for bit.
 */
class MasksTest {
  private final SimdBackend simd = new SimdBackend();
  private final ScalarBackend ref = new ScalarBackend();
  private static final int[] SIZES = {1, 3, 7, 15, 16, 17, 33, 100, 257, 70_001};

  private static float awkwardValue(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> 0f;
      case 1 -> -0f;
      case 2 -> Float.NaN;
      case 3 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
      case 4 -> r.nextInt(3) - 1;
      default -> r.nextFloat() * 4 - 2;
    };
  }

  /** A row-major FLOAT32 view of {@code n} awkward values, at a random offset into its storage. */
  private static View floats(Random r, int n) {
    int off = r.nextInt(3);
    float[] d = new float[n + off + 2];
    for (int i = 0; i < d.length; i++) d[i] = awkwardValue(r);
    return new View(HeapStorage.wrap(DType.FLOAT32, d), new int[] {n}, new int[] {1}, off);
  }

  /** One awkward value broadcast to {@code n} elements (stride 0). */
  private static View single(Random r, int n) {
    float[] d = {awkwardValue(r), awkwardValue(r)};
    return new View(HeapStorage.wrap(DType.FLOAT32, d), new int[] {n}, new int[] {0}, 1);
  }

  private static View bools(Random r, int n) {
    byte[] d = new byte[n + 1];
    for (int i = 0; i < d.length; i++) d[i] = (byte) r.nextInt(2);
    return new View(HeapStorage.wrap(DType.BOOL, d), new int[] {n}, new int[] {1}, 1);
  }

  private static View zeros(DType t, int n) {
    return View.contiguous(HeapStorage.allocate(t, n), new int[] {n});
  }

  private static int[] bits(View v) {
    float[] f = Views.floats(v);
    int[] b = new int[f.length];
    for (int i = 0; i < f.length; i++) b[i] = Float.floatToIntBits(f[i]);
    return b;
  }

  @Test
  void signMatchesReferenceIncludingNanAndSignedZero() {
    Random r = new Random(1);
    for (int n : SIZES) {
      View x = floats(r, n), got = zeros(DType.FLOAT32, n), want = zeros(DType.FLOAT32, n);
      simd.unary(UnaryOp.SIGN, x, got, 0, 0);
      ref.unary(UnaryOp.SIGN, x, want, 0, 0);
      assertThat(bits(got)).as("sign of %d", n).isEqualTo(bits(want));
    }
  }

  @ParameterizedTest
  @EnumSource(value = BinaryOp.class, names = {"EQ", "NE", "GT", "GE", "LT", "LE"})
  void scalarComparisonsMatchReference(BinaryOp op) {
    Random r = new Random(op.ordinal());
    double[] scalars = {0.0, -0.0, 0.1, 1.0, Double.NaN, Double.POSITIVE_INFINITY};
    for (int n : SIZES) {
      View x = floats(r, n);
      for (double s : scalars) {
        View got = zeros(DType.BOOL, n), want = zeros(DType.BOOL, n);
        simd.binaryScalar(op, x, s, got);
        ref.binaryScalar(op, x, s, want);
        assertThat(got.heap().bytes()).as("%s %s of %d", op, s, n).isEqualTo(want.heap().bytes());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = BinaryOp.class, names = {"EQ", "NE", "GT", "GE", "LT", "LE"})
  void tensorComparisonsMatchReferenceWithBroadcastSingleValues(BinaryOp op) {
    Random r = new Random(10 + op.ordinal());
    for (int n : SIZES) {
      for (int kind = 0; kind < 3; kind++) {
        View a = kind == 1 ? single(r, n) : floats(r, n), b = kind == 2 ? single(r, n) : floats(r, n);
        View got = zeros(DType.BOOL, n), want = zeros(DType.BOOL, n);
        simd.binary(op, a, b, got);
        ref.binary(op, a, b, want);
        assertThat(got.heap().bytes()).as("%s kind %d of %d", op, kind, n).isEqualTo(want.heap().bytes());
      }
    }
  }

  @Test
  void whereMatchesReferenceWithTensorAndSingleValueBranches() {
    Random r = new Random(20);
    for (int n : SIZES) {
      for (int kind = 0; kind < 3; kind++) {
        View c = bools(r, n);
        View a = kind == 1 ? single(r, n) : floats(r, n), b = kind == 2 ? single(r, n) : floats(r, n);
        View got = zeros(DType.FLOAT32, n), want = zeros(DType.FLOAT32, n);
        simd.where(c, a, b, got);
        ref.where(c, a, b, want);
        assertThat(bits(got)).as("where kind %d of %d", kind, n).isEqualTo(bits(want));
      }
    }
  }

  @Test
  void whereWithABroadcastConditionFallsBackWithTheSameResult() {
    Random r = new Random(21);
    int[] shape = {5, 19};
    View c = new View(HeapStorage.wrap(DType.BOOL, new byte[] {1, 0, 1, 1, 0}), shape, new int[] {1, 0}, 0);
    View a = Views.random(r, shape), b = Views.random(r, shape);
    View got = View.contiguous(HeapStorage.allocate(DType.FLOAT32, 95), shape), want = View.contiguous(HeapStorage.allocate(DType.FLOAT32, 95), shape);
    simd.where(c, a, b, got);
    ref.where(c, a, b, want);
    assertThat(bits(got)).isEqualTo(bits(want));
  }

  @Test
  void comparisonMayWriteIntoABoolViewAtAnOffset() {
    Random r = new Random(22);
    View x = floats(r, 40);
    View got = new View(HeapStorage.allocate(DType.BOOL, 45), new int[] {40}, new int[] {1}, 5), want = zeros(DType.BOOL, 40);
    simd.binaryScalar(BinaryOp.GT, x, 0.0, got);
    ref.binaryScalar(BinaryOp.GT, x, 0.0, want);
    assertThat(java.util.Arrays.copyOfRange(got.heap().bytes(), 5, 45)).isEqualTo(want.heap().bytes());
  }
}
