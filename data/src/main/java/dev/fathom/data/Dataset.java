package dev.fathom.data;

import java.util.Objects;
import java.util.function.Function;

/**
 * A map-style dataset, as {@code torch.utils.data.Dataset}: {@link #size()} items reachable by
 * index. Implementations must allow {@link #get(int)} from several threads at once (DataLoader
 * workers call it concurrently).
 *
 * <pre>{@code
 * Dataset<Sample<Tensor, Long>> train = new TensorDataset(x, y).map(t -> new Sample<>(t.get(0), t.get(1).longItem()));
 * var loader = new DataLoader<>(train, DataLoader.options().batchSize(64).shuffle(true));
 * }</pre>
 *
 * @param <T> the item type: a {@link dev.fathom.Tensor}, a {@link Sample}, a list, a record...
 */
public interface Dataset<T> {
  /** The number of items, as {@code len(dataset)}. */
  int size();

  /** Item {@code index}, 0 &lt;= index &lt; size(). */
  T get(int index);

  /** A view of this dataset with {@code fn} applied to each item as it is read (lazily). */
  default <R> Dataset<R> map(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "map: fn");
    Dataset<T> self = this;
    return new Dataset<>() {
      @Override public int size() { return self.size(); }

      @Override public R get(int index) { return fn.apply(self.get(index)); }
    };
  }

  /** Fails with PyTorch's message when {@code index} is outside [0, size). */
  static int checkIndex(int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " is out of range for a dataset of size " + size);
    }
    return index;
  }
}
