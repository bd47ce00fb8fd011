package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, as {@code torch.optim.Adagrad} (PyTorch 1.13's single-tensor dense update). For each
 * parameter {@code p} with gradient {@code g} (negated when {@code maximize}) at step {@code t}:
 * <pre>
 * g = g + weight_decay * p                  (weight_decay != 0)
 * clr = lr / (1 + (t - 1) * lr_decay)
 * sum = sum + g * g
 * p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 * Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10, maximize
 * false. As in PyTorch, every parameter's state exists from construction: {@code step} (0-d
 * FLOAT32 tensor in the state dict, 0 at first) and {@code sum} (p's shape, filled with
 * initial_accumulator_value).
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), Adagrad.options().lr(0.1).lrDecay(1e-3));
 * }</pre>
 */
public final class Adagrad extends Optimizer {
  private final Map<Tensor, State> state;

  private static final class State {
    double step;
    Tensor sum;
  }

  /** Adagrad's keyword arguments. */
  public static final class Options extends OptimizerOptions<Options> {
    public Options lrDecay(double lrDecay) {
      return put("lr_decay", checkNonNegative(lrDecay, "lr_decay value"));
    }

    public Options weightDecay(double weightDecay) {
      return put("weight_decay", checkNonNegative(weightDecay, "weight_decay value"));
    }

    public Options initialAccumulatorValue(double value) {
      return put("initial_accumulator_value", checkNonNegative(value, "initial_accumulator_value value"));
    }

    public Options eps(double eps) {
      return put("eps", checkNonNegative(eps, "epsilon value"));
    }

    public Options maximize(boolean maximize) {
      return put("maximize", maximize);
    }
  }

  public static Options options() {
    return new Options();
  }

  public Adagrad(Iterable<Tensor> params) {
    this(params, options());
  }

  public Adagrad(Iterable<Tensor> params, double lr) {
    this(params, options().lr(lr));
  }

  public Adagrad(Iterable<Tensor> params, Options options) {
    this(List.of(ParamGroup.of(params)), options);
  }

  public Adagrad(List<ParamGroup> groups, Options options) {
    this.state = new IdentityHashMap<>();
    super(groups, merge(pytorchDefaults(), options));
  }

  private static Map<String, Object> pytorchDefaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", 1e-2);
    d.put("lr_decay", 0.0);
    d.put("eps", 1e-10);
    d.put("weight_decay", 0.0);
    d.put("initial_accumulator_value", 0.0);
    d.put("maximize", false);
    return d;
  }

  /** Also creates the group's state, so that it exists before the first step (as in PyTorch). */
  @Override
  public void addParamGroup(ParamGroup group) {
    super.addParamGroup(group);
    initState(paramGroups().getLast());
  }

  private void initState(ParamGroup group) {
    double init = group.getDouble("initial_accumulator_value");
    for (Tensor p : group.params()) {
      if (state.containsKey(p)) continue;
      State s = new State();
      s.sum = Tensor.fullLike(p, init);
      state.put(p, s);
    }
  }

  @Override
  protected void update(ParamGroup group) {
    double lr = group.lr();
    double lrDecay = group.getDouble("lr_decay");
    double eps = group.getDouble("eps");
    double weightDecay = group.getDouble("weight_decay");
    boolean maximize = group.getBoolean("maximize");
    for (Tensor p : group.params()) {
      Tensor grad = p.grad();
      if (grad == null) continue;
      State s = state.get(p);
      if (s == null) {
        initState(group);
        s = state.get(p);
      }
      s.step += 1;
      double clr = lr / (1 + (s.step - 1) * lrDecay);
      if (fused(p, grad, s.sum, clr, eps, weightDecay, maximize)) continue;
      Tensor g = maximize ? grad.neg() : grad;
      if (weightDecay != 0) g = g.add(p, weightDecay);
      s.sum.add_(g.mul(g));
      Tensor std = s.sum.sqrt().add_(eps);
      p.add_(g.mul(-clr).div_(std));
    }
  }

  /** The update over float arrays, op for op as above; false when an operand is not eligible. */
  private static boolean fused(Tensor p, Tensor grad, Tensor sum, double clr, double eps, double weightDecay, boolean maximize) {
    float[] pa = HeapFloats.of(p), ga = HeapFloats.of(grad), sa = HeapFloats.of(sum);
    if (pa == null || ga == null || sa == null) return false;
    int po = HeapFloats.offset(p), go = HeapFloats.offset(grad), so = HeapFloats.offset(sum);
    float e = (float) eps, wd = (float) weightDecay, negClr = (float) -clr;
    boolean decay = weightDecay != 0;
    int n = (int) p.numel();
    for (int i = 0; i < n; i++) {
      float gi = maximize ? -ga[go + i] : ga[go + i];
      float pi = pa[po + i];
      if (decay) gi = gi + pi * wd;
      float sq = sa[so + i] + gi * gi;
      sa[so + i] = sq;
      float std = (float) Math.sqrt(sq) + e;
      pa[po + i] = pi + gi * negClr / std;
    }
    return true;
  }

  @Override
  protected Map<String, Object> saveState(Tensor param) {
    State s = state.get(param);
    if (s == null) return null;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", Tensor.scalar(s.step));
    out.put("sum", s.sum);
    return out;
  }

  @Override
  protected void loadState(Tensor param, Map<String, Object> saved) {
    State s = new State();
    s.step = StateDicts.number(saved.get("step"), "step");
    s.sum = StateDicts.tensor(saved, "sum");
    if (s.sum == null) throw new IllegalArgumentException("Adagrad.loadStateDict: parameter state lacks 'sum'");
    state.put(param, s);
  }

  @Override
  protected void clearState() {
    state.clear();
  }
}
