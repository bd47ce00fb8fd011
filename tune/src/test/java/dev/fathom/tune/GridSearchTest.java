package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GridSearchTest {

  @Test
  void enumeratesTheProductWithTheFirstParameterSlowest() {
    SearchSpace space = SearchSpace.builder().floatRange("x", 0, 1).choice("c", "a", "b").build();
    List<Parameters> grid = new GridSearch(3).enumerate(space);
    assertThat(grid).extracting(p -> p.getDouble("x") + "/" + p.getString("c"))
        .containsExactly("0.0/a", "0.0/b", "0.5/a", "0.5/b", "1.0/a", "1.0/b");
  }

  @Test
  void logRangeGridIsEvenInTheLogarithm() {
    SearchSpace space = SearchSpace.builder().floatRange("lr", 1e-4, 1e-2, Scale.LOG).build();
    List<Double> values = new GridSearch(3).enumerate(space).stream().map(p -> p.getDouble("lr")).toList();
    assertThat(values).hasSize(3);
    assertThat(values.get(0)).isCloseTo(1e-4, within(1e-18));
    assertThat(values.get(1)).isCloseTo(1e-3, within(1e-17));
    assertThat(values.get(2)).isCloseTo(1e-2, within(1e-16));
  }

  @Test
  void smallIntRangeContributesEveryValue() {
    SearchSpace space = SearchSpace.builder().intRange("n", 1, 3).build();
    assertThat(new GridSearch(5).enumerate(space)).extracting(p -> p.getInt("n")).containsExactly(1, 2, 3);
  }

  @Test
  void constraintsRemoveGridPoints() {
    SearchSpace space = SearchSpace.builder().intRange("a", 0, 2).intRange("b", 0, 2)
        .constraint(Constraint.lessOrEqual("a", "b")).build();
    assertThat(new GridSearch(3).enumerate(space)).hasSize(6)
        .allSatisfy(p -> assertThat(p.getInt("a")).isLessThanOrEqualTo(p.getInt("b")));
  }

  @Test
  void tunerStopsWhenTheGridIsExhausted() {
    SearchSpace space = SearchSpace.builder().intRange("n", 1, 4).build();
    Study study = Tuner.builder(space).strategy(Strategy.grid()).trials(100).build().run(p -> p.getInt("n"));
    assertThat(study.trials()).hasSize(4);
  }

  @Test
  void hugeGridIsRejected() {
    SearchSpace.Builder b = SearchSpace.builder();
    for (int i = 0; i < 9; i++) {
      b.floatRange("x" + i, 0, 1);
    }
    SearchSpace space = b.build();
    assertThatThrownBy(() -> new GridSearch(5).enumerate(space))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 1000000 points");
  }
}
