package dev.fathom.tune;

/**
 * Thrown by {@link Reporter#report} to end a trial early. The {@link Tuner} catches it and
 * records the trial as {@link Trial.Status#STOPPED} (or FAILED after a non-finite report).
 *
 * <pre>{@code
 * try { reporter.report(epoch, loss); } finally { closeResources(); }
 * }</pre>
 */
public final class TrialStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception saying why the trial stopped. */
  public TrialStoppedException(String message) {
    super(message, null, false, false);
  }
}
