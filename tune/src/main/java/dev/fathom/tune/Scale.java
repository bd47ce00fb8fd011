package dev.fathom.tune;

/**
 * How a numeric range is searched: evenly in its values ({@link #LINEAR}) or evenly in their
 * logarithms ({@link #LOG}, for learning rates, weight decay and widths that span decades).
 *
 * <pre>{@code
 * SearchSpace.builder().floatRange("lr", 1e-4, 1e-1, Scale.LOG).build();
 * }</pre>
 */
public enum Scale {
  /** Uniform in the value. */
  LINEAR,
  /** Uniform in the logarithm of the value; the range must be positive. */
  LOG
}
