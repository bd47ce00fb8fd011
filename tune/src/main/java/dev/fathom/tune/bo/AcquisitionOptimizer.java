package dev.fathom.tune.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

/**
 * Maximises an acquisition function over the unit cube by multi-start optimisation: every
 * candidate (typically a few thousand Sobol points plus perturbations of the best observations)
 * is scored, the best few are refined locally within the cube (Hipparchus BOBYQA, or Brent's
 * method in one dimension), and all points come back ranked.
 *
 * <pre>{@code
 * List<Scored> ranked = AcquisitionOptimizer.maximize(u -> logEi(u), candidates, 5);
 * double[] best = ranked.get(0).point();
 * }</pre>
 */
public final class AcquisitionOptimizer {
  private static final int EVALUATIONS_PER_DIM = 60;

  private AcquisitionOptimizer() {}

  /**
   * A point and its acquisition value.
   *
   * @param point the point in the unit cube
   * @param value the acquisition value there
   */
  public record Scored(double[] point, double value) {}

  /**
   * Scores {@code candidates} (rows in {@code [0, 1]^d}), refines the best {@code refine} of
   * them, and returns the refined points followed by the remaining candidates, best first.
   */
  public static List<Scored> maximize(ToDoubleFunction<double[]> f, double[][] candidates, int refine) {
    if (candidates.length == 0) {
      throw new IllegalArgumentException("AcquisitionOptimizer.maximize: no candidates");
    }
    List<Scored> scored = new ArrayList<>(candidates.length + refine);
    for (double[] c : candidates) {
      scored.add(new Scored(c, f.applyAsDouble(c)));
    }
    scored.sort(Comparator.comparingDouble(Scored::value).reversed());
    int starts = Math.min(refine, scored.size());
    for (int i = 0; i < starts; i++) {
      scored.add(refine(f, scored.get(i)));
    }
    scored.sort(Comparator.comparingDouble(Scored::value).reversed());
    return scored;
  }

  /** A local maximum of {@code f} near {@code start}, inside the unit cube; never worse than the start. */
  static Scored refine(ToDoubleFunction<double[]> f, Scored start) {
    int d = start.point().length;
    Best best = new Best(start);
    ToDoubleFunction<double[]> tracked = u -> {
      double[] p = clampToCube(u);
      double v = f.applyAsDouble(p);
      best.offer(p, v);
      return v;
    };
    try {
      if (d == 1) {
        double x = start.point()[0];
        double lo = Math.max(0, x - 0.1);
        double hi = Math.min(1, x + 0.1);
        new BrentOptimizer(1e-8, 1e-10).optimize(new MaxEval(EVALUATIONS_PER_DIM * 2), GoalType.MAXIMIZE,
            new SearchInterval(lo, hi, Math.clamp(x, lo, hi)),
            new UnivariateObjectiveFunction(t -> tracked.applyAsDouble(new double[] {t})));
      } else {
        double[] lower = new double[d];
        double[] upper = new double[d];
        Arrays.fill(upper, 1.0);
        new BOBYQAOptimizer(2 * d + 1, 0.05, 1e-6).optimize(new MaxEval(EVALUATIONS_PER_DIM * d + 100),
            GoalType.MAXIMIZE, new InitialGuess(clampToCube(start.point())), new SimpleBounds(lower, upper),
            new ObjectiveFunction(tracked::applyAsDouble));
      }
    } catch (MathIllegalStateException budgetSpentOrStalled) {
      // The best point seen is kept; local refinement is an improvement, not a requirement.
    }
    return best.scored();
  }

  private static double[] clampToCube(double[] u) {
    double[] p = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      p[i] = Math.clamp(u[i], 0.0, 1.0);
    }
    return p;
  }

  private static final class Best {
    private double[] point;
    private double value;

    Best(Scored start) {
      point = start.point();
      value = start.value();
    }

    void offer(double[] p, double v) {
      if (v > value) {
        point = p;
        value = v;
      }
    }

    Scored scored() {
      return new Scored(point, value);
    }
  }
}
