package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TunerTest {
  private final SearchSpace space = SearchSpace.builder().floatRange("x", -1, 1).build();

  private Tuner.Builder random(int trials) {
    return Tuner.builder(space).strategy(Strategy.random()).trials(trials).seed(3);
  }

  @Test
  void runsExactlyTheTrialBudget() {
    assertThat(random(7).build().run(p -> p.getDouble("x")).trials()).hasSize(7)
        .extracting(Trial::number).containsExactly(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void minimisingPicksTheSmallestValue() {
    Study study = random(20).build().run(p -> p.getDouble("x"));
    double smallest = study.trials().stream().mapToDouble(Trial::value).min().orElseThrow();
    assertThat(study.best().orElseThrow().value()).isEqualTo(smallest);
  }

  @Test
  void maximisingPicksTheLargestValue() {
    Study study = random(20).maximize().build().run(p -> p.getDouble("x"));
    double largest = study.trials().stream().mapToDouble(Trial::value).max().orElseThrow();
    assertThat(study.best().orElseThrow().value()).isEqualTo(largest);
  }

  @Test
  void nanResultFailsThatTrialAndTheSearchGoesOn() {
    Study study = random(10).build().run(p -> p.getDouble("x") > 0 ? Double.NaN : p.getDouble("x"));
    assertThat(study.trials()).hasSize(10);
    Trial failed = study.trials().stream().filter(t -> t.status() == Trial.Status.FAILED).findFirst().orElseThrow();
    assertThat(failed.error()).isEqualTo("objective returned NaN");
    assertThat(failed.parameters().getDouble("x")).isPositive();
    assertThat(study.best().orElseThrow().value()).isNegative();
  }

  @Test
  void throwingObjectiveFailsThatTrialWithItsMessage() {
    Study study = random(10).build().run(p -> {
      if (p.getDouble("x") > 0) {
        throw new IllegalStateException("diverged at lr " + p.getDouble("x"));
      }
      return p.getDouble("x");
    });
    assertThat(study.trials()).hasSize(10).filteredOn(t -> t.status() == Trial.Status.FAILED)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.error()).startsWith("objective threw java.lang.IllegalStateException: diverged at lr"));
  }

  @Test
  void bestParametersOfAnAllFailedStudyExplainsWhy() {
    Study study = random(3).build().run(p -> Double.NaN);
    assertThatThrownBy(study::bestParameters)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no completed trial among 3");
  }

  @Test
  void nanReportFailsTheTrial() {
    Study study = random(2).build().run((p, reporter) -> {
      reporter.report(1, 0.5);
      reporter.report(2, Double.NaN);
      return 0.1;
    });
    assertThat(study.trials()).allSatisfy(t -> {
      assertThat(t.status()).isEqualTo(Trial.Status.FAILED);
      assertThat(t.error()).isEqualTo("reported NaN at step 2");
      assertThat(t.reports()).hasSize(2);
    });
  }

  @Test
  void parallelTrialsRunOnSeveralThreadsAtOnce() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Study study = random(4).parallelism(2).build().run(p -> {
      threads.add(Thread.currentThread().getName());
      bothStarted.countDown();
      // Only returns promptly if another trial runs at the same time.
      return bothStarted.await(10, TimeUnit.SECONDS) ? p.getDouble("x") : Double.NaN;
    });
    assertThat(study.trials()).hasSize(4).allSatisfy(t -> assertThat(t.status()).isEqualTo(Trial.Status.COMPLETED));
    assertThat(threads).hasSize(2);
  }

  @Test
  void sameSeedGivesTheSameTrials() {
    Study a = random(6).build().run(p -> p.getDouble("x"));
    Study b = random(6).build().run(p -> p.getDouble("x"));
    assertThat(a.trials()).extracting(Trial::parameters).isEqualTo(b.trials().stream().map(Trial::parameters).toList());
  }

  @Test
  void resumingAStudyOfAnotherSpaceIsRejected() {
    SearchSpace other = SearchSpace.builder().floatRange("y", 0, 1).build();
    Study foreign = new Study(other, Direction.MINIMIZE);
    assertThatThrownBy(() -> random(3).build().resume(foreign, p -> 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the study searches [y]");
  }
}
