package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Initialisers: PyTorch's gains and fans exactly, fills within their bounds, and sample moments
 * close to the distribution's (tolerances are several standard errors of the sample statistic).
 */
class InitTest {
  private static double[] minMaxMeanStd(Tensor t) {
    float[] v = t.toFloatArray();
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0, sq = 0;
    for (float f : v) {
      min = Math.min(min, f);
      max = Math.max(max, f);
      sum += f;
      sq += (double) f * f;
    }
    double mean = sum / v.length;
    return new double[] {min, max, mean, Math.sqrt(sq / v.length - mean * mean)};
  }

  @Test
  void gainsAreTorchs() {
    assertThat(Init.calculateGain("linear")).isEqualTo(1);
    assertThat(Init.calculateGain("conv2d")).isEqualTo(1);
    assertThat(Init.calculateGain("sigmoid")).isEqualTo(1);
    assertThat(Init.calculateGain("tanh")).isEqualTo(5.0 / 3);
    assertThat(Init.calculateGain("relu")).isEqualTo(Math.sqrt(2));
    assertThat(Init.calculateGain("leaky_relu")).isEqualTo(Math.sqrt(2 / (1 + 0.01 * 0.01)));
    assertThat(Init.calculateGain("leaky_relu", 0.2)).isEqualTo(Math.sqrt(2 / 1.04));
    assertThat(Init.calculateGain("selu")).isEqualTo(0.75);
    assertThatThrownBy(() -> Init.calculateGain("gelu")).hasMessage("Unsupported nonlinearity gelu");
  }

  @Test
  void fansUseTheReceptiveField() {
    assertThat(Init.calculateFanInAndFanOut(Tensor.zeros(16, 3, 5, 5))).containsExactly(75, 400);
    assertThat(Init.calculateFanInAndFanOut(Tensor.zeros(10, 784))).containsExactly(784, 10);
    assertThatThrownBy(() -> Init.calculateFanInAndFanOut(Tensor.zeros(5))).hasMessageContaining("fewer than 2 dimensions");
  }

  @Test
  void linearDefaultInitIsUniformOnOneOverSqrtFanIn() {
    Fathom.manualSeed(1);
    Linear fc = new Linear(400, 300);
    double bound = 1 / Math.sqrt(400);
    double[] w = minMaxMeanStd(fc.weight()), b = minMaxMeanStd(fc.bias());
    assertThat(w[0]).isGreaterThanOrEqualTo(-bound).isLessThan(-0.99 * bound);
    assertThat(w[1]).isLessThan(bound).isGreaterThan(0.99 * bound);
    assertThat(w[3]).isCloseTo(bound / Math.sqrt(3), within(0.01 * bound));
    assertThat(b[0]).isGreaterThanOrEqualTo(-bound);
    assertThat(b[1]).isLessThan(bound);
  }

  @Test
  void convDefaultInitUsesInChannelsTimesKernelAsFanIn() {
    Fathom.manualSeed(2);
    Conv2d conv = new Conv2d(16, 32, 3);
    double bound = 1 / Math.sqrt(16 * 9);
    double[] w = minMaxMeanStd(conv.weight());
    assertThat(w[0]).isGreaterThanOrEqualTo(-bound).isLessThan(-0.98 * bound);
    assertThat(w[1]).isLessThan(bound).isGreaterThan(0.98 * bound);
    double[] b = minMaxMeanStd(conv.bias());
    assertThat(Math.max(-b[0], b[1])).isLessThan(bound);
  }

  @Test
  void convTransposeDefaultInitUsesOutChannelsTimesKernelAsFanIn() {
    Fathom.manualSeed(3);
    ConvTranspose2d up = new ConvTranspose2d(64, 8, 4);
    double bound = 1 / Math.sqrt(8 * 16);
    double[] w = minMaxMeanStd(up.weight());
    assertThat(w[0]).isGreaterThanOrEqualTo(-bound).isLessThan(-0.98 * bound);
    assertThat(w[1]).isLessThan(bound).isGreaterThan(0.98 * bound);
  }

