package dev.fathom.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scheduler state dicts, resumption and argument checks. */
class SchedulerBehaviourTest {
  private static Optimizer sgd() {
    return SchedulerFixtureTest.optimizer("SGD");
  }

  private static void assertRoundTripContinuesTheCurve(java.util.function.Function<Optimizer, LRScheduler> make, int before, int after) {
    Optimizer a = sgd(), b = sgd();
    LRScheduler straight = make.apply(a), first = make.apply(b);
    for (int k = 0; k < before + after; k++) straight.step();
    for (int k = 0; k < before; k++) first.step();
    Map<String, Object> optState = b.stateDict(), schedState = first.stateDict();

    Optimizer c = sgd();
    c.loadStateDict(optState);
    LRScheduler resumed = make.apply(c);
    resumed.loadStateDict(schedState);
    for (int k = 0; k < after; k++) resumed.step();
    assertThat(resumed.getLastLr()).containsExactlyElementsOf(straight.getLastLr());
    assertThat(c.getLr(0)).isEqualTo(a.getLr(0));
    assertThat(resumed.lastEpoch()).isEqualTo(before + after);
  }

  @Test
  void cosineAnnealingResumesFromItsStateDict() {
    assertRoundTripContinuesTheCurve(o -> new CosineAnnealingLR(o, 10, CosineAnnealingLR.options().etaMin(0.001)), 7, 9);
  }

  @Test
  void oneCycleResumesFromItsStateDictWithMomentum() {
    assertRoundTripContinuesTheCurve(o -> new OneCycleLR(o, 1.0, 30), 10, 15);
  }

  @Test
  void multiStepResumesFromItsStateDict() {
    assertRoundTripContinuesTheCurve(o -> new MultiStepLR(o, List.of(3, 6, 6), MultiStepLR.options().gamma(0.5)), 4, 4);
  }

  @Test
  void stepLrStateDictHasPytorchsKeys() {
    var s = new StepLR(sgd(), 3);
    assertThat(s.stateDict().keySet()).containsExactly("step_size", "gamma", "base_lrs", "last_epoch", "_step_count", "_last_lr");
    assertThat(s.stateDict().get("base_lrs")).isEqualTo(List.of(0.1, 0.05));
  }

  @Test
  void schedulerRecordsInitialLrInTheGroups() {
    Optimizer o = sgd();
    new ExponentialLR(o, 0.5);
    assertThat(o.paramGroups().get(1).getDouble("initial_lr")).isEqualTo(0.05);
  }

  @Test
  void resumingWithoutInitialLrIsRejected() {
    assertThatThrownBy(() -> new StepLR(sgd(), 3, StepLR.options().lastEpoch(5)))
        .hasMessageContaining("param 'initial_lr' is not specified in param_groups[0]");
  }

  @Test
  void oneCycleRefusesToStepPastTotalSteps() {
    var s = new OneCycleLR(sgd(), 1.0, 3);
    s.step();
    s.step();
    s.step();
    assertThatThrownBy(s::step).hasMessageContaining("Tried to step 5 times. The specified number of total steps is 3");
  }

  @Test
  void oneCycleNeedsTotalStepsOrEpochsAndStepsPerEpoch() {
    assertThatThrownBy(() -> new OneCycleLR(sgd(), 1.0, OneCycleLR.options().epochs(3)))
        .hasMessageContaining("You must define either total_steps OR (epochs AND steps_per_epoch)");
  }

  @Test
  void oneCycleWithCycleMomentumNeedsAnOptimizerWithMomentum() {
    var adagrad = new Adagrad(List.of(Tensor.zeros(2)));
    assertThatThrownBy(() -> new OneCycleLR(adagrad, 1.0, 10)).hasMessageContaining("optimizer must support momentum");
  }

  @Test
  void plateauResumesFromItsStateDict() {
    double[] metrics = {1, 0.9, 0.95, 0.96, 0.97, 0.98, 0.5, 0.6, 0.7, 0.8};
    Optimizer a = sgd(), b = sgd();
    var options = ReduceLROnPlateau.options().patience(1).cooldown(1);
    var straight = new ReduceLROnPlateau(a, options);
    var first = new ReduceLROnPlateau(b, options);
    for (double m : metrics) straight.step(m);
    for (int k = 0; k < 4; k++) first.step(metrics[k]);
    Optimizer c = sgd();
    c.loadStateDict(b.stateDict());
    var resumed = new ReduceLROnPlateau(c);
    resumed.loadStateDict(first.stateDict());
    for (int k = 4; k < metrics.length; k++) resumed.step(metrics[k]);
    assertThat(resumed.getLastLr()).isEqualTo(straight.getLastLr());
    assertThat(resumed.best()).isEqualTo(straight.best());
  }

  @Test
  void plateauRejectsAFactorOfOneOrMore() {
    assertThatThrownBy(() -> new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.options().factor(1.0)))
        .hasMessageContaining("Factor should be < 1.0.");
  }

  @Test
  void plateauRejectsAnUnknownMode() {
    assertThatThrownBy(() -> new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.options().mode("lowest")))
        .hasMessageContaining("mode lowest is unknown!");
  }
}
