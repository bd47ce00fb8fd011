/**
 * Data-parallel training on Apache Spark: {@link dev.fathom.spark.SparkTrainer} trains a model over
 * an RDD of {@link dev.fathom.spark.Sample}s, either synchronously as PyTorch's
 * DistributedDataParallel (a barrier stage whose workers average gradients with
 * {@link dev.fathom.spark.RingAllReduce} every step) or by parameter averaging every k steps.
 * {@link dev.fathom.spark.EpochPlan} fixes which worker sees which sample at which step;
 * {@link dev.fathom.spark.SparkTraining} is the {@code fathom spark-train} example.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(MyNet::new, m -> new Adam(m.parameters(), 1e-3), CrossEntropyLoss::new,
 *     SparkTrainer.options().workers(4).batchSize(32).epochs(10));
 * History h = trainer.fit(samples, SampleFormat.classification(1, 28, 28), validBatches);
 * }</pre>
 */
package dev.fathom.spark;
