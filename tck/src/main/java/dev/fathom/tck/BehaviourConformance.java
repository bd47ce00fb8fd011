package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.Philox;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Factories, views and strides, dtype rules, randomness and printing. */
public abstract class BehaviourConformance extends GradCheckConformance {
  // ---- factories ----------------------------------------------------------------------------

  @Test
  void ofCopiesTheArray() {
    float[] data = {1, 2, 3};
    Tensor t = Tensor.of(data, 3).to(device());
    data[0] = 99;
    assertThat(t.toFloatArray()).containsExactly(1, 2, 3);
  }

  @Test
  void factoriesHaveTheirDtypeShapeAndValues() {
    assertThat(Tensor.zeros(2, 3).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(Tensor.ones(DType.INT64, 2).toLongArray()).containsExactly(1, 1);
    assertThat(Tensor.full(2.5, 2, 2).toFloatArray()).containsExactly(2.5f, 2.5f, 2.5f, 2.5f);
    assertThat(Tensor.eye(3).toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
    assertThat(Tensor.arange(5).toLongArray()).containsExactly(0, 1, 2, 3, 4);
    assertThat(Tensor.arange(0.0, 1.0, 0.25).toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f);
    assertThat(Tensor.linspace(0, 1, 5).toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f);
    assertThat(Tensor.scalar(3).dim()).isZero();
  }

  @Test
  void likeFactoriesFollowTheirModel() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).to(device());
    Tensor z = Tensor.zerosLike(x), o = Tensor.onesLike(x), f = Tensor.fullLike(x, 7);
    assertThat(z.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(o.toDoubleArray()).containsExactly(1, 1);
    assertThat(f.toDoubleArray()).containsExactly(7, 7);
    assertThat(Tensor.randLike(x).shape()).containsExactly(2);
  }

  @Test
  void manualSeedRepeatsTheSameNumbers() {
    Fathom.manualSeed(7);
    float[] a = Tensor.randn(10).to(device()).toFloatArray();
    Fathom.manualSeed(7);
    float[] b = Tensor.randn(10).to(device()).toFloatArray();
    assertThat(a).containsExactly(b);
  }

  @Test
  void randomFillsFollowThePhiloxDefinitionExactly() {
    Generator g = new Generator(99);
    Tensor t = Tensor.zeros(DType.FLOAT32, 37).to(device());
    t.uniform_(-2, 3, g);
    float[] got = t.toFloatArray();
    int[] scratch = new int[4];
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).isEqualTo((float) Philox.sample(Distribution.UNIFORM, -2, 3, 99, 0, i, scratch));
    }
    assertThat(g.offset()).isEqualTo(Philox.blocksFor(Distribution.UNIFORM, 37));
  }

  @Test
  void randnHasStandardMoments() {
    Tensor t = Tensor.randn(200_000).to(device());
    // the standard error of the mean is 1/sqrt(200000) ~ 0.0022; 0.01 is over 4 sigma
    assertThat(t.mean().item()).isCloseTo(0, within(0.01));
    assertThat(t.std().item()).isCloseTo(1, within(0.01));
  }

  @Test
  void randIsInTheUnitInterval() {
    Tensor t = Tensor.rand(10_000).to(device());
    assertThat(t.min().item()).isGreaterThanOrEqualTo(0);
    assertThat(t.max().item()).isLessThan(1);
  }

  @Test
  void randintStaysInItsRangeAndCoversIt() {
    long[] v = Tensor.randint(3, 7, 2000).toLongArray();
    assertThat(Arrays.stream(v).min().getAsLong()).isEqualTo(3);
    assertThat(Arrays.stream(v).max().getAsLong()).isEqualTo(6);
  }

  @Test
  void randpermIsAPermutation() {
    long[] p = Tensor.randperm(50).toLongArray();
    long[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) assertThat(sorted[i]).isEqualTo(i);
  }

  // ---- views --------------------------------------------------------------------------------

  @Test
  void viewsShareStorageWithTheirSource() {
    Tensor x = Tensor.arange(6).to(DType.FLOAT32).to(device());
    Tensor v = x.view(2, 3);
    v.select(1, 0).fill_(-1);
    assertThat(x.toFloatArray()).containsExactly(-1, 1, 2, -1, 4, 5);
  }

  @Test
  void transposeSwapsStridesWithoutCopying() {
    Tensor x = Tensor.zeros(2, 3).to(device());
    Tensor t = x.t();
    assertThat(t.shape()).containsExactly(3, 2);
    assertThat(t.stride()).containsExactly(1, 3);
    assertThat(t.isContiguous()).isFalse();
    assertThat(t.contiguous().isContiguous()).isTrue();
    assertThat(x.contiguous()).isSameAs(x);
  }

  @Test
  void viewOfATransposeFailsButReshapeCopies() {
    Tensor t = Tensor.arange(6).to(DType.FLOAT32).view(2, 3).t().to(device());
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> t.view(6))).hasMessageContaining("view size is not compatible");
    assertThat(t.reshape(6).toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
  }

  @Test
  void sliceWithStepAndNegativeBounds() {
    Tensor x = Tensor.arange(10).to(device());
    assertThat(x.slice(0, 1, 8, 3).toLongArray()).containsExactly(1, 4, 7);
    assertThat(x.slice(0, -3, 10).toLongArray()).containsExactly(7, 8, 9);
    assertThat(x.slice(0, 8, 100).toLongArray()).containsExactly(8, 9);
  }

  @Test
  void expandUsesZeroStrides() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2, 1).to(device());
    Tensor e = x.expand(2, 3);
    assertThat(e.stride()).containsExactly(1, 0);
    assertThat(e.toFloatArray()).containsExactly(1, 1, 1, 2, 2, 2);
  }

  @Test
  void squeezeUnsqueezeAndFlatten() {
    Tensor x = Tensor.zeros(2, 1, 3, 1).to(device());
    assertThat(x.squeeze().shape()).containsExactly(2, 3);
    assertThat(x.squeeze(1).shape()).containsExactly(2, 3, 1);
    assertThat(x.unsqueeze(-1).shape()).containsExactly(2, 1, 3, 1, 1);
    assertThat(x.flatten(1, 2).shape()).containsExactly(2, 3, 1);
    assertThat(x.flatten().shape()).containsExactly(6);
  }

  @Test
  void splitAndChunkCoverTheDim() {
    Tensor x = Tensor.arange(7).to(device());
    assertThat(x.split(3, 0)).hasSize(3);
    assertThat(x.chunk(2, 0).get(1).toLongArray()).containsExactly(4, 5, 6);
  }

  @Test
  void copyIntoAStridedSliceWritesOnlyThatSlice() {
    Tensor x = Tensor.zeros(3, 4).to(device());
    x.slice(1, 1, 4, 2).copy_(Tensor.ones(3, 2).to(device()));
    assertThat(x.toFloatArray()).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  }

  // ---- dtype rules --------------------------------------------------------------------------

  @Test
  void integerTensorKeepsItsDtypeWithAnIntegerScalar() {
    Tensor x = Tensor.of(new long[] {1, 2}).to(device());
    assertThat(x.add(3).dtype()).isEqualTo(DType.INT64);
    assertThat(x.add(2.5).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(x.div(Tensor.of(new long[] {2, 2}).to(device())).toFloatArray()).containsExactly(0.5f, 1f);
  }

  @Test
  void comparisonsGiveBool() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}).to(device());
    Tensor m = x.gt(1.5);
    assertThat(m.dtype()).isEqualTo(DType.BOOL);
    assertThat(m.toBooleanArray()).containsExactly(false, true, true);
    assertThat(m.sum().longItem()).isEqualTo(2);
  }

  @Test
  void anyAndAllReduceOverADim() {
    Tensor m = Tensor.of(new boolean[] {true, false, false, false, true, true}, 2, 3).to(device());
    assertThat(m.any(1).toBooleanArray()).containsExactly(true, true);
    assertThat(m.all(0).toBooleanArray()).containsExactly(false, false, false);
    assertThat(m.any().toBooleanArray()).containsExactly(true);
    assertThat(Tensor.of(new float[] {0, 2}).to(device()).all().toBooleanArray()).containsExactly(false);
  }

  @Test
  void castsTruncateTowardZero() {
    Tensor x = Tensor.of(new float[] {-1.7f, 1.7f, 255.5f}).to(device());
    assertThat(x.to(DType.INT64).toLongArray()).containsExactly(-1, 1, 255);
    assertThat(x.to(DType.BOOL).toBooleanArray()).containsExactly(true, true, true);
  }

  @Test
  void inPlaceOpsWriteThroughAndKeepDtype() {
    Tensor x = Tensor.of(new float[] {1, 2}).to(device());
    x.mul_(3).add_(Tensor.of(new float[] {1, 1}).to(device()), 2);
    assertThat(x.toFloatArray()).containsExactly(5, 8);
    Tensor i = Tensor.of(new long[] {5}).to(device());
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> i.mul_(2.5))).hasMessageContaining("can't be cast");
  }

  // ---- printing -----------------------------------------------------------------------------

  @Test
  void printsLikePyTorch() {
    assertThat(Tensor.of(new float[] {1, 2.5f}, 1, 2).requiresGrad(true).toString()).isEqualTo("tensor([[1.0000, 2.5000]], requires_grad=True)");
    assertThat(Tensor.of(new float[] {-1, 2}).toString()).isEqualTo("tensor([-1.,  2.])");
    assertThat(Tensor.of(new long[] {1, 2, 3}).toString()).isEqualTo("tensor([1, 2, 3])");
    assertThat(Tensor.of(new boolean[] {true, false}).toString()).isEqualTo("tensor([ True, False])");
    assertThat(Tensor.of(new double[] {1.5, 2}).toString()).isEqualTo("tensor([1.5000, 2.0000], dtype=torch.float64)");
    assertThat(Tensor.of(new float[] {1.5f, 2}).requiresGrad(true).mul(2).toString()).isEqualTo("tensor([3., 4.], grad_fn=<MulBackward0>)");
    assertThat(Tensor.scalar(3.5).toString()).isEqualTo("tensor(3.5000)");
    assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], size=(0, 3))");
    assertThat(Tensor.of(new float[] {1e-5f, 1}).toString()).isEqualTo("tensor([1.0000e-05, 1.0000e+00])");
    assertThat(Tensor.of(new int[] {1, 2, 3, 4}, 2, 2).toString()).isEqualTo("tensor([[1, 2],\n        [3, 4]], dtype=torch.int32)");
    assertThat(Tensor.of(new float[] {Float.NaN, 1.5f, Float.POSITIVE_INFINITY}).toString()).isEqualTo("tensor([   nan, 1.5000,    inf])");
  }

  @Test
  void printsNestedAndSummarisedTensorsLikePyTorch() {
    assertThat(Tensor.arange(0.0, 12.0, 1.0).reshape(2, 2, 3).toString()).isEqualTo(
        "tensor([[[ 0.,  1.,  2.],\n         [ 3.,  4.,  5.]],\n\n        [[ 6.,  7.,  8.],\n         [ 9., 10., 11.]]])");
    assertThat(Tensor.arange(0.0, 2000.0, 1.0).toString()).isEqualTo(
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])");
  }
}
