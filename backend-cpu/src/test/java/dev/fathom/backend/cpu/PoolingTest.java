package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.DType;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.View;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Max and average pooling on values checked against PyTorch 1.13 by hand, and their gradients. */
class PoolingTest {
  private static final double NAN = Double.NaN;

  private static Pool2dParams pool(int k, int s, int p, int d, boolean ceil, boolean includePad, int divisor) {
    return new Pool2dParams(k, k, s, s, p, p, d, d, ceil, includePad, divisor);
  }

  private static View grid() {
    return f32(shape(1, 1, 4, 5), 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4);
  }

  private static View arange16() {
    double[] v = new double[16];
    for (int i = 0; i < 16; i++) v[i] = i;
    return f64(shape(1, 1, 4, 4), v);
  }

  @Test
  void maxPoolWithPaddingAndCeilModeRecordsPlaneIndices() {
    Pool2dParams p = pool(2, 2, 1, 1, true, true, 0);
    View out = zeros(DType.FLOAT32, 1, 1, p.outH(4), p.outW(5)), idx = zeros(DType.INT64, 1, 1, 3, 3);
    CPU.maxPool2d(grid(), out, idx, p);
    assertThat(values(out)).containsExactly(3, 4, 5, 9, 9, 9, 3, 3, 8);
    assertThat(longs(idx)).containsExactly(0, 2, 4, 5, 12, 14, 15, 17, 18);
  }

  @Test
  void maxPoolWithDilation() {
    Pool2dParams p = pool(2, 1, 0, 2, false, true, 0);
    View out = zeros(DType.FLOAT32, 1, 1, 2, 3), idx = zeros(DType.INT64, 1, 1, 2, 3);
    CPU.maxPool2d(scrambled(grid()), out, idx, p);
    assertThat(values(out)).containsExactly(9, 8, 9, 9, 8, 6);
    assertThat(longs(idx)).containsExactly(12, 11, 12, 5, 18, 7);
  }

  @Test
  void maxPoolLetsNanWin() {
    Pool2dParams p = new Pool2dParams(1, 4, 1, 4, 0, 0, 1, 1, false, true, 0);
    View out = zeros(DType.FLOAT64, 1, 1, 1, 1), idx = zeros(DType.INT64, 1, 1, 1, 1);
    CPU.maxPool2d(f64(shape(1, 1, 1, 4), 1, NAN, NAN, 2), out, idx, p);
    assertThat(values(out)[0]).isNaN();
    assertThat(longs(idx)).containsExactly(2); // PyTorch keeps the last NaN
  }

  @Test
  void maxPoolBackwardAccumulatesAtTheRecordedIndices() {
    View g = f32(shape(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    View idx = i64(shape(1, 1, 3, 3), 0, 2, 4, 5, 12, 14, 15, 17, 18);
    View dx = zeros(DType.FLOAT32, 1, 1, 4, 5);
    CPU.fill(dx, 100);
    CPU.maxPool2dBackward(g, idx, dx, pool(2, 2, 1, 1, true, true, 0));
    assertThat(values(dx)).containsExactly(1, 0, 2, 0, 3, 4, 0, 0, 0, 0, 0, 0, 5, 0, 6, 7, 0, 8, 9, 0);
  }

  @Test
  void avgPoolCeilModeClipsTheWindowToTheInputForTheDivisor() {
    Pool2dParams p = pool(3, 2, 0, 1, true, true, 0);
    View out = zeros(DType.FLOAT64, 1, 1, 2, 2);
    CPU.avgPool2d(arange16(), out, p);
    assertThat(values(out)).containsExactly(5, 6.5, 11, 12.5);
  }

  @Test
  void avgPoolCountIncludePadDividesByTheWindowInsideInputPlusPadding() {
    Pool2dParams p = pool(3, 2, 1, 1, true, true, 0);
    View out = zeros(DType.FLOAT64, 1, 1, 3, 3);
    CPU.avgPool2d(arange16(), out, p);
    double[] expected = {10 / 9.0, 24 / 9.0, 10 / 6.0, 51 / 9.0, 90 / 9.0, 33 / 6.0, 25 / 6.0, 42 / 6.0, 15 / 4.0};
    double[] got = values(out);
    for (int i = 0; i < 9; i++) assertThat(got[i]).isCloseTo(expected[i], within(1e-15));
  }

  @Test
  void avgPoolWithoutPadCountDividesByTheValidElements() {
    View out = zeros(DType.FLOAT64, 1, 1, 3, 3);
    CPU.avgPool2d(arange16(), out, pool(3, 2, 1, 1, true, false, 0));
    assertThat(values(out)).containsExactly(2.5, 4, 5, 8.5, 10, 11, 12.5, 14, 15);
  }

  @Test
  void avgPoolDivisorOverride() {
    View out = zeros(DType.FLOAT64, 1, 1, 3, 3);
    CPU.avgPool2d(arange16(), out, pool(3, 2, 1, 1, true, true, 2));
    assertThat(values(out)).containsExactly(5, 12, 5, 25.5, 45, 16.5, 12.5, 21, 7.5);
  }

  @Test
  void avgPoolBackwardIsTheAdjointOfTheForward() {
    Random rnd = new Random(4);
    for (boolean includePad : new boolean[] {true, false}) {
      Pool2dParams p = new Pool2dParams(3, 2, 2, 1, 1, 1, 1, 1, true, includePad, 0);
      View x = random(DType.FLOAT64, rnd, 2, 3, 7, 6);
      View out = zeros(DType.FLOAT64, 2, 3, p.outH(7), p.outW(6));
      View g = random(DType.FLOAT64, rnd, out.shape());
      View dx = zeros(DType.FLOAT64, 2, 3, 7, 6);
      CPU.avgPool2d(x, out, p);
      CPU.avgPool2dBackward(g, dx, p);
      assertThat(dot(x, dx)).isCloseTo(dot(out, g), within(1e-12));
    }
  }
}
