package dev.fathom.data;

/**
 * The items of a dataset at the given indices, as {@code torch.utils.data.Subset}.
 *
 * <pre>{@code
 * Subset<Sample<Tensor, Long>> firstTen = new Subset<>(train, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
 * }</pre>
 */
public final class Subset<T> implements Dataset<T> {
  private final Dataset<T> dataset;
  private final int[] indices;

  public Subset(Dataset<T> dataset, int[] indices) {
    int n = dataset.size();
    for (int i : indices) {
      if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Subset: index " + i + " is out of range for a dataset of size " + n);
    }
    this.dataset = dataset;
    this.indices = indices.clone();
  }

  /** The underlying dataset. */
  public Dataset<T> dataset() { return dataset; }

  /** The indices into {@link #dataset()}; a copy. */
  public int[] indices() { return indices.clone(); }

  @Override public int size() { return indices.length; }

  @Override public T get(int index) { return dataset.get(indices[Dataset.checkIndex(index, indices.length)]); }
}
