package dev.fathom.tune.bo;

import org.hipparchus.special.Erf;

/**
 * Expected improvement below the best value (for minimisation) of a Gaussian prediction with
 * mean {@code mu} and standard deviation {@code sigma}:
 * {@code EI = sigma * h(z)}, {@code z = (best - mu) / sigma}, {@code h(z) = phi(z) + z Phi(z)}.
 *
 * <p>{@link #logEi} computes {@code log EI} without underflow: far from the incumbent EI is below
 * {@code 1e-300} and plain EI is exactly 0 with a zero gradient, while log-EI keeps ranking
 * candidates (Ament et al., "Unexpected Improvements to Expected Improvement", 2023). For
 * {@code z <= -3} it uses {@code h(z) = phi(z) * c / (t + c)} with {@code t = -z} and {@code c}
 * the continued fraction {@code 1 / (t + 2 / (t + 3 / (t + ...)))} of the Mills ratio, which has
 * no cancellation.
 *
 * <pre>{@code
 * double ei = ExpectedImprovement.ei(0.2, 0.5, 0.0);
 * double logEi = ExpectedImprovement.logEi(40.0, 0.5, 0.0);  // about -3205.6, while ei(...) == 0
 * }</pre>
 */
public final class ExpectedImprovement {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SQRT2 = Math.sqrt(2.0);
  /** Below this z, log h(z) comes from the continued fraction. */
  static final double ASYMPTOTIC_Z = -3.0;
  private static final int FRACTION_TERMS = 120;

  private ExpectedImprovement() {}

  /** The expected improvement, by the textbook formula (underflows to 0 far from the incumbent). */
  public static double ei(double mu, double sigma, double best) {
    checkSigma(sigma);
    double z = (best - mu) / sigma;
    return sigma * (pdf(z) + z * cdf(z));
  }

  /** {@code log EI}, finite for every finite input with {@code sigma > 0}. */
  public static double logEi(double mu, double sigma, double best) {
    checkSigma(sigma);
    return Math.log(sigma) + logH((best - mu) / sigma);
  }

  /** {@code log h(z) = log(phi(z) + z Phi(z))}. */
  public static double logH(double z) {
    if (z > ASYMPTOTIC_Z) {
      return Math.log(pdf(z) + z * cdf(z));
    }
    double t = -z;
    double c = 0;
    for (int k = FRACTION_TERMS; k >= 2; k--) {
      c = k / (t + c);
    }
    c = 1 / (t + c);
    return -0.5 * z * z - LOG_SQRT_2PI + Math.log(c / (t + c));
  }

  /** The standard normal density. */
  static double pdf(double z) {
    return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
  }

  /** The standard normal distribution function, accurate in the lower tail. */
  static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / SQRT2);
  }

  private static void checkSigma(double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("expected improvement: sigma must be > 0, got " + sigma);
    }
  }
}
