package dev.fathom.data;

import dev.fathom.Generator;
import java.util.Arrays;

/**
 * Indices drawn with probability proportional to {@code weights}, as {@code WeightedRandomSampler}
 * (weights need not sum to one). With {@code replacement} (the default) draws are independent;
 * without it no index repeats and {@code numSamples} must not exceed the number of non-zero weights.
 *
 * <pre>{@code
 * // oversample class 1 four times
 * var s = new WeightedRandomSampler(new double[] {1, 4, 1, 4}, 100, true, new Generator(0));
 * }</pre>
 */
public final class WeightedRandomSampler implements Sampler {
  private final double[] weights;
  private final int numSamples;
  private final boolean replacement;
  private final Generator generator;

  public WeightedRandomSampler(double[] weights, int numSamples) { this(weights, numSamples, true, Generator.global()); }

  public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement) { this(weights, numSamples, replacement, Generator.global()); }

  public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, Generator generator) {
    if (numSamples <= 0) throw new IllegalArgumentException("WeightedRandomSampler: num_samples should be a positive integer value, but got num_samples=" + numSamples);
    int positive = 0;
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("WeightedRandomSampler: weights must be finite and non-negative, got " + w);
      if (w > 0) positive++;
      total += w;
    }
    if (total <= 0) throw new IllegalArgumentException("WeightedRandomSampler: weights " + Arrays.toString(weights) + " have no positive entry");
    if (!replacement && numSamples > positive) {
      throw new IllegalArgumentException("WeightedRandomSampler: cannot sample " + numSamples + " indices without replacement from " + positive + " non-zero weights");
    }
    this.weights = weights.clone();
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.generator = generator;
  }

  @Override public int size() { return numSamples; }

  @Override
  public int[] indices() {
    double[] w = weights.clone();
    int[] out = new int[numSamples];
    double[] cdf = new double[w.length];
    buildCdf(w, cdf);
    for (int s = 0; s < numSamples; s++) {
      double u = generator.nextDouble() * cdf[cdf.length - 1];
      int k = firstAbove(cdf, u);
      while (w[k] == 0) k--; // only when rounding put u at the very top of the cdf
      out[s] = k;
      if (!replacement) {
        w[k] = 0;
        buildCdf(w, cdf);
      }
    }
    return out;
  }

  /** The smallest k with cdf[k] &gt; u (the last index when none is). */
  private static int firstAbove(double[] cdf, double u) {
    int lo = 0, hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private static void buildCdf(double[] w, double[] cdf) {
    double acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i];
      cdf[i] = acc;
    }
  }
}
