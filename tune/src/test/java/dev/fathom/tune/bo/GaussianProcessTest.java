package dev.fathom.tune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Posterior and likelihood against hand-derived closed forms (tolerance 1e-12). */
class GaussianProcessTest {
  private static final double TOL = 1e-12;
  private final Matern52 kernel = new Matern52(1.7, new double[] {0.4});
  private final double noise = 0.01;

  @Test
  void onePointPosteriorMatchesClosedForm() {
    var gp = new GaussianProcess(new double[][] {{0.2}}, new double[] {1.3}, kernel, noise);
    double[] p = {0.5};
    double k = kernel.value(p, new double[] {0.2});
    double s = 1.7 + noise;
    assertThat(gp.mean(p)).isCloseTo(k * 1.3 / s, within(TOL));
    assertThat(gp.variance(p)).isCloseTo(1.7 - k * k / s, within(TOL));
  }

  @Test
  void twoPointPosteriorMatchesTheExplicitInverse() {
    double[] x1 = {0.1};
    double[] x2 = {0.6};
    double y1 = 0.5;
    double y2 = -1.0;
    var gp = new GaussianProcess(new double[][] {x1, x2}, new double[] {y1, y2}, kernel, noise);
    double a = 1.7 + noise;
    double b = kernel.value(x1, x2);
    double det = a * a - b * b;
    double[] p = {0.45};
    double k1 = kernel.value(p, x1);
    double k2 = kernel.value(p, x2);
    // inverse of [[a, b], [b, a]] is [[a, -b], [-b, a]] / det
    double w1 = (a * k1 - b * k2) / det;
    double w2 = (a * k2 - b * k1) / det;
    assertThat(gp.mean(p)).isCloseTo(w1 * y1 + w2 * y2, within(TOL));
    assertThat(gp.variance(p)).isCloseTo(1.7 - (w1 * k1 + w2 * k2), within(TOL));
  }

  @Test
  void noiselessPosteriorInterpolatesTheData() {
    var gp = new GaussianProcess(new double[][] {{0.1}, {0.6}}, new double[] {0.5, -1}, kernel, 1e-12);
    assertThat(gp.mean(new double[] {0.6})).isCloseTo(-1, within(1e-9));
    assertThat(gp.variance(new double[] {0.6})).isCloseTo(0, within(1e-9));
  }

  @Test
  void logMarginalLikelihoodMatchesTheBivariateNormalDensity() {
    double[] x1 = {0.1};
    double[] x2 = {0.3};
    double y1 = 0.5;
    double y2 = 0.2;
    var gp = new GaussianProcess(new double[][] {x1, x2}, new double[] {y1, y2}, kernel, noise);
    double a = 1.7 + noise;
    double b = kernel.value(x1, x2);
    double det = a * a - b * b;
    double quad = (a * y1 * y1 - 2 * b * y1 * y2 + a * y2 * y2) / det;
    double expected = -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
    assertThat(gp.logMarginalLikelihood()).isCloseTo(expected, within(TOL));
  }

  @Test
  void rejectsPointsWithTheWrongNumberOfCoordinates() {
    assertThatThrownBy(() -> new GaussianProcess(new double[][] {{0.1, 0.2}}, new double[] {1}, kernel, noise))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points have 2 coordinates but the kernel has 1");
  }

  @Test
  void rejectsNonFiniteTargets() {
    assertThatThrownBy(() -> new GaussianProcess(new double[][] {{0.1}}, new double[] {Double.NaN}, kernel, noise))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targets must be finite");
  }
}