  @Test
  void kaimingNormalFanOutReluHasStdSqrt2OverFanOut() {
    Fathom.manualSeed(4);
    Tensor w = Tensor.zeros(64, 32, 3, 3);
    Init.kaimingNormal_(w, Init.kaimingOptions().mode("fan_out").nonlinearity("relu"));
    double[] s = minMaxMeanStd(w);
    double std = Math.sqrt(2.0 / (64 * 9));
    assertThat(s[2]).isCloseTo(0, within(0.05 * std));
    assertThat(s[3]).isCloseTo(std, within(0.02 * std));
  }

  @Test
  void kaimingUniformDefaultBoundIsSqrt6OverFanInForLeakyReluWithSlopeZero() {
    Tensor w = Tensor.zeros(50, 200);
    Init.kaimingUniform_(w);
    double[] s = minMaxMeanStd(w);
    double bound = Math.sqrt(6.0 / 200);
    assertThat(s[0]).isGreaterThanOrEqualTo(-bound).isLessThan(-0.98 * bound);
    assertThat(s[1]).isLessThan(bound);
  }

  @Test
  void xavierUniformAndNormalUseFanInPlusFanOut() {
    Tensor u = Tensor.zeros(100, 300), n = Tensor.zeros(100, 300);
    Init.xavierUniform_(u, Init.calculateGain("tanh"));
    Init.xavierNormal_(n);
    double a = 5.0 / 3 * Math.sqrt(6.0 / 400);
    double[] su = minMaxMeanStd(u), sn = minMaxMeanStd(n);
    assertThat(su[0]).isGreaterThanOrEqualTo(-a).isLessThan(-0.98 * a);
    assertThat(su[1]).isLessThan(a);
    assertThat(sn[3]).isCloseTo(Math.sqrt(2.0 / 400), within(0.02 * Math.sqrt(2.0 / 400)));
  }

  @Test
  void constantZerosOnesUniformAndNormalFill() {
    Tensor t = Tensor.zeros(1000);
    assertThat(Init.constant_(t, 0.3).toFloatArray()).containsOnly(0.3f);
    assertThat(Init.ones_(t).toFloatArray()).containsOnly(1f);
    assertThat(Init.zeros_(t).toFloatArray()).containsOnly(0f);
    double[] u = minMaxMeanStd(Init.uniform_(t, 2, 3));
    assertThat(u[0]).isGreaterThanOrEqualTo(2);
    assertThat(u[1]).isLessThan(3);
    double[] n = minMaxMeanStd(Init.normal_(Tensor.zeros(20000), 1.0, 0.02));
    assertThat(n[2]).isCloseTo(1.0, within(0.001));
    assertThat(n[3]).isCloseTo(0.02, within(0.001));
  }

  @Test
  void initialisersWorkOnParametersThatRequireGrad() {
    Linear fc = new Linear(3, 3);
    Init.zeros_(fc.weight());
    assertThat(fc.weight().toFloatArray()).containsOnly(0f);
    assertThat(fc.weight().requiresGrad()).isTrue();
  }

  @Test
  void dcganWeightsInitThroughApplySetsConvAndBatchNormWeights() {
    Fathom.manualSeed(5);
    TestModels.Generator g = new TestModels.Generator(100, 8, 3);
    g.apply(TestModels::weightsInit);
    double[] conv = minMaxMeanStd(g.parameter("main.3.weight"));
    assertThat(conv[2]).isCloseTo(0, within(0.002));
    assertThat(conv[3]).isCloseTo(0.02, within(0.001));
    double[] bnWeight = minMaxMeanStd(g.parameter("main.1.weight"));
    assertThat(bnWeight[2]).isCloseTo(1.0, within(0.01));
    assertThat(g.parameter("main.1.bias").toFloatArray()).containsOnly(0f);
  }
}
