package dev.fathom.train;

import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain {@link LabeledBatch}: input tensors and a label tensor.
 *
 * <pre>{@code
 * List<LabeledBatch> loader = List.of(TensorBatch.of(x, y));   // x [32, 1], y [32, 1]
 * }</pre>
 */
public record TensorBatch(List<Tensor> inputs, Tensor label) implements LabeledBatch {
  public TensorBatch {
    inputs = List.copyOf(inputs);
  }

  public static TensorBatch of(Tensor input, Tensor label) {
    return new TensorBatch(List.of(input), label);
  }

  /**
   * Splits whole-dataset tensors into batches of {@code batchSize} along dim 0 (the last may be
   * smaller), in order: a loader for data already in memory.
   */
  public static List<LabeledBatch> split(Tensor input, Tensor label, int batchSize) {
    if (input.size(0) != label.size(0)) {
      throw new IllegalArgumentException("TensorBatch.split: input has " + input.size(0) + " rows but label has " + label.size(0));
    }
    List<LabeledBatch> out = new ArrayList<>();
    List<Tensor> xs = input.split(batchSize, 0), ys = label.split(batchSize, 0);
    for (int i = 0; i < xs.size(); i++) out.add(of(xs.get(i), ys.get(i)));
    return out;
  }
}
