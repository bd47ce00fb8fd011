package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;
import org.junit.jupiter.api.Test;

/**
 * Dropout statistics: the zero fraction is within 4 standard errors of p, survivors are scaled by
 * exactly 1/(1-p), eval mode is the identity, and draws come from the global generator.
 */
class DropoutTest {
  @Test
  void trainingZeroesAboutPAndScalesTheRest() {
    Fathom.manualSeed(11);
    int n = 100_000;
    double p = 0.3;
    float[] y = new Dropout(p).forward(Tensor.ones(n)).toFloatArray();
    int zeros = 0;
    for (float v : y) {
      if (v == 0) zeros++;
      else assertThat(v).isEqualTo((float) (1 / (1 - p)));
    }
    assertThat((double) zeros / n).isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / n)));
  }

  @Test
  void evalModeIsTheIdentity() {
    Dropout d = new Dropout(0.5);
    d.eval();
    Tensor x = Tensor.rand(10, 10);
    assertThat(d.forward(x)).isSameAs(x);
  }

  @Test
  void gradientIsTheMaskScaled() {
    Fathom.manualSeed(12);
    Tensor x = Tensor.ones(1000).requiresGrad(true);
    Tensor y = F.dropout(x, 0.5, true);
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(y.detach().toFloatArray());
  }

  @Test
  void sameSeedGivesTheSameMask() {
    Fathom.manualSeed(13);
    float[] a = F.dropout(Tensor.ones(64), 0.5, true).toFloatArray();
    Fathom.manualSeed(13);
    assertThat(F.dropout(Tensor.ones(64), 0.5, true).toFloatArray()).containsExactly(a);
  }

  @Test
  void probabilityOneZeroesEverythingAndZeroKeepsEverything() {
    assertThat(F.dropout(Tensor.ones(8), 1, true).toFloatArray()).containsOnly(0f);
    assertThat(F.dropout(Tensor.ones(8), 0, true).toFloatArray()).containsOnly(1f);
  }

  @Test
  void dropout2dZeroesWholeChannels() {
    Fathom.manualSeed(14);
    Tensor y = new Dropout2d(0.5).forward(Tensor.ones(8, 16, 3, 3));
    float[] v = y.toFloatArray();
    int zeroChannels = 0;
    for (int c = 0; c < 8 * 16; c++) {
      float first = v[c * 9];
      for (int k = 1; k < 9; k++) assertThat(v[c * 9 + k]).isEqualTo(first);
      assertThat(first).isIn(0f, 2f);
      if (first == 0) zeroChannels++;
    }
    assertThat(zeroChannels).isBetween(32, 96);
  }

  @Test
  void dropout2dRejectsOtherRanks() {
    assertThatThrownBy(() -> F.dropout2d(Tensor.ones(4, 4), 0.5, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got [4, 4]");
  }

  @Test
  void probabilityOutsideZeroOneIsRejected() {
    assertThatThrownBy(() -> new Dropout(1.5)).hasMessage("dropout probability has to be between 0 and 1, but got 1.5");
  }
}
