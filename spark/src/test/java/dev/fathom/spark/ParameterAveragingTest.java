package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.Tensor;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Module;
import dev.fathom.optim.Optimizer;
import dev.fathom.optim.SGD;
import dev.fathom.train.History;
import dev.fathom.train.Metrics;
import dev.fathom.train.TensorBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterAveragingTest {
  private static final OptimizerFactory SGD_MOMENTUM = m -> new SGD(m.parameters(), SGD.options().lr(0.1).momentum(0.9));

  @Test
  void oneRoundEqualsTheHandComputedAverageOfTheWorkersLocalRuns() {
    int n = 128; // one epoch = 2 global steps of 2 x 32 = one round of k = 2
    List<Sample> data = TestData.classes(n, 5);
    SparkTrainer trainer = new SparkTrainer(TestData::mlp, SGD_MOMENTUM, CrossEntropyLoss::new,
        SparkTrainer.options().workers(2).batchSize(32).epochs(1).seed(3).parameterAveraging(2).verbose(false));
    Map<String, Tensor> initial = SyncTrainingTest.copy(trainer.model().stateDict());
    trainer.fit(LocalSpark.get().parallelize(data, 2), TestData.FORMAT, null);

    EpochPlan plan = new EpochPlan(n, 2, 32, 3, true, false);
    long[] order = plan.order(0);
    List<Module> replicas = new ArrayList<>();
    List<Optimizer> optimizers = new ArrayList<>();
    for (int worker = 0; worker < 2; worker++) {
      Module m = TestData.mlp();
      m.loadStateDict(initial);
      Optimizer opt = SGD_MOMENTUM.create(m);
      for (int step = 0; step < 2; step++) {
        int from = step * 64 + worker * 32;
        TensorBatch b = TestData.batch(data, order, from, from + 32);
        Tensor loss = new CrossEntropyLoss().forward(m.forward(b.inputs().get(0)), b.label());
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
      replicas.add(m);
      optimizers.add(opt);
    }
    Map<String, Tensor> got = trainer.model().stateDict();
    replicas.get(0).stateDict().forEach((k, a) -> {
      float[] x = a.toFloatArray(), y = replicas.get(1).stateDict().get(k).toFloatArray(), avg = new float[x.length];
      for (int i = 0; i < x.length; i++) avg[i] = (float) (((double) x[i] + y[i]) / 2);
      // the average is taken in double and rounded once, as here: equal up to that rounding
      assertThat(got.get(k).toFloatArray()).as(k).containsExactly(avg, within(1e-7f));
    });
    Tensor buf0 = momentum(optimizers.get(0)), buf1 = momentum(optimizers.get(1)), gotBuf = momentum(trainer.optimizer());
    assertThat(gotBuf.toFloatArray()).containsExactly(buf0.add(buf1).div(2).toFloatArray(), within(1e-7f));
  }

  @SuppressWarnings("unchecked")
  private static Tensor momentum(Optimizer opt) {
    Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) opt.stateDict().get("state");
    return (Tensor) state.get(0).get("momentum_buffer");
  }

  @Test
  void averagingEveryEightStepsLearnsTheToyProblem() {
    List<Sample> data = TestData.classes(1024, 9);
    List<Sample> valid = TestData.classes(256, 10);
    SparkTrainer trainer = new SparkTrainer(TestData::mlp, SGD_MOMENTUM, CrossEntropyLoss::new,
        SparkTrainer.options().workers(2).batchSize(32).epochs(3).seed(1).parameterAveraging(8)
            .metric("accuracy", Metrics::accuracy).timeout(Duration.ofSeconds(20)).verbose(false));
    History h = trainer.fit(LocalSpark.get().parallelize(data, 2), TestData.FORMAT, List.of(TestData.FORMAT.collate(valid)));
    assertThat(h.trainLoss().get(2)).isLessThan(0.5 * h.trainLoss().get(0));
    assertThat(h.validMetrics().get("accuracy").get(2)).isGreaterThan(0.9);
  }
}
