package dev.fathom.spi;

/**
 * Fused elementwise functions of three operands of one dtype, with a scalar {@code value}:
 * one pass over memory where the composed form would take two or three (optimizer updates,
 * {@code relu(a*b+c)}-style expressions).
 */
public enum TernaryOp {
  /** {@code a + value * b * c}, as {@code torch.addcmul}. */
  ADDCMUL,
  /** {@code a + value * b / c}, as {@code torch.addcdiv}. */
  ADDCDIV,
  /** {@code a + value * (b - a)}, as {@code torch.lerp} with a scalar weight; c is ignored. */
  LERP
}
