package dev.fathom.tune.bo;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;

/**
 * A zero-mean Gaussian-process regression model with a {@link Matern52} kernel and Gaussian
 * observation noise, conditioned on {@code n} points. The Cholesky factor of
 * {@code K + noise * I} comes from Hipparchus; predictions use it through forward substitution.
 *
 * <p>Shapes: {@code x} is n x d (rows are points), {@code y} has length n. The posterior is
 * {@code mean(p) = k(p)^T (K + noise I)^-1 y} and
 * {@code variance(p) = s - k(p)^T (K + noise I)^-1 k(p)} for the latent function (no noise).
 *
 * <pre>{@code
 * var gp = new GaussianProcess(new double[][] {{0.1}, {0.7}}, new double[] {1, -1},
 *     new Matern52(1.0, new double[] {0.3}), 1e-6);
 * double[] mv = gp.predict(new double[] {0.4});   // {mean, variance}
 * }</pre>
 */
public final class GaussianProcess {
  private final double[][] x;
  private final double[] y;
  private final Matern52 kernel;
  private final double noise;
  private final double[][] lower;
  private final double[] alpha;
  private final DecompositionSolver solver;

  /**
   * Conditions the model on {@code (x, y)}.
   *
   * @throws IllegalArgumentException on mismatched shapes, non-finite values, or a covariance
   *     matrix that is not positive definite
   */
  public GaussianProcess(double[][] x, double[] y, Matern52 kernel, double noise) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException(
          "GaussianProcess: need n >= 1 points with one target each, got x " + x.length + " rows and y " + y.length);
    }
    for (double[] row : x) {
      if (row.length != kernel.dims()) {
        throw new IllegalArgumentException(
            "GaussianProcess: points have " + row.length + " coordinates but the kernel has " + kernel.dims());
      }
    }
    for (double v : y) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("GaussianProcess: targets must be finite, got " + v);
      }
    }
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("GaussianProcess: noise must be >= 0 and finite, got " + noise);
    }
    this.x = x;
    this.y = y;
    this.kernel = kernel;
    this.noise = noise;
    double[][] k = kernel.gram(x);
    for (int i = 0; i < k.length; i++) {
      k[i][i] += noise;
    }
    CholeskyDecomposition cholesky;
    try {
      cholesky = new CholeskyDecomposition(new Array2DRowRealMatrix(k, false), 1e-10, 1e-300);
    } catch (MathIllegalArgumentException e) {
      throw new IllegalArgumentException(
          "GaussianProcess: covariance of " + x.length + " points is not positive definite (noise " + noise + ")", e);
    }
    this.lower = cholesky.getL().getData();
    this.solver = cholesky.getSolver();
    this.alpha = solver.solve(new ArrayRealVector(y, false)).toArray();
  }

  /** The kernel. */
  public Matern52 kernel() {
    return kernel;
  }

  /** The observation-noise variance. */
  public double noise() {
    return noise;
  }

  /** The number of conditioning points. */
  public int size() {
    return x.length;
  }

  /** {@code (K + noise I)^-1 y}. */
  double[] alpha() {
    return alpha;
  }

  /** {@code (K + noise I)^-1}, n x n. */
  double[][] inverse() {
    return solver.getInverse().getData();
  }

  /** The posterior mean of the latent function at {@code p}. */
  public double mean(double[] p) {
    return predict(p)[0];
  }

  /** The posterior variance of the latent function at {@code p} (at least 0). */
  public double variance(double[] p) {
    return predict(p)[1];
  }

  /** {@code {mean, variance}} of the latent function at {@code p}. */
  public double[] predict(double[] p) {
    double[] out = new double[2];
    predict(p, new double[x.length], out);
    return out;
  }

  /**
   * Writes {@code {mean, variance}} at {@code p} into {@code out}, using {@code work} (length n)
   * as scratch space; allocation-free for the acquisition optimiser's inner loop.
   */
  public void predict(double[] p, double[] work, double[] out) {
    int n = x.length;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      work[i] = kernel.value(p, x[i]);
      mean += work[i] * alpha[i];
    }
    // v = L^-1 k by forward substitution, in place; variance = s - v.v
    double vv = 0;
    for (int i = 0; i < n; i++) {
      double[] row = lower[i];
      double s = work[i];
      for (int j = 0; j < i; j++) {
        s -= row[j] * work[j];
      }
      work[i] = s / row[i];
      vv += work[i] * work[i];
    }
    out[0] = mean;
    out[1] = Math.max(kernel.variance() - vv, 0.0);
  }

  /** {@code log p(y | x) = -y^T alpha / 2 - sum_i log L_ii - n log(2 pi) / 2}. */
  public double logMarginalLikelihood() {
    double fit = 0;
    double logDet = 0;
    for (int i = 0; i < x.length; i++) {
      fit += y[i] * alpha[i];
      logDet += Math.log(lower[i][i]);
    }
    return -0.5 * fit - logDet - 0.5 * x.length * Math.log(2 * Math.PI);
  }
}
