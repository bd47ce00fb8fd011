package dev.fathom.tune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExpectedImprovementTest {

  @Test
  void eiAtTheIncumbentIsSigmaTimesTheDensityAtZero() {
    assertThat(ExpectedImprovement.ei(0.3, 2.0, 0.3)).isCloseTo(2.0 / Math.sqrt(2 * Math.PI), within(1e-15));
  }

  @Test
  void eiMatchesTheFormulaWithTabulatedNormalValues() {
    // z = (1 - 0) / 1 = 1: phi(1) = 0.24197072451914337, Phi(1) = 0.8413447460685429
    assertThat(ExpectedImprovement.ei(0, 1, 1)).isCloseTo(0.24197072451914337 + 0.8413447460685429, within(1e-14));
    // z = -1 with sigma 0.5: 0.5 * (phi(1) - Phi(-1)), Phi(-1) = 0.15865525393145707
    assertThat(ExpectedImprovement.ei(0.5, 0.5, 0.0))
        .isCloseTo(0.5 * (0.24197072451914337 - 0.15865525393145707), within(1e-14));
  }

  @Test
  void logEiEqualsLogOfEiWhereEiIsRepresentable() {
    for (double z = -20; z <= 6; z += 0.37) {
      double ei = ExpectedImprovement.ei(-z, 1.0, 0.0);
      assertThat(ExpectedImprovement.logEi(-z, 1.0, 0.0)).as("z=%f", z).isCloseTo(Math.log(ei), within(1e-8 * Math.abs(Math.log(ei)) + 1e-10));
    }
  }

  @Test
  void logHIsContinuousWhereTheContinuedFractionTakesOver() {
    double z = ExpectedImprovement.ASYMPTOTIC_Z;
    double left = ExpectedImprovement.logH(z - 1e-9);
    double right = ExpectedImprovement.logH(z + 1e-9);
    assertThat(left).isCloseTo(right, within(1e-7));
  }

  @Test
  void logEiStaysFiniteAndFollowsTheAsymptoteWhereEiUnderflows() {
    double z = -60;
    assertThat(ExpectedImprovement.ei(-z, 1.0, 0.0)).isZero();
    // h(z) ~ phi(z) / z^2 * (1 - 3 / z^2 + 15 / z^4) for large |z|; the next term is 105 / z^6 ~ 2e-9
    double z2 = z * z;
    double asymptote = -0.5 * z2 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z) + Math.log1p(-3 / z2 + 15 / (z2 * z2));
    assertThat(ExpectedImprovement.logEi(-z, 1.0, 0.0)).isCloseTo(asymptote, within(1e-8));
  }

  @Test
  void logEiDecreasesAsTheMeanMovesAwayFromTheIncumbent() {
    double previous = Double.POSITIVE_INFINITY;
    for (double mu = 0; mu < 500; mu += 7) {
      double v = ExpectedImprovement.logEi(mu, 1.0, 0.0);
      assertThat(v).isFinite().isLessThan(previous);
      previous = v;
    }
  }

  @Test
  void rejectsZeroSigma() {
    assertThatThrownBy(() -> ExpectedImprovement.logEi(0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sigma must be > 0");
  }
}
