package dev.fathom.spi;

/** Random fills, parameterised by {@code a} and {@code b}. */
public enum Distribution {
  /** Uniform on [a, b). */
  UNIFORM,
  /** Normal with mean a and standard deviation b. */
  NORMAL,
  /** 1 with probability a, else 0. */
  BERNOULLI
}
