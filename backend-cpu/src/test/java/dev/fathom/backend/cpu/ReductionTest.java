package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.View;
import org.junit.jupiter.api.Test;

/** reduce and cumsum on hand-computed values (exact). */
class ReductionTest {
  private static final double NAN = Double.NaN;

  // [[[ 0,  1,  2], [ 3,  4,  5]], [[ 6,  7,  8], [ 9, 10, 11]]]
  private static View cube() {
    double[] v = new double[12];
    for (int i = 0; i < 12; i++) v[i] = i;
    return f64(shape(2, 2, 3), v);
  }

  @Test
  void sumOverOneDim() {
    View out = zeros(DType.FLOAT64, 2, 1, 3);
    CPU.reduce(ReduceOp.SUM, cube(), new int[] {1}, out);
    assertThat(values(out)).containsExactly(3, 5, 7, 15, 17, 19);
  }

  @Test
  void sumOverOuterAndInnerDims() {
    View out = zeros(DType.FLOAT64, 1, 2, 1);
    CPU.reduce(ReduceOp.SUM, cube(), new int[] {0, 2}, out);
    assertThat(values(out)).containsExactly(0 + 1 + 2 + 6 + 7 + 8, 3 + 4 + 5 + 9 + 10 + 11);
  }

  @Test
  void sumOverAllDimsOfAScrambledView() {
    View out = zeros(DType.FLOAT64, 1, 1, 1);
    CPU.reduce(ReduceOp.SUM, scrambled(cube()), new int[] {0, 1, 2}, out);
    assertThat(values(out)).containsExactly(66);
  }

  @Test
  void sumOverABroadcastDimCountsTheRepeats() {
    View x = expand(f32(shape(1, 3), 1, 2, 3), 4, 3);
    View out = zeros(DType.FLOAT32, 1, 3);
    CPU.reduce(ReduceOp.SUM, x, new int[] {0}, out);
    assertThat(values(out)).containsExactly(4, 8, 12);
  }

  @Test
  void float32SumAccumulatesInDouble() {
    // 1 + 1e-8 * 10 000: a float accumulator would lose every small term
    int n = 10_001;
    double[] v = new double[n];
    v[0] = 1;
    for (int i = 1; i < n; i++) v[i] = 1e-8;
    View out = zeros(DType.FLOAT32, 1);
    CPU.reduce(ReduceOp.SUM, f32(shape(n), v), new int[] {0}, out);
    assertThat(out.heap().floats()[0]).isEqualTo((float) (1 + 10_000 * (double) 1e-8f));
  }

  @Test
  void integerSumWritesTheOutputDtype() {
    View x = of(DType.INT32, shape(2, 2), Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 2);
    View out = zeros(DType.INT64, 1, 2);
    CPU.reduce(ReduceOp.SUM, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(Integer.MAX_VALUE + 1L, Integer.MAX_VALUE + 2L);
    View b = of(DType.BOOL, shape(4), 1, 0, 1, 1), count = zeros(DType.INT64, 1);
    CPU.reduce(ReduceOp.SUM, b, new int[] {0}, count);
    assertThat(longs(count)).containsExactly(3);
  }

  @Test
  void prodMaxMinOverLastDim() {
    View x = f64(shape(2, 3), 2, -1, 4, 0.5, 3, -2);
    View out = zeros(DType.FLOAT64, 2, 1);
    CPU.reduce(ReduceOp.PROD, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(-8, -3);
    CPU.reduce(ReduceOp.MAX, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(4, 3);
    CPU.reduce(ReduceOp.MIN, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(-1, -2);
  }

  @Test
  void maxAndMinPropagateNan() {
    View x = f32(shape(2, 3), 1, NAN, 3, 4, 5, 6);
    View out = zeros(DType.FLOAT32, 2, 1);
    CPU.reduce(ReduceOp.MAX, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(NAN, 6);
    CPU.reduce(ReduceOp.MIN, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(NAN, 4);
  }

  @Test
  void integerMaxAndMinUseExactLongs() {
    View x = i64(shape(3), Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE);
    View out = zeros(DType.INT64, 1);
    CPU.reduce(ReduceOp.MAX, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(Long.MAX_VALUE);
    CPU.reduce(ReduceOp.MIN, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(Long.MIN_VALUE);
  }

  @Test
  void argmaxAndArgminTakeTheFirstOfTies() {
    View x = f32(shape(2, 4), 1, 5, 5, 0, 7, 7, 7, 7);
    View out = zeros(DType.INT64, 2, 1);
    CPU.reduce(ReduceOp.ARGMAX, x, new int[] {1}, out);
    assertThat(longs(out)).containsExactly(1, 0);
    CPU.reduce(ReduceOp.ARGMIN, x, new int[] {1}, out);
    assertThat(longs(out)).containsExactly(3, 0);
  }

  @Test
  void argmaxAndArgminPointAtTheFirstNan() {
    View x = f64(shape(4), 1, NAN, 0, NAN);
    View out = zeros(DType.INT64, 1);
    CPU.reduce(ReduceOp.ARGMAX, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(1);
    CPU.reduce(ReduceOp.ARGMIN, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(1);
  }

  @Test
  void argmaxAlongDimZeroOfATransposedView() {
    View x = transposeLast(of(DType.INT32, shape(2, 3), 4, 9, 2, 8, 9, 1)); // [[4,8],[9,9],[2,1]]
    View out = zeros(DType.INT64, 1, 2);
    CPU.reduce(ReduceOp.ARGMAX, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(1, 1);
  }

  @Test
  void anyAndAll() {
    View x = of(DType.BOOL, shape(3, 2), 0, 1, 0, 1, 0, 1);
    View out = zeros(DType.BOOL, 1, 2);
    CPU.reduce(ReduceOp.ANY, x, new int[] {0}, out);
    assertThat(longs(out)).containsExactly(0, 1);
    CPU.reduce(ReduceOp.ALL, f32(shape(3, 2), 1, NAN, 2, 0, 3, 1), new int[] {0}, out);
    assertThat(longs(out)).containsExactly(1, 0);
  }

  @Test
  void reductionOverAnEmptyDimGivesTheIdentity() {
    View x = zeros(DType.FLOAT64, 2, 0);
    View out = zeros(DType.FLOAT64, 2, 1);
    CPU.reduce(ReduceOp.SUM, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(0, 0);
    CPU.reduce(ReduceOp.PROD, x, new int[] {1}, out);
    assertThat(values(out)).containsExactly(1, 1);
  }

  @Test
  void cumsumAlongEachDim() {
    View x = f64(shape(2, 3), 1, 2, 3, 4, 5, 6);
    View out = zeros(DType.FLOAT64, 2, 3);
    CPU.cumsum(x, 1, out);
    assertThat(values(out)).containsExactly(1, 3, 6, 4, 9, 15);
    CPU.cumsum(transposeLast(f64(shape(3, 2), 1, 4, 2, 5, 3, 6)), 0, out);
    assertThat(values(out)).containsExactly(1, 2, 3, 5, 7, 9);
  }

  @Test
  void cumsumOfIntegersCanWriteInt64() {
    View out = zeros(DType.INT64, 3);
    CPU.cumsum(of(DType.UINT8, shape(3), 200, 200, 200), 0, out);
    assertThat(longs(out)).containsExactly(200, 400, 600);
  }
}
