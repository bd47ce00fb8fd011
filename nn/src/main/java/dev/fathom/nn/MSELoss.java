package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Mean squared error {@code (x - y)^2}, as {@code nn.MSELoss}: input and target of the same shape; a 0-d result for reduction
 * "mean" (default) or "sum", the input's shape for "none".
 *
 * <pre>{@code
 * MSELoss criterion = new MSELoss();
 * Tensor loss = criterion.forward(prediction, target);     // [N, *] and [N, *] -> 0-d
 * new MSELoss(MSELoss.options().reduction("sum"));
 * }</pre>
 */
public final class MSELoss extends Module {
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

  public MSELoss() {
    this(options());
  }

  public MSELoss(Options options) {
    this.reduction = options.reduction;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return withHooks(F.mseLoss(input, target, reduction), input, target);
  }
}
