package dev.fathom.tune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GpFitterTest {

  private static double[][] points(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextDouble();
      }
    }
    return x;
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    double[][] x = points(8, 2, 1);
    double[] y = new double[8];
    for (int i = 0; i < 8; i++) {
      y[i] = Math.sin(5 * x[i][0]) + x[i][1];
    }
    double[] theta = {Math.log(0.3), Math.log(0.8), Math.log(1.2), Math.log(0.05)};
    double[] gradient = new double[4];
    GpFitter.logPosterior(x, y, theta, gradient);
    double h = 1e-6;
    for (int i = 0; i < theta.length; i++) {
      double[] up = theta.clone();
      double[] down = theta.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (GpFitter.logPosterior(x, y, up, new double[4]) - GpFitter.logPosterior(x, y, down, new double[4])) / (2 * h);
      assertThat(gradient[i]).as("d/dtheta[%d]", i).isCloseTo(numeric, within(1e-5 * (1 + Math.abs(numeric))));
    }
  }

  @Test
  void fitOnNoiselessDataDrivesTheNoiseTowardsItsFloor() {
    double[][] x = points(15, 1, 2);
    double[] y = new double[15];
    for (int i = 0; i < 15; i++) {
      y[i] = Math.sin(6 * x[i][0]);
    }
    GaussianProcess gp = GpFitter.fit(x, y, null, 3);
    assertThat(gp.noise()).isLessThan(1e-3);
  }

  @Test
  void fitOnNoisyDataLearnsANoiseNearTheTrueVariance() {
    SplittableRandom r = new SplittableRandom(4);
    double[][] x = points(60, 1, 5);
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) {
      y[i] = Math.sin(3 * x[i][0]) + 0.3 * r.nextGaussian();
    }
    GaussianProcess gp = GpFitter.fit(x, y, null, 6);
    // true noise variance 0.09; 60 samples give roughly +-40%
    assertThat(gp.noise()).isBetween(0.04, 0.2);
  }
}
