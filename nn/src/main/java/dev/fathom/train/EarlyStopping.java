package dev.fathom.train;

import java.util.Locale;

/**
 * The early-stopping rule the trainers share: it watches one loss per epoch and says when
 * {@code patience} epochs have passed without improvement ({@code "no_improvement"}, as Keras and
 * Lightning) or with the loss rising every epoch ({@code "consecutive_increases"}, as the course's
 * {@code trainer}). A patience of 0 never stops.
 *
 * <pre>{@code
 * EarlyStopping stop = new EarlyStopping("no_improvement", 3, 0.0);
 * boolean best = stop.record(validLoss);   // once per epoch
 * if (stop.shouldStop()) break;
 * }</pre>
 */
public final class EarlyStopping {
  private final boolean consecutiveIncreases;
  private final int patience;
  private final double minDelta;
  private double best = Double.POSITIVE_INFINITY;
  private double previous = Double.NaN;
  private int epochs;
  private int bestEpoch = -1;
  private int sinceBest;
  private int increases;

  public EarlyStopping(String mode, int patience, double minDelta) {
    this.consecutiveIncreases = isConsecutiveIncreases(mode);
    if (patience < 0) throw new IllegalArgumentException("early stopping: patience must be >= 0, got " + patience);
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /** Checks a mode name: true for {@code "consecutive_increases"}, false for {@code "no_improvement"}. */
  public static boolean isConsecutiveIncreases(String mode) {
    return switch (mode) {
      case "no_improvement" -> false;
      case "consecutive_increases" -> true;
      default -> throw new IllegalArgumentException("earlyStopping must be 'no_improvement' or 'consecutive_increases', got '" + mode + "'");
    };
  }

  /** Records the next epoch's monitored loss; true when it is the best so far (by more than minDelta). */
  public boolean record(double monitored) {
    increases = monitored > previous ? increases + 1 : 0;
    previous = monitored;
    epochs++;
    if (monitored < best - minDelta) {
      best = monitored;
      bestEpoch = epochs - 1;
      sinceBest = 0;
      return true;
    }
    sinceBest++;
    return false;
  }

  /** Replays the monitored losses of a resumed run (validation loss, or train loss without validation). */
  public void replay(History h) {
    for (int e = 0; e < h.epochs(); e++) record(h.validLoss().isEmpty() ? h.trainLoss().get(e) : h.validLoss().get(e));
  }

  /** The epochs counted against the patience. */
  public int waited() {
    return consecutiveIncreases ? increases : sinceBest;
  }

  /** True once the patience is used up. */
  public boolean shouldStop() {
    return patience > 0 && waited() >= patience;
  }

  /** The 0-based epoch with the best monitored loss, or -1 before the first. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The line a trainer prints when it stops at {@code epoch} (1-based). */
  public String stopMessage(int epoch) {
    return String.format(Locale.ROOT, "Stopped early at epoch %d: %s for %d epochs", epoch,
        consecutiveIncreases ? "loss increased" : "no improvement", waited());
  }
}
