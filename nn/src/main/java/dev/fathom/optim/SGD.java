package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay, as {@code torch.optim.SGD} (PyTorch 1.13's single-tensor update). For each parameter
 * {@code p} with gradient {@code g} (negated when {@code maximize}):
 * <pre>
 * g = g + weight_decay * p                           (weight_decay != 0)
 * buf = g on the first step, else momentum * buf + (1 - dampening) * g   (momentum != 0)
 * g = nesterov ? g + momentum * buf : buf
 * p = p - lr * g
 * </pre>
 * There is no default learning rate: give {@code lr} positionally, in the options, or in every
 * group. State per parameter: {@code momentum_buffer} (a tensor of p's shape, null without
 * momentum), created at its first step.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9).nesterov(true));
 * }</pre>
 */
public final class SGD extends Optimizer {
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  private static final class State {
    Tensor momentumBuffer;
  }

  /** SGD's keyword arguments; lr has no default. */
  public static final class Options extends OptimizerOptions<Options> {
    public Options momentum(double momentum) {
      return put("momentum", checkNonNegative(momentum, "momentum value"));
    }

    public Options dampening(double dampening) {
      return put("dampening", dampening);
    }

    public Options weightDecay(double weightDecay) {
      return put("weight_decay", checkNonNegative(weightDecay, "weight_decay value"));
    }

    public Options nesterov(boolean nesterov) {
      return put("nesterov", nesterov);
    }

    public Options maximize(boolean maximize) {
      return put("maximize", maximize);
    }
  }

  public static Options options() {
    return new Options();
  }

  public SGD(Iterable<Tensor> params, double lr) {
    this(params, options().lr(lr));
  }

  public SGD(Iterable<Tensor> params, Options options) {
    this(List.of(ParamGroup.of(params)), options);
  }

  public SGD(List<ParamGroup> groups, Options options) {
    super(groups, merge(pytorchDefaults(), options));
  }

  private static Map<String, Object> pytorchDefaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("momentum", 0.0);
    d.put("dampening", 0.0);
    d.put("weight_decay", 0.0);
    d.put("nesterov", false);
    d.put("maximize", false);
    return d;
  }

  @Override
  protected void checkGroup(ParamGroup group) {
    if (!group.has("lr")) {
      throw new IllegalArgumentException("SGD: parameter group didn't specify a value of required optimization parameter lr");
    }
    if (group.getBoolean("nesterov") && (group.getDouble("momentum") <= 0 || group.getDouble("dampening") != 0)) {
      throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
    }
  }

  @Override
  protected void update(ParamGroup group) {
    double lr = group.lr();
    double momentum = group.getDouble("momentum");
    double dampening = group.getDouble("dampening");
    double weightDecay = group.getDouble("weight_decay");
    boolean nesterov = group.getBoolean("nesterov");
    boolean maximize = group.getBoolean("maximize");
    for (Tensor p : group.params()) {
      Tensor grad = p.grad();
      if (grad == null) continue;
      State s = state.get(p);
      if (s == null) state.put(p, s = new State());
      boolean first = s.momentumBuffer == null;
      if (momentum != 0 && first) s.momentumBuffer = Tensor.zerosLike(p);
      if (!fused(p, grad, s.momentumBuffer, first, lr, momentum, dampening, weightDecay, nesterov, maximize)) {
        Tensor d = maximize ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p, weightDecay);
        if (momentum != 0) {
          Tensor buf = s.momentumBuffer;
          if (first) buf.copy_(d);
          else buf.mul_(momentum).add_(d, 1 - dampening);
          d = nesterov ? d.add(buf, momentum) : buf;
        }
        p.add_(d, -lr);
      }
    }
  }

  /** The update over float arrays, op for op as above; false when an operand is not eligible. */
  private static boolean fused(Tensor p, Tensor grad, Tensor buffer, boolean first, double lr, double momentum,
                               double dampening, double weightDecay, boolean nesterov, boolean maximize) {
    float[] pa = HeapFloats.of(p), ga = HeapFloats.of(grad), ba = buffer == null ? null : HeapFloats.of(buffer);
    if (pa == null || ga == null || (buffer != null && ba == null)) return false;
    int po = HeapFloats.offset(p), go = HeapFloats.offset(grad), bo = buffer == null ? 0 : HeapFloats.offset(buffer);
    float wd = (float) weightDecay, mom = (float) momentum, damp = (float) (1 - dampening), negLr = (float) -lr;
    boolean decay = weightDecay != 0;
    int n = (int) p.numel();
    for (int i = 0; i < n; i++) {
      float d = maximize ? -ga[go + i] : ga[go + i];
      if (decay) d = d + pa[po + i] * wd;
      if (ba != null) {
        float b = first ? d : ba[bo + i] * mom + d * damp;
        ba[bo + i] = b;
        d = nesterov ? d + b * mom : b;
      }
      pa[po + i] = pa[po + i] + d * negLr;
    }
    return true;
  }

  @Override
  protected Map<String, Object> saveState(Tensor param) {
    State s = state.get(param);
    if (s == null) return null;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("momentum_buffer", s.momentumBuffer);
    return out;
  }

  @Override
  protected void loadState(Tensor param, Map<String, Object> saved) {
    State s = new State();
    s.momentumBuffer = StateDicts.tensor(saved, "momentum_buffer");
    state.put(param, s);
  }

  @Override
  protected void clearState() {
    state.clear();
  }
}
