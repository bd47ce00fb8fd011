package dev.fathom.spark;

import dev.fathom.Generator;
import dev.fathom.train.TensorBatch;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of one barrier task in synchronous mode: join the ring (addresses exchanged once with
 * {@code allGather}), build the replica from the broadcast state, run global steps
 * {@code [fromStep, toStep)} of {@code epoch} with an all-reduce each, and return the loss and (from
 * worker 0) the final state. A retry of the stage starts again from the same broadcast state.
 */
final class SyncStage extends AbstractFunction1<Iterator<Tuple2<Long, Sample>>, Iterator<StageResult>> implements Serializable {
  private final TrainingSpec spec;
  private final Broadcast<byte[]> state;
  private final int epoch;
  private final int fromStep;
  private final int toStep;
  private final long seed;

  SyncStage(TrainingSpec spec, Broadcast<byte[]> state, int epoch, int fromStep, int toStep, long seed) {
    this.spec = spec;
    this.state = state;
    this.epoch = epoch;
    this.fromStep = fromStep;
    this.toStep = toStep;
    this.seed = seed;
  }

  @Override
  public Iterator<StageResult> apply(Iterator<Tuple2<Long, Sample>> partition) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    EpochPlan plan = spec.plan();
    int rank = ctx.partitionId();
    BarrierTaskInfo[] infos = ctx.getTaskInfos();
    if (infos.length != plan.workers()) {
      throw new IllegalStateException("SparkTrainer: barrier stage has " + infos.length + " tasks, the plan " + plan.workers() + " workers");
    }
    String host = spec.bindHost() != null ? spec.bindHost() : hostOf(infos[rank].address());
    ServerSocketChannel server;
    String me;
    try {
      server = RingAllReduce.listen(host);
      me = host + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("SparkTrainer: worker " + rank + " cannot listen on " + host, e);
    }
    List<InetSocketAddress> peers = new ArrayList<>();
    try {
      for (String a : ctx.allGather(me)) peers.add(parse(a));
    } catch (RuntimeException e) {
      try {
        server.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    long token = (long) ctx.stageId() << 32 | ctx.stageAttemptNumber();
    Generator.global().manualSeed(seed ^ (0x9E3779B97F4A7C15L * (1 + epoch)) ^ (0xC2B2AE3D27D4EB4FL * (1 + fromStep)) ^ rank);
    ShardSteps shard = new ShardSteps(CollectionConverters.asJava(partition), plan);
    try (RingAllReduce ring = RingAllReduce.connect(rank, peers, server, token, spec.timeout(), ctx::killTaskIfInterrupted)) {
      Replica replica = new Replica(spec, state.value());
      double lossSum = 0;
      long samples = 0;
      long[] allReduce = {0};
      long t0 = System.nanoTime();
      for (int s = fromStep; s < toStep; s++) {
        List<Sample> mine = shard.next(s);
        TensorBatch batch = mine.isEmpty() ? null : spec.format().collate(mine);
        float share = (float) mine.size() / plan.samplesInStep(s);
        lossSum += replica.syncStep(batch, share, rank == 0, ring, allReduce);
        samples += mine.size();
      }
      long stepNanos = System.nanoTime() - t0;
      byte[] out = rank == 0 ? replica.state() : null;
      StageResult r = new StageResult(rank, lossSum, samples, toStep - fromStep, out, stepNanos, allReduce[0]);
      return CollectionConverters.asScala(List.of(r).iterator());
    }
  }

  /** The host part of an executor address ({@code host:port}, or a bare host). */
  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0 || address.indexOf(':') != colon) return address;
    return address.substring(0, colon);
  }

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
