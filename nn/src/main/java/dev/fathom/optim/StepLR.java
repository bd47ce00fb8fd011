package dev.fathom.optim;

import java.util.Map;

/**
 * Multiplies each group's lr by {@code gamma} every {@code stepSize} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: lr = base_lr * gamma^(epoch / stepSize) when nothing
 * else changes the lr (the update is PyTorch's chainable form, applied to the current lr).
 * Default gamma 0.1.
 *
 * <pre>{@code
 * var scheduler = new StepLR(optimizer, 30, StepLR.options().gamma(0.1));   // 0.05, then 0.005 at 30, ...
 * }</pre>
 */
public final class StepLR extends LRScheduler {
  private int stepSize;
  private double gamma;

  /** StepLR's keyword arguments: gamma (default 0.1) and last_epoch. */
  public static final class Options extends LRScheduler.Options<Options> {
    double gamma = 0.1;

    public Options gamma(double gamma) {
      this.gamma = gamma;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, options());
  }

  public StepLR(Optimizer optimizer, int stepSize, Options options) {
    if (stepSize <= 0) throw new IllegalArgumentException("StepLR: step_size must be positive, got " + stepSize);
    this.stepSize = stepSize;
    this.gamma = options.gamma;
    super(optimizer, options.lastEpoch);
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs(optimizer);
    if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lrs;
    for (int i = 0; i < lrs.length; i++) lrs[i] *= gamma;
    return lrs;
  }

  @Override
  protected void saveSettings(Map<String, Object> out) {
    out.put("step_size", stepSize);
    out.put("gamma", gamma);
  }

  @Override
  protected void loadSettings(Map<String, Object> state) {
    stepSize = integer(state, "step_size");
    gamma = number(state, "gamma");
  }
}
