package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, as {@code torch.optim.Adam} (PyTorch 1.13's single-tensor update); {@link AdamW} is the
 * same with decoupled weight decay. For each parameter {@code p} with gradient {@code g} (negated
 * when {@code maximize}) at step {@code t}:
 * <pre>
 * g = g + weight_decay * p                 (Adam, weight_decay != 0)
 * p = p * (1 - lr * weight_decay)          (AdamW)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v); v' = amsgrad ? vmax : v
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, amsgrad false, maximize false.
 * State per parameter, created at its first step: {@code step} (0-d FLOAT32 tensor in the state
 * dict), {@code exp_avg}, {@code exp_avg_sq} and with amsgrad {@code max_exp_avg_sq} (p's shape).
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), Adam.options().lr(0.05).betas(0.9, 0.99).amsgrad(true));
 * }</pre>
 */
public sealed class Adam extends Optimizer permits AdamW {
  private final boolean decoupled;
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  private static final class State {
    double step;
    Tensor expAvg;
    Tensor expAvgSq;
    Tensor maxExpAvgSq;
  }

  /** Adam's (and AdamW's) keyword arguments. */
  public static final class Options extends OptimizerOptions<Options> {
    public Options betas(double beta1, double beta2) {
      checkFraction(beta1, "beta parameter at index 0");
      checkFraction(beta2, "beta parameter at index 1");
      return put("betas", List.of(beta1, beta2));
    }

    public Options eps(double eps) {
      return put("eps", checkNonNegative(eps, "epsilon value"));
    }

    public Options weightDecay(double weightDecay) {
      return put("weight_decay", checkNonNegative(weightDecay, "weight_decay value"));
    }

    public Options amsgrad(boolean amsgrad) {
      return put("amsgrad", amsgrad);
    }

    public Options maximize(boolean maximize) {
      return put("maximize", maximize);
    }
  }

  public static Options options() {
    return new Options();
  }

  public Adam(Iterable<Tensor> params) {
    this(params, options());
  }

  public Adam(Iterable<Tensor> params, double lr) {
    this(params, options().lr(lr));
  }

  public Adam(Iterable<Tensor> params, Options options) {
    this(List.of(ParamGroup.of(params)), options);
  }

  public Adam(List<ParamGroup> groups, Options options) {
    this(groups, options, false);
  }

  Adam(List<ParamGroup> groups, Options options, boolean decoupled) {
    this.decoupled = decoupled;
    super(groups, merge(pytorchDefaults(decoupled ? 1e-2 : 0.0), options));
  }

