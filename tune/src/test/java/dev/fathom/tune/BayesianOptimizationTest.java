package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.tune.bench.TestFunctions;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BayesianOptimizationTest {

  private static double bestOf(Strategy strategy, long seed, int trials) {
    return Tuner.builder(TestFunctions.braninSpace()).strategy(strategy).trials(trials).seed(seed).build()
        .run(TestFunctions::branin).best().orElseThrow().value();
  }

  @Test
  void beatsRandomSearchOnBraninForEachOfTwoSeeds() {
    for (long seed = 0; seed < 2; seed++) {
      double bo = bestOf(Strategy.bayesian(), seed, 25);
      double random = bestOf(Strategy.random(), seed, 25);
      assertThat(bo).as("seed %d", seed).isLessThan(random);
      assertThat(bo - TestFunctions.BRANIN_OPTIMUM).as("seed %d regret", seed).isLessThan(0.05);
    }
  }

  @Test
  void firstTrialsAreTheSobolDesign() {
    SearchSpace space = TestFunctions.braninSpace();
    Study bo = Tuner.builder(space).trials(5).seed(4).build().run(TestFunctions::branin);
    Study random = Tuner.builder(space).strategy(Strategy.random()).trials(5).seed(4).build().run(TestFunctions::branin);
    assertThat(bo.trials()).extracting(Trial::parameters).isEqualTo(random.trials().stream().map(Trial::parameters).toList());
  }

  @Test
  void neverRepeatsAConfigurationOfADiscreteSpace() {
    SearchSpace space = SearchSpace.builder().intRange("a", 0, 3).choice("c", "x", "y", "z").build();
    Study study = Tuner.builder(space).trials(12).seed(2).build()
        .run(p -> Math.abs(p.getInt("a") - 2) + (p.getString("c").equals("y") ? 0 : 1));
    assertThat(new HashSet<>(study.trials().stream().map(Trial::parameters).toList())).hasSize(12);
    assertThat(study.best().orElseThrow().value()).isZero();
  }

  @Test
  void respectsConstraints() {
    SearchSpace space = SearchSpace.builder().floatRange("a", 0, 1).floatRange("b", 0, 1)
        .constraint(Constraint.linear(Map.of("a", 1.0, "b", 1.0), 0.6)).build();
    // The unconstrained minimum (1, 1) is infeasible; BO must stay on a + b <= 0.6.
    Study study = Tuner.builder(space).trials(15).seed(1).build()
        .run(p -> -(p.getDouble("a") + 2 * p.getDouble("b")));
    assertThat(study.trials()).allSatisfy(t ->
        assertThat(t.parameters().getDouble("a") + t.parameters().getDouble("b")).isLessThanOrEqualTo(0.6));
    assertThat(study.best().orElseThrow().value()).isLessThan(-1.1);
  }

  @Test
  void parallelTrialsGetDistinctSuggestions() {
    Study study = Tuner.builder(TestFunctions.braninSpace()).trials(16).parallelism(2).seed(5).build()
        .run(TestFunctions::branin);
    assertThat(new HashSet<>(study.trials().stream().map(Trial::parameters).toList())).hasSize(16);
    assertThat(study.best().orElseThrow().value()).isLessThan(2.0);
  }

  @Test
  void keepsSearchingWhenSomeTrialsFail() {
    Study study = Tuner.builder(TestFunctions.braninSpace()).trials(20).seed(6).build()
        .run(p -> p.getDouble("x1") > 5 ? Double.NaN : TestFunctions.branin(p));
    assertThat(study.trials()).hasSize(20);
    // Two of Branin's three minima lie at x1 < 5.
    assertThat(study.best().orElseThrow().value()).isLessThan(1.0);
  }

  @Test
  void standardiseGivesZeroMeanAndUnitDeviation() {
    double[] y = {1, 2, 3, 4};
    BayesianOptimization.standardise(y);
    assertThat(y[0] + y[1] + y[2] + y[3]).isCloseTo(0.0, within(1e-15));
    assertThat((y[0] * y[0] + y[1] * y[1] + y[2] * y[2] + y[3] * y[3]) / 3).isCloseTo(1.0, within(1e-12));
  }
}
