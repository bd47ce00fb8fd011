package dev.fathom.train;

import dev.fathom.Tensor;
import java.util.List;

/**
 * What the {@link Trainer} needs from a batch: the model's inputs and the label. Any iterable of
 * these is a loader; {@code dev.fathom.data.Batch} (from {@code DataLoader}) is one.
 *
 * <pre>{@code
 * LabeledBatch b = new TensorBatch(List.of(images), labels);   // images [64, 1, 28, 28], labels [64]
 * Tensor out = model.forward(b.inputs().toArray(Tensor[]::new));
 * }</pre>
 */
public interface LabeledBatch {
  /** The model's inputs, in forward's order (one for most models, several for multi-input ones). */
  List<Tensor> inputs();

  /** The target the loss compares the output with. */
  Tensor label();
}
