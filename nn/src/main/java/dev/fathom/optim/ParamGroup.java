package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of parameters with its own hyperparameters, as an entry of PyTorch's
 * {@code optimizer.param_groups}. Options keys are PyTorch's names ({@code "lr"},
 * {@code "momentum"}, {@code "betas"}, ...); an optimizer fills in its defaults for the keys a
 * group does not set. Schedulers read and write {@code "lr"} (and add {@code "initial_lr"} and the
 * like, as PyTorch's do).
 *
 * <p>Values are {@link Double}, {@link Integer}, {@link Boolean}, {@link String}, or a
 * {@code List<Double>} ({@code betas}); numbers read back through {@link #getDouble} accept any
 * {@link Number}, and list-valued ones through {@link #getDouble(String, int)} accept a
 * {@code List}, an {@code Object[]} or a {@code double[]} (as an unpickled tuple arrives).
 *
 * <pre>{@code
 * var opt = new SGD(List.of(
 *     ParamGroup.of(model.get(0).parameters()),
 *     ParamGroup.of(model.get(2).parameters(), SGD.options().lr(1e-3))),
 *   SGD.options().lr(1e-2).momentum(0.9));
 * opt.paramGroups().get(1).lr();   // 0.001
 * }</pre>
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Object> options;

  ParamGroup(List<Tensor> params, Map<String, Object> options) {
    this.params = params;
    this.options = options;
  }

  /** A group of {@code params} that takes every hyperparameter from the optimizer's defaults. */
  public static ParamGroup of(Iterable<Tensor> params) {
    return new ParamGroup(list(params), new LinkedHashMap<>());
  }

  /** A group of {@code params} whose hyperparameters set in {@code overrides} replace the defaults. */
  public static ParamGroup of(Iterable<Tensor> params, OptimizerOptions<?> overrides) {
    return new ParamGroup(list(params), new LinkedHashMap<>(overrides.values()));
  }

  private static List<Tensor> list(Iterable<Tensor> params) {
    if (params == null) throw new IllegalArgumentException("ParamGroup: params must not be null");
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : params) {
      if (p == null) throw new IllegalArgumentException("ParamGroup: optimizer can only optimize Tensors, but one of the params is null");
      out.add(p);
    }
    return Collections.unmodifiableList(out);
  }

  /** A copy with the same parameters and its own options map (what an optimizer keeps). */
  ParamGroup copy() {
    return new ParamGroup(params, new LinkedHashMap<>(options));
  }

  /** The parameters, in order (unmodifiable). */
  public List<Tensor> params() {
    return params;
  }

  /** The learning rate {@code "lr"}. */
  public double lr() {
    return getDouble("lr");
  }

  /** Sets the learning rate {@code "lr"}; returns this group. */
  public ParamGroup lr(double lr) {
    options.put("lr", lr);
    return this;
  }

  public boolean has(String key) {
    return options.containsKey(key);
  }

  /** The option {@code key}; fails when the group has none. */
  public Object get(String key) {
    Object v = options.get(key);
    if (v == null && !options.containsKey(key)) {
      throw new IllegalArgumentException("param group has no option '" + key + "' (it has " + options.keySet() + ")");
    }
    return v;
  }

  /** A numeric option as a double. */
  public double getDouble(String key) {
    Object v = get(key);
    if (v instanceof Number n) return n.doubleValue();
    throw new IllegalArgumentException("param group option '" + key + "' is not a number: " + v);
  }

  /** Element {@code index} of a list-valued option such as {@code "betas"}. */
  public double getDouble(String key, int index) {
    Object v = get(key);
    Object e = switch (v) {
      case List<?> l when index < l.size() -> l.get(index);
      case Object[] a when index < a.length -> a[index];
      case double[] a when index < a.length -> a[index];
      default -> throw new IllegalArgumentException("param group option '" + key + "' has no element " + index + ": " + v);
    };
    if (e instanceof Number n) return n.doubleValue();
    throw new IllegalArgumentException("param group option '" + key + "'[" + index + "] is not a number: " + e);
  }

  public boolean getBoolean(String key) {
    Object v = get(key);
    if (v instanceof Boolean b) return b;
    throw new IllegalArgumentException("param group option '" + key + "' is not a boolean: " + v);
  }

  /** Sets option {@code key} (PyTorch's name); returns this group. */
  public ParamGroup set(String key, Object value) {
    if ("params".equals(key)) throw new IllegalArgumentException("param group: 'params' is not an option");
    options.put(key, value);
    return this;
  }

  /** Sets {@code key} only when the group has no value for it ({@code dict.setdefault}). */
  void setDefault(String key, Object value) {
    options.putIfAbsent(key, value);
  }

  /** Replaces all options (loading a state dict). */
  void replaceOptions(Map<String, Object> newOptions) {
    options.clear();
    options.putAll(newOptions);
  }

  /** The options, in PyTorch's order (the group's own first, then defaults); unmodifiable. */
  public Map<String, Object> options() {
    return Collections.unmodifiableMap(options);
  }

  @Override
  public String toString() {
    return "ParamGroup(" + params.size() + " params, " + options + ")";
  }
}
