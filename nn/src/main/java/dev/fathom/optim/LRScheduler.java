package dev.fathom.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the epoch-driven learning-rate schedulers, as PyTorch's {@code _LRScheduler}: each
 * {@link #step()} advances {@code last_epoch} and writes a new {@code "lr"} into every parameter
 * group. Construction performs the first step (epoch 0), as in PyTorch, and records each group's
 * {@code "initial_lr"} (the base lr) unless the group has one already.
 *
 * <p>Call {@code scheduler.step()} after {@code optimizer.step()}. The deprecated
 * {@code step(epoch)} form is not offered: set the epoch through {@link #loadStateDict} instead.
 *
 * <p>{@link #stateDict()} holds what PyTorch's does apart from the optimizer: {@code base_lrs}
 * (List&lt;Double&gt;), {@code last_epoch}, {@code _step_count} (Integer), {@code _last_lr}, and each
 * scheduler's own settings under PyTorch's attribute names ({@code step_size}, {@code gamma}, ...).
 *
 * <pre>{@code
 * var scheduler = new StepLR(optimizer, 30, StepLR.options().gamma(0.1));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   train(...);
 *   scheduler.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
  protected final Optimizer optimizer;
  protected double[] baseLrs;
  protected int lastEpoch;
  protected int stepCount;
  private double[] lastLr;

  /** The {@code last_epoch} option every scheduler has (-1: start fresh). */
  public abstract static class Options<T extends Options<T>> {
    int lastEpoch = -1;

    /**
     * The index of the last epoch when resuming (the groups must then hold {@code "initial_lr"});
     * default -1.
     */
    public T lastEpoch(int lastEpoch) {
      this.lastEpoch = lastEpoch;
      @SuppressWarnings("unchecked")
      T self = (T) this;
      return self;
    }
  }

  /**
   * Records the base lrs and performs the first step. Subclasses set their own fields before
   * calling this constructor, since the first step already uses them.
   */
  protected LRScheduler(Optimizer optimizer, int lastEpoch) {
    this.optimizer = optimizer;
    List<ParamGroup> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      if (lastEpoch == -1) {
        g.setDefault("initial_lr", g.lr());
      } else if (!g.has("initial_lr")) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": param 'initial_lr' is not specified in param_groups[" + i + "] when resuming an optimizer");
      }
      baseLrs[i] = g.getDouble("initial_lr");
    }
    this.lastEpoch = lastEpoch;
    this.stepCount = 0;
    step();
  }

  /** Advances one epoch and sets each group's lr. */
  public void step() {
    stepCount++;
    lastEpoch++;
    double[] lrs = computeLr();
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) groups.get(i).lr(lrs[i]);
    lastLr = currentLrs(optimizer);
  }

  /**
   * The lrs for epoch {@link #lastEpoch} (PyTorch's chainable {@code get_lr}), one per group; it
   * may read the groups' current lrs.
   */
  protected abstract double[] computeLr();

  /** The lrs the last step set, one per group. */
  public List<Double> getLastLr() {
    return boxed(lastLr);
  }

  /** The number of the last epoch (0 right after construction). */
  public int lastEpoch() {
    return lastEpoch;
  }

  /** The base (initial) lr of each group. */
  public List<Double> baseLrs() {
    return boxed(baseLrs);
  }

  public Map<String, Object> stateDict() {
    Map<String, Object> out = new LinkedHashMap<>();
    saveSettings(out);
    out.put("base_lrs", boxed(baseLrs));
    out.put("last_epoch", lastEpoch);
    out.put("_step_count", stepCount);
    out.put("_last_lr", boxed(lastLr));
    return out;
  }

  /** Restores the state saved by {@link #stateDict()}; the optimizer's lrs are left as they are. */
  public void loadStateDict(Map<String, Object> state) {
    loadSettings(state);
    baseLrs = doubles(state, "base_lrs");
    lastEpoch = integer(state, "last_epoch");
    stepCount = integer(state, "_step_count");
    lastLr = doubles(state, "_last_lr");
  }

  /** Adds the scheduler's own settings under PyTorch's attribute names. */
  protected abstract void saveSettings(Map<String, Object> out);

  /** Reads back what {@link #saveSettings} wrote. */
  protected abstract void loadSettings(Map<String, Object> state);

  // ---- helpers shared with ReduceLROnPlateau ------------------------------------------------

  static double[] currentLrs(Optimizer optimizer) {
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] out = new double[groups.size()];
    for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
    return out;
  }

  static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) out.add(v);
    return out;
  }

  static Object get(Map<String, Object> state, String key) {
    if (!state.containsKey(key)) throw new IllegalArgumentException("scheduler state dict lacks '" + key + "'");
    return state.get(key);
  }

  static double number(Map<String, Object> state, String key) {
    return StateDicts.number(get(state, key), key);
  }

  static int integer(Map<String, Object> state, String key) {
    return (int) number(state, key);
  }

  static double[] doubles(Map<String, Object> state, String key) {
    List<?> l = StateDicts.list(get(state, key), key);
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = StateDicts.number(l.get(i), key + "[" + i + "]");
    return out;
  }

  /** {@code value} repeated per group, or the per-group values (checked against the group count). */
  static double[] perGroup(Optimizer optimizer, String name, double[] values) {
    int n = optimizer.paramGroups().size();
    if (values.length == 1) {
      double[] out = new double[n];
      java.util.Arrays.fill(out, values[0]);
      return out;
    }
    if (values.length != n) throw new IllegalArgumentException("expected " + n + " values for " + name + ", got " + values.length);
    return values.clone();
  }
}
