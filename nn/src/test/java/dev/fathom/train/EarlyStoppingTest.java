package dev.fathom.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  @Test
  void noImprovementCountsEpochsSinceTheBest() {
    EarlyStopping s = new EarlyStopping("no_improvement", 2, 0);
    assertThat(s.record(3)).isTrue();
    assertThat(s.record(1)).isTrue();
    assertThat(s.record(2)).isFalse();
    assertThat(s.record(0.5)).isTrue();
    assertThat(s.shouldStop()).isFalse();
    s.record(0.6);
    s.record(0.55);
    assertThat(s.shouldStop()).isTrue();
    assertThat(s.bestEpoch()).isEqualTo(3);
    assertThat(s.stopMessage(6)).isEqualTo("Stopped early at epoch 6: no improvement for 2 epochs");
  }

  @Test
  void consecutiveIncreasesResetWhenTheLossFalls() {
    EarlyStopping s = new EarlyStopping("consecutive_increases", 2, 0);
    s.record(1);
    s.record(2);
    s.record(1.5);
    s.record(1.6);
    assertThat(s.shouldStop()).isFalse();
    s.record(1.7);
    assertThat(s.shouldStop()).isTrue();
    assertThat(s.waited()).isEqualTo(2);
  }

  @Test
  void minDeltaDecidesWhatCountsAsAnImprovement() {
    EarlyStopping s = new EarlyStopping("no_improvement", 1, 0.1);
    s.record(1);
    assertThat(s.record(0.95)).isFalse();
    assertThat(s.shouldStop()).isTrue();
  }

  @Test
  void zeroPatienceNeverStops() {
    EarlyStopping s = new EarlyStopping("no_improvement", 0, 0);
    for (int i = 0; i < 5; i++) s.record(i);
    assertThat(s.shouldStop()).isFalse();
  }

  @Test
  void anUnknownModeIsRejected() {
    assertThatThrownBy(() -> new EarlyStopping("sometimes", 1, 0)).hasMessageContaining("'no_improvement' or 'consecutive_increases'");
  }
}
