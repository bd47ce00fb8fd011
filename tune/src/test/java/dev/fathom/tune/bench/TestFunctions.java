package dev.fathom.tune.bench;

import dev.fathom.tune.Parameters;
import dev.fathom.tune.SearchSpace;

/**
 * The standard Bayesian-optimisation test functions with their search spaces and optima.
 *
 * <pre>{@code
 * double v = TestFunctions.braninAt(Math.PI, 2.275);   // 0.397887...
 * }</pre>
 */
public final class TestFunctions {
  /** The global minimum of Branin. */
  public static final double BRANIN_OPTIMUM = 0.397887;
  /** The global minimum of Hartmann-6. */
  public static final double HARTMANN6_OPTIMUM = -3.32237;

  private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] A = {
    {10, 3, 17, 3.5, 1.7, 8},
    {0.05, 10, 17, 0.1, 8, 14},
    {3, 3.5, 1.7, 10, 17, 8},
    {17, 8, 0.05, 10, 0.1, 14}
  };
  private static final double[][] P = {
    {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
    {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
    {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
  };

  private TestFunctions() {}

  /** Branin on x1 in [-5, 10], x2 in [0, 15]. */
  public static double braninAt(double x1, double x2) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    double u = x2 - b * x1 * x1 + c * x1 - 6;
    return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  /** Branin's search space. */
  public static SearchSpace braninSpace() {
    return SearchSpace.builder().floatRange("x1", -5, 10).floatRange("x2", 0, 15).build();
  }

  /** Branin of a configuration of {@link #braninSpace()}. */
  public static double branin(Parameters p) {
    return braninAt(p.getDouble("x1"), p.getDouble("x2"));
  }

  /** Hartmann-6 on the unit cube. */
  public static double hartmann6At(double[] x) {
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        double d = x[j] - P[i][j];
        inner += A[i][j] * d * d;
      }
      sum += ALPHA[i] * Math.exp(-inner);
    }
    return -sum;
  }

  /** Hartmann-6's search space, parameters x1..x6 in [0, 1]. */
  public static SearchSpace hartmann6Space() {
    SearchSpace.Builder b = SearchSpace.builder();
    for (int j = 1; j <= 6; j++) {
      b.floatRange("x" + j, 0, 1);
    }
    return b.build();
  }

  /** Hartmann-6 of a configuration of {@link #hartmann6Space()}. */
  public static double hartmann6(Parameters p) {
    double[] x = new double[6];
    for (int j = 0; j < 6; j++) {
      x[j] = p.getDouble("x" + (j + 1));
    }
    return hartmann6At(x);
  }
}
