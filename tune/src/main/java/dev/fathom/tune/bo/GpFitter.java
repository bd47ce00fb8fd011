package dev.fathom.tune.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Fits a {@link GaussianProcess}'s hyperparameters (ARD lengthscales, signal variance, noise
 * variance) by maximising the log marginal likelihood plus weak log-normal priors on the
 * lengthscales and signal variance, which keep a fit on a handful of points from collapsing.
 * Inputs are expected in the unit cube and targets standardised.
 *
 * <p>Each hyperparameter lives in a box in log space (the noise has a floor of
 * {@link #NOISE_FLOOR}); a logistic map turns the box into an unconstrained problem that
 * Hipparchus's nonlinear conjugate-gradient optimiser solves with the analytic gradient
 * {@code d log p / d theta = tr((alpha alpha^T - K^-1) dK/d theta) / 2}, from several starts.
 *
 * <pre>{@code
 * GaussianProcess gp = GpFitter.fit(x, y, null, 7L);   // x: n x d in [0,1]^d, y: n standardised
 * }</pre>
 */
public final class GpFitter {
  /** The smallest noise variance (in standardised units); it keeps the covariance well conditioned. */
  public static final double NOISE_FLOOR = 1e-6;
  static final double LOG_LENGTH_LO = Math.log(0.01);
  static final double LOG_LENGTH_HI = Math.log(50.0);
  static final double LOG_VARIANCE_LO = Math.log(0.05);
  static final double LOG_VARIANCE_HI = Math.log(20.0);
  static final double LOG_NOISE_LO = Math.log(NOISE_FLOOR);
  static final double LOG_NOISE_HI = Math.log(1.0);
  /** Log-normal prior on each lengthscale: median 0.5 of the unit cube, log-sd 1. */
  static final double LENGTH_PRIOR_MEAN = Math.log(0.5);
  static final double LENGTH_PRIOR_SD = 1.0;
  /** Log-normal prior on the signal variance: median 1 (standardised targets), log-sd 1. */
  static final double VARIANCE_PRIOR_SD = 1.0;
  private static final int RANDOM_STARTS = 2;

  private GpFitter() {}

  /**
   * The model conditioned on {@code (x, y)} with fitted hyperparameters.
   *
   * @param x n x d inputs in the unit cube
   * @param y n standardised targets
   * @param warmStart a previous fit whose hyperparameters are one of the starts, or null
   * @param seed seeds the random starts
   */
  public static GaussianProcess fit(double[][] x, double[] y, GaussianProcess warmStart, long seed) {
    int d = x[0].length;
    List<double[]> starts = new ArrayList<>();
    double[] standard = new double[d + 2];
    Arrays.fill(standard, 0, d, Math.log(0.5));
    standard[d] = 0.0;
    standard[d + 1] = Math.log(1e-3);
    starts.add(standard);
    if (warmStart != null && warmStart.kernel().dims() == d) {
      starts.add(theta(warmStart));
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int s = 0; s < RANDOM_STARTS; s++) {
      double[] t = new double[d + 2];
      for (int j = 0; j < d; j++) {
        t[j] = LENGTH_PRIOR_MEAN + LENGTH_PRIOR_SD * random.nextGaussian();
      }
      t[d] = VARIANCE_PRIOR_SD * 0.5 * random.nextGaussian();
      t[d + 1] = Math.log(1e-4) + 2 * random.nextGaussian();
      starts.add(t);
    }
    Objective objective = new Objective(x, y);
    double[] bestZ = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (double[] start : starts) {
      double[] z = objective.toUnconstrained(start);
      try {
        new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
                new SimpleValueChecker(1e-9, 1e-12))
            .optimize(new MaxEval(400), new MaxIter(200), GoalType.MINIMIZE, new InitialGuess(z),
                new ObjectiveFunction(objective::value), new ObjectiveFunctionGradient(objective::gradient));
      } catch (MathIllegalStateException budgetSpent) {
        // The best point seen so far is kept by the objective; a spent budget is not a failure.
      }
      if (objective.bestValue < bestValue) {
        bestValue = objective.bestValue;
        bestZ = objective.bestZ.clone();
      }
    }
    if (bestZ == null) {
      throw new IllegalArgumentException("GpFitter: the likelihood could not be evaluated at any start");
    }
    return model(x, y, objective.toTheta(bestZ));
  }

  /** The log-space hyperparameters {@code [log l_1..log l_d, log s, log noise]} of a model. */
  static double[] theta(GaussianProcess gp) {
    int d = gp.kernel().dims();
    double[] t = new double[d + 2];
    for (int j = 0; j < d; j++) {
      t[j] = Math.log(gp.kernel().lengthscales()[j]);
    }
    t[d] = Math.log(gp.kernel().variance());
    t[d + 1] = Math.log(gp.noise());
    return t;
  }

  static GaussianProcess model(double[][] x, double[] y, double[] theta) {
    int d = theta.length - 2;
    double[] lengths = new double[d];
    for (int j = 0; j < d; j++) {
      lengths[j] = Math.exp(theta[j]);
    }
    return new GaussianProcess(x, y, new Matern52(Math.exp(theta[d]), lengths), Math.exp(theta[d + 1]));
  }

  /** The log posterior (up to a constant) of {@code theta} and its gradient, in log space. */
  static double logPosterior(double[][] x, double[] y, double[] theta, double[] gradient) {
    int d = theta.length - 2;
    GaussianProcess gp = model(x, y, theta);
    double value = gp.logMarginalLikelihood();
    int n = x.length;
    double[] alpha = gp.alpha();
    double[][] w = gp.inverse();
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        w[a][b] = alpha[a] * alpha[b] - w[a][b];
      }
    }
    Arrays.fill(gradient, 0);
    Matern52 k = gp.kernel();
    double[] invL2 = new double[d];
    for (int j = 0; j < d; j++) {
      invL2[j] = 1 / (k.lengthscales()[j] * k.lengthscales()[j]);
    }
    // Off-diagonal pairs count twice; the diagonal of dK/dlog(l) is 0 and of dK/dlog(s) is s.
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        double r = k.distance(x[a], x[b]);
        double wab = w[a][b];
        double factor = k.radialFactor(r) * wab;
        for (int j = 0; j < d; j++) {
          double delta = x[a][j] - x[b][j];
          gradient[j] += factor * delta * delta * invL2[j];
        }
        gradient[d] += k.valueAt(r) * wab;
      }
    }
    double trace = 0;
    for (int a = 0; a < n; a++) {
      trace += w[a][a];
    }
    gradient[d] += 0.5 * k.variance() * trace;
    gradient[d + 1] = 0.5 * gp.noise() * trace;
    for (int j = 0; j < d; j++) {
      double u = (theta[j] - LENGTH_PRIOR_MEAN) / LENGTH_PRIOR_SD;
      value -= 0.5 * u * u;
      gradient[j] -= u / LENGTH_PRIOR_SD;
    }
    double v = theta[d] / VARIANCE_PRIOR_SD;
    value -= 0.5 * v * v;
    gradient[d] -= v / VARIANCE_PRIOR_SD;
    return value;
  }

  /** The negative log posterior over unconstrained {@code z}, memoised for value-then-gradient calls. */
  private static final class Objective {
    private final double[][] x;
    private final double[] y;
    private final double[] lo;
    private final double[] hi;
    private double[] lastZ;
    private double lastValue;
    private double[] lastGradient;
    double[] bestZ;
    double bestValue = Double.POSITIVE_INFINITY;

    Objective(double[][] x, double[] y) {
      this.x = x;
      this.y = y;
      int d = x[0].length;
      lo = new double[d + 2];
      hi = new double[d + 2];
      Arrays.fill(lo, 0, d, LOG_LENGTH_LO);
      Arrays.fill(hi, 0, d, LOG_LENGTH_HI);
      lo[d] = LOG_VARIANCE_LO;
      hi[d] = LOG_VARIANCE_HI;
      lo[d + 1] = LOG_NOISE_LO;
      hi[d + 1] = LOG_NOISE_HI;
    }

    double[] toTheta(double[] z) {
      double[] t = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        t[i] = lo[i] + (hi[i] - lo[i]) / (1 + Math.exp(-z[i]));
      }
      return t;
    }

    double[] toUnconstrained(double[] theta) {
      double[] z = new double[theta.length];
      for (int i = 0; i < theta.length; i++) {
        double p = Math.clamp((theta[i] - lo[i]) / (hi[i] - lo[i]), 1e-6, 1 - 1e-6);
        z[i] = Math.log(p / (1 - p));
      }
      return z;
    }

    double value(double[] z) {
      evaluate(z);
      return lastValue;
    }

    double[] gradient(double[] z) {
      evaluate(z);
      return lastGradient.clone();
    }

    private void evaluate(double[] z) {
      if (lastZ != null && Arrays.equals(lastZ, z)) {
        return;
      }
      lastZ = z.clone();
      double[] theta = toTheta(z);
      double[] g = new double[z.length];
      try {
        lastValue = -logPosterior(x, y, theta, g);
        for (int i = 0; i < z.length; i++) {
          double s = 1 / (1 + Math.exp(-z[i]));
          g[i] = -g[i] * (hi[i] - lo[i]) * s * (1 - s);
        }
        lastGradient = g;
      } catch (IllegalArgumentException notPositiveDefinite) {
        lastValue = 1e300;
        lastGradient = new double[z.length];
      }
      if (lastValue < bestValue) {
        bestValue = lastValue;
        bestZ = lastZ;
      }
    }
  }
}
