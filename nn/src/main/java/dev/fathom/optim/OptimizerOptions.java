package dev.fathom.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyperparameters a caller sets explicitly, for a whole optimizer or for one
 * {@link ParamGroup}; anything not set keeps the optimizer's default (PyTorch's). Each optimizer
 * has its own subclass with fluent setters named as PyTorch's keywords in camelCase, e.g.
 * {@link Adam.Options#weightDecay(double)} for {@code weight_decay}. Setters check their value and
 * throw {@link IllegalArgumentException} with PyTorch's message ({@code "Invalid learning rate: -1.0"}).
 *
 * <pre>{@code
 * var opt = new Adam(params, Adam.options().lr(0.05).weightDecay(1e-4));
 * }</pre>
 *
 * @param <T> the concrete options type, returned by every setter
 */
public abstract class OptimizerOptions<T extends OptimizerOptions<T>> {
  private final Map<String, Object> values = new LinkedHashMap<>();

  protected OptimizerOptions() {}

  /** Learning rate ({@code lr}), at least 0. */
  public T lr(double lr) {
    return put("lr", checkNonNegative(lr, "learning rate"));
  }

  /** The values set so far, keyed by PyTorch's names ({@code "weight_decay"}), in the order set. */
  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Records {@code value} under PyTorch's {@code key}; for subclasses' setters. */
  protected final T put(String key, Object value) {
    values.put(key, value);
    @SuppressWarnings("unchecked")
    T self = (T) this;
    return self;
  }

  /** {@code value} when it is at least 0 (and not NaN), else PyTorch's "Invalid ..." error. */
  protected static double checkNonNegative(double value, String what) {
    if (!(value >= 0)) throw new IllegalArgumentException("Invalid " + what + ": " + value);
    return value;
  }

  /** {@code value} when it lies in [0, 1), else PyTorch's "Invalid ..." error. */
  protected static double checkFraction(double value, String what) {
    if (!(value >= 0 && value < 1)) throw new IllegalArgumentException("Invalid " + what + ": " + value);
    return value;
  }
}
