package dev.fathom.nn;

/**
 * A 2-d size (kernel, stride, padding) remembering whether it was given as one int, so it prints
 * as PyTorch stores it: {@code 2} or {@code (2, 3)}.
 */
record Pair(int h, int w, boolean single) {
  static Pair of(int v) {
    return new Pair(v, v, true);
  }

  static Pair of(int[] hw, String what) {
    if (hw == null || (hw.length != 1 && hw.length != 2)) {
      throw new IllegalArgumentException(what + " must be an int or a pair of ints, got " + java.util.Arrays.toString(hw));
    }
    return hw.length == 1 ? new Pair(hw[0], hw[0], false) : new Pair(hw[0], hw[1], false);
  }

  /** As a tuple, the way {@code _pair} stores it in conv layers. */
  Pair tuple() {
    return new Pair(h, w, false);
  }

  @Override
  public String toString() {
    return single ? Integer.toString(h) : "(" + h + ", " + w + ")";
  }
}
