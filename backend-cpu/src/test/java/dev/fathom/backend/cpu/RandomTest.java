package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.DType;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.Philox;
import dev.fathom.spi.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Philox fills: determinism, agreement with {@link Philox#sample}, and moments. */
class RandomTest {
  @ParameterizedTest
  @EnumSource(Distribution.class)
  void everyElementIsPhiloxSampleCastToTheDtype(Distribution dist) {
    int n = 10_003;
    double a = dist == Distribution.BERNOULLI ? 0.3 : -2, b = 5;
    View f32 = zeros(DType.FLOAT32, n), f64 = zeros(DType.FLOAT64, n);
    CPU.random(f32, dist, a, b, 42, 7);
    CPU.random(f64, dist, a, b, 42, 7);
    int[] scratch = new int[4];
    for (int i = 0; i < n; i++) {
      double expected = Philox.sample(dist, a, b, 42, 7, i, scratch);
      assertThat(f64.heap().doubles()[i]).isEqualTo(expected);
      assertThat(f32.heap().floats()[i]).isEqualTo((float) expected);
    }
  }

  @Test
  void sameSeedAndOffsetGiveTheSameNumbers() {
    View first = zeros(DType.FLOAT32, 1000), second = zeros(DType.FLOAT32, 1000), other = zeros(DType.FLOAT32, 1000);
    CPU.random(first, Distribution.NORMAL, 0, 1, 123, 0);
    CPU.random(second, Distribution.NORMAL, 0, 1, 123, 0);
    CPU.random(other, Distribution.NORMAL, 0, 1, 123, 1000);
    assertThat(values(second)).containsExactly(values(first));
    assertThat(values(other)).isNotEqualTo(values(first));
  }

  @Test
  void aFillIntoAStridedViewFollowsRowMajorOrder() {
    View strided = zeros(DType.FLOAT64, 6).restride(shape(3), new int[] {2}, 1);
    View dense = zeros(DType.FLOAT64, 3);
    CPU.random(strided, Distribution.UNIFORM, 0, 1, 9, 3);
    CPU.random(dense, Distribution.UNIFORM, 0, 1, 9, 3);
    assertThat(values(strided)).containsExactly(values(dense));
  }

  @Test
  void normalsHaveTheRequestedMoments() {
    int n = 100_000;
    View out = zeros(DType.FLOAT32, n);
    CPU.random(out, Distribution.NORMAL, 0, 1, 2024, 0);
    double sum = 0, sq = 0;
    for (float v : out.heap().floats()) {
      sum += v;
      sq += v * (double) v;
    }
    double mean = sum / n, std = Math.sqrt(sq / n - mean * mean);
    assertThat(mean).isCloseTo(0, within(0.01));
    assertThat(std).isCloseTo(1, within(0.01));
  }

  @Test
  void uniformStaysInRangeAndBernoulliHitsItsRate() {
    int n = 100_000;
    View u = zeros(DType.FLOAT64, n), bern = zeros(DType.BOOL, n);
    CPU.random(u, Distribution.UNIFORM, -1, 3, 5, 0);
    CPU.random(bern, Distribution.BERNOULLI, 0.25, 0, 5, 0);
    double[] uv = values(u);
    assertThat(java.util.Arrays.stream(uv).min().getAsDouble()).isGreaterThanOrEqualTo(-1);
    assertThat(java.util.Arrays.stream(uv).max().getAsDouble()).isLessThan(3);
    long ones = 0;
    for (byte v : bern.heap().bytes()) ones += v;
    assertThat(ones / (double) n).isCloseTo(0.25, within(0.01));
  }
}
