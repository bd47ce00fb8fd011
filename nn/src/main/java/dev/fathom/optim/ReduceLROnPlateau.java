package dev.fathom.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the lr by {@code factor} when a metric stops improving, as
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}. After more than {@code patience} steps
 * without improvement (an improvement beats the best value by {@code threshold}, relative or
 * absolute), each group's lr becomes {@code max(lr * factor, min_lr)} unless that changes it by
 * {@code eps} or less; then {@code cooldown} steps pass before bad steps count again.
 *
 * <p>Defaults: mode "min", factor 0.1, patience 10, threshold 1e-4, threshold_mode "rel",
 * cooldown 0, min_lr 0, eps 1e-8. Like PyTorch 1.13's, it is not an {@link LRScheduler}: its step
 * takes the metric.
 *
 * <pre>{@code
 * var scheduler = new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.options().patience(5).factor(0.5));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   double validLoss = validate(...);
 *   scheduler.step(validLoss);
 * }
 * }</pre>
 */
public final class ReduceLROnPlateau {
  private final Optimizer optimizer;
  private String mode;
  private double factor;
  private int patience;
  private double threshold;
  private String thresholdMode;
  private int cooldown;
  private double[] minLrs;
  private double eps;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;
  private double[] lastLr;

  /** ReduceLROnPlateau's keyword arguments. */
  public static final class Options {
    String mode = "min";
    double factor = 0.1;
    int patience = 10;
    double threshold = 1e-4;
    String thresholdMode = "rel";
    int cooldown;
    double[] minLr = {0};
    double eps = 1e-8;

    /** {@code "min"} (lower is better) or {@code "max"}. */
    public Options mode(String mode) {
      this.mode = mode;
      return this;
    }

    /** The lr multiplier, below 1. */
    public Options factor(double factor) {
      this.factor = factor;
      return this;
    }

    public Options patience(int patience) {
      this.patience = patience;
      return this;
    }

    public Options threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /** {@code "rel"} or {@code "abs"}. */
    public Options thresholdMode(String thresholdMode) {
      this.thresholdMode = thresholdMode;
      return this;
    }

    public Options cooldown(int cooldown) {
      this.cooldown = cooldown;
      return this;
    }

    /** One lower bound for all groups, or one per group. */
    public Options minLr(double... minLr) {
      this.minLr = minLr.clone();
      return this;
    }

    public Options eps(double eps) {
      this.eps = eps;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  public ReduceLROnPlateau(Optimizer optimizer) {
    this(optimizer, options());
  }

  public ReduceLROnPlateau(Optimizer optimizer, Options options) {
    if (options.factor >= 1.0) throw new IllegalArgumentException("ReduceLROnPlateau: Factor should be < 1.0.");
    this.optimizer = optimizer;
    this.factor = options.factor;
    this.minLrs = LRScheduler.perGroup(optimizer, "min_lr", options.minLr);
    this.patience = options.patience;
    this.cooldown = options.cooldown;
    this.eps = options.eps;
    setMode(options.mode, options.threshold, options.thresholdMode);
    this.best = worst();
    this.lastLr = LRScheduler.currentLrs(optimizer);
  }

  private void setMode(String mode, double threshold, String thresholdMode) {
    if (!mode.equals("min") && !mode.equals("max")) throw new IllegalArgumentException("ReduceLROnPlateau: mode " + mode + " is unknown!");
    if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
      throw new IllegalArgumentException("ReduceLROnPlateau: threshold mode " + thresholdMode + " is unknown!");
    }
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  private double worst() {
    return mode.equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Records this epoch's metric and lowers the lrs after a plateau. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      reduceLr();
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
    lastLr = LRScheduler.currentLrs(optimizer);
  }

  private boolean isBetter(double a, double best) {
    boolean rel = thresholdMode.equals("rel");
    if (mode.equals("min")) return rel ? a < best * (1 - threshold) : a < best - threshold;
    return rel ? a > best * (threshold + 1) : a > best + threshold;
  }

  private void reduceLr() {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      double old = groups.get(i).lr();
      double lr = Math.max(old * factor, minLrs[i]);
      if (old - lr > eps) groups.get(i).lr(lr);
    }
  }

  /** The lrs after the last step (the optimizer's lrs before the first). */
  public List<Double> getLastLr() {
    return LRScheduler.boxed(lastLr);
  }

  /** The best metric so far. */
  public double best() {
    return best;
  }

  public int numBadEpochs() {
    return numBadEpochs;
  }

  /** The scheduler's attributes under PyTorch's names (all but the optimizer). */
  public Map<String, Object> stateDict() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("factor", factor);
    out.put("min_lrs", LRScheduler.boxed(minLrs));
    out.put("patience", patience);
    out.put("cooldown", cooldown);
    out.put("cooldown_counter", cooldownCounter);
    out.put("mode", mode);
    out.put("threshold", threshold);
    out.put("threshold_mode", thresholdMode);
    out.put("best", best);
    out.put("num_bad_epochs", numBadEpochs);
    out.put("mode_worse", worst());
    out.put("eps", eps);
    out.put("last_epoch", lastEpoch);
    out.put("_last_lr", LRScheduler.boxed(lastLr));
    return out;
  }

  public void loadStateDict(Map<String, Object> state) {
    factor = LRScheduler.number(state, "factor");
    minLrs = LRScheduler.doubles(state, "min_lrs");
    patience = LRScheduler.integer(state, "patience");
    cooldown = LRScheduler.integer(state, "cooldown");
    cooldownCounter = LRScheduler.integer(state, "cooldown_counter");
    setMode((String) LRScheduler.get(state, "mode"), LRScheduler.number(state, "threshold"), (String) LRScheduler.get(state, "threshold_mode"));
    best = LRScheduler.number(state, "best");
    numBadEpochs = LRScheduler.integer(state, "num_bad_epochs");
    eps = LRScheduler.number(state, "eps");
    lastEpoch = LRScheduler.integer(state, "last_epoch");
    lastLr = state.containsKey("_last_lr") ? LRScheduler.doubles(state, "_last_lr") : LRScheduler.currentLrs(optimizer);
  }
}
