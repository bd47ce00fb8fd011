package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private final SearchSpace space = SearchSpace.builder()
      .floatRange("lr", 1e-4, 1e-1, Scale.LOG)
      .intRange("width", 16, 256, Scale.LOG)
      .intRange("layers", 1, 4)
      .choice("optimizer", "adam", "sgd", "rmsprop")
      .fixed("epochs", 5)
      .build();

  @Test
  void dimsCountOneHotChoicesAndSkipFixedValues() {
    assertThat(space.dims()).isEqualTo(1 + 1 + 1 + 3);
  }

  @Test
  void decodeThenEncodeThenDecodeIsStable() {
    SobolSampler s = new SobolSampler(space.dims(), 5);
    for (int i = 0; i < 200; i++) {
      Parameters p = space.decode(s.next());
      assertThat(space.decode(space.encode(p))).isEqualTo(p);
    }
  }

  @Test
  void logRangeEncodesDecadesEvenly() {
    double[] u = new double[1];
    space.parameter("lr").encode(1e-2, u, 0);
    assertThat(u[0]).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void eachIntegerOwnsAnEqualShareOfALinearIntRange() {
    Parameter layers = space.parameter("layers");
    Map<Object, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      counts.merge(layers.decode(new double[] {(i + 0.5) / 400}, 0), 1, Integer::sum);
    }
    assertThat(counts).containsOnlyKeys(1, 2, 3, 4).allSatisfy((k, v) -> assertThat(v).isEqualTo(100));
  }

  @Test
  void decodedValuesHaveTheirParametersTypes() {
    Parameters p = space.decode(new double[] {0.5, 0.5, 0.5, 0.1, 0.9, 0.2});
    assertThat(p.get("lr")).isInstanceOf(Double.class);
    assertThat(p.get("width")).isInstanceOf(Integer.class);
    assertThat(p.getString("optimizer")).isEqualTo("sgd");
    assertThat(p.getInt("epochs")).isEqualTo(5);
  }

  @Test
  void coerceConvertsJsonNumbersToInts() {
    Parameters p = space.coerce(Map.of("lr", 0.01, "width", 32.0, "layers", 2.0, "optimizer", "adam", "epochs", 5.0));
    assertThat(p.get("width")).isEqualTo(32);
  }

  @Test
  void coerceRejectsAValueOutsideItsRange() {
    assertThatThrownBy(() -> space.coerce(Map.of("lr", 0.5, "width", 32, "layers", 2, "optimizer", "adam", "epochs", 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'lr'");
  }

  @Test
  void emptySpaceIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("search space is empty");
  }

  @Test
  void spaceOfOnlyFixedValuesIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().fixed("a", 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to search");
  }

  @Test
  void invertedRangeIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("x", 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floatRange 'x'")
        .hasMessageContaining("[1.0, 0.0]");
  }

  @Test
  void logRangeWithNonPositiveLowIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("lr", 0, 1, Scale.LOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOG range needs low > 0");
  }

  @Test
  void emptyIntRangeIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().intRange("n", 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty range [5, 4]");
  }

  @Test
  void emptyChoiceIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().choice("opt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no values to choose from");
  }

  @Test
  void duplicateNamesAreRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("x", 0, 1).intRange("x", 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate parameter 'x'");
  }

  @Test
  void constraintOnAnUnknownParameterIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("x", 0, 1)
            .constraint(Constraint.lessOrEqual("x", "y")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'y'");
  }

  @Test
  void linearConstraintOnAStringChoiceIsRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("x", 0, 1).choice("opt", "adam", "sgd")
            .constraint(Constraint.linear(Map.of("x", 1.0, "opt", 1.0), 1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'opt' is not numeric");
  }

  @Test
  void linearConstraintThatCannotHoldIsRejectedWithItsSmallestValue() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("a", 0.5, 1).floatRange("b", 0.5, 1)
            .constraint(Constraint.linear(Map.of("a", 1.0, "b", 1.0), 0.8)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contradictory")
        .hasMessageContaining("at least 1.0");
  }

  @Test
  void constraintsThatHoldSeparatelyButNotTogetherAreRejected() {
    assertThatThrownBy(() -> SearchSpace.builder().floatRange("a", 0, 1).floatRange("b", 0, 1)
            .constraint(Constraint.lessOrEqual("a", "b"))
            .constraint(Constraint.of("a > b + 0.1", p -> p.getDouble("a") > p.getDouble("b") + 0.1))
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none of 4096 quasi-random configurations meets the constraints");
  }

  @Test
  void sampledConfigurationsMeetTheConstraints() {
    SearchSpace constrained = SearchSpace.builder().floatRange("a", 0, 1).floatRange("b", 0, 1)
        .constraint(Constraint.linear(Map.of("a", 1.0, "b", 1.0), 0.5)).build();
    SobolSampler s = new SobolSampler(2, 1);
    for (int i = 0; i < 100; i++) {
      Parameters p = constrained.sample(s);
      assertThat(p.getDouble("a") + p.getDouble("b")).isLessThanOrEqualTo(0.5);
    }
  }
}
