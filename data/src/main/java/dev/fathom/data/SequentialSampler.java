package dev.fathom.data;

/**
 * Indices {@code 0, 1, ..., n-1} in order, as {@code SequentialSampler}: what a {@link DataLoader}
 * uses without {@code shuffle}.
 *
 * <pre>{@code
 * new SequentialSampler(3).indices();   // {0, 1, 2}
 * }</pre>
 */
public final class SequentialSampler implements Sampler {
  private final int n;

  public SequentialSampler(int n) {
    if (n < 0) throw new IllegalArgumentException("SequentialSampler: size must be non-negative, got " + n);
    this.n = n;
  }

  @Override public int size() { return n; }

  @Override
  public int[] indices() {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = i;
    return out;
  }
}
