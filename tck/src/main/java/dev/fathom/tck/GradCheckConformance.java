package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.autograd.GradCheck;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks (FLOAT64, {@link GradCheck}'s defaults) of every differentiable op,
 * one line per op. Inputs are drawn away from the kinks of non-smooth ops (|x| &gt; 0.1 around 0).
 */
public abstract class GradCheckConformance extends FixtureConformance {
  private record Check(String name, Function<List<Tensor>, Tensor> f, long[][] shapes, boolean positive) {}

  private static final List<Check> CHECKS = new ArrayList<>();

  private static void check(String name, Function<List<Tensor>, Tensor> f, boolean positive, long[]... shapes) {
    CHECKS.add(new Check(name, f, shapes, positive));
  }

  private static long[] s(long... dims) {
    return dims;
  }

  static {
    check("add_broadcast", in -> in.get(0).add(in.get(1)), false, s(3, 4), s(4));
    check("sub_alpha", in -> in.get(0).sub(in.get(1), 2.5), false, s(3, 4), s(3, 1));
    check("mul_broadcast", in -> in.get(0).mul(in.get(1)), false, s(2, 3), s(2, 1));
    check("div", in -> in.get(0).div(in.get(1)), true, s(2, 3), s(2, 3));
    check("pow_tensor", in -> in.get(0).pow(in.get(1)), true, s(2, 3), s(3));
    check("pow_scalar", in -> in.get(0).pow(3.0), false, s(2, 3));
    check("maximum", in -> in.get(0).maximum(in.get(1)), false, s(2, 3), s(2, 3));
    check("minimum", in -> in.get(0).minimum(in.get(1)), false, s(2, 3), s(3));
    check("addcmul", in -> in.get(0).addcmul(in.get(1), in.get(2), 0.7), false, s(3, 4), s(4), s(3, 1));
    check("addcdiv", in -> in.get(0).addcdiv(in.get(1), in.get(2), -1.3), true, s(3, 4), s(3, 4), s(4));
    check("lerp", in -> in.get(0).lerp(in.get(1), 0.3), false, s(3, 4), s(4));
    check("neg", in -> in.get(0).neg(), false, s(5));
    check("exp", in -> in.get(0).exp(), false, s(5));
    check("log", in -> in.get(0).log(), true, s(5));
    check("sqrt", in -> in.get(0).sqrt(), true, s(5));
    check("abs", in -> in.get(0).abs(), false, s(5));
    check("relu", in -> in.get(0).relu(), false, s(2, 5));
    check("leaky_relu", in -> in.get(0).leakyRelu(0.2), false, s(2, 5));
    check("sigmoid", in -> in.get(0).sigmoid(), false, s(2, 5));
    check("tanh", in -> in.get(0).tanh(), false, s(2, 5));
    check("clamp", in -> in.get(0).clamp(-0.5, 0.5), false, s(3, 4));
    check("square", in -> in.get(0).square(), false, s(4));
    check("reciprocal", in -> in.get(0).reciprocal(), true, s(4));
    check("rsqrt", in -> in.get(0).rsqrt(), true, s(4));
    check("log1p", in -> in.get(0).log1p(), true, s(4));
    check("expm1", in -> in.get(0).expm1(), false, s(4));
    check("sin", in -> in.get(0).sin(), false, s(4));
    check("cos", in -> in.get(0).cos(), false, s(4));
    check("softmax", in -> in.get(0).softmax(1), false, s(3, 4));
    check("log_softmax", in -> in.get(0).logSoftmax(0), false, s(3, 4));
    check("logsumexp", in -> in.get(0).logsumexp(1, false), false, s(3, 4));
    check("matmul_2d", in -> in.get(0).matmul(in.get(1)), false, s(3, 4), s(4, 2));
    check("matmul_vec", in -> in.get(0).matmul(in.get(1)), false, s(4), s(4, 2));
    check("matmul_broadcast_batch", in -> in.get(0).matmul(in.get(1)), false, s(2, 1, 3, 4), s(3, 4, 2));
    check("bmm", in -> in.get(0).bmm(in.get(1)), false, s(2, 3, 4), s(2, 4, 2));
    check("sum_dim", in -> in.get(0).sum(new int[] {0, 2}, true), false, s(2, 3, 4));
    check("mean", in -> in.get(0).mean(1), false, s(3, 4));
    check("var", in -> in.get(0).var(new int[] {1}, true, false), false, s(3, 4));
    check("std", in -> in.get(0).std(), false, s(3, 4));
    check("prod", in -> in.get(0).prod(1, false), true, s(3, 4));
    check("max_dim", in -> in.get(0).max(1).values(), false, s(3, 4));
    check("max_all", in -> in.get(0).max(), false, s(3, 4));
    check("amin", in -> in.get(0).amin(new int[] {0}, false), false, s(3, 4));
    check("cumsum", in -> in.get(0).cumsum(1), false, s(3, 4));
    check("where", in -> Tensor.where(in.get(0).gt(0.0), in.get(0), in.get(1)), false, s(3, 4), s(4));
    check("masked_fill", in -> in.get(0).maskedFill(in.get(0).gt(0.5), 2.0), false, s(3, 4));
    check("gather", in -> in.get(0).gather(1, Tensor.of(new long[] {0, 2, 1, 1, 3, 0}, 3, 2)), false, s(3, 4));
    check("index_select", in -> in.get(0).indexSelect(0, Tensor.of(new long[] {2, 0, 2})), false, s(3, 4));
    check("scatter_add", in -> in.get(0).scatterAdd(0, Tensor.of(new long[] {1, 0, 1, 2}, 1, 4), in.get(1)), false, s(3, 4), s(1, 4));
    check("cat", in -> Tensor.cat(1, in.get(0), in.get(1)), false, s(2, 3), s(2, 2));
    check("stack", in -> Tensor.stack(0, in.get(0), in.get(1)), false, s(2, 3), s(2, 3));
    check("reshape_noncontiguous", in -> in.get(0).t().reshape(-1), false, s(3, 4));
    check("permute", in -> in.get(0).permute(2, 0, 1), false, s(2, 3, 4));
    check("slice_step", in -> in.get(0).slice(1, 0, 4, 2), false, s(3, 4));
    check("select", in -> in.get(0).select(0, -1), false, s(3, 4));
    check("expand", in -> in.get(0).expand(3, 2, 4), false, s(2, 1));
    check("squeeze_unsqueeze", in -> in.get(0).squeeze().unsqueeze(0), false, s(3, 1, 2));
    check("flip", in -> in.get(0).flip(0, 1), false, s(3, 4));
    check("pad", in -> in.get(0).pad(new long[] {1, 2, 0, 1}, 0.5), false, s(2, 3));
    check("conv2d", in -> Tensor.conv2d(in.get(0), in.get(1), in.get(2), new Conv2dParams(2, 1, 1, 0, 1, 2, 1, 0, 0)), false, s(2, 2, 5, 6), s(3, 2, 3, 2), s(3));
    check("conv2d_groups", in -> Tensor.conv2d(in.get(0), in.get(1), null, Conv2dParams.of(1, 1, 1, 2)), false, s(1, 4, 4, 4), s(2, 2, 3, 3));
    check("conv2d_same_even", in -> Tensor.conv2dSame(in.get(0), in.get(1), null, 1, 1, 1), false, s(1, 2, 4, 4), s(2, 2, 2, 2));
    check("conv_transpose2d", in -> Tensor.convTranspose2d(in.get(0), in.get(1), in.get(2), new Conv2dParams(2, 2, 1, 1, 1, 1, 1, 1, 1)), false, s(1, 2, 3, 3), s(2, 3, 3, 3), s(3));
    check("max_pool2d", in -> Tensor.maxPool2d(in.get(0), new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, true, true, 0)), false, s(1, 2, 5, 5));
    check("avg_pool2d", in -> Tensor.avgPool2d(in.get(0), new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false, false, 0)), false, s(1, 2, 5, 5));
    check("adaptive_avg_pool2d", in -> Tensor.adaptiveAvgPool2d(in.get(0), 2, 3), false, s(1, 2, 5, 7));
    check("batch_norm_train", in -> Tensor.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5), false, s(3, 2, 2, 3), s(2), s(2));
    check("batch_norm_train_2d_no_affine", in -> Tensor.batchNorm(in.get(0), null, null, null, null, true, 0.1, 1e-5), false, s(4, 3));
    check("batch_norm_eval", in -> Tensor.batchNorm(in.get(0), Tensor.of(new double[] {0.2, -0.3}).to(in.get(0).device()),
        Tensor.of(new double[] {0.5, 2.0}).to(in.get(0).device()), in.get(1), in.get(2), false, 0.1, 1e-5), false, s(2, 2, 3), s(2), s(2));
  }

  @TestFactory
  Stream<DynamicTest> gradcheckEveryDifferentiableOp() {
    return CHECKS.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Generator g = new Generator(c.name().hashCode());
      List<Tensor> inputs = new ArrayList<>();
      for (long[] shape : c.shapes()) {
        Tensor t = Tensor.rand(g, shape).to(DType.FLOAT64);
        // values in [0.2, 1.2] when positive, else +-[0.1, 1.1]: away from kinks and ties
        t = c.positive() ? t.add(0.2) : t.add(0.1).mul(Tensor.rand(g, shape).to(DType.FLOAT64).gt(0.5).to(DType.FLOAT64).mul(2.0).sub(1.0));
        inputs.add(t.to(device()).detach().requiresGrad(true));
      }
      GradCheck.Result r = GradCheck.check(c.f(), inputs);
      assertThat(r.passed()).as(c.name() + ": " + r.message()).isTrue();
    }));
  }
}
