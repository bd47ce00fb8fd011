package dev.fathom.data;

import dev.fathom.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Static helpers over datasets, as the functions of {@code torch.utils.data}.
 *
 * <pre>{@code
 * List<Subset<Sample<Tensor, Long>>> parts = Datasets.randomSplit(ds, new double[] {0.8, 0.2}, new Generator(42));
 * var train = parts.get(0);
 * var valid = parts.get(1);
 * }</pre>
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Splits into non-overlapping random subsets of the given lengths, as {@code random_split}. The
   * lengths must add up to the dataset's size.
   */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
    long sum = 0;
    for (int l : lengths) {
      if (l < 0) throw new IllegalArgumentException("randomSplit: lengths must be non-negative, got " + Arrays.toString(lengths));
      sum += l;
    }
    if (sum != dataset.size()) {
      throw new IllegalArgumentException("randomSplit: sum of input lengths " + Arrays.toString(lengths) + " = " + sum + " does not equal the length of the input dataset (" + dataset.size() + ")");
    }
    int[] perm = Samplers.permutation(dataset.size(), generator);
    List<Subset<T>> out = new ArrayList<>(lengths.length);
    int offset = 0;
    for (int l : lengths) {
      out.add(new Subset<>(dataset, Arrays.copyOfRange(perm, offset, offset + l)));
      offset += l;
    }
    return out;
  }

  /**
   * Splits by fractions that add up to 1, as {@code random_split} with fractions: each part gets
   * {@code floor(n * fraction)} items and the remaining items go one each to the parts in order,
   * round-robin (PyTorch's rule).
   */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
    return randomSplit(dataset, lengthsFor(dataset.size(), fractions), generator);
  }

  /** {@link #randomSplit(Dataset, int[], Generator)} with the global generator. */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths) {
    return randomSplit(dataset, lengths, Generator.global());
  }

  /** {@link #randomSplit(Dataset, double[], Generator)} with the global generator. */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions) {
    return randomSplit(dataset, fractions, Generator.global());
  }

  /** The subset lengths PyTorch's {@code random_split} derives from fractions of {@code n}. */
  static int[] lengthsFor(int n, double[] fractions) {
    if (fractions.length == 0) throw new IllegalArgumentException("randomSplit: no fractions given");
    double total = 0;
    for (double f : fractions) {
      if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("randomSplit: fraction " + f + " is not between 0 and 1");
      total += f;
    }
    if (Math.abs(total - 1) > 1e-9 * Math.max(1, Math.abs(total))) {
      throw new IllegalArgumentException("randomSplit: fractions " + Arrays.toString(fractions) + " add up to " + total + ", not 1");
    }
    int[] lengths = new int[fractions.length];
    int assigned = 0;
    for (int i = 0; i < fractions.length; i++) {
      lengths[i] = (int) Math.floor(n * fractions[i]);
      assigned += lengths[i];
    }
    for (int i = 0; i < n - assigned; i++) lengths[i % lengths.length]++;
    return lengths;
  }
}
