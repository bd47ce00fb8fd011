package dev.fathom.train;

import dev.fathom.Fathom;
import dev.fathom.Tensor;

/**
 * Classification metrics on logits {@code [N, C]} (or probabilities) and INT64 labels {@code [N]}.
 *
 * <pre>{@code
 * double top1 = Metrics.accuracy(logits, labels);
 * double top5 = Metrics.topKAccuracy(logits, labels, 5);
 * }</pre>
 */
public final class Metrics {
  private Metrics() {}

  /** The fraction of rows whose largest output is at the label. */
  public static double accuracy(Tensor output, Tensor label) {
    check(output, label, "accuracy");
    try (var g = Fathom.noGrad()) {
      return output.argmax(1).eq(label).to(dev.fathom.DType.FLOAT64).mean().item();
    }
  }

  /** The fraction of rows whose label is among the {@code k} largest outputs. */
  public static double topKAccuracy(Tensor output, Tensor label, int k) {
    check(output, label, "topKAccuracy");
    if (k < 1 || k > output.size(1)) throw new IllegalArgumentException("topKAccuracy: k must be in [1, " + output.size(1) + "], got " + k);
    try (var g = Fathom.noGrad()) {
      Tensor top = output.topk(k, 1).indices();
      return top.eq(label.unsqueeze(1)).any(1).to(dev.fathom.DType.FLOAT64).mean().item();
    }
  }

  /** {@link #topKAccuracy} as a {@link Metric}. */
  public static Metric topK(int k) {
    return (o, l) -> topKAccuracy(o, l, k);
  }

  private static void check(Tensor output, Tensor label, String op) {
    if (output.dim() != 2 || label.dim() != 1 || output.size(0) != label.size(0)) {
      throw new IllegalArgumentException(op + ": expected output [N, C] and label [N], got " + java.util.Arrays.toString(output.shape())
          + " and " + java.util.Arrays.toString(label.shape()));
    }
  }
}
