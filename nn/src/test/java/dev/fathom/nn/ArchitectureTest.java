package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Full-size models (course CNN, DCGAN generator and discriminator with nz=100, ngf=ndf=64, nc=3):
 * state-dict keys in PyTorch's order with their shapes and dtypes, named parameters, and the
 * printed module tree, each exactly as PyTorch 1.13 gives them.
 */
class ArchitectureTest {
  private static final Map<String, Supplier<Module>> BUILDERS = Map.of(
      "course_cnn", TestModels.CourseCNN::new,
      "small_cnn", TestModels.SmallCNN::new,
      "multi_input", TestModels.MultiInput::new,
      "dcgan_generator", () -> new TestModels.Generator(100, 64, 3),
      "dcgan_discriminator", () -> new TestModels.Discriminator(64, 3),
      "sequential_linear_sigmoid_linear", () -> new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1)));

  private static final Map<String, Module> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

  private static Module model(String name) {
    return BUILT.computeIfAbsent(name, n -> BUILDERS.get(n).get());
  }

  @Test
  void everyFixtureArchitectureHasABuilder() {
    assertThat(BUILDERS.keySet()).containsExactlyInAnyOrderElementsOf(NnFixtures.section("architectures").keySet());
  }

  @TestFactory
  Stream<DynamicTest> stateDictKeysShapesAndDtypesMatchPyTorch() {
    return NnFixtures.section("architectures").values().stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
      List<String> expected = new ArrayList<>();
      for (JsonElement e : c.getAsJsonArray("state_dict")) {
        JsonArray a = e.getAsJsonArray();
        expected.add(a.get(0).getAsString() + " " + a.get(1) .toString().replace(",", ", ") + " " + dev.fathom.DType.parse(a.get(2).getAsString()).torchName());
      }
      List<String> actual = new ArrayList<>();
      for (Map.Entry<String, Tensor> e : model(c.get("name").getAsString()).stateDict().entrySet()) {
        actual.add(e.getKey() + " " + Arrays.toString(e.getValue().shape()) + " " + e.getValue().dtype().torchName());
      }
      assertThat(actual).containsExactlyElementsOf(expected);
    }));
  }

  @TestFactory
  Stream<DynamicTest> namedParametersMatchPyTorch() {
    return NnFixtures.section("architectures").values().stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
      List<String> expected = new ArrayList<>();
      for (JsonElement e : c.getAsJsonArray("parameters")) expected.add(e.getAsJsonArray().get(0).getAsString());
      assertThat(model(c.get("name").getAsString()).namedParameters().keySet()).containsExactlyElementsOf(expected);
    }));
  }

  @TestFactory
  Stream<DynamicTest> printedTreeMatchesPyTorchRepr() {
    return NnFixtures.section("architectures").values().stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(),
        () -> assertThat(model(c.get("name").getAsString()).toString()).isEqualTo(c.get("repr").getAsString())));
  }

  @Test
  void dcganGeneratorStateDictHasBatchNormBuffersUnderSequentialIndices() {
    Map<String, Tensor> sd = model("dcgan_generator").stateDict();
    assertThat(sd).containsKeys("main.0.weight", "main.1.running_mean", "main.1.running_var", "main.1.num_batches_tracked", "main.12.weight");
    assertThat(sd.get("main.0.weight").shape()).containsExactly(100, 512, 4, 4);
  }
}
