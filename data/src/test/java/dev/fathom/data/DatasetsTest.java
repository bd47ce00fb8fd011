package dev.fathom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Generator;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  static Dataset<Integer> range(int n) {
    return new Dataset<>() {
      @Override public int size() { return n; }

      @Override public Integer get(int i) { return Dataset.checkIndex(i, n); }
    };
  }

  @Test
  void fractionsRoundDownThenGiveTheRemainderRoundRobin() {
    // PyTorch: random_split(range(10), [0.33, 0.33, 0.34]) has lengths [4, 3, 3]
    assertThat(Datasets.lengthsFor(10, new double[] {0.33, 0.33, 0.34})).containsExactly(4, 3, 3);
    assertThat(Datasets.lengthsFor(7, new double[] {0.5, 0.5})).containsExactly(4, 3);
    assertThat(Datasets.lengthsFor(100, new double[] {0.8, 0.2})).containsExactly(80, 20);
  }

  @Test
  void randomSplitPartitionsTheDataset() {
    List<Subset<Integer>> parts = Datasets.randomSplit(range(10), new int[] {6, 4}, new Generator(0));
    List<Integer> all = new ArrayList<>();
    for (var p : parts) for (int i = 0; i < p.size(); i++) all.add(p.get(i));
    assertThat(parts.get(0).size()).isEqualTo(6);
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void randomSplitIsReproducibleFromTheGenerator() {
    var a = Datasets.randomSplit(range(20), new double[] {0.5, 0.5}, new Generator(8));
    var b = Datasets.randomSplit(range(20), new double[] {0.5, 0.5}, new Generator(8));
    assertThat(a.get(0).indices()).isEqualTo(b.get(0).indices());
  }

  @Test
  void randomSplitRejectsLengthsThatDoNotAddUp() {
    assertThatThrownBy(() -> Datasets.randomSplit(range(10), new int[] {3, 3})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not equal the length of the input dataset (10)");
    assertThatThrownBy(() -> Datasets.randomSplit(range(10), new double[] {0.5, 0.6})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to");
  }

  @Test
  void concatDatasetIndexesAcrossParts() {
    var c = new ConcatDataset<Integer>(List.of(range(3), range(0), range(2)));
    assertThat(c.size()).isEqualTo(5);
    assertThat(List.of(c.get(0), c.get(2), c.get(3), c.get(4))).containsExactly(0, 2, 0, 1);
    assertThat(c.cumulativeSizes()).containsExactly(3, 3, 5);
    assertThatThrownBy(() -> c.get(5)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("size 5");
  }

  @Test
  void subsetMapsIndices() {
    var s = new Subset<>(range(10), new int[] {7, 2});
    assertThat(List.of(s.get(0), s.get(1))).containsExactly(7, 2);
    assertThatThrownBy(() -> new Subset<>(range(3), new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void tensorDatasetRejectsMismatchedFirstDims() {
    assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 2], [4]");
  }

  @Test
  void mapAppliesTheFunctionLazily() {
    var squares = range(4).map(i -> i * i);
    assertThat(squares.size()).isEqualTo(4);
    assertThat(squares.get(3)).isEqualTo(9);
  }
}
