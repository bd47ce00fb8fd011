package dev.fathom.tune;

/**
 * Decides from intermediate reports whether a running trial is poor enough to end early:
 * {@link #median} (the median stopping rule of Google Vizier) or {@link #asha} (asynchronous
 * successive halving, as Ray Tune's ASHA scheduler). An early stopper is an immutable description;
 * {@link #open} starts the thread-safe session one search uses.
 *
 * <pre>{@code
 * Tuner.builder(space).earlyStopping(EarlyStopper.asha(1, 3)).build();
 * }</pre>
 */
public interface EarlyStopper {

  /** Starts a session for a search in {@code direction}. */
  Session open(Direction direction);

  /** The state of one search; called from trial threads concurrently. */
  interface Session {
    /** Records a report of trial {@code trial} and says whether the trial should stop now. */
    boolean report(int trial, long step, double value);

    /** Records that a trial has ended, with its final status. */
    void ended(int trial, Trial.Status status);
  }

  /** Never stops a trial. */
  static EarlyStopper none() {
    return direction -> new Session() {
      @Override
      public boolean report(int trial, long step, double value) {
        return false;
      }

      @Override
      public void ended(int trial, Trial.Status status) {}
    };
  }

  /**
   * The median stopping rule: from step {@code graceSteps} on, stop a trial whose best value so
   * far is worse than the median of the running averages, up to the same step, of the completed
   * trials — once at least {@code minCompleted} trials have completed.
   */
  static EarlyStopper median(long graceSteps, int minCompleted) {
    return new MedianStoppingRule(graceSteps, minCompleted);
  }

  /**
   * Asynchronous successive halving: rungs at steps {@code minStep * reductionFactor^k}; a trial
   * reaching a rung continues only if its value is in the best {@code 1 / reductionFactor} of the
   * values recorded at that rung so far.
   */
  static EarlyStopper asha(long minStep, double reductionFactor) {
    return new Asha(minStep, reductionFactor);
  }
}
