package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BatchNorm over several training-mode forwards (outputs, then running_mean, running_var and
 * num_batches_tracked), then one eval-mode forward, against PyTorch; tolerance 1e-5 rel + abs.
 */
class BatchNormSequenceTest {
  private static final Map<String, Supplier<Module>> BUILDERS = Map.of(
      "batch_norm2d_momentum_default", () -> new BatchNorm2d(3),
      "batch_norm2d_momentum_none_cumulative", () -> new BatchNorm2d(3, BatchNorm.options().momentum(null)),
      "batch_norm1d_momentum_0_3_eps_1e_3", () -> new BatchNorm1d(4, BatchNorm.options().eps(1e-3).momentum(0.3)),
      "batch_norm1d_no_running_stats", () -> new BatchNorm1d(2, BatchNorm.options().trackRunningStats(false)));

  @Test
  void everyFixtureSequenceHasABuilder() {
    assertThat(BUILDERS.keySet()).containsExactlyInAnyOrderElementsOf(NnFixtures.section("sequences").keySet());
  }

  @TestFactory
  Stream<DynamicTest> runningStatsAndEvalOutputMatchPyTorch() {
    return NnFixtures.section("sequences").values().stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> run(c)));
  }

  private static void run(JsonObject c) {
    String name = c.get("name").getAsString();
    Module bn = BUILDERS.get(name).get();
    assertThat(bn.toString()).isEqualTo(c.get("repr").getAsString());
    bn.loadStateDict(NnFixtures.stateDict(c.getAsJsonObject("state")));
    bn.train();
    JsonArray inputs = c.getAsJsonArray("train_inputs"), outputs = c.getAsJsonArray("train_outputs");
    for (int i = 0; i < inputs.size(); i++) {
      Tensor out = bn.forward(NnFixtures.tensor(inputs.get(i)));
      TensorAssert.assertClose(out, NnFixtures.tensor(outputs.get(i)), NnFixtures.RTOL, NnFixtures.ATOL, name + " training output " + i);
    }
    NnFixtures.assertStateClose(bn, c.getAsJsonObject("state_after_training"), name);
    bn.eval();
    try (var g = Fathom.noGrad()) {
      Tensor out = bn.forward(NnFixtures.tensor(c.get("eval_input")));
      TensorAssert.assertClose(out, NnFixtures.tensor(c.get("eval_output")), NnFixtures.RTOL, NnFixtures.ATOL, name + " eval output");
    }
  }
}
