package dev.fathom.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapesTest {
  @Test
  void broadcastAlignsTrailingDims() {
    assertThat(Shapes.broadcast(new int[] {2, 1, 3}, new int[] {4, 1})).containsExactly(2, 4, 3);
    assertThat(Shapes.broadcast(new int[] {2, 3}, new int[] {4})).isNull();
  }

  @Test
  void contiguityIgnoresSizeOneDims() {
    assertThat(Shapes.isContiguous(new int[] {3, 1, 4}, new int[] {4, 99, 1})).isTrue();
    assertThat(Shapes.isContiguous(new int[] {3, 4}, new int[] {1, 3})).isFalse();
  }

  @Test
  void expandStridesAreZeroOnRepeatedDims() {
    assertThat(Shapes.expandStrides(new int[] {3, 1}, new int[] {1, 1}, new int[] {2, 3, 4})).containsExactly(0, 1, 0);
    assertThatThrownBy(() -> Shapes.expandStrides(new int[] {3}, new int[] {1}, new int[] {4})).hasMessageContaining("cannot expand");
  }

  @Test
  void offsetOfWalksStrides() {
    assertThat(Shapes.offsetOf(5, new int[] {2, 3}, new int[] {1, 2}, 10)).isEqualTo(10 + 1 + 2 * 2);
  }

  @Test
  void numelRefusesOverflow() {
    assertThatThrownBy(() -> Shapes.numel(new int[] {1 << 16, 1 << 16})).hasMessageContaining("2^31-1");
  }
}
