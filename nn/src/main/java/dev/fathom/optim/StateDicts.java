package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the loosely typed values of a state dict (as saved here or unpickled from PyTorch). */
final class StateDicts {
  private StateDicts() {}

  static List<?> list(Object v, String what) {
    if (v instanceof List<?> l) return l;
    if (v instanceof Object[] a) return Arrays.asList(a);
    throw new IllegalArgumentException("state dict: '" + what + "' should be a list, got " + describe(v));
  }

  static Map<String, Object> map(Object v, String what) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
      return out;
    }
    throw new IllegalArgumentException("state dict: '" + what + "' should be a dict, got " + describe(v));
  }

  /** A parameter index: any integral Number, or a String holding one. */
  static int index(Object v) {
    if (v instanceof Number n && n.doubleValue() == n.longValue()) return n.intValue();
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("state dict: parameter index '" + s + "' is not an integer", e);
      }
    }
    throw new IllegalArgumentException("state dict: parameter index should be an integer, got " + describe(v));
  }

  /** A number stored either as a Number or as a one-element tensor (PyTorch's tensor steps). */
  static double number(Object v, String what) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof Tensor t && t.numel() == 1) return t.item();
    throw new IllegalArgumentException("state dict: '" + what + "' should be a number or a one-element tensor, got " + describe(v));
  }

  /** A tensor entry of a parameter's state (already cast), or null when absent or None. */
  static Tensor tensor(Map<String, Object> state, String key) {
    Object v = state.get(key);
    if (v == null) return null;
    if (v instanceof Tensor t) return t;
    throw new IllegalArgumentException("state dict: '" + key + "' should be a tensor, got " + describe(v));
  }

  /**
   * A deep copy of a parameter's state with every tensor but {@code step} cast to the parameter's
   * dtype (when floating) and device, contiguous and detached, as PyTorch's load_state_dict does.
   */
  static Map<String, Object> castState(Tensor param, Map<String, Object> state, String optimizer) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : state.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Tensor t) {
        Tensor c = t.detach();
        if (!"step".equals(e.getKey())) {
          if (!Arrays.equals(c.shape(), param.shape())) {
            throw new IllegalArgumentException(optimizer + ".loadStateDict: state '" + e.getKey() + "' has shape "
                + Arrays.toString(c.shape()) + " but its parameter has shape " + Arrays.toString(param.shape()));
          }
          if (param.dtype().isFloatingPoint()) c = c.to(param.dtype());
          c = c.to(param.device());
        }
        v = c.clone();
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }
}
