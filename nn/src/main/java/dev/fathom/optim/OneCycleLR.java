package dev.fathom.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR}: the lr rises from
 * {@code max_lr / div_factor} to {@code max_lr} over the first {@code pct_start} of the steps and
 * anneals to {@code initial_lr / final_div_factor} over the rest (with {@code threePhase}: up, back
 * down to the initial lr, then to the minimum). With {@code cycleMomentum} the momentum (SGD's
 * {@code momentum}, or Adam's beta1) moves inversely between {@code maxMomentum} and
 * {@code baseMomentum}. Step it after every batch; it may be stepped {@code totalSteps} times in
 * all, construction included.
 *
 * <p>Defaults: pct_start 0.3, anneal_strategy "cos", cycle_momentum true, base_momentum 0.85,
 * max_momentum 0.95, div_factor 25, final_div_factor 1e4, three_phase false. The steps are given
 * as {@code totalSteps}, or as {@code epochs} and {@code stepsPerEpoch}. Construction writes
 * {@code initial_lr}, {@code max_lr}, {@code min_lr} (and {@code max_momentum},
 * {@code base_momentum}) into the groups, as PyTorch does.
 *
 * <pre>{@code
 * var scheduler = new OneCycleLR(optimizer, 0.1, OneCycleLR.options().epochs(10).stepsPerEpoch(len(loader)));
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
  private int totalSteps;
  private List<Phase> phases;
  private String annealStrategy;
  private boolean cycleMomentum;
  private boolean useBeta1;

  /** One phase: it ends at {@code endStep} and anneals between the named group options. */
  private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

  /** OneCycleLR's keyword arguments. */
  public static final class Options extends LRScheduler.Options<Options> {
    Integer totalSteps;
    Integer epochs;
    Integer stepsPerEpoch;
    double pctStart = 0.3;
    String annealStrategy = "cos";
    boolean cycleMomentum = true;
    double[] baseMomentum = {0.85};
    double[] maxMomentum = {0.95};
    double divFactor = 25;
    double finalDivFactor = 1e4;
    boolean threePhase;

    public Options totalSteps(int totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Options epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Options stepsPerEpoch(int stepsPerEpoch) {
      this.stepsPerEpoch = stepsPerEpoch;
      return this;
    }

    public Options pctStart(double pctStart) {
      this.pctStart = pctStart;
      return this;
    }

    /** {@code "cos"} or {@code "linear"}. */
    public Options annealStrategy(String annealStrategy) {
      this.annealStrategy = annealStrategy;
      return this;
    }

    public Options cycleMomentum(boolean cycleMomentum) {
      this.cycleMomentum = cycleMomentum;
      return this;
    }

    /** One value for all groups, or one per group. */
    public Options baseMomentum(double... baseMomentum) {
      this.baseMomentum = baseMomentum.clone();
      return this;
    }

    /** One value for all groups, or one per group. */
    public Options maxMomentum(double... maxMomentum) {
      this.maxMomentum = maxMomentum.clone();
      return this;
    }

    public Options divFactor(double divFactor) {
      this.divFactor = divFactor;
      return this;
    }

    public Options finalDivFactor(double finalDivFactor) {
      this.finalDivFactor = finalDivFactor;
      return this;
    }

    public Options threePhase(boolean threePhase) {
      this.threePhase = threePhase;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  /** One-cycle over {@code totalSteps} steps with the default options. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(optimizer, new double[] {maxLr}, options().totalSteps(totalSteps));
  }

  public OneCycleLR(Optimizer optimizer, double maxLr, Options options) {
    this(optimizer, new double[] {maxLr}, options);
  }

  /** {@code maxLr}: one value for all groups, or one per group. */
  public OneCycleLR(Optimizer optimizer, double[] maxLr, Options options) {
    int steps = totalSteps(options);
    if (!(options.pctStart >= 0 && options.pctStart <= 1)) {
      throw new IllegalArgumentException("OneCycleLR: Expected float between 0 and 1 pct_start, but got " + options.pctStart);
    }
    if (!options.annealStrategy.equals("cos") && !options.annealStrategy.equals("linear")) {
      throw new IllegalArgumentException("OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got " + options.annealStrategy);
    }
    boolean beta1 = optimizer.defaults().containsKey("betas");
    if (options.cycleMomentum && !beta1 && !optimizer.defaults().containsKey("momentum")) {
      throw new IllegalArgumentException("OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled");
    }
    if (options.lastEpoch == -1) initGroups(optimizer, maxLr, options, beta1);
    this.totalSteps = steps;
    this.phases = phases(options.threePhase, options.pctStart, steps);
    this.annealStrategy = options.annealStrategy;
    this.cycleMomentum = options.cycleMomentum;
    this.useBeta1 = beta1;
    super(optimizer, options.lastEpoch);
  }

  private static int totalSteps(Options o) {
    if (o.totalSteps != null) {
      if (o.totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: Expected positive integer total_steps, but got " + o.totalSteps);
      return o.totalSteps;
    }
    if (o.epochs == null || o.stepsPerEpoch == null) {
      throw new IllegalArgumentException("OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch)");
    }
    if (o.epochs <= 0) throw new IllegalArgumentException("OneCycleLR: Expected positive integer epochs, but got " + o.epochs);
    if (o.stepsPerEpoch <= 0) throw new IllegalArgumentException("OneCycleLR: Expected positive integer steps_per_epoch, but got " + o.stepsPerEpoch);
    return o.epochs * o.stepsPerEpoch;
  }

  private static List<Phase> phases(boolean threePhase, double pctStart, int totalSteps) {
    if (threePhase) {
      return List.of(
          new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
          new Phase(2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
          new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
    }
    return List.of(
        new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
        new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
  }

  private static void initGroups(Optimizer optimizer, double[] maxLr, Options o, boolean useBeta1) {
    double[] maxLrs = perGroup(optimizer, "max_lr", maxLr);
    double[] maxMomenta = perGroup(optimizer, "max_momentum", o.maxMomentum);
    double[] baseMomenta = perGroup(optimizer, "base_momentum", o.baseMomentum);
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      double initial = maxLrs[i] / o.divFactor;
      g.set("initial_lr", initial);
      g.set("max_lr", maxLrs[i]);
      g.set("min_lr", initial / o.finalDivFactor);
      if (o.cycleMomentum) {
        setMomentum(g, maxMomenta[i], useBeta1);
        g.set("max_momentum", maxMomenta[i]);
        g.set("base_momentum", baseMomenta[i]);
      }
    }
  }

  private static void setMomentum(ParamGroup g, double momentum, boolean useBeta1) {
    if (useBeta1) g.set("betas", List.of(momentum, g.getDouble("betas", 1)));
    else g.set("momentum", momentum);
  }

  private double anneal(double start, double end, double pct) {
    if (annealStrategy.equals("cos")) return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch > totalSteps) {
      throw new IllegalStateException("OneCycleLR: Tried to step " + (lastEpoch + 1) + " times. The specified number of total steps is " + totalSteps);
    }
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] lrs = new double[groups.size()];
    for (int gi = 0; gi < lrs.length; gi++) {
      ParamGroup g = groups.get(gi);
      double startStep = 0;
      for (int i = 0; i < phases.size(); i++) {
        Phase phase = phases.get(i);
        if (lastEpoch <= phase.endStep() || i == phases.size() - 1) {
          double pct = (lastEpoch - startStep) / (phase.endStep() - startStep);
          lrs[gi] = anneal(g.getDouble(phase.startLr()), g.getDouble(phase.endLr()), pct);
          if (cycleMomentum) {
            setMomentum(g, anneal(g.getDouble(phase.startMomentum()), g.getDouble(phase.endMomentum()), pct), useBeta1);
          }
          break;
        }
        startStep = phase.endStep();
      }
    }
    return lrs;
  }

  @Override
  protected void saveSettings(Map<String, Object> out) {
    out.put("total_steps", totalSteps);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Phase p : phases) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("end_step", p.endStep());
      m.put("start_lr", p.startLr());
      m.put("end_lr", p.endLr());
      m.put("start_momentum", p.startMomentum());
      m.put("end_momentum", p.endMomentum());
      list.add(m);
    }
    out.put("_schedule_phases", list);
    out.put("anneal_strategy", annealStrategy);
    out.put("cycle_momentum", cycleMomentum);
    out.put("use_beta1", useBeta1);
  }

  @Override
  protected void loadSettings(Map<String, Object> state) {
    totalSteps = integer(state, "total_steps");
    List<Phase> loaded = new ArrayList<>();
    for (Object o : StateDicts.list(get(state, "_schedule_phases"), "_schedule_phases")) {
      Map<String, Object> m = StateDicts.map(o, "_schedule_phases[]");
      loaded.add(new Phase(number(m, "end_step"), (String) get(m, "start_lr"), (String) get(m, "end_lr"),
          (String) get(m, "start_momentum"), (String) get(m, "end_momentum")));
    }
    phases = List.copyOf(loaded);
    annealStrategy = (String) get(state, "anneal_strategy");
    cycleMomentum = (Boolean) get(state, "cycle_momentum");
    useBeta1 = (Boolean) get(state, "use_beta1");
  }
}
