package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SobolSamplerTest {

  @Test
  void pointsLieInTheHalfOpenUnitCube() {
    SobolSampler s = new SobolSampler(5, 3);
    for (double[] p : s.next(1000)) {
      assertThat(p).hasSize(5);
      for (double v : p) {
        assertThat(v).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      }
    }
  }

  @Test
  void firstPowerOfTwoPointsStratifyEveryCoordinate() {
    int m = 64;
    double[][] points = new SobolSampler(4, 11).next(m);
    for (int j = 0; j < 4; j++) {
      boolean[] hit = new boolean[m];
      for (double[] p : points) {
        int cell = (int) Math.floor(p[j] * m);
        assertThat(hit[cell]).as("coordinate %d cell %d hit twice", j, cell).isFalse();
        hit[cell] = true;
      }
    }
  }

  @Test
  void sameSeedGivesTheSameSequence() {
    assertThat(new SobolSampler(3, 7).next(20)).isDeepEqualTo(new SobolSampler(3, 7).next(20));
  }

  @Test
  void differentSeedsGiveDifferentSequences() {
    assertThat(new SobolSampler(3, 7).next(1)[0]).isNotEqualTo(new SobolSampler(3, 8).next(1)[0]);
  }

  @Test
  void integratesASmoothFunctionBetterThanPseudoRandomPoints() {
    // f(u) = prod_j (1 + sin(2 pi u_j) / 2) has integral 1 over [0,1]^4 and is periodic, so the
    // random shift keeps it smooth; 256 Sobol points beat 256 uniform draws on the median
    // absolute error over 9 seeds by more than 3x.
    double[] sobolErrors = new double[9];
    double[] uniformErrors = new double[9];
    for (int seed = 0; seed < 9; seed++) {
      SobolSampler s = new SobolSampler(4, seed);
      SplittableRandom r = new SplittableRandom(seed);
      double sobol = 0;
      double uniform = 0;
      for (int i = 0; i < 256; i++) {
        double[] p = s.next();
        double fs = 1;
        double fu = 1;
        for (int j = 0; j < 4; j++) {
          fs *= 1 + 0.5 * Math.sin(2 * Math.PI * p[j]);
          fu *= 1 + 0.5 * Math.sin(2 * Math.PI * r.nextDouble());
        }
        sobol += fs / 256;
        uniform += fu / 256;
      }
      sobolErrors[seed] = Math.abs(sobol - 1);
      uniformErrors[seed] = Math.abs(uniform - 1);
    }
    assertThat(MedianStoppingRule.median(sobolErrors)).isLessThan(MedianStoppingRule.median(uniformErrors) / 3);
  }

  @Test
  void rejectsZeroDimensions() {
    assertThatThrownBy(() -> new SobolSampler(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dims must be >= 1");
  }
}
