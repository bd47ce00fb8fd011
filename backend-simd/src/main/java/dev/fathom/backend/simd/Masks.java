package dev.fathom.backend.simd;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for the float ops that make or use masks: {@code sign}, comparisons that
 * write BOOL ({@code x.gt(0.0)}, {@code a.eq(b)}), and {@code where(cond, a, b)} — what ReLU,
 * LeakyReLU, clamp and maximum backward and masked_fill are built from. Each operand must be
 * row-major with the output's shape, or a single value broadcast everywhere (all strides 0);
 * other layouts, dtypes and ops return false and the caller runs its general path. Semantics are
 * the scalar reference's: sign(NaN) = 0 and sign(-0) = +0; comparisons with NaN are false except
 * NE; BOOL is one byte, 0 or 1.
 *
 * <pre>{@code
 * boolean done = Masks.compareScalar(BinaryOp.GT, x, 0.0, mask); // x FLOAT32 [64, 16, 28, 28], mask BOOL
 * done = Masks.where(mask, g, zero, out);                         // zero: a scalar with strides 0
 * }</pre>
 */
final class Masks {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  /** Bytes with as many lanes as {@link #S}. */
  private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(V * 8));
  private static final int GRAIN = 1 << 16;

  private Masks() {}

  /** An operand: an array, its first index, and 1 (row-major) or 0 (one value everywhere). */
  private record Arg(Object array, int offset, int step) {}

  /** {@code v} as an operand over {@code out}'s shape, or null when it is neither row-major nor a broadcast single value. */
  private static Arg arg(View v, DType dtype, View out) {
    if (v.dtype() != dtype || !(v.storage() instanceof HeapStorage) || v.offset() < 0) return null;
    if (!(v.shape() == out.shape() || Arrays.equals(v.shape(), out.shape()))) return null;
    if (v.isContiguous()) return v.offset() + out.numel() <= v.storage().size() ? new Arg(v.heap().array(), v.offset(), 1) : null;
    for (int s : v.strides()) if (s != 0) return null;
    return v.offset() < v.storage().size() ? new Arg(v.heap().array(), v.offset(), 0) : null;
  }

  private static boolean denseOut(View out, DType dtype) {
    return out.dtype() == dtype && out.storage() instanceof HeapStorage && out.isContiguous() && out.offset() >= 0
        && out.offset() + out.numel() <= out.storage().size();
  }

  @FunctionalInterface
  private interface Segment {
    void run(int from, int len);
  }

  private static void split(int n, Segment body) {
    if (n <= GRAIN) body.run(0, n);
    else Parallel.forRange(n, GRAIN, (from, to) -> body.run(from, to - from));
  }

  // ---- sign ---------------------------------------------------------------------------------

  /** {@code out = sign(x)} for FLOAT32; false for other ops and views. */
  static boolean unary(UnaryOp op, View x, View out) {
    if (op != UnaryOp.SIGN || !denseOut(out, DType.FLOAT32)) return false;
    Arg a = arg(x, DType.FLOAT32, out);
    if (a == null || a.step() == 0) return false;
    float[] xs = (float[]) a.array(), o = out.heap().floats();
    int xo = a.offset(), oo = out.offset();
    split(out.numel(), (from, len) -> sign(xs, xo + from, o, oo + from, len));
    return true;
  }

  private static void sign(float[] x, int xi, float[] o, int oi, int n) {
    FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f), minus = FloatVector.broadcast(S, -1f);
    int i = 0;
    for (; i <= n - V; i += V) {
      FloatVector v = FloatVector.fromArray(S, x, xi + i);
      zero.blend(one, v.compare(VectorOperators.GT, 0f)).blend(minus, v.compare(VectorOperators.LT, 0f)).intoArray(o, oi + i);
    }
    for (; i < n; i++) {
      float v = x[xi + i];
      o[oi + i] = v > 0 ? 1f : v < 0 ? -1f : 0f;
    }
  }

  // ---- comparisons --------------------------------------------------------------------------

  private static boolean isComparison(BinaryOp op) {
    return switch (op) {
      case EQ, NE, GT, GE, LT, LE -> true;
      default -> false;
    };
  }

  /**
   * {@code x op y} lane by lane. The operator must reach the Vector API as a constant to be
   * compiled to one instruction (a variable one runs 30x slower), hence the switch.
   */
  private static VectorMask<Float> test(BinaryOp op, FloatVector x, FloatVector y) {
    return switch (op) {
      case EQ -> x.compare(VectorOperators.EQ, y);
      case NE -> x.compare(VectorOperators.NE, y);
      case GT -> x.compare(VectorOperators.GT, y);
      case GE -> x.compare(VectorOperators.GE, y);
      case LT -> x.compare(VectorOperators.LT, y);
      case LE -> x.compare(VectorOperators.LE, y);
      default -> throw new IllegalArgumentException("compare: " + op + " is not a comparison");
    };
  }

  /** {@code out = a op scalar} (BOOL) for FLOAT32 {@code a} and a comparison op; false otherwise. */
  static boolean compareScalar(BinaryOp op, View a, double scalar, View out) {
    if (!isComparison(op) || !denseOut(out, DType.BOOL)) return false;
    Arg x = arg(a, DType.FLOAT32, out);
    if (x == null || x.step() == 0) return false;
    float[] xs = (float[]) x.array();
    byte[] o = out.heap().bytes();
    float s = (float) scalar; // the reference rounds the scalar to FLOAT32 first
    int xo = x.offset(), oo = out.offset();
    split(out.numel(), (from, len) -> compare(op, xs, xo + from, 1, new float[] {s}, 0, 0, o, oo + from, len));
    return true;
  }

  /** {@code out = a op b} (BOOL) for FLOAT32 operands and a comparison op; false otherwise. */
  static boolean compare(BinaryOp op, View a, View b, View out) {
    if (!isComparison(op) || !denseOut(out, DType.BOOL)) return false;
    Arg x = arg(a, DType.FLOAT32, out), y = arg(b, DType.FLOAT32, out);
    if (x == null || y == null || (x.step() == 0 && y.step() == 0)) return false;
    float[] xs = (float[]) x.array(), ys = (float[]) y.array();
    byte[] o = out.heap().bytes();
    int xo = x.offset(), yo = y.offset(), xs1 = x.step(), ys1 = y.step(), oo = out.offset();
    split(out.numel(), (from, len) -> compare(op, xs, xo + from * xs1, xs1, ys, yo + from * ys1, ys1, o, oo + from, len));
    return true;
  }

  /** {@code o[i] = a[ai + i*as] op b[bi + i*bs]} as 0/1 bytes, with {@code as, bs} each 0 or 1 (not both 0). */
  private static void compare(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, byte[] o, int oi, int n) {
    ByteVector zero = ByteVector.zero(BS);
    FloatVector sa = FloatVector.broadcast(S, a[ai]), sb = FloatVector.broadcast(S, b[bi]);
    int i = 0;
    for (; i <= n - V; i += V) {
      FloatVector x = as == 1 ? FloatVector.fromArray(S, a, ai + i) : sa;
      FloatVector y = bs == 1 ? FloatVector.fromArray(S, b, bi + i) : sb;
      zero.blend((byte) 1, test(op, x, y).cast(BS)).intoArray(o, oi + i);
    }
    for (; i < n; i++) o[oi + i] = compare(op, a[ai + i * as], b[bi + i * bs]) ? (byte) 1 : (byte) 0;
  }

  private static boolean compare(BinaryOp op, float x, float y) {
    return switch (op) {
      case EQ -> x == y;
      case NE -> x != y;
      case GT -> x > y;
      case GE -> x >= y;
      case LT -> x < y;
      case LE -> x <= y;
      default -> throw new IllegalArgumentException("compare: " + op + " is not a comparison");
    };
  }

  // ---- where --------------------------------------------------------------------------------

  /** {@code out = cond ? a : b} for BOOL cond and FLOAT32 a, b, out; false for other dtypes and layouts. */
  static boolean where(View cond, View a, View b, View out) {
    if (!denseOut(out, DType.FLOAT32)) return false;
    Arg c = arg(cond, DType.BOOL, out), x = arg(a, DType.FLOAT32, out), y = arg(b, DType.FLOAT32, out);
    if (c == null || x == null || y == null || c.step() == 0) return false;
    byte[] cs = (byte[]) c.array();
    float[] xs = (float[]) x.array(), ys = (float[]) y.array(), o = out.heap().floats();
    int co = c.offset(), xo = x.offset(), yo = y.offset(), xs1 = x.step(), ys1 = y.step(), oo = out.offset();
    split(out.numel(), (from, len) -> where(cs, co + from, xs, xo + from * xs1, xs1, ys, yo + from * ys1, ys1, o, oo + from, len));
    return true;
  }

  private static void where(byte[] c, int ci, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
    int i = 0;
    FloatVector sa = FloatVector.broadcast(S, a[ai]), sb = FloatVector.broadcast(S, b[bi]);
    for (; i <= n - V; i += V) {
      VectorMask<Float> m = ByteVector.fromArray(BS, c, ci + i).compare(VectorOperators.NE, (byte) 0).cast(S);
      FloatVector x = as == 1 ? FloatVector.fromArray(S, a, ai + i) : sa;
      FloatVector y = bs == 1 ? FloatVector.fromArray(S, b, bi + i) : sb;
      y.blend(x, m).intoArray(o, oi + i);
    }
    for (; i < n; i++) o[oi + i] = c[ci + i] != 0 ? a[ai + i * as] : b[bi + i * bs];
  }
}
