package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every full-size architecture against torchvision 0.14 (weights=None, fixtures/models/architectures.json.gz):
 * the ordered state-dict keys with their shapes, the parameter count and the printed module tree.
 */
class ArchitectureTest {
  static Stream<Arguments> architectures() {
    Map<String, Supplier<Module>> builders = new java.util.LinkedHashMap<>();
    builders.put("resnet18", Models::resnet18);
    builders.put("resnet34", Models::resnet34);
    builders.put("resnet50", Models::resnet50);
    builders.put("resnet101", Models::resnet101);
    builders.put("densenet121", Models::densenet121);
    builders.put("densenet169", Models::densenet169);
    // VGG's own initialisation (normal draws for 120M classifier weights) takes seconds per model;
    // it does not change keys, shapes or the printout, and InitTest checks it on a small VGG.
    builders.put("vgg11", () -> Models.vgg11(VGG.options().initWeights(false)));
    builders.put("vgg11_bn", () -> Models.vgg11Bn(VGG.options().initWeights(false)));
    builders.put("vgg16", () -> Models.vgg16(VGG.options().initWeights(false)));
    builders.put("vgg16_bn", () -> Models.vgg16Bn(VGG.options().initWeights(false)));
    builders.put("mobilenet_v2", Models::mobilenetV2);
    builders.put("alexnet", Models::alexnet);
    builders.put("squeezenet1_0", Models::squeezenet1_0);
    builders.put("squeezenet1_1", Models::squeezenet1_1);
    assertThat(builders.keySet()).containsExactlyInAnyOrderElementsOf(ModelFixtures.architectures().keySet());
    return builders.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void stateDictKeysShapesParameterCountAndPrintoutEqualTorchvision(String name, Supplier<Module> builder) {
    JsonObject expected = ModelFixtures.architectures().getAsJsonObject(name);
    Module model = builder.get();

    List<String> actualState = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) actualState.add(e.getKey() + " " + Arrays.toString(e.getValue().shape()));
    List<String> expectedState = new ArrayList<>();
    for (JsonElement e : expected.getAsJsonArray("state")) {
      var pair = e.getAsJsonArray();
      long[] shape = new long[pair.get(1).getAsJsonArray().size()];
      for (int i = 0; i < shape.length; i++) shape[i] = pair.get(1).getAsJsonArray().get(i).getAsLong();
      expectedState.add(pair.get(0).getAsString() + " " + Arrays.toString(shape));
    }
    assertThat(actualState).as(name + " state dict").containsExactlyElementsOf(expectedState);

    long count = 0;
    for (Tensor p : model.parameters()) count += p.numel();
    assertThat(count).as(name + " parameters").isEqualTo(expected.get("num_params").getAsLong());
    assertThat(model.toString()).as(name + " printout").isEqualTo(expected.get("repr").getAsString());
  }
}
