package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Mean absolute error {@code |x - y|}, as {@code nn.L1Loss}: input and target of the same shape; a 0-d result for reduction
 * "mean" (default) or "sum", the input's shape for "none".
 *
 * <pre>{@code
 * L1Loss criterion = new L1Loss();
 * Tensor loss = criterion.forward(prediction, target);     // [N, *] and [N, *] -> 0-d
 * new L1Loss(L1Loss.options().reduction("sum"));
 * }</pre>
 */
public final class L1Loss extends Module {
  private final String reduction;

  /** Optional arguments: {@code reduction} ("mean", "sum" or "none"; default "mean"). */
  public static final class Options {
    private String reduction = "mean";

    public Options reduction(String r) {
      reduction = Reductions.check(r);
      return this;
    }

    public String reduction() {
      return reduction;
    }
  }

  public static Options options() {
    return new Options();
  }

  public L1Loss() {
    this(options());
  }

  public L1Loss(Options options) {
    this.reduction = options.reduction;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return withHooks(F.l1Loss(input, target, reduction), input, target);
  }
}
