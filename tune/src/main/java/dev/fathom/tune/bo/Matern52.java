package dev.fathom.tune.bo;

/**
 * The Matern 5/2 kernel with automatic relevance determination (one lengthscale per input):
 * {@code k(a, b) = s * (1 + sqrt(5) r + 5 r^2 / 3) * exp(-sqrt(5) r)} with
 * {@code r^2 = sum_j ((a_j - b_j) / l_j)^2}, signal variance {@code s} and lengthscales {@code l}.
 *
 * <pre>{@code
 * Matern52 k = new Matern52(1.0, new double[] {0.5, 2.0});
 * double v = k.value(new double[] {0, 0}, new double[] {0.5, 0});   // r = 1
 * }</pre>
 *
 * @param variance the signal variance {@code s > 0}
 * @param lengthscales the lengthscales {@code l_j > 0}, one per input dimension
 */
public record Matern52(double variance, double[] lengthscales) {
  static final double SQRT5 = Math.sqrt(5.0);

  public Matern52 {
    if (!(variance > 0) || !Double.isFinite(variance)) {
      throw new IllegalArgumentException("Matern52: variance must be positive and finite, got " + variance);
    }
    lengthscales = lengthscales.clone();
    for (double l : lengthscales) {
      if (!(l > 0) || !Double.isFinite(l)) {
        throw new IllegalArgumentException("Matern52: lengthscales must be positive and finite, got " + l);
      }
    }
  }

  /** The number of input dimensions. */
  public int dims() {
    return lengthscales.length;
  }

  /** The scaled distance {@code r} between {@code a} and {@code b}. */
  public double distance(double[] a, double[] b) {
    double r2 = 0;
    for (int j = 0; j < lengthscales.length; j++) {
      double d = (a[j] - b[j]) / lengthscales[j];
      r2 += d * d;
    }
    return Math.sqrt(r2);
  }

  /** The kernel value at scaled distance {@code r}. */
  public double valueAt(double r) {
    double sr = SQRT5 * r;
    return variance * (1 + sr + sr * sr / 3) * Math.exp(-sr);
  }

  /** The kernel value {@code k(a, b)}. */
  public double value(double[] a, double[] b) {
    return valueAt(distance(a, b));
  }

  /**
   * {@code -(1/r) dk/dr = s * (5/3) * (1 + sqrt(5) r) * exp(-sqrt(5) r)}: the factor shared by
   * derivatives with respect to inputs and log-lengthscales (finite at {@code r = 0}).
   */
  double radialFactor(double r) {
    double sr = SQRT5 * r;
    return variance * (5.0 / 3.0) * (1 + sr) * Math.exp(-sr);
  }

  /** The covariance matrix of the rows of {@code x} (without noise), n x n. */
  public double[][] gram(double[][] x) {
    int n = x.length;
    double[][] k = new double[n][n];
    for (int a = 0; a < n; a++) {
      k[a][a] = variance;
      for (int b = 0; b < a; b++) {
        k[a][b] = value(x[a], x[b]);
        k[b][a] = k[a][b];
      }
    }
    return k;
  }
}
