package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.DType;
import dev.fathom.spi.View;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** matmul against the definition {@code out[b,i,j] = sum_k a[b,i,k] b[b,k,j]}. */
class MatMulTest {
  private static double[] naive(View a, View b) {
    int batches = Math.max(a.shape()[0], b.shape()[0]), m = a.shape()[1], k = a.shape()[2], n = b.shape()[2];
    double[] out = new double[batches * m * n];
    for (int bi = 0; bi < batches; bi++)
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int kk = 0; kk < k; kk++)
            s += at(a, a.shape()[0] == 1 ? 0 : bi, i, kk) * at(b, b.shape()[0] == 1 ? 0 : bi, kk, j);
          out[(bi * m + i) * n + j] = s;
        }
    return out;
  }

  @Test
  void smallProductByHand() {
    View a = f32(shape(1, 2, 3), 1, 2, 3, 4, 5, 6), b = f32(shape(1, 3, 2), 7, 8, 9, 10, 11, 12);
    View out = zeros(DType.FLOAT32, 1, 2, 2);
    CPU.matmul(a, b, out);
    assertThat(values(out)).containsExactly(58, 64, 139, 154);
  }

  @Test
  void float64WithTransposedOperandsMatchesNaive() {
    Random rnd = new Random(1);
    View a = transposeLast(random(DType.FLOAT64, rnd, 3, 7, 5)); // [3,5,7]
    View b = transposeLast(random(DType.FLOAT64, rnd, 3, 4, 7)); // [3,7,4]
    View out = zeros(DType.FLOAT64, 3, 5, 4);
    CPU.matmul(a, b, out);
    double[] expected = naive(a, b), got = values(out);
    for (int i = 0; i < got.length; i++) assertThat(got[i]).isCloseTo(expected[i], within(1e-12));
  }

  @Test
  void float32WithBroadcastBatchAndScrambledOperandsMatchesNaive() {
    Random rnd = new Random(2);
    View a = scrambled(random(DType.FLOAT32, rnd, 4, 6, 9));
    View b1 = transposeLast(random(DType.FLOAT32, rnd, 1, 11, 9)); // [1,9,11]
    View b = expand(b1, 4, 9, 11);
    View out = zeros(DType.FLOAT32, 4, 6, 11);
    CPU.matmul(a, b, out);
    double[] expected = naive(a, b1), got = values(out);
    for (int i = 0; i < got.length; i++) assertThat(got[i]).isCloseTo(expected[i], within(1e-5));
  }

  @Test
  void float32ShapeLargeEnoughToRunInParallel() {
    Random rnd = new Random(3);
    View a = random(DType.FLOAT32, rnd, 2, 64, 48), b = random(DType.FLOAT32, rnd, 2, 48, 40);
    View out = zeros(DType.FLOAT32, 2, 64, 40);
    CPU.matmul(a, b, out);
    double[] expected = naive(a, b), got = values(out);
    for (int i = 0; i < got.length; i++) assertThat(got[i]).isCloseTo(expected[i], within(1e-4));
  }

  @Test
  void int64ProductIsExact() {
    View a = i64(shape(1, 1, 2), 1L << 40, 3), b = transposeLast(i64(shape(1, 1, 2), 1L << 20, 5));
    View out = zeros(DType.INT64, 1, 1, 1);
    CPU.matmul(a, b, out);
    assertThat(longs(out)).containsExactly((1L << 60) + 15);
  }

  @Test
  void emptyInnerDimGivesZeros() {
    View out = f32(shape(1, 2, 2), 9, 9, 9, 9);
    CPU.matmul(zeros(DType.FLOAT32, 1, 2, 0), zeros(DType.FLOAT32, 1, 0, 2), out);
    assertThat(values(out)).containsExactly(0, 0, 0, 0);
  }
}
