package dev.fathom.spi;

/**
 * Elementwise functions of one operand. {@code p1}/{@code p2} are the op's scalar parameters
 * where it has any (the slope of LEAKY_RELU, the bounds of CLAMP with NaN meaning "none").
 * Input and output have the same dtype except where noted.
 */
public enum UnaryOp {
  NEG, ABS, SIGN, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, RECIPROCAL, SQUARE,
  SIN, COS, FLOOR, CEIL, ROUND, TRUNC,
  RELU, SIGMOID, TANH,
  /** {@code x > 0 ? x : p1 * x}. */
  LEAKY_RELU,
  /** {@code min(max(x, p1), p2)}; a NaN bound is ignored. */
  CLAMP,
  /** BOOL output: logical not. */
  LOGICAL_NOT,
  /** BOOL output: x is NaN. */
  ISNAN
}
