package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;
import dev.fathom.tck.Fixtures;
import dev.fathom.tck.TensorAssert;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The loss functions against PyTorch: every loss case of the TCK's fixtures/ops.json and of
 * nn_losses.json (weights with ignore_index and label smoothing, spatial targets, logits at 0),
 * values and input gradients, run as the TCK's FixtureConformance runs a case. Tolerance: 1e-5
 * relative + 1e-5 absolute for float32, 1e-9 + 1e-12 for float64.
 */
class LossFixtureTest {
  static final Set<String> LOSS_OPS = Set.of("mse_loss", "l1_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "nll_loss");

  private static List<Fixtures.Case> lossCases(String resource) {
    return Fixtures.load(resource).stream().filter(c -> LOSS_OPS.contains(c.op())).toList();
  }

  @Test
  void opsJsonHasLossCasesForEveryLoss() {
    assertThat(lossCases("fixtures/ops.json").stream().map(Fixtures.Case::op).distinct()).containsExactlyInAnyOrderElementsOf(LOSS_OPS);
  }

  @TestFactory
  Stream<DynamicTest> tckOpsJsonLossCases() {
    return lossCases("fixtures/ops.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  @TestFactory
  Stream<DynamicTest> nnLossesJsonCases() {
    List<Fixtures.Case> cases = Fixtures.load("fixtures/nn_losses.json");
    assertThat(cases).allMatch(c -> LOSS_OPS.contains(c.op()));
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  static Tensor call(String op, List<Tensor> in, JsonObject args) {
    String reduction = args.has("reduction") ? args.get("reduction").getAsString() : "mean";
    Tensor third = in.size() > 2 ? in.get(2) : null;
    long ignore = args.has("ignore_index") ? args.get("ignore_index").getAsLong() : -100;
    double smoothing = args.has("label_smoothing") ? args.get("label_smoothing").getAsDouble() : 0;
    return switch (op) {
      case "mse_loss" -> F.mseLoss(in.get(0), in.get(1), reduction);
      case "l1_loss" -> F.l1Loss(in.get(0), in.get(1), reduction);
      case "binary_cross_entropy" -> F.binaryCrossEntropy(in.get(0), in.get(1), third, reduction);
      case "binary_cross_entropy_with_logits" -> F.binaryCrossEntropyWithLogits(in.get(0), in.get(1), null, reduction, third);
      case "cross_entropy" -> F.crossEntropy(in.get(0), in.get(1), third, ignore, reduction, smoothing);
      case "nll_loss" -> F.nllLoss(in.get(0), in.get(1), third, ignore, reduction);
      default -> throw new IllegalArgumentException("not a loss: " + op);
    };
  }

  private static double[] tolerance(Tensor expected) {
    return expected.dtype() == dev.fathom.DType.FLOAT64 ? new double[] {1e-9, 1e-12} : new double[] {1e-5, 1e-5};
  }

  private static void run(Fixtures.Case c) {
    List<Tensor> inputs = c.inputs();
    Tensor out = call(c.op(), inputs, c.args());
    Tensor expected = Fixtures.expected(c.outputs().get(0).getAsJsonObject());
    double[] tol = tolerance(expected);
    TensorAssert.assertClose(out, expected, tol[0], tol[1], c.name() + " output");
    if (!c.hasGrads()) return;
    out.backward(Fixtures.expected(c.gradOutput()));
    for (int k = 0; k < inputs.size(); k++) {
      JsonElement g = c.grads().get(k);
      if (g == null || g.isJsonNull()) continue;
      Tensor grad = Fixtures.expected(g.getAsJsonObject());
      assertThat(inputs.get(k).grad()).as(c.name() + ": gradient of input " + k).isNotNull();
      TensorAssert.assertClose(inputs.get(k).grad(), grad, tol[0], tol[1], c.name() + " grad " + k);
    }
  }
}
