package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;

/**
 * The {@link BinaryOp}s on two buffers, result in the first: one loop per op, in double for
 * floating dtypes and in long for integer and BOOL dtypes (narrowing on store wraps as the dtype
 * does). Comparisons and logical ops give 1 or 0. REMAINDER takes the sign of the divisor (Python
 * and {@code torch.remainder}); MAXIMUM/MINIMUM propagate NaN; integer POW is exact.
 */
final class BinaryKernels {
  private BinaryKernels() {}

  static void apply(BinaryOp op, double[] x, double[] y, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) x[i] = x[i] + y[i]; }
      case SUB -> { for (int i = 0; i < n; i++) x[i] = x[i] - y[i]; }
      case MUL -> { for (int i = 0; i < n; i++) x[i] = x[i] * y[i]; }
      case DIV -> { for (int i = 0; i < n; i++) x[i] = x[i] / y[i]; }
      case POW -> { for (int i = 0; i < n; i++) x[i] = Math.pow(x[i], y[i]); }
      case MAXIMUM -> { for (int i = 0; i < n; i++) x[i] = Math.max(x[i], y[i]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) x[i] = Math.min(x[i], y[i]); }
      case REMAINDER -> { for (int i = 0; i < n; i++) x[i] = remainder(x[i], y[i]); }
      case ATAN2 -> { for (int i = 0; i < n; i++) x[i] = Math.atan2(x[i], y[i]); }
      case EQ -> { for (int i = 0; i < n; i++) x[i] = x[i] == y[i] ? 1 : 0; }
      case NE -> { for (int i = 0; i < n; i++) x[i] = x[i] != y[i] ? 1 : 0; }
      case GT -> { for (int i = 0; i < n; i++) x[i] = x[i] > y[i] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) x[i] = x[i] >= y[i] ? 1 : 0; }
      case LT -> { for (int i = 0; i < n; i++) x[i] = x[i] < y[i] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) x[i] = x[i] <= y[i] ? 1 : 0; }
      case LOGICAL_AND -> { for (int i = 0; i < n; i++) x[i] = x[i] != 0 && y[i] != 0 ? 1 : 0; }
      case LOGICAL_OR -> { for (int i = 0; i < n; i++) x[i] = x[i] != 0 || y[i] != 0 ? 1 : 0; }
    }
  }

  /**
   * Floored remainder {@code a - floor(a/b)*b}, computed from the exact {@code fmod} so that it
   * is exact in float as in double (the value PyTorch gives); NaN when b is 0.
   */
  static double remainder(double a, double b) {
    double m = a % b;
    return m != 0 && (b < 0) != (m < 0) ? m + b : m;
  }

  static void checkIntegral(BinaryOp op, DType dtype) {
    if (op == BinaryOp.DIV || op == BinaryOp.ATAN2)
      throw new IllegalArgumentException("binary " + op + " is not defined for dtype " + dtype + " (promote to a floating dtype first)");
  }

  static void apply(BinaryOp op, long[] x, long[] y, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) x[i] = x[i] + y[i]; }
      case SUB -> { for (int i = 0; i < n; i++) x[i] = x[i] - y[i]; }
      case MUL -> { for (int i = 0; i < n; i++) x[i] = x[i] * y[i]; }
      case POW -> { for (int i = 0; i < n; i++) x[i] = pow(x[i], y[i]); }
      case MAXIMUM -> { for (int i = 0; i < n; i++) x[i] = Math.max(x[i], y[i]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) x[i] = Math.min(x[i], y[i]); }
      case REMAINDER -> { for (int i = 0; i < n; i++) x[i] = remainder(x[i], y[i]); }
      case EQ -> { for (int i = 0; i < n; i++) x[i] = x[i] == y[i] ? 1 : 0; }
      case NE -> { for (int i = 0; i < n; i++) x[i] = x[i] != y[i] ? 1 : 0; }
      case GT -> { for (int i = 0; i < n; i++) x[i] = x[i] > y[i] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) x[i] = x[i] >= y[i] ? 1 : 0; }
      case LT -> { for (int i = 0; i < n; i++) x[i] = x[i] < y[i] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) x[i] = x[i] <= y[i] ? 1 : 0; }
      case LOGICAL_AND -> { for (int i = 0; i < n; i++) x[i] = x[i] != 0 && y[i] != 0 ? 1 : 0; }
      case LOGICAL_OR -> { for (int i = 0; i < n; i++) x[i] = x[i] != 0 || y[i] != 0 ? 1 : 0; }
      case DIV, ATAN2 -> throw new IllegalArgumentException("binary " + op + " is not defined for integer dtypes");
    }
  }

  /** Floored integer remainder (sign of the divisor), as {@code torch.remainder}. */
  static long remainder(long a, long b) {
    if (b == 0) throw new ArithmeticException("remainder: integer division by zero");
    long m = a % b;
    return m != 0 && (m ^ b) < 0 ? m + b : m;
  }

  /**
   * Integer power by squaring, wrapping on overflow. A negative exponent gives what PyTorch's
   * integer pow gives: 1 for base 1, +-1 for base -1, else 0.
   */
  static long pow(long base, long exp) {
    if (exp < 0) {
      if (base == 1) return 1;
      if (base == -1) return (exp & 1) == 0 ? 1 : -1;
      return 0;
    }
    long result = 1;
    while (exp != 0) {
      if ((exp & 1) != 0) result *= base;
      base *= base;
      exp >>>= 1;
    }
    return result;
  }
}
