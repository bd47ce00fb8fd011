package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.autograd.GradCheck;
import dev.fathom.nn.functional.F;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Functional ops' behaviours not covered by fixtures: in-place flags and clear errors on bad input. */
class FunctionalTest {
  @Test
  void reluInplaceWritesIntoTheInputWhenNoGradIsNeeded() {
    Tensor x = Tensor.of(new float[] {-1, 2});
    Tensor y = F.relu(x, true);
    assertThat(y).isSameAs(x);
    assertThat(x.toFloatArray()).containsExactly(0f, 2f);
  }

  @Test
  void reluInplaceOnATensorRequiringGradComputesOutOfPlaceWithTheSameGradient() {
    Tensor x = Tensor.of(new float[] {-1, 2}).requiresGrad(true);
    Tensor y = new ReLU(true).forward(x);
    assertThat(y).isNotSameAs(x);
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(0f, 1f);
    assertThat(x.toFloatArray()).containsExactly(-1f, 2f);
  }

  @Test
  void leakyReluInplaceUnderNoGradWritesIntoTheInput() {
    Tensor x = Tensor.of(new float[] {-1, 2}).requiresGrad(true);
    try (var g = Fathom.noGrad()) {
      assertThat(F.leakyRelu(x.detach(), 0.5, true).toFloatArray()).containsExactly(-0.5f, 2f);
    }
  }

  @Test
  void crossEntropyTargetOutOfRangeIsReported() {
    assertThatThrownBy(() -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 3})))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("nll_loss: Target 3 is out of bounds (3 classes).");
  }

  @Test
  void crossEntropyWithFloatTargetOfAnotherShapeNamesTheShapes() {
    assertThatThrownBy(() -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer dtype, got torch.float32 target of shape [2] for input of shape [2, 3]");
  }

  @Test
  void crossEntropyTargetBatchMismatchIsReported() {
    assertThatThrownBy(() -> F.crossEntropy(Tensor.zeros(4, 3), Tensor.of(new long[] {0, 1})))
        .hasMessage("nll_loss: expected target of shape [4] for input of shape [4, 3], got [2]");
  }

  @Test
  void binaryCrossEntropyRejectsInputsOutsideZeroOne() {
    assertThatThrownBy(() -> F.binaryCrossEntropy(Tensor.of(new float[] {1.5f}), Tensor.of(new float[] {1})))
        .hasMessageContaining("all elements of input should be between 0 and 1");
  }

  @Test
  void binaryCrossEntropyRejectsATargetOfAnotherShape() {
    assertThatThrownBy(() -> F.binaryCrossEntropy(Tensor.full(0.5, 4, 1), Tensor.ones(4)))
        .hasMessageContaining("Using a target size ([4]) that is different to the input size ([4, 1])");
  }

  @Test
  void unknownReductionIsRejected() {
    assertThatThrownBy(() -> new MSELoss(MSELoss.options().reduction("avg"))).hasMessageContaining("avg is not a valid value for reduction");
    assertThatThrownBy(() -> F.l1Loss(Tensor.ones(1), Tensor.ones(1), "total")).hasMessageContaining("total is not a valid value for reduction");
  }

  @Test
  void ignoreIndexIsRejectedForProbabilityTargets() {
    assertThatThrownBy(() -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 3), null, 1, "mean", 0))
        .hasMessage("cross_entropy: ignore_index is not supported for floating point target");
  }

  @Test
  void linearShapeMismatchNamesBothShapes() {
    assertThatThrownBy(() -> new Linear(12, 1).forward(Tensor.zeros(64, 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("linear: mat1 and mat2 shapes cannot be multiplied (input [64, 10] and weight.T [12, 1])");
  }

  @Test
  void samePaddingWithStrideIsRejected() {
    assertThatThrownBy(() -> new Conv2d(1, 1, 3, Conv2d.options().padding("same").stride(2)))
        .hasMessage("Conv2d: padding='same' is not supported for strided convolutions");
  }

  @Test
  void unknownPaddingModeIsRejectedAndTransposedConvOnlyTakesZeros() {
    assertThatThrownBy(() -> Conv2d.options().paddingMode("mirror")).hasMessageContaining("padding_mode must be one of");
    assertThatThrownBy(() -> ConvTranspose2d.options().paddingMode("reflect")).hasMessage("Only \"zeros\" padding mode is supported for ConvTranspose2d");
  }

  @Test
  void groupsMustDivideChannels() {
    assertThatThrownBy(() -> new Conv2d(3, 4, 3, Conv2d.options().groups(2))).hasMessage("Conv2d: in_channels (3) must be divisible by groups (2)");
  }

  @Test
  void batchNormTrainingNeedsMoreThanOneValuePerChannel() {
    assertThatThrownBy(() -> new BatchNorm1d(10).forward(Tensor.zeros(1, 10)))
        .hasMessage("batch_norm: Expected more than 1 value per channel when training, got input size [1, 10]");
  }

  @Test
  void batchNormChecksRankAndChannels() {
    assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3, 4))).hasMessageContaining("BatchNorm2d: expected 4D input (got 3D input");
    assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 2, 2))).hasMessageContaining("running_mean should contain 4 elements not [3]");
  }

  @Test
  void batchNormEvalUsesRunningStatistics() {
    BatchNorm1d bn = new BatchNorm1d(1, BatchNorm.options().affine(false));
    try (var g = Fathom.noGrad()) {
      bn.runningMean().fill_(2);
      bn.runningVar().fill_(4);
    }
    bn.eval();
    float y = bn.forward(Tensor.of(new float[] {6, 6}, 2, 1)).toFloatArray()[0];
    assertThat((double) y).isCloseTo(4 / Math.sqrt(4 + 1e-5), org.assertj.core.api.Assertions.within(1e-6));
  }

  private static Tensor f64(long seed, long... shape) {
    return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64).requiresGrad(true);
  }

  @Test
  void batchNormTrainingPassesGradcheckForInputWeightAndBias() {
    List<Tensor> in = List.of(f64(1, 3, 2, 2, 3), f64(2, 2), f64(3, 2));
    GradCheck.Result r = GradCheck.check(t -> F.batchNorm(t.get(0), null, null, t.get(1), t.get(2), true, 0.1, 1e-5), in);
    assertThat(r.passed()).as(r.message()).isTrue();
  }

  @Test
  void batchNormEvalPassesGradcheckForInputWeightAndBias() {
    Tensor mean = Tensor.of(new double[] {0.3, -0.1}), var = Tensor.of(new double[] {0.7, 1.9});
    List<Tensor> in = List.of(f64(4, 2, 2, 3), f64(5, 2), f64(6, 2));
    GradCheck.Result r = GradCheck.check(t -> F.batchNorm(t.get(0), mean, var, t.get(1), t.get(2), false, 0.1, 1e-5), in);
    assertThat(r.passed()).as(r.message()).isTrue();
  }
}
