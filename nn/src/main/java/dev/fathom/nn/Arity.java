package dev.fathom.nn;

import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Which forward arities a module class overrides (found once per class by reflection). */
record Arity(boolean one, boolean two, boolean three, boolean varargs) {
  private static final ClassValue<Arity> CACHE = new ClassValue<>() {
    @Override
    protected Arity computeValue(Class<?> type) {
      return new Arity(overrides(type, Tensor.class), overrides(type, Tensor.class, Tensor.class),
          overrides(type, Tensor.class, Tensor.class, Tensor.class), overrides(type, Tensor[].class));
    }
  };

  static Arity of(Class<?> type) {
    return CACHE.get(type);
  }

  private static boolean overrides(Class<?> type, Class<?>... params) {
    try {
      return type.getMethod("forward", params).getDeclaringClass() != Module.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Module.forward" + List.of(params) + " is missing", e);
    }
  }

  boolean has(int n) {
    return switch (n) {
      case 1 -> one;
      case 2 -> two;
      case 3 -> three;
      default -> false;
    };
  }

  static IllegalArgumentException mismatch(Module m, int given) {
    Arity a = of(m.getClass());
    List<String> takes = new ArrayList<>();
    for (int n = 1; n <= 3; n++) if (a.has(n)) takes.add(String.valueOf(n));
    String what = takes.isEmpty()
        ? m.typeName() + " has no forward (it overrides none of Module's forward methods)"
        : m.typeName() + ".forward takes " + String.join(" or ", takes) + (takes.equals(List.of("1")) ? " input" : " inputs");
    return new IllegalArgumentException(what + ", but was called with " + given + (given == 1 ? " input" : " inputs"));
  }
}
