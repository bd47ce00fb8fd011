package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm1d;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  private static Module model() {
    return new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 2));
  }

  @Test
  void modelAndOptimizerStateSurviveTheRoundTripBitForBit() {
    Module a = model();
    Optimizer optA = new Adam(a.parameters(), 0.01);
    a.forward(Tensor.randn(5, 3)).sum().backward();
    optA.step();
    byte[] bytes = Replica.state(a, optA);

    Module b = model();
    Optimizer optB = new Adam(b.parameters(), 0.5);
    Replica.load(b, optB, bytes);

    a.stateDict().forEach((k, v) -> assertThat(b.stateDict().get(k).toFloatArray()).as(k).containsExactly(v.toFloatArray()));
    assertThat(b.stateDict().get("1.num_batches_tracked").toLongArray()).containsExactly(1);
    assertThat(optB.getLr(0)).isEqualTo(0.01);
    assertThat(Replica.state(b, optB)).containsExactly(bytes);
  }

  @Test
  void scalarsListsAndNullsKeepTheirTypes() {
    Map<Object, Object> tree = new LinkedHashMap<>();
    tree.put(0, List.of(1L, 2.5, "x", true));
    tree.put("none", null);
    tree.put("ints", Tensor.of(new int[] {1, -2}, 2));
    assertThat(StateCodec.decode(StateCodec.encode(tree)).toString()).isEqualTo(tree.toString());
  }

  @Test
  void floatingTensorsAreAveragedAndIntegerOnesKept() {
    Map<String, Object> a = Map.of("w", Tensor.of(new float[] {1, 2}, 2), "n", Tensor.of(new long[] {3}, 1));
    Map<String, Object> b = Map.of("w", Tensor.of(new float[] {3, 5}, 2), "n", Tensor.of(new long[] {3}, 1));
    double[] sums = new double[(int) StateCodec.floatingCount(a)];
    StateCodec.accumulate(a, sums, 0);
    StateCodec.accumulate(b, sums, 0);
    Map<?, ?> avg = (Map<?, ?>) StateCodec.withFloating(a, sums, 2);
    assertThat(((Tensor) avg.get("w")).toFloatArray()).containsExactly(2f, 3.5f);
    assertThat(((Tensor) avg.get("n")).toLongArray()).containsExactly(3);
  }
}
