package dev.fathom.tune;

/**
 * Whether a study looks for the smallest objective value (a loss) or the largest (an accuracy).
 *
 * <pre>{@code
 * Tuner.builder(space).direction(Direction.MAXIMIZE);
 * }</pre>
 */
public enum Direction {
  /** Smaller is better. */
  MINIMIZE,
  /** Larger is better. */
  MAXIMIZE;

  /**
   * The value as a loss: itself when minimising, its negation when maximising. Strategies and
   * early stoppers work on losses only.
   */
  public double toLoss(double value) {
    return this == MINIMIZE ? value : -value;
  }

  /** Whether {@code a} is strictly better than {@code b}. */
  public boolean isBetter(double a, double b) {
    return toLoss(a) < toLoss(b);
  }
}
