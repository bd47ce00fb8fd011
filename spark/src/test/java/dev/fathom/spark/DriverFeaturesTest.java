package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Tensor;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.optim.SGD;
import dev.fathom.train.History;
import dev.fathom.train.LabeledBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverFeaturesTest {
  private static final JavaRDD<Sample> DATA = LocalSpark.get().parallelize(TestData.classes(192, 21), 2);
  private static final List<LabeledBatch> VALID = List.of(TestData.FORMAT.collate(TestData.classes(64, 22)));

  private static SparkTrainer trainer(double lr, SparkTrainer.Options options, Map<String, Tensor> initial) {
    SparkTrainer t = new SparkTrainer(TestData::mlp, m -> new SGD(m.parameters(), SGD.options().lr(lr).momentum(0.9)), CrossEntropyLoss::new,
        options.workers(2).batchSize(32).seed(4).verbose(false));
    t.model().loadStateDict(initial);
    return t;
  }

  @Test
  void aRunResumedFromItsCheckpointEndsAsTheUninterruptedRun(@TempDir Path dir) {
    Map<String, Tensor> initial = SyncTrainingTest.copy(TestData.mlp().stateDict());
    SparkTrainer whole = trainer(0.1, SparkTrainer.options().epochs(3), initial);
    History wholeHistory = whole.fit(DATA, TestData.FORMAT, VALID);

    trainer(0.1, SparkTrainer.options().epochs(2).checkpoint(1, dir), initial).fit(DATA, TestData.FORMAT, VALID);
    SparkTrainer resumed = trainer(0.1, SparkTrainer.options().epochs(3).resumeFrom(dir.resolve("checkpoint.pth")), initial);
    History h = resumed.fit(DATA, TestData.FORMAT, VALID);

    assertThat(h.trainLoss()).containsExactlyElementsOf(wholeHistory.trainLoss());
    assertThat(h.validLoss()).containsExactlyElementsOf(wholeHistory.validLoss());
    SyncTrainingTest.assertSameParameters(resumed.model(), whole.model(), 0f);
  }

  @Test
  void trainingStopsEarlyWhenTheValidationLossStopsImproving() {
    // lr 0: the validation loss never changes, so no epoch after the first improves on it
    History h = trainer(0, SparkTrainer.options().epochs(10).patience(2), SyncTrainingTest.copy(TestData.mlp().stateDict()))
        .fit(DATA, TestData.FORMAT, VALID);
    assertThat(h.epochs()).isEqualTo(3);
    assertThat(h.stoppedEarly()).isTrue();
    assertThat(h.bestEpoch()).isZero();
  }
}
