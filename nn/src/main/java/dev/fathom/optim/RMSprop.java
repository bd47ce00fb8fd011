package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, as {@code torch.optim.RMSprop} (PyTorch 1.13's single-tensor update). For each
 * parameter {@code p} with gradient {@code g} (negated when {@code maximize}):
 * <pre>
 * g = g + weight_decay * p                       (weight_decay != 0)
 * sq = alpha * sq + (1 - alpha) * g * g
 * ga = alpha * ga + (1 - alpha) * g              (centered)
 * avg = (centered ? sqrt(sq - ga * ga) : sqrt(sq)) + eps
 * buf = momentum * buf + g / avg; p = p - lr * buf     (momentum > 0)
 * p = p - lr * g / avg                                  (otherwise)
 * </pre>
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false, maximize
 * false. State per parameter, created at its first step: {@code step} (Integer),
 * {@code square_avg}, and {@code momentum_buffer} (momentum > 0) and {@code grad_avg} (centered).
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), RMSprop.options().lr(1e-3).momentum(0.9).centered(true));
 * }</pre>
 */
public final class RMSprop extends Optimizer {
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  private static final class State {
    int step;
    Tensor squareAvg;
    Tensor momentumBuffer;
    Tensor gradAvg;
  }

  /** RMSprop's keyword arguments. */
  public static final class Options extends OptimizerOptions<Options> {
    public Options alpha(double alpha) {
      return put("alpha", checkNonNegative(alpha, "alpha value"));
    }

    public Options eps(double eps) {
      return put("eps", checkNonNegative(eps, "epsilon value"));
    }

    public Options weightDecay(double weightDecay) {
      return put("weight_decay", checkNonNegative(weightDecay, "weight_decay value"));
    }

    public Options momentum(double momentum) {
      return put("momentum", checkNonNegative(momentum, "momentum value"));
    }

    public Options centered(boolean centered) {
      return put("centered", centered);
    }

    public Options maximize(boolean maximize) {
      return put("maximize", maximize);
    }
  }

  public static Options options() {
    return new Options();
  }

  public RMSprop(Iterable<Tensor> params) {
    this(params, options());
  }

  public RMSprop(Iterable<Tensor> params, double lr) {
    this(params, options().lr(lr));
  }

  public RMSprop(Iterable<Tensor> params, Options options) {
    this(List.of(ParamGroup.of(params)), options);
  }

  public RMSprop(List<ParamGroup> groups, Options options) {
    super(groups, merge(pytorchDefaults(), options));
  }

  private static Map<String, Object> pytorchDefaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", 1e-2);
    d.put("momentum", 0.0);
    d.put("alpha", 0.99);
    d.put("eps", 1e-8);
    d.put("centered", false);
    d.put("weight_decay", 0.0);
    d.put("maximize", false);
    return d;
  }

  @Override
  protected void update(ParamGroup group) {
    double lr = group.lr();
    double alpha = group.getDouble("alpha");
    double eps = group.getDouble("eps");
    double weightDecay = group.getDouble("weight_decay");
    double momentum = group.getDouble("momentum");
    boolean centered = group.getBoolean("centered");
    boolean maximize = group.getBoolean("maximize");
    for (Tensor p : group.params()) {
      Tensor grad = p.grad();
      if (grad == null) continue;
      State s = state.get(p);
      if (s == null) {
        state.put(p, s = new State());
        s.squareAvg = Tensor.zerosLike(p);
      }
      if (momentum > 0 && s.momentumBuffer == null) s.momentumBuffer = Tensor.zerosLike(p);
      if (centered && s.gradAvg == null) s.gradAvg = Tensor.zerosLike(p);
      s.step++;
      Tensor buf = momentum > 0 ? s.momentumBuffer : null, ga = centered ? s.gradAvg : null;
      if (fused(p, grad, s.squareAvg, buf, ga, lr, alpha, eps, weightDecay, momentum, maximize)) continue;
      Tensor g = maximize ? grad.neg() : grad;
      if (weightDecay != 0) g = g.add(p, weightDecay);
      s.squareAvg.mul_(alpha).add_(g.mul(1 - alpha).mul_(g));
      Tensor avg;
      if (ga != null) {
        ga.mul_(alpha).add_(g, 1 - alpha);
        avg = ga.mul(ga).neg_().add_(s.squareAvg).sqrt_();
      } else {
        avg = s.squareAvg.sqrt();
      }
      avg.add_(eps);
      if (buf != null) {
        buf.mul_(momentum).add_(g.div(avg));
        p.add_(buf, -lr);
      } else {
        p.add_(g.mul(-lr).div_(avg));
      }
    }
  }

  /** The update over float arrays, op for op as above; false when an operand is not eligible. */
  private static boolean fused(Tensor p, Tensor grad, Tensor squareAvg, Tensor buffer, Tensor gradAvg, double lr,
                               double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
    float[] pa = HeapFloats.of(p), ga = HeapFloats.of(grad), sa = HeapFloats.of(squareAvg);
    float[] ba = buffer == null ? null : HeapFloats.of(buffer), aa = gradAvg == null ? null : HeapFloats.of(gradAvg);
    if (pa == null || ga == null || sa == null || (buffer != null && ba == null) || (gradAvg != null && aa == null)) return false;
    int po = HeapFloats.offset(p), go = HeapFloats.offset(grad), so = HeapFloats.offset(squareAvg);
    int bo = buffer == null ? 0 : HeapFloats.offset(buffer), ao = gradAvg == null ? 0 : HeapFloats.offset(gradAvg);
    float a = (float) alpha, c = (float) (1 - alpha), e = (float) eps, wd = (float) weightDecay;
    float mom = (float) momentum, negLr = (float) -lr;
    boolean decay = weightDecay != 0;
    int n = (int) p.numel();
    for (int i = 0; i < n; i++) {
      float gi = maximize ? -ga[go + i] : ga[go + i];
      float pi = pa[po + i];
      if (decay) gi = gi + pi * wd;
      float sq = sa[so + i] * a + gi * c * gi;
      sa[so + i] = sq;
      float avg;
      if (aa != null) {
        float gm = aa[ao + i] * a + gi * c;
        aa[ao + i] = gm;
        avg = (float) Math.sqrt(-(gm * gm) + sq);
      } else {
        avg = (float) Math.sqrt(sq);
      }
      avg = avg + e;
      if (ba != null) {
        float b = ba[bo + i] * mom + gi / avg;
        ba[bo + i] = b;
        pa[po + i] = pi + b * negLr;
      } else {
        pa[po + i] = pi + gi * negLr / avg;
      }
    }
    return true;
  }

  @Override
  protected Map<String, Object> saveState(Tensor param) {
    State s = state.get(param);
    if (s == null) return null;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", s.step);
    out.put("square_avg", s.squareAvg);
    if (s.momentumBuffer != null) out.put("momentum_buffer", s.momentumBuffer);
    if (s.gradAvg != null) out.put("grad_avg", s.gradAvg);
    return out;
  }

  @Override
  protected void loadState(Tensor param, Map<String, Object> saved) {
    State s = new State();
    s.step = (int) StateDicts.number(saved.get("step"), "step");
    s.squareAvg = StateDicts.tensor(saved, "square_avg");
    if (s.squareAvg == null) throw new IllegalArgumentException("RMSprop.loadStateDict: parameter state lacks 'square_avg'");
    s.momentumBuffer = StateDicts.tensor(saved, "momentum_buffer");
    s.gradAvg = StateDicts.tensor(saved, "grad_avg");
    state.put(param, s);
  }

  @Override
  protected void clearState() {
    state.clear();
  }
}
