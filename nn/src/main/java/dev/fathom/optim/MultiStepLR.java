package dev.fathom.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multiplies each group's lr by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR} (a milestone listed twice applies gamma twice).
 * Default gamma 0.1.
 *
 * <pre>{@code
 * var scheduler = new MultiStepLR(optimizer, List.of(30, 80), MultiStepLR.options().gamma(0.1));
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
  /** Milestone epoch to how often it was listed (PyTorch's Counter). */
  private TreeMap<Integer, Integer> milestones;
  private double gamma;

  /** MultiStepLR's keyword arguments: gamma (default 0.1) and last_epoch. */
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

  public MultiStepLR(Optimizer optimizer, List<Integer> milestones) {
    this(optimizer, milestones, options());
  }

  public MultiStepLR(Optimizer optimizer, List<Integer> milestones, Options options) {
    this.milestones = count(milestones);
    this.gamma = options.gamma;
    super(optimizer, options.lastEpoch);
  }

  private static TreeMap<Integer, Integer> count(List<?> milestones) {
    TreeMap<Integer, Integer> out = new TreeMap<>();
    for (Object m : milestones) out.merge(StateDicts.index(m), 1, Integer::sum);
    return out;
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs(optimizer);
    Integer times = milestones.get(lastEpoch);
    if (times == null) return lrs;
    double factor = Math.pow(gamma, times);
    for (int i = 0; i < lrs.length; i++) lrs[i] *= factor;
    return lrs;
  }

  /** Saves the milestones as a sorted list, repeated ones repeated. */
  @Override
  protected void saveSettings(Map<String, Object> out) {
    List<Integer> list = new ArrayList<>();
    milestones.forEach((m, n) -> {
      for (int k = 0; k < n; k++) list.add(m);
    });
    out.put("milestones", list);
    out.put("gamma", gamma);
  }

  @Override
  protected void loadSettings(Map<String, Object> state) {
    milestones = count(StateDicts.list(get(state, "milestones"), "milestones"));
    gamma = number(state, "gamma");
  }
}
