package dev.fathom.vision.transforms;

/**
 * Padding modes, as torchvision's {@code padding_mode}: CONSTANT fills with a value, EDGE repeats
 * the border pixel, REFLECT mirrors without repeating the border ({@code 2 1 | 1 2 3 | 3 2}... for
 * {@code 1 2 3} padded by 2 gives {@code 3 2 1 2 3 2 1}), SYMMETRIC mirrors repeating it
 * ({@code 2 1 1 2 3 3 2}).
 *
 * <pre>{@code
 * Functional.pad(img, new int[] {4}, 0, Pad.REFLECT);
 * }</pre>
 */
public enum Pad {
  CONSTANT,
  EDGE,
  REFLECT,
  SYMMETRIC;

  /** The source index for position {@code i} of a padded axis of length {@code n}; -1 means fill. */
  int index(int i, int n) {
    if (i >= 0 && i < n) return i;
    return switch (this) {
      case CONSTANT -> -1;
      case EDGE -> i < 0 ? 0 : n - 1;
      case REFLECT -> {
        if (n == 1) yield 0;
        int period = 2 * (n - 1), m = Math.floorMod(i, period);
        yield m < n ? m : period - m;
      }
      case SYMMETRIC -> {
        int period = 2 * n, m = Math.floorMod(i, period);
        yield m < n ? m : period - 1 - m;
      }
    };
  }
}
