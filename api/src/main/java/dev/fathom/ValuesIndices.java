package dev.fathom;

/**
 * What {@code max(dim)}, {@code min(dim)} and {@code topk} return, as PyTorch's named tuple:
 * the values and their INT64 indices along the reduced dim.
 *
 * <pre>{@code
 * ValuesIndices m = logits.max(1);   // logits [N, C] -> values [N], indices [N]
 * Tensor predicted = m.indices();
 * }</pre>
 */
public record ValuesIndices(Tensor values, Tensor indices) {}
