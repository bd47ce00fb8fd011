package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Tensor;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Module;
import dev.fathom.optim.SGD;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

class FaultToleranceTest {
  private static final int N = 256; // 4 global steps of 2 x 32 per epoch

  /** A cross-entropy loss that misbehaves in worker 1 on the first attempt of every stage, at its 3rd batch. */
  static final class FaultyLoss extends Module {
    private final boolean hang;
    private int calls;

    FaultyLoss(boolean hang) {
      this.hang = hang;
      registerModule("ce", new CrossEntropyLoss());
    }

    @Override
    public Tensor forward(Tensor output, Tensor target) {
      TaskContext ctx = TaskContext.get();
      if (++calls == 3 && ctx != null && ctx.stageAttemptNumber() == 0 && ctx.partitionId() == 1) {
        if (!hang) throw new IllegalStateException("injected failure in worker 1");
        while (!ctx.isInterrupted()) sleep();
        throw new IllegalStateException("hung worker 1 was killed");
      }
      return child("ce").forward(output, target);
    }

    private static void sleep() {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static final List<String> FAILURES = new CopyOnWriteArrayList<>();

  static {
    LocalSpark.get().sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure f) FAILURES.add(f.toErrorString());
      }
    });
  }

  private static Module train(SerializableSupplier<Module> loss, Map<String, Tensor> initial, Duration timeout) {
    JavaRDD<Sample> rdd = LocalSpark.get().parallelize(TestData.classes(N, 3), 2);
    SparkTrainer trainer = new SparkTrainer(TestData::mlp, m -> new SGD(m.parameters(), SGD.options().lr(0.1).momentum(0.9)), loss,
        SparkTrainer.options().workers(2).batchSize(32).epochs(2).seed(11).timeout(timeout).verbose(false));
    trainer.model().loadStateDict(initial);
    trainer.fit(rdd, TestData.FORMAT, null);
    return trainer.model();
  }

  private static final Map<String, Tensor> INITIAL = SyncTrainingTest.copy(TestData.mlp().stateDict());
  private static Module clean;

  /** The uninterrupted run both tests compare with. */
  private static synchronized Module clean() {
    if (clean == null) clean = train(CrossEntropyLoss::new, INITIAL, Duration.ofSeconds(20));
    return clean;
  }

  @Test
  void aWorkerThatFailsMidStageIsRetriedAndTheResultEqualsAnUninterruptedRun() {
    FAILURES.clear();
    Module faulty = train(() -> new FaultyLoss(false), INITIAL, Duration.ofSeconds(20));
    assertThat(FAILURES).anyMatch(f -> f.contains("injected failure in worker 1"));
    // the same computations in the same order: bitwise equal
    SyncTrainingTest.assertSameParameters(faulty, clean(), 0f);
  }

  @Test
  void aHungWorkerEndsTheStageWithATimeoutNamingItAndTheRetryFinishesTheRun() {
    FAILURES.clear();
    Module recovered = train(() -> new FaultyLoss(true), INITIAL, Duration.ofSeconds(2));
    assertThat(FAILURES).anyMatch(f -> f.contains("timed out: nothing arrived from worker 1"));
    SyncTrainingTest.assertSameParameters(recovered, clean(), 0f);
  }
}
