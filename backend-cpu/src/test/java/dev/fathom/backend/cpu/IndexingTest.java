package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.spi.View;
import org.junit.jupiter.api.Test;

/** gather, scatterAdd and indexSelect on hand-computed values (exact). */
class IndexingTest {
  // [[1, 2, 3], [4, 5, 6]]
  private static View x() {
    return f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
  }

  @Test
  void gatherAlongTheLastDim() {
    View out = zeros(DType.FLOAT32, 2, 2);
    CPU.gather(x(), 1, i64(shape(2, 2), 2, 0, 1, 1), out);
    assertThat(values(out)).containsExactly(3, 1, 5, 5);
  }

  @Test
  void gatherAlongTheFirstDimOfATransposedView() {
    View xt = transposeLast(x()); // [[1,4],[2,5],[3,6]]
    View out = zeros(DType.FLOAT32, 1, 2);
    CPU.gather(xt, 0, i64(shape(1, 2), 2, 0), out);
    assertThat(values(out)).containsExactly(3, 4);
  }

  @Test
  void gatherWithAnIndexSmallerThanTheInput() {
    View out = zeros(DType.INT64, 1, 1);
    CPU.gather(i64(shape(2, 3), 1, 2, 3, 4, 5, 6), 0, i64(shape(1, 1), 1), out);
    assertThat(longs(out)).containsExactly(4);
  }

  @Test
  void scatterAddAccumulatesRepeatedIndices() {
    View out = f64(shape(2, 3), 1, 1, 1, 1, 1, 1);
    View src = f64(shape(2, 3), 1, 2, 3, 4, 5, 6);
    CPU.scatterAdd(src, 1, i64(shape(2, 3), 0, 0, 2, 1, 1, 1), out);
    assertThat(values(out)).containsExactly(4, 1, 4, 1, 16, 1);
  }

  @Test
  void scatterAddAlongDimZeroWithAStridedSource() {
    View out = zeros(DType.INT32, 3, 2);
    View src = transposeLast(of(DType.INT32, shape(2, 2), 1, 2, 3, 4)); // [[1,3],[2,4]]
    CPU.scatterAdd(src, 0, i64(shape(2, 2), 2, 0, 2, 2), out);
    assertThat(longs(out)).containsExactly(0, 3, 0, 0, 3, 4);
  }

  @Test
  void indexSelectRepeatsAndReordersSlices() {
    View out = zeros(DType.FLOAT32, 2, 4);
    CPU.indexSelect(x(), 1, i64(shape(4), 2, 2, 0, 1), out);
    assertThat(values(out)).containsExactly(3, 3, 1, 2, 6, 6, 4, 5);
    View rows = zeros(DType.FLOAT32, 3, 3);
    CPU.indexSelect(scrambled(x()), 0, i64(shape(3), 1, 0, 1), rows);
    assertThat(values(rows)).containsExactly(4, 5, 6, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void indexSelectWithAStridedIndex() {
    View index = i64(shape(4), 1, 99, 0, 99).restride(shape(2), new int[] {2}, 0);
    View out = zeros(DType.BOOL, 2, 2);
    CPU.indexSelect(of(DType.BOOL, shape(2, 2), 1, 0, 0, 1), 0, index, out);
    assertThat(longs(out)).containsExactly(0, 1, 1, 0);
  }
}
