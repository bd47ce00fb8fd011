package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyStopperTest {

  private static void complete(EarlyStopper.Session s, int trial, double... values) {
    for (int i = 0; i < values.length; i++) {
      s.report(trial, i + 1, values[i]);
    }
    s.ended(trial, Trial.Status.COMPLETED);
  }

  @Test
  void medianRuleStopsATrialWorseThanTheMedianOfCompletedRunningAverages() {
    EarlyStopper.Session s = EarlyStopper.median(1, 3).open(Direction.MINIMIZE);
    complete(s, 0, 1.0, 0.8);
    complete(s, 1, 1.2, 0.6);
    complete(s, 2, 3.0, 2.0);
    // running averages at step 2: 0.9, 0.9, 2.5 -> median 0.9
    assertThat(s.report(3, 1, 0.5)).isFalse();
    assertThat(s.report(4, 1, 1.0)).isFalse(); // step 1 averages 1.0, 1.2, 3.0 -> median 1.2
    assertThat(s.report(4, 2, 0.95)).isTrue();  // best 0.95 > 0.9
  }

  @Test
  void medianRuleWaitsForEnoughCompletedTrials() {
    EarlyStopper.Session s = EarlyStopper.median(1, 3).open(Direction.MINIMIZE);
    complete(s, 0, 0.1);
    complete(s, 1, 0.1);
    assertThat(s.report(2, 1, 100.0)).isFalse();
  }

  @Test
  void medianRuleRespectsTheGracePeriod() {
    EarlyStopper.Session s = EarlyStopper.median(3, 1).open(Direction.MINIMIZE);
    complete(s, 0, 0.1, 0.1, 0.1);
    assertThat(s.report(1, 2, 100.0)).isFalse();
    assertThat(s.report(1, 3, 100.0)).isTrue();
  }

  @Test
  void medianRuleComparesLargerIsBetterWhenMaximising() {
    EarlyStopper.Session s = EarlyStopper.median(1, 1).open(Direction.MAXIMIZE);
    complete(s, 0, 0.9);
    assertThat(s.report(1, 1, 0.95)).isFalse();
    assertThat(s.report(2, 1, 0.5)).isTrue();
  }

  @Test
  void ashaRungsGrowByTheReductionFactor() {
    Asha asha = new Asha(1, 3);
    assertThat(new int[] {asha.rung(0), asha.rung(1), asha.rung(2), asha.rung(3), asha.rung(8), asha.rung(9)})
        .containsExactly(-1, 0, 0, 1, 1, 2);
  }

  @Test
  void ashaKeepsTheBestThirdAtARung() {
    EarlyStopper.Session s = EarlyStopper.asha(1, 3).open(Direction.MINIMIZE);
    assertThat(s.report(0, 1, 0.5)).isFalse(); // alone at the rung
    assertThat(s.report(1, 1, 0.9)).isTrue();  // 1/3 quantile of {0.5, 0.9} is 0.633
    assertThat(s.report(2, 1, 0.2)).isFalse(); // new best
    assertThat(s.report(2, 2, 5.0)).isFalse(); // same rung again: no second decision
  }

  @Test
  void tunerRecordsStoppedTrialsWithTheirLastReport() {
    SearchSpace space = SearchSpace.builder().floatRange("x", 0, 1).build();
    Study study = Tuner.builder(space).strategy(Strategy.random()).trials(12).seed(1)
        .earlyStopping(EarlyStopper.asha(1, 3))
        .build()
        .run((p, reporter) -> {
          double loss = 0;
          for (int epoch = 1; epoch <= 9; epoch++) {
            loss = p.getDouble("x") + 1.0 / epoch;
            reporter.report(epoch, loss);
          }
          return loss;
        });
    assertThat(study.trials()).filteredOn(t -> t.status() == Trial.Status.STOPPED).isNotEmpty()
        .allSatisfy(t -> {
          assertThat(t.reports().size()).isLessThan(9);
          assertThat(t.value()).isEqualTo(t.reports().getLast().value());
        });
    assertThat(study.trials()).filteredOn(t -> t.status() == Trial.Status.COMPLETED).isNotEmpty();
  }
}
