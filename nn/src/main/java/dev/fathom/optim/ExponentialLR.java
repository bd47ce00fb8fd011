package dev.fathom.optim;

import java.util.Map;

/**
 * Multiplies each group's lr by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: lr = base_lr * gamma^epoch when nothing else
 * changes the lr.
 *
 * <pre>{@code
 * var scheduler = new ExponentialLR(optimizer, 0.9);
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
  private double gamma;

  /** ExponentialLR's keyword arguments: last_epoch. */
  public static final class Options extends LRScheduler.Options<Options> {}

  public static Options options() {
    return new Options();
  }

  public ExponentialLR(Optimizer optimizer, double gamma) {
    this(optimizer, gamma, options());
  }

  public ExponentialLR(Optimizer optimizer, double gamma, Options options) {
    this.gamma = gamma;
    super(optimizer, options.lastEpoch);
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs(optimizer);
    if (lastEpoch == 0) return lrs;
    for (int i = 0; i < lrs.length; i++) lrs[i] *= gamma;
    return lrs;
  }

  @Override
  protected void saveSettings(Map<String, Object> out) {
    out.put("gamma", gamma);
  }

  @Override
  protected void loadSettings(Map<String, Object> state) {
    gamma = number(state, "gamma");
  }
}
