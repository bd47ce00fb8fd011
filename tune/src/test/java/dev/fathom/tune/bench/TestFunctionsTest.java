package dev.fathom.tune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The benchmark functions reach their published optima (tolerance 1e-5). */
class TestFunctionsTest {

  @Test
  void braninReachesItsOptimumAtItsThreeMinimisers() {
    assertThat(TestFunctions.braninAt(-Math.PI, 12.275)).isCloseTo(TestFunctions.BRANIN_OPTIMUM, within(1e-5));
    assertThat(TestFunctions.braninAt(Math.PI, 2.275)).isCloseTo(TestFunctions.BRANIN_OPTIMUM, within(1e-5));
    assertThat(TestFunctions.braninAt(9.42478, 2.475)).isCloseTo(TestFunctions.BRANIN_OPTIMUM, within(1e-5));
  }

  @Test
  void hartmann6ReachesItsOptimumAtItsMinimiser() {
    double[] x = {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573};
    assertThat(TestFunctions.hartmann6At(x)).isCloseTo(TestFunctions.HARTMANN6_OPTIMUM, within(1e-5));
  }
}
