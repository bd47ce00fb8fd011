package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import dev.fathom.tck.TensorAssert;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reduced variants built from torchvision's own classes (gen_models.py): Fathom builds the same
 * variant, loads the .pth (or fills the formula weights) and must give torchvision's eval-mode
 * output, and where recorded the training-mode output and a first-layer gradient.
 *
 * <p>Tolerance: {@code 1e-4 * max(1, max|expected|)} absolute plus 1e-4 relative (float32 sums
 * over thousands of terms in a different order; the formula variants' outputs reach about 13).
 */
class ParityTest {
  static final double RTOL = 1e-4;

  static Stream<String> variants() {
    return ModelFixtures.variants().keySet().stream();
  }

  private static double atol(Tensor expected) {
    return 1e-4 * Math.max(1, expected.abs().max().item());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void printoutEqualsTorchvision(String name) {
    JsonObject v = ModelFixtures.variants().getAsJsonObject(name);
    assertThat(ModelFixtures.build(name, v.getAsJsonObject("spec")).toString()).isEqualTo(v.get("repr").getAsString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void evalOutputEqualsTorchvision(String name) {
    Module model = ModelFixtures.loadVariant(name);
    Map<String, Tensor> io = ModelFixtures.io(name);
    model.eval();
    Tensor out;
    try (var g = Fathom.noGrad()) {
      out = model.forward(io.get("input"));
    }
    Tensor expected = io.get("output");
    TensorAssert.assertClose(out, expected, RTOL, atol(expected), name + " eval output");
  }

  static Stream<String> trainedVariants() {
    return variants().filter(n -> !ModelFixtures.variants().getAsJsonObject(n).get("grad_key").isJsonNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainedVariants")
  void trainingOutputAndFirstConvGradientEqualTorchvision(String name) {
    Module model = ModelFixtures.loadVariant(name);
    Map<String, Tensor> io = ModelFixtures.io(name);
    model.train();
    Tensor out = model.forward(io.get("input"));
    out.square().sum().backward();
    TensorAssert.assertClose(out.detach(), io.get("train_output"), RTOL, atol(io.get("train_output")), name + " training output");
    String key = ModelFixtures.variants().getAsJsonObject(name).get("grad_key").getAsString();
    Tensor grad = model.parameter(key).grad();
    TensorAssert.assertClose(grad, io.get("grad"), 1e-3, 1e-3 * io.get("grad").abs().max().item(), name + " grad of " + key);
  }
}
