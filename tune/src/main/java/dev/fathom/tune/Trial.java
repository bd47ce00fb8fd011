package dev.fathom.tune;

import java.util.List;
import java.util.Objects;

/**
 * The record of one finished trial: its configuration, how it ended, its objective value, the
 * intermediate values it reported and how long it ran.
 *
 * <ul>
 *   <li>{@link Status#COMPLETED}: the objective returned a finite {@code value}.</li>
 *   <li>{@link Status#STOPPED}: an early stopper ended it; {@code value} is its last report.</li>
 *   <li>{@link Status#FAILED}: it threw or returned NaN or an infinity; {@code value} is NaN and
 *       {@code error} says what happened.</li>
 * </ul>
 *
 * <pre>{@code
 * Trial best = study.best().orElseThrow();
 * System.out.println(best.number() + " " + best.value() + " " + best.parameters());
 * }</pre>
 *
 * @param number the trial's index in its study, from 0
 * @param parameters the configuration
 * @param status how the trial ended
 * @param value the objective value (NaN for failed trials)
 * @param reports the intermediate values in report order
 * @param error the failure message, empty unless FAILED
 * @param durationMillis the wall-clock time the objective ran
 */
public record Trial(
    int number,
    Parameters parameters,
    Status status,
    double value,
    List<Report> reports,
    String error,
    long durationMillis) {

  /** How a trial ended. */
  public enum Status {
    /** Finished with a finite value. */
    COMPLETED,
    /** Ended early by an early stopper. */
    STOPPED,
    /** Threw, or returned NaN or an infinity. */
    FAILED
  }

  /**
   * One intermediate value.
   *
   * @param step the step (for example the epoch) it was reported at
   * @param value the value
   */
  public record Report(long step, double value) {}

  public Trial {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    reports = List.copyOf(reports);
    if (status == Status.FAILED ? !Double.isNaN(value) : !Double.isFinite(value)) {
      throw new IllegalArgumentException("trial " + number + ": a " + status + " trial cannot have value " + value);
    }
  }

  /** Whether the trial gave a value a strategy can learn from (completed or stopped). */
  public boolean hasValue() {
    return status != Status.FAILED;
  }
}
