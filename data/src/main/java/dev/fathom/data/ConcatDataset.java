package dev.fathom.data;

import java.util.Arrays;
import java.util.List;

/**
 * Several datasets one after another, as {@code torch.utils.data.ConcatDataset}.
 *
 * <pre>{@code
 * var all = new ConcatDataset<>(List.of(trainA, trainB));   // size = trainA.size() + trainB.size()
 * }</pre>
 */
public final class ConcatDataset<T> implements Dataset<T> {
  private final List<Dataset<? extends T>> datasets;
  private final int[] cumulativeSizes;

  public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
    if (datasets.isEmpty()) throw new IllegalArgumentException("ConcatDataset: datasets should not be an empty iterable");
    this.datasets = List.copyOf(datasets);
    cumulativeSizes = new int[datasets.size()];
    long total = 0;
    for (int i = 0; i < datasets.size(); i++) {
      total += datasets.get(i).size();
      if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("ConcatDataset: more than 2^31-1 items");
      cumulativeSizes[i] = (int) total;
    }
  }

  /** The running totals of the sizes, as {@code cumulative_sizes}; a copy. */
  public int[] cumulativeSizes() { return cumulativeSizes.clone(); }

  @Override public int size() { return cumulativeSizes[cumulativeSizes.length - 1]; }

  @Override
  public T get(int index) {
    Dataset.checkIndex(index, size());
    int k = Arrays.binarySearch(cumulativeSizes, index + 1);
    if (k < 0) k = -k - 1;
    while (k > 0 && cumulativeSizes[k - 1] == cumulativeSizes[k]) k--;
    int start = k == 0 ? 0 : cumulativeSizes[k - 1];
    return datasets.get(k).get(index - start);
  }
}
