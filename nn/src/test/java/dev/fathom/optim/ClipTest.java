package dev.fathom.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** clipGradNorm / clipGradValue against torch.nn.utils (rtol 1e-6, atol 1e-7), and their edge cases. */
class ClipTest {
  static Stream<Arguments> cases() {
    return OptimFixtures.section("clipping").stream().map(c -> Arguments.of(c.get("name").getAsString(), c));
  }

  private static List<Tensor> paramsWithGrads(List<Tensor> grads) {
    List<Tensor> params = new ArrayList<>();
    for (Tensor g : grads) {
      Tensor p = Tensor.zerosLike(g).requiresGrad(true);
      p.setGrad(g);
      params.add(p);
    }
    return params;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPytorch(String name, JsonObject c) {
    List<Tensor> params = paramsWithGrads(OptimFixtures.tensors(c.get("grads")));
    if (c.get("kind").getAsString().equals("norm")) {
      String type = c.get("norm_type").getAsString();
      double normType = type.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(type);
      Tensor total = Clip.clipGradNorm(params, c.get("max_norm").getAsDouble(), normType);
      TensorAssert.assertClose(total, OptimFixtures.tensor(c.get("total_norm")), 1e-6, 1e-7, name + ": total norm");
    } else {
      Clip.clipGradValue(params, c.get("clip_value").getAsDouble());
    }
    List<Tensor> expected = OptimFixtures.tensors(c.get("expected"));
    for (int i = 0; i < params.size(); i++) {
      TensorAssert.assertClose(params.get(i).grad(), expected.get(i), 1e-6, 1e-7, name + ": grad " + i);
    }
  }

  @Test
  void clipGradNormSkipsParamsWithoutGradAndReturnsZeroWhenNoneHasOne() {
    Tensor p = Tensor.zeros(3).requiresGrad(true);
    assertThat(Clip.clipGradNorm(List.of(p), 1.0).item()).isZero();
    assertThat(p.grad()).isNull();
  }

  @Test
  void clipGradNormWithErrorIfNonfiniteRejectsANanNorm() {
    List<Tensor> params = paramsWithGrads(List.of(Tensor.of(new float[] {1, Float.NaN})));
    assertThatThrownBy(() -> Clip.clipGradNorm(params, 1.0, 2.0, true))
        .isInstanceOf(ArithmeticException.class).hasMessageContaining("non-finite");
  }

  @Test
  void clipGradNormWithoutTheCheckScalesByTheInfiniteNorm() {
    List<Tensor> params = paramsWithGrads(List.of(Tensor.of(new float[] {3, Float.POSITIVE_INFINITY})));
    Tensor total = Clip.clipGradNorm(params, 1.0, 2.0, false);
    assertThat(total.item()).isInfinite();
    assertThat(params.getFirst().grad().toFloatArray()).containsExactly(0f, Float.NaN);
  }
}
