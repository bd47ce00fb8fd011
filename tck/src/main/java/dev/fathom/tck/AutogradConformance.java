package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import org.junit.jupiter.api.Test;

/** The rules of the autograd engine: accumulation, graph lifetime, grad mode, leaves and views. */
public abstract class AutogradConformance extends BehaviourConformance {
  private Tensor leaf(float... v) {
    return Tensor.of(v).to(device()).requiresGrad(true);
  }

  @Test
  void gradientsAccumulateAcrossBackwardCalls() {
    Tensor x = leaf(1, 2);
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(6, 6);
  }

  @Test
  void aTensorUsedTwiceGetsTheSumOfItsGradients() {
    Tensor x = leaf(3);
    x.mul(x).add(x).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(7);
  }

  @Test
  void backwardTwiceFailsUnlessTheGraphIsRetained() {
    Tensor x = leaf(1, 2);
    Tensor y = x.exp().sum();
    y.backward(Tensor.scalar(1).to(device()), true);
    y.backward();
    assertThat(x.grad().toFloatArray()[0]).isEqualTo((float) (2 * Math.E), org.assertj.core.api.Assertions.within(1e-5f));
    assertThatThrownBy(y::backward).hasMessageContaining("backward through the graph a second time");
  }

  @Test
  void backwardOfANonScalarNeedsAGradient() {
    Tensor y = leaf(1, 2).mul(2);
    assertThatThrownBy(y::backward).hasMessageContaining("grad can be implicitly created only for scalar outputs");
    assertThatThrownBy(() -> y.backward(Tensor.ones(3).to(device()))).hasMessageContaining("shape");
    y.backward(Tensor.of(new float[] {1, 10}).to(device()));
  }

  @Test
  void backwardOfATensorThatNeedsNoGradFails() {
    assertThatThrownBy(() -> Tensor.ones(2).to(device()).sum().backward()).hasMessageContaining("does not require grad");
  }

  @Test
  void noGradRecordsNothing() {
    Tensor x = leaf(1);
    Tensor y;
    try (var g = Fathom.noGrad()) {
      y = x.mul(2);
      assertThat(Fathom.isGradEnabled()).isFalse();
    }
    assertThat(Fathom.isGradEnabled()).isTrue();
    assertThat(y.requiresGrad()).isFalse();
    assertThat(y.gradFn()).isNull();
  }

  @Test
  void detachCutsTheGraphButSharesData() {
    Tensor x = leaf(1, 2);
    Tensor d = x.detach();
    assertThat(d.requiresGrad()).isFalse();
    assertThat(d.isLeaf()).isTrue();
    try (var g = Fathom.noGrad()) {
      d.fill_(5);
    }
    assertThat(x.toFloatArray()).containsExactly(5, 5);
  }

  @Test
  void resultsKnowTheirNodeAndLeavesHaveNone() {
    Tensor x = leaf(1);
    Tensor y = x.mul(2).relu();
    assertThat(x.isLeaf()).isTrue();
    assertThat(y.isLeaf()).isFalse();
    assertThat(y.gradFn().name()).isEqualTo("ReluBackward0");
    assertThat(y.gradFn().inputs()[0].gradFn().name()).isEqualTo("MulBackward0");
  }

  @Test
  void inPlaceOnALeafThatRequiresGradFailsAndChangesNothing() {
    Tensor x = leaf(1, 2);
    assertThatThrownBy(() -> x.add_(1.0)).hasMessageContaining("a leaf Variable that requires grad is being used in an in-place operation");
    assertThat(x.toFloatArray()).containsExactly(1, 2);
    try (var g = Fathom.noGrad()) {
      x.add_(1.0);
    }
    assertThat(x.toFloatArray()).containsExactly(2, 3);
  }

  @Test
  void onlyFloatingTensorsCanRequireGrad() {
    assertThatThrownBy(() -> Tensor.of(new long[] {1}).requiresGrad(true)).hasMessageContaining("only Tensors of floating point dtype can require gradients");
  }

  @Test
  void requiresGradCannotBeTurnedOffOnANonLeaf() {
    Tensor y = leaf(1).mul(2);
    assertThatThrownBy(() -> y.requiresGrad(false)).hasMessageContaining("leaf variables");
  }

  @Test
  void retainGradKeepsTheGradientOfANonLeaf() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(3).retainGrad();
    h.square().sum().backward();
    assertThat(h.grad().toFloatArray()).containsExactly(6, 12);
    assertThat(x.grad().toFloatArray()).containsExactly(18, 36);
  }

  @Test
  void gradientsThroughViewsReachTheBase() {
    Tensor x = Tensor.arange(0.0, 6.0, 1.0).to(device()).requiresGrad(true);
    x.view(2, 3).t().slice(0, 0, 3, 2).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(1, 0, 1, 1, 0, 1);
  }

  @Test
  void gradientOfACastComesBackInTheLeafDtype() {
    Tensor x = Tensor.of(new double[] {1, 2}).to(device()).requiresGrad(true);
    x.to(DType.FLOAT32).mul(2).sum().backward();
    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(x.grad().toDoubleArray()).containsExactly(2, 2);
  }

  @Test
  void broadcastGradientsAreSummedToTheInputShape() {
    Tensor b = leaf(1, 2, 3);
    Tensor a = Tensor.ones(4, 3).to(device());
    a.mul(b).sum().backward();
    assertThat(b.grad().shape()).containsExactly(3);
    assertThat(b.grad().toFloatArray()).containsExactly(4, 4, 4);
  }

  @Test
  void fusedInPlaceUpdatesMatchTheirComposedForm() {
    Tensor p = Tensor.of(new float[] {1, 2, 3}).to(device());
    Tensor g = Tensor.of(new float[] {0.5f, -1, 2}).to(device());
    Tensor expected = p.add(g.mul(g).mul(0.1)).add(g.div(g.abs().add(1)).mul(-2.0));
    p.addcmul_(g, g, 0.1).addcdiv_(g, g.abs().add(1), -2.0);
    TensorAssert.assertClose(p, expected, 1e-6, 1e-6, "addcmul_/addcdiv_");
    Tensor m = Tensor.zeros(3).to(device());
    m.lerp_(g, 0.1);
    TensorAssert.assertClose(m, g.mul(0.1), 1e-6, 1e-7, "lerp_");
  }

  @Test
  void setGradReplacesAndClears() {
    Tensor x = leaf(1);
    x.mul(2).sum().backward();
    x.setGrad(null);
    assertThat(x.grad()).isNull();
    assertThatThrownBy(() -> x.setGrad(Tensor.zeros(2).to(device()))).hasMessageContaining("different size");
  }

  @Test
  void maxPoolUnderNoGradGivesTheValuesOfTheRecordedPath() {
    // Without a gradient to record, max pooling asks the backend for no indices; values must not change.
    Tensor x = Tensor.randn(new Generator(5), 2, 3, 9, 40).mul(2).round().relu().to(device()); // ReLU-like ties
    var p = new dev.fathom.spi.Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false, true, 0);
    Tensor recorded = Tensor.maxPool2d(x.detach().requiresGrad(true), p);
    Tensor bare;
    try (var g = Fathom.noGrad()) {
      bare = Tensor.maxPool2d(x.detach().requiresGrad(true), p);
    }
    assertThat(bare.requiresGrad()).isFalse();
    assertThat(bare.toFloatArray()).containsExactly(recorded.detach().toFloatArray());
  }
}
