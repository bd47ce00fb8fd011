package dev.fathom.data;

/**
 * The order in which a {@link DataLoader} reads item indices, as {@code torch.utils.data.Sampler}.
 * Each call of {@link #indices()} is one epoch; random samplers draw a fresh order each time from
 * their generator, so a seeded generator gives the same sequence of epochs.
 *
 * <pre>{@code
 * Sampler s = new RandomSampler(dataset.size(), new Generator(0));
 * int[] epoch1 = s.indices();   // a permutation of 0..size-1
 * }</pre>
 */
public interface Sampler {
  /** The number of indices one epoch yields, as {@code len(sampler)}. */
  int size();

  /** The indices of the next epoch, {@link #size()} of them. */
  int[] indices();
}
