package dev.fathom.optim;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the optimizers, as {@code torch.optim.Optimizer}: parameter groups with their own
 * hyperparameters, {@link #zeroGrad()}, {@link #step()}, and a state dict with PyTorch's structure.
 *
 * <p><b>State dict.</b> {@link #stateDict()} returns a {@code Map<String, Object>} that the file
 * helpers save as {@code .pth} (or flatten to safetensors), laid out exactly as PyTorch's
 * {@code optimizer.state_dict()}:
 * <pre>
 * {
 *   "state": {                       // Map&lt;Integer, Map&lt;String, Object&gt;&gt;, only params that have state
 *     0: {"step": tensor(3.), "exp_avg": Tensor, "exp_avg_sq": Tensor},       // Adam, AdamW
 *     1: {...}
 *   },
 *   "param_groups": [                // List&lt;Map&lt;String, Object&gt;&gt;, one per group, in order
 *     {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-08, "weight_decay": 0.0,
 *      "amsgrad": false, "maximize": false, "params": [0, 1]}
 *   ]
 * }
 * </pre>
 * A parameter's index counts through all groups in order. Hyperparameters are Double, Integer,
 * Boolean, String or List&lt;Double&gt;; per-parameter state is given in each optimizer's Javadoc
 * (SGD: {@code momentum_buffer} (null without momentum); Adam/AdamW: {@code step} (0-d FLOAT32),
 * {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} with amsgrad; RMSprop: {@code step}
 * (Integer), {@code square_avg}, {@code momentum_buffer}, {@code grad_avg}; Adagrad: {@code step}
 * (0-d FLOAT32), {@code sum}). The state tensors are the optimizer's own (not copies), as in PyTorch.
 * {@link #loadStateDict} accepts this structure as saved here or by PyTorch (unpickled: state keys
 * may be any Number or a numeric String, a tuple may be an {@code Object[]}); it copies the tensors,
 * casting floating ones other than {@code step} to the parameter's dtype and device.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * Map<String, Object> sd = opt.stateDict();
 * }</pre>
 */
public abstract class Optimizer {
  private final Map<String, Object> defaults;
  private final List<ParamGroup> paramGroups = new ArrayList<>();

  /**
   * @param groups the parameter groups (copied: the optimizer keeps its own)
   * @param defaults every hyperparameter's value for groups that do not set it
   */
  protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
    this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty())) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer got an empty parameter list");
    }
    for (ParamGroup g : groups) addParamGroup(g);
  }

  /**
   * Merges PyTorch's defaults with the values a caller set, in PyTorch's key order (lr first,
   * even where it has no default); for subclass constructors.
   */
  protected static Map<String, Object> merge(Map<String, Object> pytorchDefaults, OptimizerOptions<?> options) {
    Map<String, Object> set = options.values();
    Map<String, Object> out = new LinkedHashMap<>();
    if (set.containsKey("lr")) out.put("lr", set.get("lr"));
    for (Map.Entry<String, Object> e : pytorchDefaults.entrySet()) out.put(e.getKey(), set.getOrDefault(e.getKey(), e.getValue()));
    for (Map.Entry<String, Object> e : set.entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
    return out;
  }

  /**
   * Adds a group (a copy of it) after filling in the defaults, as {@code add_param_group}. Its
   * parameters must be leaves and must not be in another group.
   */
  public void addParamGroup(ParamGroup group) {
    ParamGroup g = group.copy();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup other : paramGroups) seen.addAll(other.params());
    Set<Tensor> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor p : g.params()) {
      if (!p.isLeaf()) throw new IllegalArgumentException(name() + ": can't optimize a non-leaf Tensor");
      if (seen.contains(p)) throw new IllegalArgumentException(name() + ": some parameters appear in more than one parameter group");
      if (!mine.add(p)) throw new IllegalArgumentException(name() + ": a parameter group contains the same parameter twice");
    }
    for (Map.Entry<String, Object> e : defaults.entrySet()) g.setDefault(e.getKey(), e.getValue());
    checkGroup(g);
    paramGroups.add(g);
  }

  /** Checks a group's hyperparameters once its defaults are filled in (e.g. SGD's required lr). */
  protected void checkGroup(ParamGroup group) {}

  /** The groups (the optimizer's own: changing a group's options changes the optimization). */
  public List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(paramGroups);
  }

  /** The default hyperparameters (PyTorch's {@code optimizer.defaults}). */
  public Map<String, Object> defaults() {
    return defaults;
  }

  /** The learning rate of group {@code group}. */
  public double getLr(int group) {
    return paramGroups.get(group).lr();
  }

  /** Sets the learning rate of group {@code group}. */
  public void setLr(int group, double lr) {
    paramGroups.get(group).lr(lr);
  }

  /** Clears every parameter's gradient (sets it to null), PyTorch 2's {@code zero_grad()}. */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /** {@code zero_grad(set_to_none)}: null the gradients, or fill them with zeros in place. */
  public void zeroGrad(boolean setToNone) {
    try (var guard = Fathom.noGrad()) {
      for (ParamGroup g : paramGroups) {
        for (Tensor p : g.params()) {
          if (setToNone) p.setGrad(null);
          else if (p.grad() != null) p.grad().zero_();
        }
      }
    }
  }

  /** One optimization step over every parameter that has a gradient, with grad mode off. */
  public final void step() {
    try (var guard = Fathom.noGrad()) {
      for (ParamGroup g : paramGroups) update(g);
    }
  }

  /** Updates the parameters of one group (called with grad mode off). */
  protected abstract void update(ParamGroup group);

  /** The state of {@code param} under PyTorch's keys, or null when it has none yet. */
  protected abstract Map<String, Object> saveState(Tensor param);

  /** Restores {@code param}'s state from {@code state} (tensors already copied and cast). */
  protected abstract void loadState(Tensor param, Map<String, Object> state);

  /** Forgets all per-parameter state. */
  protected abstract void clearState();

  // ---- state dict ---------------------------------------------------------------------------

  /** The optimizer's state with PyTorch's structure (see the class documentation). */
  public Map<String, Object> stateDict() {
    Map<Integer, Map<String, Object>> state = new LinkedHashMap<>();
    List<Map<String, Object>> groups = new ArrayList<>();
    int index = 0;
    for (ParamGroup g : paramGroups) {
      Map<String, Object> packed = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : g.options().entrySet()) packed.put(e.getKey(), copyValue(e.getValue()));
      List<Integer> ids = new ArrayList<>();
      for (Tensor p : g.params()) {
        Map<String, Object> s = saveState(p);
        if (s != null) state.put(index, s);
        ids.add(index++);
      }
      packed.put("params", ids);
      groups.add(packed);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", state);
    out.put("param_groups", groups);
    return out;
  }

  private static Object copyValue(Object v) {
    if (v instanceof List<?> l) return new ArrayList<>(l);
    if (v instanceof Object[] a) return new ArrayList<>(Arrays.asList(a));
    if (v instanceof double[] a) return Arrays.stream(a).boxed().toList();
    return v;
  }

  /**
   * Restores state and hyperparameters saved by {@link #stateDict()} (here or by PyTorch). The
   * groups must have the same sizes as this optimizer's; each group's options become the saved
   * ones (missing keys take the defaults).
   */
  public void loadStateDict(Map<String, Object> stateDict) {
    List<?> saved = StateDicts.list(stateDict.get("param_groups"), "param_groups");
    if (saved.size() != paramGroups.size()) {
      throw new IllegalArgumentException(name() + ".loadStateDict: loaded state dict has a different number of parameter groups ("
          + saved.size() + ", optimizer has " + paramGroups.size() + ")");
    }
    Map<Integer, Tensor> byId = new LinkedHashMap<>();
    List<Map<String, Object>> savedGroups = new ArrayList<>();
    for (int i = 0; i < saved.size(); i++) {
      Map<String, Object> sg = StateDicts.map(saved.get(i), "param_groups[" + i + "]");
      List<?> ids = StateDicts.list(sg.get("params"), "param_groups[" + i + "].params");
      List<Tensor> params = paramGroups.get(i).params();
      if (ids.size() != params.size()) {
        throw new IllegalArgumentException(name() + ".loadStateDict: loaded state dict contains a parameter group that doesn't match the size of optimizer's group ("
            + ids.size() + " vs " + params.size() + " params in group " + i + ")");
      }
      for (int k = 0; k < ids.size(); k++) byId.put(StateDicts.index(ids.get(k)), params.get(k));
      savedGroups.add(sg);
    }
    Object stateObj = stateDict.get("state");
    Map<?, ?> state = stateObj == null ? Map.of() : StateDicts.map(stateObj, "state");
    Map<Tensor, Map<String, Object>> restored = new IdentityHashMap<>();
    for (Map.Entry<?, ?> e : state.entrySet()) {
      int id = StateDicts.index(e.getKey());
      Tensor p = byId.get(id);
      if (p == null) {
        throw new IllegalArgumentException(name() + ".loadStateDict: state for parameter " + id + " but the groups list the parameters " + byId.keySet());
      }
      restored.put(p, StateDicts.castState(p, StateDicts.map(e.getValue(), "state[" + id + "]"), name()));
    }
    clearState();
    for (Map.Entry<Tensor, Map<String, Object>> e : restored.entrySet()) loadState(e.getKey(), e.getValue());
    for (int i = 0; i < savedGroups.size(); i++) {
      Map<String, Object> options = new LinkedHashMap<>(savedGroups.get(i));
      options.remove("params");
      ParamGroup g = paramGroups.get(i);
      g.replaceOptions(options);
      for (Map.Entry<String, Object> d : defaults.entrySet()) g.setDefault(d.getKey(), d.getValue());
    }
  }

  private String name() {
    return getClass().getSimpleName();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name()).append(" (");
    for (int i = 0; i < paramGroups.size(); i++) {
      sb.append("\nParameter Group ").append(i);
      for (Map.Entry<String, Object> e : paramGroups.get(i).options().entrySet()) {
        sb.append("\n    ").append(e.getKey()).append(": ").append(e.getValue());
      }
    }
    return sb.append("\n)").toString();
  }
}
