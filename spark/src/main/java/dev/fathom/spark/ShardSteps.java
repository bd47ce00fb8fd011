package dev.fathom.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * Cuts one worker's partition, {@code (position, sample)} pairs sorted by position, into the
 * worker's batches step by step.
 */
final class ShardSteps {
  private final Iterator<Tuple2<Long, Sample>> it;
  private final EpochPlan plan;
  private Tuple2<Long, Sample> pending;

  ShardSteps(Iterator<Tuple2<Long, Sample>> it, EpochPlan plan) {
    this.it = it;
    this.plan = plan;
  }

  /** This worker's samples for global step {@code step} (steps must be asked in increasing order). */
  List<Sample> next(int step) {
    List<Sample> out = new ArrayList<>(plan.batchSize());
    while (true) {
      if (pending == null) {
        if (!it.hasNext()) return out;
        pending = it.next();
      }
      int s = plan.stepOf(pending._1());
      if (s > step) return out;
      if (s == step) out.add(pending._2());
      pending = null;
    }
  }
}
