package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Log-softmax and negative log likelihood in one step, as {@code nn.CrossEntropyLoss}. Input
 * logits {@code [N, C]} ({@code [C]}, or {@code [N, C, d1, ...]} for per-pixel classes); target
 * class indices {@code [N]} ({@code []}, {@code [N, d1, ...]}) as int64, or class probabilities
 * of the input's shape. Options as PyTorch: {@code weight} per class (registered as the buffer
 * {@code weight}), {@code ignoreIndex} (-100; those targets add nothing and do not count in the
 * mean), {@code reduction}, {@code labelSmoothing}. With weights, "mean" divides by the summed
 * weights of the counted targets, as PyTorch.
 *
 * <pre>{@code
 * CrossEntropyLoss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(model.forward(images), labels);   // [64, 10], [64] -> 0-d
 * new CrossEntropyLoss(CrossEntropyLoss.options().labelSmoothing(0.1).ignoreIndex(0));
 * }</pre>
 */
public final class CrossEntropyLoss extends Module {
  private final long ignoreIndex;
  private final String reduction;
  private final double labelSmoothing;

  /** Optional arguments: weight (null), ignore_index (-100), reduction ("mean"), label_smoothing (0). */
  public static final class Options {
    private Tensor weight;
    private long ignoreIndex = -100;
    private String reduction = "mean";
    private double labelSmoothing;

    public Options weight(Tensor w) { weight = w; return this; }

    public Options ignoreIndex(long i) { ignoreIndex = i; return this; }

    public Options reduction(String r) { reduction = Reductions.check(r); return this; }

    public Options labelSmoothing(double s) {
      if (s < 0 || s > 1) throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + s);
      labelSmoothing = s;
      return this;
    }

    public Tensor weight() { return weight; }

    public long ignoreIndex() { return ignoreIndex; }

    public String reduction() { return reduction; }

    public double labelSmoothing() { return labelSmoothing; }
  }

  public static Options options() {
    return new Options();
  }

  public CrossEntropyLoss() {
    this(options());
  }

  public CrossEntropyLoss(Options options) {
    this.ignoreIndex = options.ignoreIndex;
    this.reduction = options.reduction;
    this.labelSmoothing = options.labelSmoothing;
    if (options.weight != null) registerBuffer("weight", options.weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Tensor w = bufferOrNull("weight");
    return withHooks(F.crossEntropy(input, target, w, ignoreIndex, reduction, labelSmoothing), input, target);
  }
}
