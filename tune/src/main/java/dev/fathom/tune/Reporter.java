package dev.fathom.tune;

/**
 * Receives a trial's intermediate values. Steps should increase (epochs, or examples seen).
 *
 * <pre>{@code
 * reporter.report(epoch, validationLoss);
 * }</pre>
 */
@FunctionalInterface
public interface Reporter {
  /**
   * Records {@code value} at {@code step}.
   *
   * @throws TrialStoppedException when the early stopper ends the trial, or the value is NaN or
   *     infinite (the trial then counts as failed); let it propagate out of the objective
   */
  void report(long step, double value);
}
