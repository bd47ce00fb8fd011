package dev.fathom.spi;

/**
 * Elementwise functions of two operands of one dtype. Comparisons and logical ops write BOOL.
 * DIV on integers is never asked for: the tensor layer promotes true division to floating point.
 */
public enum BinaryOp {
  ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, REMAINDER, ATAN2,
  EQ, NE, GT, GE, LT, LE, LOGICAL_AND, LOGICAL_OR;

  /** True for ops whose output dtype is BOOL. */
  public boolean isComparison() {
    return ordinal() >= EQ.ordinal();
  }
}
