package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.UnaryOp;

/**
 * The {@link UnaryOp}s on a buffer, in place: one loop per op, in double for floating dtypes and in
 * long for integer and BOOL dtypes. Semantics are PyTorch's: SIGN of NaN is 0, ROUND is half to
 * even, RELU and CLAMP propagate NaN, a NaN CLAMP bound means "no bound".
 */
final class UnaryKernels {
  private UnaryKernels() {}

  static void apply(UnaryOp op, double[] v, int n, double p1, double p2) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) v[i] = -v[i]; }
      case ABS -> { for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]); }
      case SIGN -> { for (int i = 0; i < n; i++) v[i] = v[i] > 0 ? 1 : v[i] < 0 ? -1 : 0; }
      case EXP -> { for (int i = 0; i < n; i++) v[i] = Math.exp(v[i]); }
      case LOG -> { for (int i = 0; i < n; i++) v[i] = Math.log(v[i]); }
      case LOG1P -> { for (int i = 0; i < n; i++) v[i] = Math.log1p(v[i]); }
      case EXPM1 -> { for (int i = 0; i < n; i++) v[i] = Math.expm1(v[i]); }
      case SQRT -> { for (int i = 0; i < n; i++) v[i] = Math.sqrt(v[i]); }
      case RSQRT -> { for (int i = 0; i < n; i++) v[i] = 1 / Math.sqrt(v[i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) v[i] = 1 / v[i]; }
      case SQUARE -> { for (int i = 0; i < n; i++) v[i] = v[i] * v[i]; }
      case SIN -> { for (int i = 0; i < n; i++) v[i] = Math.sin(v[i]); }
      case COS -> { for (int i = 0; i < n; i++) v[i] = Math.cos(v[i]); }
      case FLOOR -> { for (int i = 0; i < n; i++) v[i] = Math.floor(v[i]); }
      case CEIL -> { for (int i = 0; i < n; i++) v[i] = Math.ceil(v[i]); }
      case ROUND -> { for (int i = 0; i < n; i++) v[i] = Math.rint(v[i]); }
      case TRUNC -> { for (int i = 0; i < n; i++) v[i] = v[i] < 0 ? Math.ceil(v[i]) : Math.floor(v[i]); }
      case RELU -> { for (int i = 0; i < n; i++) v[i] = Math.max(v[i], 0.0); }
      case SIGMOID -> { for (int i = 0; i < n; i++) v[i] = 1 / (1 + Math.exp(-v[i])); }
      case TANH -> { for (int i = 0; i < n; i++) v[i] = Math.tanh(v[i]); }
      case LEAKY_RELU -> { for (int i = 0; i < n; i++) v[i] = v[i] > 0 ? v[i] : p1 * v[i]; }
      case CLAMP -> {
        if (!Double.isNaN(p1)) for (int i = 0; i < n; i++) v[i] = Math.max(v[i], p1);
        if (!Double.isNaN(p2)) for (int i = 0; i < n; i++) v[i] = Math.min(v[i], p2);
      }
      case LOGICAL_NOT -> { for (int i = 0; i < n; i++) v[i] = v[i] == 0 ? 1 : 0; }
      case ISNAN -> { for (int i = 0; i < n; i++) v[i] = Double.isNaN(v[i]) ? 1 : 0; }
    }
  }

  /** True for the ops that have an integer meaning (the result stays integer, or is BOOL). */
  static boolean definedOnIntegers(UnaryOp op) {
    return switch (op) {
      case NEG, ABS, SIGN, SQUARE, RELU, CLAMP, FLOOR, CEIL, ROUND, TRUNC, LOGICAL_NOT, ISNAN -> true;
      default -> false;
    };
  }

  static void checkIntegral(UnaryOp op, DType dtype) {
    if (!definedOnIntegers(op))
      throw new IllegalArgumentException("unary " + op + " is not defined for dtype " + dtype + " (promote to a floating dtype first)");
  }

  /** Integer ops; CLAMP bounds are cast to the integer type (truncated) unless NaN. */
  static void apply(UnaryOp op, long[] v, int n, double p1, double p2) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) v[i] = -v[i]; }
      case ABS -> { for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]); }
      case SIGN -> { for (int i = 0; i < n; i++) v[i] = Long.signum(v[i]); }
      case SQUARE -> { for (int i = 0; i < n; i++) v[i] = v[i] * v[i]; }
      case RELU -> { for (int i = 0; i < n; i++) v[i] = Math.max(v[i], 0L); }
      case CLAMP -> {
        if (!Double.isNaN(p1)) { long lo = (long) p1; for (int i = 0; i < n; i++) v[i] = Math.max(v[i], lo); }
        if (!Double.isNaN(p2)) { long hi = (long) p2; for (int i = 0; i < n; i++) v[i] = Math.min(v[i], hi); }
      }
      case FLOOR, CEIL, ROUND, TRUNC -> { }
      case LOGICAL_NOT -> { for (int i = 0; i < n; i++) v[i] = v[i] == 0 ? 1 : 0; }
      case ISNAN -> { for (int i = 0; i < n; i++) v[i] = 0; }
      default -> throw new IllegalArgumentException("unary " + op + " is not defined for integer dtypes");
    }
  }
}
