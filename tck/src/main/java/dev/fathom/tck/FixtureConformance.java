package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import dev.fathom.DType;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op of the PyTorch fixtures: forward values, output dtype and shape, and the gradient of
 * every input, at the tolerances below.
 *
 * <p>Tolerances (FLOAT32): elementwise forward 1e-6 relative + 1e-6 absolute (PyTorch's vectorised
 * transcendental functions differ from Java's by an ulp or two); ops that sum many terms (matmul,
 * conv, reductions, softmax) and all gradients 1e-4 relative + 1e-5 absolute, since summation
 * order differs. FLOAT64: 1e-9 relative + 1e-12 absolute.
 */
public abstract class FixtureConformance extends TckBase {
  private static final Set<String> SUMMING = Set.of("matmul", "mm", "bmm", "conv2d", "conv_transpose2d", "sum", "mean", "var", "std",
      "prod", "logsumexp", "softmax", "log_softmax", "cumsum", "avg_pool2d", "adaptive_avg_pool2d");

  static final List<Fixtures.Case> CASES = Fixtures.load("fixtures/ops.json");

  @Test
  void everyFixtureOpHasAnEntryInTheOpTable() {
    List<String> missing = new ArrayList<>();
    for (Fixtures.Case c : CASES) {
      if (OpTable.get(c.op()) == null && !OpTable.TESTED_ELSEWHERE.contains(c.op())) missing.add(c.op());
    }
    assertThat(missing).as("fixture ops with no Fathom mapping").isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> pytorchFixtures() {
    return CASES.stream().filter(c -> OpTable.get(c.op()) != null).map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  private void run(Fixtures.Case c) {
    List<Tensor> inputs = new ArrayList<>();
    for (Tensor t : c.inputs()) {
      Tensor moved = t.to(device());
      if (moved != t) moved.retainGrad();
      inputs.add(moved);
    }
    Tensor[] out = OpTable.get(c.op()).apply(inputs, c.args());
    assertThat(out.length).as(c.name() + ": outputs").isEqualTo(c.outputs().size());
    boolean summing = SUMMING.contains(c.op());
    for (int i = 0; i < out.length; i++) {
      Tensor expected = Fixtures.expected(c.outputs().get(i).getAsJsonObject());
      double[] tol = tolerance(expected.dtype(), summing);
      TensorAssert.assertClose(out[i].to(dev.fathom.Device.cpu()), expected, tol[0], tol[1], c.name() + " output " + i);
    }
    if (!c.hasGrads()) return;
    Tensor gradOut = Fixtures.expected(c.gradOutput()).to(device());
    out[0].backward(gradOut);
    for (int k = 0; k < inputs.size(); k++) {
      JsonElement g = c.grads().get(k);
      if (g == null || g.isJsonNull()) continue;
      Tensor expected = Fixtures.expected(g.getAsJsonObject());
      Tensor actual = inputs.get(k).grad();
      assertThat(actual).as(c.name() + ": gradient of input " + k + " is missing").isNotNull();
      double[] tol = tolerance(expected.dtype(), true);
      TensorAssert.assertClose(actual.to(dev.fathom.Device.cpu()), expected, tol[0], tol[1], c.name() + " grad " + k);
    }
  }

  static double[] tolerance(DType dtype, boolean summing) {
    if (dtype == DType.FLOAT64) return new double[] {1e-9, 1e-12};
    if (!dtype.isFloatingPoint()) return new double[] {0, 0};
    return summing ? new double[] {1e-4, 1e-5} : new double[] {1e-6, 1e-6};
  }
}
