package dev.fathom.backend.simd;

import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float elementwise loops over one row segment: unit-stride operands, or a stride-0 operand (one
 * value for the whole segment). Memory-bound ops are plain loops that C2 vectorises; transcendental
 * ones use the Vector API's lanewise EXP, LOG and TANH. An output may alias an input with the same
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

  /** {@code o[i] = a[i*as] op b[i*bs]} for {@code i < n}, with {@code as, bs} each 0 or 1. */
  static void binary(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
    if (as == 0 && bs == 0) {
      java.util.Arrays.fill(o, oi, oi + n, apply(op, a[ai], b[bi]));
    } else if (as == 0) {
      float s = a[ai];
      switch (op) {
        case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = s + b[bi + i]; }
        case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = s - b[bi + i]; }
        case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = s * b[bi + i]; }
        case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = s / b[bi + i]; }
        case MAXIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.max(s, b[bi + i]); }
        case MINIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.min(s, b[bi + i]); }
        default -> throw new IllegalArgumentException("binary: " + op + " has no float kernel");
      }
    } else if (bs == 0) {
      float s = b[bi];
      switch (op) {
        case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] + s; }
        case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] - s; }
        case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] * s; }
        case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] / s; }
        case MAXIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.max(a[ai + i], s); }
        case MINIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.min(a[ai + i], s); }
        default -> throw new IllegalArgumentException("binary: " + op + " has no float kernel");
      }
    } else {
      switch (op) {
        case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] + b[bi + i]; }
        case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] - b[bi + i]; }
        case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] * b[bi + i]; }
        case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] / b[bi + i]; }
        case MAXIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.max(a[ai + i], b[bi + i]); }
        case MINIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.min(a[ai + i], b[bi + i]); }
        default -> throw new IllegalArgumentException("binary: " + op + " has no float kernel");
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
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) o[oi + i] = -x[xi + i]; }
      case ABS -> { for (int i = 0; i < n; i++) o[oi + i] = Math.abs(x[xi + i]); }
      case SQRT -> { for (int i = 0; i < n; i++) o[oi + i] = (float) Math.sqrt(x[xi + i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) o[oi + i] = 1f / x[xi + i]; }
      case SQUARE -> { for (int i = 0; i < n; i++) { float v = x[xi + i]; o[oi + i] = v * v; } }
      case RELU -> { for (int i = 0; i < n; i++) o[oi + i] = Math.max(x[xi + i], 0f); }
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
    for (int i = 0; i < n; i++) o[oi + i] = Math.min(Math.max(x[xi + i], l), h);
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
