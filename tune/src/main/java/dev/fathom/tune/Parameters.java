package dev.fathom.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trial's configuration: an immutable, ordered map from parameter name to value, with typed
 * getters. Values are {@code Double} (float ranges), {@code Integer} (int ranges) or the
 * {@code String}, {@code Number} or {@code Boolean} of a choice or fixed value.
 *
 * <pre>{@code
 * double lr = p.getDouble("lr");
 * int width = p.getInt("width");
 * String opt = p.getString("optimizer");
 * }</pre>
 */
public final class Parameters {
  private final Map<String, Object> values;

  /** Wraps a copy of {@code values}, keeping their order. */
  public Parameters(Map<String, ?> values) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k)));
    this.values = Collections.unmodifiableMap(copy);
  }

  /** The values by name, in the search space's order. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** Whether the configuration has a parameter called {@code name}. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The raw value of {@code name}. */
  public Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no parameter '" + name + "' in " + values.keySet());
    }
    return v;
  }

  /** The value of a numeric parameter as a double. */
  public double getDouble(String name) {
    return number(name, "getDouble").doubleValue();
  }

  /** The value of an integer-valued parameter. */
  public int getInt(String name) {
    Number n = number(name, "getInt");
    if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("getInt: parameter '" + name + "' is " + n + ", not an int");
    }
    return n.intValue();
  }

  /** The value of an integer-valued parameter as a long. */
  public long getLong(String name) {
    Number n = number(name, "getLong");
    if (n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException("getLong: parameter '" + name + "' is " + n + ", not integral");
    }
    return n.longValue();
  }

  /** The value of a string parameter. */
  public String getString(String name) {
    if (get(name) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        "getString: parameter '" + name + "' is " + describe(get(name)) + ", not a string");
  }

  /** The value of a boolean parameter. */
  public boolean getBoolean(String name) {
    if (get(name) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(
        "getBoolean: parameter '" + name + "' is " + describe(get(name)) + ", not a boolean");
  }

  private Number number(String name, String op) {
    if (get(name) instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException(
        op + ": parameter '" + name + "' is " + describe(get(name)) + ", not a number");
  }

  private static String describe(Object v) {
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters p && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
