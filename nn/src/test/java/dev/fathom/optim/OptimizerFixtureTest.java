package dev.fathom.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Five steps of every optimizer and option combination against PyTorch 1.13 (fixtures/optim.json):
 * the same grads are set each step and the params compared after every step. Tolerance: rtol 1e-6
 * plus atol 1e-7 (float32 params of magnitude about 1; the update order of PyTorch's kernels and
 * ours differs at most by an ulp per op).
 */
class OptimizerFixtureTest {
  static final double RTOL = 1e-6, ATOL = 1e-7;
  /** Group keys of PyTorch's implementation choices, which Fathom's groups do not carry. */
  static final Set<String> PYTORCH_ONLY_KEYS = Set.of("foreach", "capturable", "differentiable", "fused");

  static Stream<Arguments> cases() {
    return OptimFixtures.section("optimizers").stream().map(c -> Arguments.of(c.get("name").getAsString(), c));
  }

  private static List<Tensor> initialParams(JsonObject c, boolean strided) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : OptimFixtures.tensors(c.get("params"))) out.add(strided ? OptimFixtures.strided(t) : t);
    return out;
  }

  /** Sets step {@code k}'s grads (fresh contiguous tensors) and steps. */
  private static void step(Optimizer opt, List<Tensor> params, JsonObject c, int k) {
    List<Tensor> grads = OptimFixtures.tensors(c.getAsJsonArray("grads").get(k));
    for (int i = 0; i < params.size(); i++) params.get(i).setGrad(grads.get(i));
    opt.step();
  }

  private static void assertParams(List<Tensor> params, JsonObject c, int k, String what) {
    List<Tensor> expected = OptimFixtures.tensors(c.getAsJsonArray("expected").get(k));
    for (int i = 0; i < params.size(); i++) {
      TensorAssert.assertClose(params.get(i), expected.get(i), RTOL, ATOL, what + ": param " + i + " after step " + (k + 1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedPathMatchesPytorchAfterEachStep(String name, JsonObject c) {
    List<Tensor> params = initialParams(c, false);
    Optimizer opt = OptimFixtures.optimizer(c, params);
    for (int k = 0; k < 5; k++) {
      step(opt, params, c, k);
      assertParams(params, c, k, name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tensorOpPathMatchesPytorchAndTheFusedPathBitForBit(String name, JsonObject c) {
    List<Tensor> fast = initialParams(c, false), strided = initialParams(c, true);
    assertThat(strided.getFirst().isContiguous()).isFalse();
    Optimizer a = OptimFixtures.optimizer(c, fast), b = OptimFixtures.optimizer(c, strided);
    for (int k = 0; k < 5; k++) {
      step(a, fast, c, k);
      step(b, strided, c, k);
      assertParams(strided, c, k, name + " (strided)");
      for (int i = 0; i < fast.size(); i++) {
        assertThat(strided.get(i).toFloatArray()).as(name + ": param " + i + " step " + (k + 1)).containsExactly(fast.get(i).toFloatArray());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stateDictAfterThreeStepsHasPytorchsStructureAndValues(String name, JsonObject c) {
    List<Tensor> params = initialParams(c, false);
    Optimizer opt = OptimFixtures.optimizer(c, params);
    for (int k = 0; k < 3; k++) step(opt, params, c, k);
    Map<String, Object> ours = opt.stateDict();
    Map<String, Object> theirs = OptimFixtures.map(c.get("state_dict_after_3"));
    assertThat(ours.keySet()).containsExactly("state", "param_groups");

    Map<?, ?> ourState = (Map<?, ?>) ours.get("state"), theirState = (Map<?, ?>) theirs.get("state");
    assertThat(ourState.keySet().stream().map(String::valueOf).toList()).as("state keys").containsExactlyElementsOf(
        theirState.keySet().stream().map(String::valueOf).toList());
    for (Map.Entry<?, ?> e : ourState.entrySet()) {
      Map<?, ?> mine = (Map<?, ?>) e.getValue(), ref = (Map<?, ?>) theirState.get(String.valueOf(e.getKey()));
      assertThat(List.<Object>copyOf(mine.keySet())).as("state[" + e.getKey() + "] keys").containsExactlyElementsOf(List.<Object>copyOf(ref.keySet()));
      for (Map.Entry<?, ?> s : mine.entrySet()) {
        Object v = s.getValue(), r = ref.get(s.getKey());
        String what = name + ": state[" + e.getKey() + "]." + s.getKey();
        if (r instanceof Tensor rt) TensorAssert.assertClose((Tensor) v, rt, RTOL, ATOL, what);
        else assertThat(v).as(what).isEqualTo(r);
      }
    }

    List<?> ourGroups = (List<?>) ours.get("param_groups"), theirGroups = (List<?>) theirs.get("param_groups");
    assertThat(ourGroups).hasSameSizeAs(theirGroups);
    for (int i = 0; i < ourGroups.size(); i++) {
      Map<?, ?> mine = (Map<?, ?>) ourGroups.get(i), ref = (Map<?, ?>) theirGroups.get(i);
      List<Object> refKeys = new ArrayList<>(ref.keySet());
      refKeys.removeAll(PYTORCH_ONLY_KEYS);
      assertThat(List.<Object>copyOf(mine.keySet())).as(name + ": group keys in order").containsExactlyElementsOf(refKeys);
      for (Map.Entry<?, ?> e : mine.entrySet()) {
        Object v = e.getValue(), r = ref.get(e.getKey());
        String what = name + ": param_groups[" + i + "]." + e.getKey();
        if (v instanceof Number || v instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Double) {
          assertThat(numbers(v)).as(what).containsExactly(numbers(r));
        } else {
          assertThat(v).as(what).isEqualTo(r);
        }
      }
    }
  }

  private static double[] numbers(Object v) {
    if (v instanceof Number n) return new double[] {n.doubleValue()};
    return ((List<?>) v).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pytorchStateDictLoadedAfterThreeStepsContinuesToPytorchsFifthStep(String name, JsonObject c) {
    List<Tensor> params = new ArrayList<>(OptimFixtures.tensors(c.getAsJsonArray("expected").get(2)));
    Optimizer opt = OptimFixtures.optimizer(c, params);
    opt.loadStateDict(OptimFixtures.map(c.get("state_dict_after_3")));
    step(opt, params, c, 3);
    step(opt, params, c, 4);
    assertParams(params, c, 4, name + " (resumed from PyTorch's state)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ownStateDictRoundTripEqualsUninterruptedSteps(String name, JsonObject c) {
    List<Tensor> straight = initialParams(c, false), first = initialParams(c, false);
    Optimizer a = OptimFixtures.optimizer(c, straight), b = OptimFixtures.optimizer(c, first);
    for (int k = 0; k < 5; k++) step(a, straight, c, k);
    for (int k = 0; k < 3; k++) step(b, first, c, k);
    Map<String, Object> saved = b.stateDict();

    List<Tensor> resumed = new ArrayList<>();
    for (Tensor p : first) resumed.add(p.clone());
    Optimizer restored = OptimFixtures.optimizer(c, resumed);
    restored.loadStateDict(saved);
    for (int k = 3; k < 5; k++) step(restored, resumed, c, k);
    for (int i = 0; i < resumed.size(); i++) {
      assertThat(resumed.get(i).toFloatArray()).as(name + ": param " + i).containsExactly(straight.get(i).toFloatArray());
    }
  }
}
