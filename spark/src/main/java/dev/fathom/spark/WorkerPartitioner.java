package dev.fathom.spark;

import org.apache.spark.Partitioner;

/** Sends each epoch position to the worker that trains on it ({@link EpochPlan#workerOf}). */
final class WorkerPartitioner extends Partitioner {
  private final EpochPlan plan;

  WorkerPartitioner(EpochPlan plan) {
    this.plan = plan;
  }

  @Override
  public int numPartitions() {
    return plan.workers();
  }

  @Override
  public int getPartition(Object key) {
    return plan.workerOf((Long) key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkerPartitioner w && w.plan.equals(plan);
  }

  @Override
  public int hashCode() {
    return plan.hashCode();
  }
}
