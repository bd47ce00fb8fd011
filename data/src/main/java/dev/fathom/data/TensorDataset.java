package dev.fathom.data;

import dev.fathom.Tensor;
import dev.fathom.spi.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensors indexed along their first dim, as {@code torch.utils.data.TensorDataset}: item {@code i}
 * is the list {@code [t0[i], t1[i], ...]} (views, no copy). The default collate stacks them back,
 * so a batch is {@code [t0[idx], t1[idx], ...]}; with {@code (inputs, labels)} the batch's
 * {@link Batch#input()} and {@link Batch#label()} are the two.
 *
 * <pre>{@code
 * var ds = new TensorDataset(Tensor.randn(100, 3), Tensor.randint(0, 2, 100));   // [100, 3], [100]
 * List<Tensor> item = ds.get(0);                                                  // [3], []
 * }</pre>
 */
public final class TensorDataset implements Dataset<List<Tensor>> {
  private final List<Tensor> tensors;
  private final int size;

  public TensorDataset(Tensor... tensors) {
    if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset: at least one tensor is needed");
    long n = -1;
    for (Tensor t : tensors) {
      if (t.dim() == 0) throw new IllegalArgumentException("TensorDataset: tensors must have a first dim to index, got a 0-d tensor");
      if (n >= 0 && t.size(0) != n) {
        StringBuilder shapes = new StringBuilder();
        for (Tensor u : tensors) shapes.append(shapes.isEmpty() ? "" : ", ").append(Shapes.str(u.shapeInts()));
        throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: " + shapes);
      }
      n = t.size(0);
    }
    this.tensors = List.of(tensors);
    this.size = (int) n;
  }

  /** The tensors, as {@code dataset.tensors}. */
  public List<Tensor> tensors() { return tensors; }

  @Override public int size() { return size; }

  @Override
  public List<Tensor> get(int index) {
    Dataset.checkIndex(index, size);
    List<Tensor> out = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) out.add(t.get(index));
    return out;
  }
}
