package dev.fathom.spi;

/**
 * Reductions over a set of dims. ARGMAX/ARGMIN write INT64 indices along the single reduced dim
 * (the first occurrence on ties, as PyTorch). MAX/MIN propagate NaN. SUM over BOOL/integers
 * accumulates in INT64 (the tensor layer asks for an INT64 output).
 */
public enum ReduceOp {
  SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, ANY, ALL
}
