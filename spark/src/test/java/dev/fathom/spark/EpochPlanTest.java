package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochPlanTest {
  @Test
  void positionsArePermutationsOfTheSamples() {
    for (long n : new long[] {1, 2, 7, 640, 1000, 4097}) {
      EpochPlan plan = new EpochPlan(n, 2, 3, 5, true, false);
      Set<Long> seen = new HashSet<>();
      for (long i = 0; i < n; i++) {
        long p = plan.position(i, 1);
        assertThat(p).isBetween(0L, n - 1);
        seen.add(p);
      }
      assertThat(seen).as("n=%d", n).hasSize((int) n);
    }
  }

  @Test
  void theOrderDependsOnSeedAndEpochOnly() {
    EpochPlan a = new EpochPlan(500, 2, 8, 1, true, false), b = new EpochPlan(500, 4, 16, 1, true, false);
    assertThat(a.order(3)).containsExactly(b.order(3));
    assertThat(a.order(3)).isNotEqualTo(a.order(4));
    assertThat(a.order(3)).isNotEqualTo(new EpochPlan(500, 2, 8, 2, true, false).order(3));
  }

  @Test
  void withoutShufflingTheOrderIsTheRddsOrder() {
    assertThat(new EpochPlan(5, 2, 2, 9, false, false).order(2)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void eachGlobalStepIsTheWorkersBatchesSideBySide() {
    EpochPlan plan = new EpochPlan(100, 3, 8, 0, true, false); // global batch 24: 4 full steps and 4 samples
    assertThat(plan.stepsPerEpoch()).isEqualTo(5);
    for (long p = 0; p < 100; p++) {
      assertThat(plan.stepOf(p)).isEqualTo((int) (p / 24));
      assertThat(plan.workerOf(p)).isEqualTo((int) (p % 24 / 8));
    }
    assertThat(plan.samplesInStep(4)).isEqualTo(4);
    assertThat(new int[] {plan.samplesInStep(4, 0), plan.samplesInStep(4, 1), plan.samplesInStep(4, 2)}).containsExactly(4, 0, 0);
    assertThat(plan.samplesInStep(3, 2)).isEqualTo(8);
  }

  @Test
  void dropLastLeavesOutTheShortStep() {
    EpochPlan plan = new EpochPlan(100, 3, 8, 0, true, true);
    assertThat(plan.stepsPerEpoch()).isEqualTo(4);
    assertThat(plan.order(0)).hasSize(96).doesNotHaveDuplicates();
    assertThat(Arrays.stream(plan.order(0)).max().getAsLong()).isLessThan(100);
  }

  @Test
  void badSizesAreRejectedWithTheirValues() {
    assertThatThrownBy(() -> new EpochPlan(0, 2, 8, 0, true, false)).hasMessageContaining("empty");
    assertThatThrownBy(() -> new EpochPlan(10, 0, 8, 0, true, false)).hasMessageContaining("workers must be >= 1, got 0");
    assertThatThrownBy(() -> new EpochPlan(10, 2, 8, 0, true, true)).hasMessageContaining("dropLast with 10 samples");
  }
}
