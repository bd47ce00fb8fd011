package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Sigmoid and binary cross entropy in one numerically stable step, as
 * {@code nn.BCEWithLogitsLoss}: {@code -w * (p * y log σ(x) + (1 - y) log(1 - σ(x)))}. Input
 * (logits) and target of the same shape; {@code posWeight} (one value per class, broadcast along
 * the last dim) weighs the positive term, {@code weight} each element. Both are registered as
 * buffers ({@code weight}, {@code pos_weight}).
 *
 * <pre>{@code
 * BCEWithLogitsLoss criterion = new BCEWithLogitsLoss(BCEWithLogitsLoss.options().posWeight(Tensor.full(3.0, 1)));
 * Tensor loss = criterion.forward(logits, labels);    // [N, 1], [N, 1] float
 * }</pre>
 */
public final class BCEWithLogitsLoss extends Module {
  private final String reduction;

  /** Optional arguments: {@code weight} (null), {@code reduction} ("mean"), {@code posWeight} (null). */
  public static final class Options {
    private Tensor weight;
    private String reduction = "mean";
    private Tensor posWeight;

    public Options weight(Tensor w) { weight = w; return this; }

    public Options reduction(String r) { reduction = Reductions.check(r); return this; }

    public Options posWeight(Tensor p) { posWeight = p; return this; }

    public Tensor weight() { return weight; }

    public String reduction() { return reduction; }

    public Tensor posWeight() { return posWeight; }
  }

  public static Options options() {
    return new Options();
  }

  public BCEWithLogitsLoss() {
    this(options());
  }

  public BCEWithLogitsLoss(Options options) {
    this.reduction = options.reduction;
    if (options.weight != null) registerBuffer("weight", options.weight);
    if (options.posWeight != null) registerBuffer("pos_weight", options.posWeight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Tensor w = bufferOrNull("weight"), posWeight = bufferOrNull("pos_weight");
    return withHooks(F.binaryCrossEntropyWithLogits(input, target, w, reduction, posWeight), input, target);
  }
}
