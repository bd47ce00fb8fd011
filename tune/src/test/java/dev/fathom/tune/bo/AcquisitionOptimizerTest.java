package dev.fathom.tune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class AcquisitionOptimizerTest {

  @Test
  void refinementFindsTheMaximumOfASmoothFunctionInTwoDimensions() {
    ToDoubleFunction<double[]> f = u -> -Math.pow(u[0] - 0.31, 2) - 2 * Math.pow(u[1] - 0.77, 2);
    double[][] candidates = {{0.1, 0.1}, {0.5, 0.5}, {0.9, 0.9}, {0.2, 0.8}};
    List<AcquisitionOptimizer.Scored> ranked = AcquisitionOptimizer.maximize(f, candidates, 2);
    assertThat(ranked.get(0).point()[0]).isCloseTo(0.31, within(1e-3));
    assertThat(ranked.get(0).point()[1]).isCloseTo(0.77, within(1e-3));
  }

  @Test
  void refinementFindsTheMaximumInOneDimension() {
    ToDoubleFunction<double[]> f = u -> -Math.pow(u[0] - 0.42, 2);
    List<AcquisitionOptimizer.Scored> ranked = AcquisitionOptimizer.maximize(f, new double[][] {{0.1}, {0.4}, {0.9}}, 1);
    assertThat(ranked.get(0).point()[0]).isCloseTo(0.42, within(1e-4));
  }

  @Test
  void maximumOnTheBoundaryStaysInsideTheCube() {
    ToDoubleFunction<double[]> f = u -> u[0] + u[1];
    List<AcquisitionOptimizer.Scored> ranked = AcquisitionOptimizer.maximize(f, new double[][] {{0.8, 0.9}}, 1);
    assertThat(ranked.get(0).point()).containsExactly(new double[] {1.0, 1.0}, within(1e-3));
    for (AcquisitionOptimizer.Scored s : ranked) {
      for (double v : s.point()) {
        assertThat(v).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void rankingIsBestFirstAndKeepsEveryCandidate() {
    ToDoubleFunction<double[]> f = u -> -Math.abs(u[0] - 0.5) - Math.abs(u[1] - 0.5);
    double[][] candidates = {{0.0, 0.0}, {0.4, 0.6}, {1.0, 0.0}};
    List<AcquisitionOptimizer.Scored> ranked = AcquisitionOptimizer.maximize(f, candidates, 1);
    assertThat(ranked).hasSize(4);
    for (int i = 1; i < ranked.size(); i++) {
      assertThat(ranked.get(i).value()).isLessThanOrEqualTo(ranked.get(i - 1).value());
    }
  }
}
