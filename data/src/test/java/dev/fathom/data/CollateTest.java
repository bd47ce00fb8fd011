package dev.fathom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollateTest {
  record Triple(Tensor a, Tensor b, int label) {}

  @Test
  void numbersBecomeTensorsOfPyTorchsDtypes() {
    assertThat(((Tensor) Collate.collate(List.of(1, 2L))).dtype()).isEqualTo(DType.INT64);
    assertThat(((Tensor) Collate.collate(List.of(1.5, 2.0))).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(((Tensor) Collate.collate(List.of(1.5f, 2f))).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(((Tensor) Collate.collate(List.of(true, false))).toBooleanArray()).containsExactly(true, false);
  }

  @Test
  void recordsCollateByComponentWithNames() {
    Batch b = Collate.defaultCollate(List.of(new Triple(Tensor.zeros(2), Tensor.ones(3), 1), new Triple(Tensor.ones(2), Tensor.ones(3), 0)));
    assertThat(b.names()).containsExactly("a", "b", "label");
    assertThat(b.inputs()).hasSize(2);
    assertThat(((Tensor) b.get("b")).shape()).containsExactly(2, 3);
    assertThat(b.label().toLongArray()).containsExactly(1, 0);
  }

  @Test
  void mapsCollateByKey() {
    Batch b = Collate.defaultCollate(List.of(Map.of("x", 1.0f), Map.of("x", 2.0f)));
    assertThat(((Tensor) b.get("x")).toFloatArray()).containsExactly(1f, 2f);
  }

  @Test
  void stringsStayAList() {
    assertThat(Collate.collate(List.of("cat", "dog"))).isEqualTo(List.of("cat", "dog"));
  }

  @Test
  void primitiveArraysStackAsRows() {
    Tensor t = (Tensor) Collate.collate(List.of(new float[] {1, 2}, new float[] {3, 4}));
    assertThat(t.shape()).containsExactly(2, 2);
    assertThat(t.toFloatArray()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void stackingNonContiguousTensorsGivesTheSameValues() {
    Tensor m = Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3).t();
    Tensor t = (Tensor) Collate.collate(List.of(m, m));
    assertThat(t.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5, 0, 3, 1, 4, 2, 5);
  }

  @Test
  void unequalShapesFailNamingBoth() {
    assertThatThrownBy(() -> Collate.collate(List.of(Tensor.zeros(2), Tensor.zeros(3))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2] at entry 0 and [3] at entry 1");
  }

  @Test
  void mixedTypesFail() {
    assertThatThrownBy(() -> Collate.collate(List.of(Tensor.zeros(2), 3))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mixes Tensor and Integer");
  }

  @Test
  void singleTensorItemsHaveNoLabel() {
    Batch b = Collate.defaultCollate(List.of(Tensor.zeros(2), Tensor.zeros(2)));
    assertThat(b.input().shape()).containsExactly(2, 2);
    assertThatThrownBy(b::label).isInstanceOf(IllegalStateException.class).hasMessageContaining("no label");
  }
}
