package dev.fathom.nn;

/** Checks a loss's {@code reduction} argument when it is set, so a typo fails at construction. */
final class Reductions {
  private Reductions() {}

  static String check(String reduction) {
    if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none")) {
      throw new IllegalArgumentException(reduction + " is not a valid value for reduction (use \"mean\", \"sum\" or \"none\")");
    }
    return reduction;
  }
}
