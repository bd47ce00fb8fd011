package dev.fathom.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", 2017): a trial is stopped at step
 * {@code s >= graceSteps} when its best value up to {@code s} is strictly worse than the median
 * of the completed trials' running averages over their reports up to {@code s}. Completed trials
 * without a report up to {@code s} do not vote; fewer than {@code minCompleted} voters stop nothing.
 *
 * <pre>{@code
 * EarlyStopper rule = EarlyStopper.median(2, 3);
 * }</pre>
 *
 * @param graceSteps the first step at which a trial may be stopped
 * @param minCompleted the number of completed trials needed before any stop
 */
public record MedianStoppingRule(long graceSteps, int minCompleted) implements EarlyStopper {
  public MedianStoppingRule {
    if (graceSteps < 0 || minCompleted < 1) {
      throw new IllegalArgumentException(
          "median stopping rule: need graceSteps >= 0 and minCompleted >= 1, got " + graceSteps + ", " + minCompleted);
    }
  }

  @Override
  public Session open(Direction direction) {
    return new Session() {
      private final Map<Integer, List<Trial.Report>> reports = new HashMap<>();
      private final List<List<Trial.Report>> completed = new ArrayList<>();

      @Override
      public synchronized boolean report(int trial, long step, double value) {
        List<Trial.Report> own = reports.computeIfAbsent(trial, t -> new ArrayList<>());
        own.add(new Trial.Report(step, direction.toLoss(value)));
        if (step < graceSteps) {
          return false;
        }
        double[] averages = completed.stream()
            .mapToDouble(r -> runningAverage(r, step))
            .filter(v -> !Double.isNaN(v))
            .toArray();
        if (averages.length < minCompleted) {
          return false;
        }
        double best = own.stream().filter(r -> r.step() <= step).mapToDouble(Trial.Report::value).min().orElseThrow();
        return best > median(averages);
      }

      @Override
      public synchronized void ended(int trial, Trial.Status status) {
        List<Trial.Report> own = reports.remove(trial);
        if (status == Trial.Status.COMPLETED && own != null) {
          completed.add(own);
        }
      }
    };
  }

  private static double runningAverage(List<Trial.Report> reports, long step) {
    double sum = 0;
    int count = 0;
    for (Trial.Report r : reports) {
      if (r.step() <= step) {
        sum += r.value();
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
