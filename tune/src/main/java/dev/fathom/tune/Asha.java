package dev.fathom.tune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", 2020), the decision rule of Ray Tune's ASHA scheduler. Rung {@code k} sits at step
 * {@code minStep * reductionFactor^k}. The first report of a trial at or past a rung records its
 * value there; the trial stops if that value is worse than the {@code 1 / reductionFactor}
 * quantile (linear interpolation) of all values recorded at the rung, its own included.
 *
 * <pre>{@code
 * EarlyStopper asha = EarlyStopper.asha(1, 3);   // rungs at steps 1, 3, 9, 27, ...
 * }</pre>
 *
 * @param minStep the step of the first rung
 * @param reductionFactor the factor between rungs and the inverse of the fraction kept, above 1
 */
public record Asha(long minStep, double reductionFactor) implements EarlyStopper {
  public Asha {
    if (minStep < 1 || !(reductionFactor > 1) || !Double.isFinite(reductionFactor)) {
      throw new IllegalArgumentException(
          "asha: need minStep >= 1 and reductionFactor > 1, got " + minStep + ", " + reductionFactor);
    }
  }

  /** The rung a report at {@code step} reaches, or -1 before the first rung. */
  int rung(long step) {
    if (step < minStep) {
      return -1;
    }
    int k = 0;
    double next = minStep * reductionFactor;
    while (step >= next - 1e-9 && k < 62) {
      k++;
      next *= reductionFactor;
    }
    return k;
  }

  @Override
  public Session open(Direction direction) {
    return new Session() {
      private final Map<Integer, List<Double>> rungs = new HashMap<>();
      private final Set<Long> recorded = new HashSet<>();

      @Override
      public synchronized boolean report(int trial, long step, double value) {
        int rung = rung(step);
        if (rung < 0 || !recorded.add(((long) trial << 8) | rung)) {
          return false;
        }
        double loss = direction.toLoss(value);
        List<Double> values = rungs.computeIfAbsent(rung, r -> new ArrayList<>());
        values.add(loss);
        return loss > quantile(values, 1 / reductionFactor);
      }

      @Override
      public synchronized void ended(int trial, Trial.Status status) {}
    };
  }

  static double quantile(List<Double> values, double q) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