  private static Map<String, Object> pytorchDefaults(double weightDecay) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", 1e-3);
    d.put("betas", List.of(0.9, 0.999));
    d.put("eps", 1e-8);
    d.put("weight_decay", weightDecay);
    d.put("amsgrad", false);
    d.put("maximize", false);
    return d;
  }

  @Override
  protected void update(ParamGroup group) {
    double lr = group.lr();
    double beta1 = group.getDouble("betas", 0), beta2 = group.getDouble("betas", 1);
    double eps = group.getDouble("eps");
    double weightDecay = group.getDouble("weight_decay");
    boolean amsgrad = group.getBoolean("amsgrad");
    boolean maximize = group.getBoolean("maximize");
    for (Tensor p : group.params()) {
      Tensor grad = p.grad();
      if (grad == null) continue;
      State s = state.get(p);
      if (s == null) {
        state.put(p, s = new State());
        s.expAvg = Tensor.zerosLike(p);
        s.expAvgSq = Tensor.zerosLike(p);
      }
      if (amsgrad && s.maxExpAvgSq == null) s.maxExpAvgSq = Tensor.zerosLike(p);
      Tensor max = amsgrad ? s.maxExpAvgSq : null;
      s.step += 1;
      double stepSize = lr / (1 - Math.pow(beta1, s.step));
      double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
      double decay = decoupled ? 1 - lr * weightDecay : 1;
      double coupled = decoupled ? 0 : weightDecay;
      if (fused(p, grad, s, max, beta1, beta2, eps, coupled, decay, stepSize, bc2Sqrt, maximize)) continue;
      Tensor g = maximize ? grad.neg() : grad;
      if (decay != 1) p.mul_(decay);
      if (coupled != 0) g = g.add(p, coupled);
      s.expAvg.mul_(beta1).add_(g, 1 - beta1);
      Tensor gg = g.mul(1 - beta2).mul_(g);
      s.expAvgSq.mul_(beta2).add_(gg);
      Tensor v = s.expAvgSq;
      if (max != null) {
        max.copy_(max.maximum(v));
        v = max;
      }
      Tensor denom = v.sqrt().div_(bc2Sqrt).add_(eps);
      p.add_(s.expAvg.mul(-stepSize).div_(denom));
    }
  }

  /** The update over float arrays, op for op as above; false when an operand is not eligible. */
  private static boolean fused(Tensor p, Tensor grad, State s, Tensor max, double beta1, double beta2, double eps,
                               double coupled, double decay, double stepSize, double bc2Sqrt, boolean maximize) {
    float[] pa = HeapFloats.of(p), ga = HeapFloats.of(grad), ma = HeapFloats.of(s.expAvg), va = HeapFloats.of(s.expAvgSq);
    float[] xa = max == null ? null : HeapFloats.of(max);
    if (pa == null || ga == null || ma == null || va == null || (max != null && xa == null)) return false;
    int po = HeapFloats.offset(p), go = HeapFloats.offset(grad), mo = HeapFloats.offset(s.expAvg), vo = HeapFloats.offset(s.expAvgSq);
    int xo = max == null ? 0 : HeapFloats.offset(max);
    float b1 = (float) beta1, c1 = (float) (1 - beta1), b2 = (float) beta2, c2 = (float) (1 - beta2);
    float wd = (float) coupled, dec = (float) decay, e = (float) eps, bc = (float) bc2Sqrt, negStep = (float) -stepSize;
    boolean decays = decay != 1, couples = coupled != 0;
    int n = (int) p.numel();
    if (!decays && !couples && !maximize && xa == null && po == 0 && go == 0 && mo == 0 && vo == 0) {
      // The common case as a branch-free loop over equal indices, which C2 vectorises (differing
      // offsets or branches in the body keep it scalar, 3-4x slower).
      for (int i = 0; i < n; i++) {
        float gi = ga[i];
        float m = ma[i] * b1 + gi * c1;
        float v = va[i] * b2 + gi * c2 * gi;
        ma[i] = m;
        va[i] = v;
        pa[i] = pa[i] + m * negStep / ((float) Math.sqrt(v) / bc + e);
      }
      return true;
    }
    for (int i = 0; i < n; i++) {
      float gi = maximize ? -ga[go + i] : ga[go + i];
      float pi = pa[po + i];
      if (decays) pi = pi * dec;
      if (couples) gi = gi + pi * wd;
      float m = ma[mo + i] * b1 + gi * c1;
      float v = va[vo + i] * b2 + gi * c2 * gi;
      ma[mo + i] = m;
      va[vo + i] = v;
      if (xa != null) {
        v = Math.max(xa[xo + i], v);
        xa[xo + i] = v;
      }
      float denom = (float) Math.sqrt(v) / bc + e;
      pa[po + i] = pi + m * negStep / denom;
    }
    return true;
  }

  @Override
  protected Map<String, Object> saveState(Tensor param) {
    State s = state.get(param);
    if (s == null) return null;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", Tensor.scalar(s.step));
    out.put("exp_avg", s.expAvg);
    out.put("exp_avg_sq", s.expAvgSq);
    if (s.maxExpAvgSq != null) out.put("max_exp_avg_sq", s.maxExpAvgSq);
    return out;
  }

  @Override
  protected void loadState(Tensor param, Map<String, Object> saved) {
    State s = new State();
    s.step = StateDicts.number(saved.get("step"), "step");
    s.expAvg = required(saved, "exp_avg");
    s.expAvgSq = required(saved, "exp_avg_sq");
    s.maxExpAvgSq = StateDicts.tensor(saved, "max_exp_avg_sq");
    state.put(param, s);
  }

  private Tensor required(Map<String, Object> saved, String key) {
    Tensor t = StateDicts.tensor(saved, key);
    if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: parameter state lacks '" + key + "'");
    return t;
  }

  @Override
  protected void clearState() {
    state.clear();
  }
}
