package dev.fathom.backend.simd;

import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.TernaryOp;
import dev.fathom.spi.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float elementwise loops over one row segment: unit-stride operands, or a stride-0 operand (one
 * value for the whole segment). Every loop is written with the Vector API (C2 leaves plain loops
 * scalar when the output aliases an input, and always for {@code Math.max}); transcendental ones
 * use its lanewise EXP, LOG and TANH. An output may alias an input with the same
 * layout: every loop reads element {@code i} before it writes it.
 *
 * <pre>{@code
 * FloatKernels.binary(BinaryOp.ADD, a, 0, 1, bias, 3, 0, out, 0, n); // out = a + bias[3]
 * }</pre>
 */
final class FloatKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private FloatKernels() {}

  /** True for the binary ops {@link #binary} implements. */
  static boolean supports(BinaryOp op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
      default -> false;
    };
  }

  /** True for the unary ops {@link #unary} implements. */
  static boolean supports(UnaryOp op) {
    return switch (op) {
      case NEG, ABS, SQRT, RECIPROCAL, SQUARE, RELU, LEAKY_RELU, CLAMP, EXP, LOG, SIGMOID, TANH -> true;
      default -> false;
    };
  }

  /** Operand {@code x} at {@code i}: its vector there, or the broadcast {@code bc} for a stride-0 operand. */
  private static FloatVector ld(float[] x, int i, int stride, FloatVector bc) {
    return stride == 0 ? bc : FloatVector.fromArray(S, x, i);
  }

  /**
   * {@code o[i] = a[i*as] op b[i*bs]} for {@code i < n}, with {@code as, bs} each 0 or 1. Explicit
   * vector loops: C2 does not vectorise the plain loops when the output aliases an input (in-place
   * ops), nor {@code Math.max}/{@code Math.min} at all.
   */
  static void binary(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
    if (as == 0 && bs == 0) {
      java.util.Arrays.fill(o, oi, oi + n, apply(op, a[ai], b[bi]));
      return;
    }
    FloatVector sa = FloatVector.broadcast(S, a[ai]), sb = FloatVector.broadcast(S, b[bi]);
    int i = 0;
    switch (op) {
      case ADD -> { for (; i <= n - V; i += V) ld(a, ai + i * as, as, sa).add(ld(b, bi + i * bs, bs, sb)).intoArray(o, oi + i); }
      case SUB -> { for (; i <= n - V; i += V) ld(a, ai + i * as, as, sa).sub(ld(b, bi + i * bs, bs, sb)).intoArray(o, oi + i); }
      case MUL -> { for (; i <= n - V; i += V) ld(a, ai + i * as, as, sa).mul(ld(b, bi + i * bs, bs, sb)).intoArray(o, oi + i); }
      case DIV -> { for (; i <= n - V; i += V) ld(a, ai + i * as, as, sa).div(ld(b, bi + i * bs, bs, sb)).intoArray(o, oi + i); }
      case MAXIMUM -> { for (; i <= n - V; i += V) ld(a, ai + i * as, as, sa).max(ld(b, bi + i * bs, bs, sb)).intoArray(o, oi + i); }
      case MINIMUM -> { for (; i <= n - V; i += V) ld(a, ai + i * as, as, sa).min(ld(b, bi + i * bs, bs, sb)).intoArray(o, oi + i); }
      default -> throw new IllegalArgumentException("binary: " + op + " has no float kernel");
    }
    for (; i < n; i++) o[oi + i] = apply(op, a[ai + i * as], b[bi + i * bs]);
  }

  /**
   * {@code o[i] = op(a[i], b[i], c[i]; v)} for {@code i < n} over unit-stride operands, one pass:
   * ADDCMUL {@code a + v*(b*c)}, ADDCDIV {@code a + v*(b/c)}, LERP {@code a + v*(b-a)} (c unused),
   * rounded as the composed form (product, then scale, then add).
   */
  static void ternary(TernaryOp op, float[] a, int ai, float[] b, int bi, float[] c, int ci, float[] o, int oi, int n, float v) {
    int i = 0;
    switch (op) {
      case ADDCMUL -> {
        for (; i <= n - V; i += V) {
          FloatVector t = FloatVector.fromArray(S, b, bi + i).mul(FloatVector.fromArray(S, c, ci + i)).mul(v);
          FloatVector.fromArray(S, a, ai + i).add(t).intoArray(o, oi + i);
        }
        for (; i < n; i++) o[oi + i] = a[ai + i] + v * (b[bi + i] * c[ci + i]);
      }
      case ADDCDIV -> {
        for (; i <= n - V; i += V) {
          FloatVector t = FloatVector.fromArray(S, b, bi + i).div(FloatVector.fromArray(S, c, ci + i)).mul(v);
          FloatVector.fromArray(S, a, ai + i).add(t).intoArray(o, oi + i);
        }
        for (; i < n; i++) o[oi + i] = a[ai + i] + v * (b[bi + i] / c[ci + i]);
      }
      case LERP -> {
        for (; i <= n - V; i += V) {
          FloatVector x = FloatVector.fromArray(S, a, ai + i);
          x.add(FloatVector.fromArray(S, b, bi + i).sub(x).mul(v)).intoArray(o, oi + i);
        }
        for (; i < n; i++) {
          float x = a[ai + i];
          o[oi + i] = x + v * (b[bi + i] - x);
        }
      }
    }
  }

  private static float apply(BinaryOp op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case MAXIMUM -> Math.max(x, y);
      case MINIMUM -> Math.min(x, y);
      default -> throw new IllegalArgumentException("binary: " + op + " has no float kernel");
    };
  }

  /** {@code o[i] = op(x[i])} for {@code i < n}; p1, p2 are the op's parameters (see {@link UnaryOp}). */
  static void unary(UnaryOp op, float[] x, int xi, float[] o, int oi, int n, double p1, double p2) {
    int i = 0;
    switch (op) {
      case NEG -> {
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).neg().intoArray(o, oi + i);
        for (; i < n; i++) o[oi + i] = -x[xi + i];
      }
      case ABS -> {
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).abs().intoArray(o, oi + i);
        for (; i < n; i++) o[oi + i] = Math.abs(x[xi + i]);
      }
      case SQRT -> {
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).sqrt().intoArray(o, oi + i);
        for (; i < n; i++) o[oi + i] = (float) Math.sqrt(x[xi + i]);
      }
      case RECIPROCAL -> {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i <= n - V; i += V) one.div(FloatVector.fromArray(S, x, xi + i)).intoArray(o, oi + i);
        for (; i < n; i++) o[oi + i] = 1f / x[xi + i];
      }
      case SQUARE -> {
        for (; i <= n - V; i += V) {
          FloatVector v = FloatVector.fromArray(S, x, xi + i);
          v.mul(v).intoArray(o, oi + i);
        }
        for (; i < n; i++) {
          float v = x[xi + i];
          o[oi + i] = v * v;
        }
      }
      case RELU -> {
        FloatVector zero = FloatVector.zero(S);
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).max(zero).intoArray(o, oi + i);
        for (; i < n; i++) o[oi + i] = Math.max(x[xi + i], 0f);
      }
      case LEAKY_RELU -> leakyRelu(x, xi, o, oi, n, (float) p1);
      case CLAMP -> clamp(x, xi, o, oi, n, p1, p2);
      case EXP, LOG, TANH, SIGMOID -> transcendental(op, x, xi, o, oi, n);
      default -> throw new IllegalArgumentException("unary: " + op + " has no float kernel");
    }
  }

  private static void leakyRelu(float[] x, int xi, float[] o, int oi, int n, float slope) {
    int i = 0;
    for (; i <= n - V; i += V) {
      FloatVector v = FloatVector.fromArray(S, x, xi + i);
      VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
      v.mul(slope).blend(v, pos).intoArray(o, oi + i);
    }
    for (; i < n; i++) {
      float v = x[xi + i];
      o[oi + i] = v > 0 ? v : slope * v;
    }
  }

  private static void clamp(float[] x, int xi, float[] o, int oi, int n, double lo, double hi) {
    float l = Double.isNaN(lo) ? Float.NEGATIVE_INFINITY : (float) lo;
    float h = Double.isNaN(hi) ? Float.POSITIVE_INFINITY : (float) hi;
    FloatVector lv = FloatVector.broadcast(S, l), hv = FloatVector.broadcast(S, h);
    int i = 0;
    for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).max(lv).min(hv).intoArray(o, oi + i);
    for (; i < n; i++) o[oi + i] = Math.min(Math.max(x[xi + i], l), h);
  }

  private static void transcendental(UnaryOp op, float[] x, int xi, float[] o, int oi, int n) {
    int i = 0;
    switch (op) {
      case EXP -> {
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).lanewise(VectorOperators.EXP).intoArray(o, oi + i);
      }
      case LOG -> {
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).lanewise(VectorOperators.LOG).intoArray(o, oi + i);
      }
      case TANH -> {
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xi + i).lanewise(VectorOperators.TANH).intoArray(o, oi + i);
      }
      case SIGMOID -> {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i <= n - V; i += V) {
          FloatVector e = FloatVector.fromArray(S, x, xi + i).neg().lanewise(VectorOperators.EXP);
          one.div(e.add(one)).intoArray(o, oi + i);
        }
      }
      default -> throw new IllegalArgumentException("unary: " + op + " has no float kernel");
    }
    for (; i < n; i++) {
      double v = x[xi + i];
      o[oi + i] = (float) switch (op) {
        case EXP -> Math.exp(v);
        case LOG -> Math.log(v);
        case TANH -> Math.tanh(v);
        default -> 1.0 / (1.0 + Math.exp(-v));
      };
    }
  }
}
