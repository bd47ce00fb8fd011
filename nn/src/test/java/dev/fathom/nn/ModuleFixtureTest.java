package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every module case of nn_modules.json: the Java module prints as PyTorch's repr, loads PyTorch's
 * weights through loadStateDict, and gives PyTorch's output, input gradients, parameter gradients
 * and state after the forward (BatchNorm running stats), within {@link NnFixtures#RTOL}/ATOL.
 */
class ModuleFixtureTest {
  private static final Map<String, Supplier<Module>> BUILDERS = Map.ofEntries(
      Map.entry("linear", () -> new Linear(5, 3)),
      Map.entry("linear_no_bias_3d_input", () -> new Linear(5, 3, Linear.options().bias(false))),
      Map.entry("conv2d_basic", () -> new Conv2d(2, 3, 3)),
      Map.entry("conv2d_stride_padding_dilation_pairs", () -> new Conv2d(2, 4, new int[] {3, 2}, Conv2d.options().stride(2, 1).padding(1, 2).dilation(1, 2))),
      Map.entry("conv2d_groups_no_bias", () -> new Conv2d(4, 6, 3, Conv2d.options().padding(1).groups(2).bias(false))),
      Map.entry("conv2d_padding_same_even_kernel", () -> new Conv2d(2, 2, 4, Conv2d.options().padding("same"))),
      Map.entry("conv2d_padding_valid", () -> new Conv2d(1, 2, 3, Conv2d.options().padding("valid"))),
      Map.entry("conv2d_reflect", () -> new Conv2d(2, 2, 3, Conv2d.options().padding(1).paddingMode("reflect"))),
      Map.entry("conv2d_replicate", () -> new Conv2d(1, 2, 3, Conv2d.options().padding(2, 1).paddingMode("replicate"))),
      Map.entry("conv2d_circular", () -> new Conv2d(1, 1, 3, Conv2d.options().padding(1).paddingMode("circular"))),
      Map.entry("conv2d_same_reflect_even_kernel", () -> new Conv2d(1, 1, 4, Conv2d.options().padding("same").paddingMode("reflect"))),
      Map.entry("conv_transpose2d_stride2_output_padding", () -> new ConvTranspose2d(3, 2, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1))),
      Map.entry("conv_transpose2d_dcgan_first_layer", () -> new ConvTranspose2d(8, 4, 4, ConvTranspose2d.options().stride(1).padding(0).bias(false))),
      Map.entry("conv_transpose2d_groups_dilation", () -> new ConvTranspose2d(4, 4, 3, ConvTranspose2d.options().groups(2).dilation(2))),
      Map.entry("max_pool2d", () -> new MaxPool2d(2)),
      Map.entry("max_pool2d_stride_padding_ceil", () -> new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1).ceilMode(true))),
      Map.entry("max_pool2d_rect_dilation", () -> new MaxPool2d(new int[] {2, 3}, MaxPool2d.options().stride(1, 2).dilation(2, 1))),
      Map.entry("avg_pool2d", () -> new AvgPool2d(2)),
      Map.entry("avg_pool2d_exclude_pad_ceil", () -> new AvgPool2d(3, AvgPool2d.options().stride(2).padding(1).ceilMode(true).countIncludePad(false))),
      Map.entry("avg_pool2d_divisor_override", () -> new AvgPool2d(2, AvgPool2d.options().divisorOverride(3))),
      Map.entry("adaptive_avg_pool2d_2x3", () -> new AdaptiveAvgPool2d(new int[] {2, 3})),
      Map.entry("adaptive_avg_pool2d_global", () -> new AdaptiveAvgPool2d(1)),
      Map.entry("batch_norm1d_train", () -> new BatchNorm1d(3)),
      Map.entry("batch_norm1d_train_3d_input", () -> new BatchNorm1d(3)),
      Map.entry("batch_norm2d_train", () -> new BatchNorm2d(3)),
      Map.entry("batch_norm2d_eval", () -> new BatchNorm2d(3)),
      Map.entry("batch_norm2d_no_affine_no_stats", () -> new BatchNorm2d(2, BatchNorm.options().affine(false).trackRunningStats(false))),
      Map.entry("relu", ReLU::new),
      Map.entry("relu_inplace", () -> new ReLU(true)),
      Map.entry("leaky_relu", () -> new LeakyReLU(0.2)),
      Map.entry("sigmoid", Sigmoid::new),
      Map.entry("tanh", Tanh::new),
      Map.entry("softmax_dim1", () -> new Softmax(1)),
      Map.entry("log_softmax_dim1", () -> new LogSoftmax(1)),
      Map.entry("flatten", Flatten::new),
      Map.entry("flatten_0_2", () -> new Flatten(0, 2)),
      Map.entry("identity", Identity::new),
      Map.entry("dropout_eval", () -> new Dropout(0.3)),
      Map.entry("dropout2d_eval", () -> new Dropout2d(0.3)),
      Map.entry("sequential_linear_sigmoid_linear", () -> new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1))),
      Map.entry("small_cnn_train", TestModels.SmallCNN::new),
      Map.entry("small_cnn_eval", TestModels.SmallCNN::new),
      Map.entry("multi_input", TestModels.MultiInput::new),
      Map.entry("dcgan_small_generator_train", () -> new TestModels.Generator(8, 1, 1)),
      Map.entry("dcgan_small_discriminator_train", () -> new TestModels.Discriminator(1, 1)),
      Map.entry("bce_with_logits_loss_weight_pos_weight",
          () -> new BCEWithLogitsLoss(BCEWithLogitsLoss.options().weight(Tensor.zeros(3, 4)).posWeight(Tensor.zeros(4)))),
      Map.entry("cross_entropy_loss_module_weight_smoothing",
          () -> new CrossEntropyLoss(CrossEntropyLoss.options().weight(Tensor.zeros(5)).labelSmoothing(0.15))));

  @Test
  void everyFixtureModuleHasABuilder() {
    assertThat(BUILDERS.keySet()).containsExactlyInAnyOrderElementsOf(NnFixtures.section("modules").keySet());
  }

  @TestFactory
  Stream<DynamicTest> pytorchModuleFixtures() {
    return NnFixtures.section("modules").values().stream()
        .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> run(c)));
  }

  private static void run(JsonObject c) {
    String name = c.get("name").getAsString();
    Module m = BUILDERS.get(name).get();
    assertThat(m.toString()).as(name + ": repr").isEqualTo(c.get("repr").getAsString());
    m.loadStateDict(NnFixtures.stateDict(c.getAsJsonObject("state")));
    m.train(c.get("training").getAsBoolean());
    List<Tensor> inputs = new ArrayList<>();
    JsonArray gradInputs = c.getAsJsonArray("grad_inputs");
    for (int i = 0; i < c.getAsJsonArray("inputs").size(); i++) {
      Tensor x = NnFixtures.tensor(c.getAsJsonArray("inputs").get(i));
      inputs.add(gradInputs.get(i).isJsonNull() ? x : x.requiresGrad(true));
    }
    Tensor out = m.forward(inputs.toArray(new Tensor[0]));
    TensorAssert.assertClose(out, NnFixtures.tensor(c.get("output")), NnFixtures.RTOL, NnFixtures.ATOL, name + " output");
    NnFixtures.assertStateClose(m, c.has("state_after") ? c.getAsJsonObject("state_after") : c.getAsJsonObject("state"), name + " state after forward");
    out.backward(NnFixtures.tensor(c.get("grad_output")));
    for (int i = 0; i < inputs.size(); i++) {
      if (gradInputs.get(i).isJsonNull()) continue;
      assertThat(inputs.get(i).grad()).as(name + ": grad of input " + i).isNotNull();
      TensorAssert.assertClose(inputs.get(i).grad(), NnFixtures.tensor(gradInputs.get(i)), NnFixtures.RTOL, NnFixtures.ATOL, name + " grad of input " + i);
    }
    Map<String, Tensor> params = m.namedParameters();
    JsonObject grads = c.getAsJsonObject("grads");
    assertThat(params.keySet()).as(name + ": parameters with gradients").containsExactlyInAnyOrderElementsOf(grads.keySet());
    for (Map.Entry<String, JsonElement> g : grads.entrySet()) {
      TensorAssert.assertClose(params.get(g.getKey()).grad(), NnFixtures.tensor(g.getValue()), NnFixtures.RTOL, NnFixtures.ATOL, name + " grad of " + g.getKey());
    }
  }
}
