package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loadStateDict: key matching, reports, shape checks, casting and atomicity. */
class StateDictTest {
  private static Map<String, Tensor> copyOf(Map<String, Tensor> sd) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    sd.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  @Test
  void roundTripCopiesValuesIntoTheSameParameterTensors() {
    Linear a = new Linear(3, 2), b = new Linear(3, 2);
    Tensor before = b.weight();
    IncompatibleKeys r = b.loadStateDict(a.stateDict());
    assertThat(r.isEmpty()).isTrue();
    assertThat(b.weight()).isSameAs(before);
    assertThat(b.weight().toFloatArray()).containsExactly(a.weight().toFloatArray());
  }

  @Test
  void strictLoadReportsMissingAndUnexpectedKeysAndCopiesNothing() {
    Sequential target = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1));
    Map<String, Tensor> sd = copyOf(new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1)).stateDict());
    sd.remove("2.bias");
    sd.put("3.weight", Tensor.ones(1));
    float[] before = ((Linear) target.get(0)).weight().toFloatArray();
    assertThatThrownBy(() -> target.loadStateDict(sd)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: \"2.bias\".\n\tUnexpected key(s) in state_dict: \"3.weight\".");
    assertThat(((Linear) target.get(0)).weight().toFloatArray()).containsExactly(before);
  }

  @Test
  void nonStrictLoadReturnsTheReportAndLoadsTheRest() {
    Linear target = new Linear(2, 2);
    Map<String, Tensor> sd = Map.of("weight", Tensor.ones(2, 2), "extra", Tensor.ones(1));
    IncompatibleKeys r = target.loadStateDict(sd, false);
    assertThat(r.missingKeys()).containsExactly("bias");
    assertThat(r.unexpectedKeys()).containsExactly("extra");
    assertThat(target.weight().toFloatArray()).containsOnly(1f);
  }

  @Test
  void shapeMismatchFailsEvenWhenNotStrict() {
    Linear target = new Linear(2, 2);
    assertThatThrownBy(() -> target.loadStateDict(Map.of("weight", Tensor.ones(3, 2)), false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param with shape [3, 2] from checkpoint, the shape in current model is [2, 2].");
  }

  @Test
  void valuesAreCastToTheParameterDtype() {
    Linear target = new Linear(1, 1);
    target.loadStateDict(Map.of("weight", Tensor.of(new double[] {0.25}, 1, 1), "bias", Tensor.of(new double[] {-1}, 1)));
    assertThat(target.weight().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(target.weight().item()).isEqualTo(0.25);
  }

  @Test
  void batchNormWithoutNumBatchesTrackedLoadsItAsZeroAsPyTorchDoesForOldCheckpoints() {
    BatchNorm2d bn = new BatchNorm2d(2);
    bn.forward(Tensor.rand(2, 2, 2, 2));
    Map<String, Tensor> sd = copyOf(new BatchNorm2d(2).stateDict());
    sd.remove("num_batches_tracked");
    assertThat(bn.loadStateDict(sd).isEmpty()).isTrue();
    assertThat(bn.numBatchesTracked().longItem()).isZero();
  }

  @Test
  void oneElementVectorLoadsIntoAScalarBuffer() {
    BatchNorm1d bn = new BatchNorm1d(1);
    Map<String, Tensor> sd = copyOf(bn.stateDict());
    sd.put("num_batches_tracked", Tensor.of(new long[] {7}, 1));
    bn.loadStateDict(sd);
    assertThat(bn.numBatchesTracked().longItem()).isEqualTo(7);
  }

  @Test
  void loadedWeightsGiveTheSourceModelsOutput() {
    Module a = new TestModels.SmallCNN().eval(), b = new TestModels.SmallCNN().eval();
    b.loadStateDict(a.stateDict());
    Tensor x = Tensor.rand(2, 1, 12, 12);
    assertThat(b.forward(x).toFloatArray()).containsExactly(a.forward(x).toFloatArray());
  }
}
