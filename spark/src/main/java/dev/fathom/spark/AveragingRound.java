package dev.fathom.spark;

import dev.fathom.Generator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The body of one task of a parameter-averaging round: from the broadcast state, train alone on
 * this worker's batches of global steps {@code [fromStep, toStep)} and return the resulting state.
 * Tasks are independent, so Spark retries a failed one on its own.
 */
final class AveragingRound implements FlatMapFunction<Iterator<Tuple2<Long, Sample>>, StageResult> {
  private final TrainingSpec spec;
  private final Broadcast<byte[]> state;
  private final int epoch;
  private final int fromStep;
  private final int toStep;
  private final long seed;

  AveragingRound(TrainingSpec spec, Broadcast<byte[]> state, int epoch, int fromStep, int toStep, long seed) {
    this.spec = spec;
    this.state = state;
    this.epoch = epoch;
    this.fromStep = fromStep;
    this.toStep = toStep;
    this.seed = seed;
  }

  @Override
  public Iterator<StageResult> call(Iterator<Tuple2<Long, Sample>> partition) {
    int rank = TaskContext.get().partitionId();
    Generator.global().manualSeed(seed ^ (0x9E3779B97F4A7C15L * (1 + epoch)) ^ (0xC2B2AE3D27D4EB4FL * (1 + fromStep)) ^ rank);
    ShardSteps shard = new ShardSteps(partition, spec.plan());
    Replica replica = new Replica(spec, state.value());
    double lossSum = 0;
    long samples = 0;
    int steps = 0;
    long t0 = System.nanoTime();
    for (int s = fromStep; s < toStep; s++) {
      List<Sample> mine = shard.next(s);
      if (mine.isEmpty()) continue;
      lossSum += replica.localStep(spec.format().collate(mine));
      samples += mine.size();
      steps++;
    }
    long nanos = System.nanoTime() - t0;
    return List.of(new StageResult(rank, lossSum, samples, steps, steps > 0 ? replica.state() : null, nanos, 0)).iterator();
  }
}
