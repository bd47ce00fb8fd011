package dev.fathom.tune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Matern52Test {
  private static final double TOL = 1e-14;

  @Test
  void valueAtZeroDistanceIsTheVariance() {
    Matern52 k = new Matern52(2.5, new double[] {0.3, 4});
    assertThat(k.value(new double[] {0.2, 0.9}, new double[] {0.2, 0.9})).isCloseTo(2.5, within(TOL));
  }

  @Test
  void valueMatchesTheClosedFormAtUnitScaledDistance() {
    // r = 1 along the first axis (0.5 / 0.5); the second axis has no offset.
    Matern52 k = new Matern52(1.5, new double[] {0.5, 2});
    double expected = 1.5 * (1 + Math.sqrt(5) + 5.0 / 3) * Math.exp(-Math.sqrt(5));
    assertThat(k.value(new double[] {0, 1}, new double[] {0.5, 1})).isCloseTo(expected, within(TOL));
  }

  @Test
  void lengthscalesScaleEachAxisSeparately() {
    Matern52 k = new Matern52(1, new double[] {1, 10});
    // 0.3 along a lengthscale-10 axis is the same as 0.03 along a lengthscale-1 axis.
    assertThat(k.value(new double[] {0, 0}, new double[] {0, 0.3}))
        .isCloseTo(k.value(new double[] {0, 0}, new double[] {0.03, 0}), within(TOL));
  }

  @Test
  void rejectsNonPositiveLengthscale() {
    assertThatThrownBy(() -> new Matern52(1, new double[] {0.1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lengthscales must be positive");
  }
}
