package dev.fathom.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
  @Test
  void ofKeepsTheRecordedValues() {
    History h = History.of(List.of(0.9, 0.5), List.of(1.0, 0.7), List.of(1e-3, 5e-4), Map.of(),
        Map.of("accuracy", List.of(0.6, 0.8)), 1, true);
    assertThat(h.epochs()).isEqualTo(2);
    assertThat(h.validLoss()).containsExactly(1.0, 0.7);
    assertThat(h.validMetrics().get("accuracy")).containsExactly(0.6, 0.8);
    assertThat(h.learningRate()).containsExactly(1e-3, 5e-4);
    assertThat(h.bestEpoch()).isEqualTo(1);
    assertThat(h.stoppedEarly()).isTrue();
  }

  @Test
  void ofRejectsSeriesOfAnotherLength() {
    assertThatThrownBy(() -> History.of(List.of(0.9, 0.5), List.of(1.0), List.of(1e-3, 1e-3), Map.of(), Map.of(), 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 train losses but 1 validation losses");
    assertThatThrownBy(() -> History.of(List.of(0.9), List.of(), List.of(1e-3), Map.of("acc", List.of()), Map.of(), 0, false))
        .hasMessageContaining("metric 'acc' has 0 values for 1 epochs");
  }

  @Test
  void fromMapReadsWhatACheckpointHolds() {
    History h = History.of(List.of(0.9, 0.5), List.of(), List.of(0.1, 0.1), Map.of(), Map.of(), 1, false);
    History back = History.fromMap(h.toMap());
    assertThat(back.trainLoss()).containsExactly(0.9, 0.5);
    assertThat(back.bestEpoch()).isEqualTo(1);
  }
}
