package dev.fathom.data;

import dev.fathom.Generator;

/**
 * Random indices into a dataset of {@code n} items, as {@code RandomSampler}: a fresh permutation
 * each epoch, or with {@code replacement} {@code numSamples} independent uniform draws. Without
 * replacement, {@code numSamples} larger than {@code n} chains several permutations (PyTorch's rule).
 *
 * <pre>{@code
 * var s = new RandomSampler(1000, RandomSampler.options().replacement(true).numSamples(64).generator(new Generator(7)));
 * }</pre>
 */
public final class RandomSampler implements Sampler {
  private final int n;
  private final boolean replacement;
  private final int numSamples;
  private final Generator generator;

  /** Optional arguments with PyTorch's defaults: no replacement, numSamples = n, the global generator. */
  public static final class Options {
    private boolean replacement;
    private Integer numSamples;
    private Generator generator;

    public Options replacement(boolean v) { replacement = v; return this; }

    public Options numSamples(int v) { numSamples = v; return this; }

    public Options generator(Generator g) { generator = g; return this; }
  }

  public static Options options() { return new Options(); }

  public RandomSampler(int n) { this(n, options()); }

  /** A sampler drawing from {@code generator}. */
  public RandomSampler(int n, Generator generator) { this(n, options().generator(generator)); }

  public RandomSampler(int n, Options o) {
    if (n < 0) throw new IllegalArgumentException("RandomSampler: size must be non-negative, got " + n);
    this.n = n;
    this.replacement = o.replacement;
    this.numSamples = o.numSamples == null ? n : o.numSamples;
    if (numSamples <= 0 && !(o.numSamples == null && n == 0)) {
      throw new IllegalArgumentException("RandomSampler: num_samples should be a positive integer value, but got num_samples=" + numSamples);
    }
    if (replacement && n == 0 && numSamples > 0) throw new IllegalArgumentException("RandomSampler: cannot draw with replacement from an empty dataset");
    this.generator = o.generator == null ? Generator.global() : o.generator;
  }

  public boolean replacement() { return replacement; }

  @Override public int size() { return numSamples; }

  @Override
  public int[] indices() {
    int[] out = new int[numSamples];
    if (replacement) {
      for (int i = 0; i < numSamples; i++) out[i] = (int) generator.nextLong(n);
      return out;
    }
    int filled = 0;
    while (filled < numSamples) {
      int[] perm = Samplers.permutation(n, generator);
      int take = Math.min(n, numSamples - filled);
      System.arraycopy(perm, 0, out, filled, take);
      filled += take;
    }
    return out;
  }
}
