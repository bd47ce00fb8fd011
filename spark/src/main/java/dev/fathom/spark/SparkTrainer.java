package dev.fathom.spark;

import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import dev.fathom.nn.io.TorchFiles;
import dev.fathom.optim.Optimizer;
import dev.fathom.train.EarlyStopping;
import dev.fathom.train.History;
import dev.fathom.train.LabeledBatch;
import dev.fathom.train.Metric;
import dev.fathom.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Trains a model on a Spark cluster with data parallelism, with the {@link Trainer}'s features:
 * per-epoch train loss, validation (with metrics) on the driver, early stopping, restoring the best
 * weights, checkpoints ({@code .pth} files the single-process {@code Trainer} resumes too) and a
 * {@link History} for {@link dev.fathom.train.Curves}.
 *
 * <p><b>Modes.</b> {@link Options#synchronous() Synchronous} (the default) is PyTorch's
 * DistributedDataParallel: each step every worker computes gradients on its part of the global
 * batch, a ring all-reduce directly between the workers averages them, and every worker applies the
 * same optimizer step, so the replicas stay identical (floating-point buffers such as BatchNorm's
 * running statistics are broadcast from worker 0 each step). The workers run as one Spark barrier
 * stage per epoch (or per {@link Options#stepsPerStage} steps). The result equals one process
 * training with batch {@code workers * batchSize} over {@link EpochPlan#order}, up to float
 * rounding. {@link Options#parameterAveraging(int) Parameter averaging} is Deeplearning4j's
 * approach: each worker trains alone for {@code k} steps, then the driver averages the replicas'
 * parameters and optimizer state with {@code treeAggregate}; it needs no barrier and no connections
 * between workers, and Spark retries a failed task alone.
 *
 * <p><b>Data.</b> An RDD of {@link Sample}s; each epoch shuffles it with the seed (see
 * {@link EpochPlan}) into one partition per worker, sorted in the epoch's order. The loss must be a
 * mean over the batch (PyTorch's default reduction).
 *
 * <p><b>Faults.</b> Each stage starts from state broadcast by the driver, and the driver takes the
 * new state only from a finished stage. When a worker fails, Spark aborts and reruns the whole
 * barrier stage from that same state, so no step is lost or applied twice. Every socket wait has a
 * {@link Options#timeout timeout}: a hung peer fails the stage with an error naming it.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(
 *     () -> new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)),
 *     m -> new SGD(m.parameters(), SGD.options().lr(0.1).momentum(0.9)),
 *     CrossEntropyLoss::new,
 *     SparkTrainer.options().workers(2).batchSize(32).epochs(5).patience(2));
 * History h = trainer.fit(samples, SampleFormat.classification(4), validBatches);   // samples: JavaRDD<Sample>
 * Module trained = trainer.model();
 * }</pre>
 */
public final class SparkTrainer {
  /** Optional arguments, with the defaults shown. */
  public static final class Options {
    private int workers;
    private int batchSize = 32;
    private int epochs = 10;
    private long seed;
    private boolean shuffle = true;
    private boolean dropLast;
    private int averageEvery;
    private int stepsPerStage;
    private Duration timeout = Duration.ofSeconds(120);
    private String bindHost;
    private double clipGradNorm;
    private int patience;
    private String earlyStopping = "no_improvement";
    private double minDelta;
    private boolean restoreBestWeights;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private int checkpointEvery;
    private Path checkpointDir;
    private Path resumeFrom;
    private PrintStream out = System.out;
    private boolean verbose = true;

    /** Number of workers, one Spark task each (default: the context's default parallelism). */
    public Options workers(int v) {
      if (v < 1) throw new IllegalArgumentException("SparkTrainer: workers must be >= 1, got " + v);
      workers = v;
      return this;
    }

    /** Samples per worker per step (default 32); the global batch is {@code workers * batchSize}. */
    public Options batchSize(int v) {
      if (v < 1) throw new IllegalArgumentException("SparkTrainer: batchSize must be >= 1, got " + v);
      batchSize = v;
      return this;
    }

    /** Epochs to run (default 10). */
    public Options epochs(int v) {
      if (v < 1) throw new IllegalArgumentException("SparkTrainer: epochs must be >= 1, got " + v);
      epochs = v;
      return this;
    }

    /** Seed of the per-epoch shuffle and of the workers' random generators (default 0). */
    public Options seed(long v) { seed = v; return this; }

    /** Shuffle each epoch (default true); false keeps the RDD's order. */
    public Options shuffle(boolean v) { shuffle = v; return this; }

    /** Drop the last global batch when it is short (default false). */
    public Options dropLast(boolean v) { dropLast = v; return this; }

    /** Synchronous data parallelism with a ring all-reduce each step (the default). */
    public Options synchronous() { averageEvery = 0; return this; }

    /** Parameter averaging: each worker takes {@code k} local steps, then the replicas are averaged. */
    public Options parameterAveraging(int k) {
      if (k < 1) throw new IllegalArgumentException("SparkTrainer: averaging frequency must be >= 1 step, got " + k);
      averageEvery = k;
      return this;
    }

    /**
     * Synchronous mode: steps per barrier stage (default 0, a whole epoch). Shorter stages lose
     * less work to a retry but pay the stage start (about a second) more often.
     */
    public Options stepsPerStage(int v) {
      if (v < 0) throw new IllegalArgumentException("SparkTrainer: stepsPerStage must be >= 0, got " + v);
      stepsPerStage = v;
      return this;
    }

    /** How long a worker waits for a silent peer before failing the stage (default 120 s). */
    public Options timeout(Duration v) {
      if (v.isNegative() || v.isZero()) throw new IllegalArgumentException("SparkTrainer: timeout must be positive, got " + v);
      timeout = v;
      return this;
    }

    /** The address workers listen on for the ring (default: the executor's address, as Spark reports it). */
    public Options bindHost(String v) { bindHost = v; return this; }

    /** Clips the averaged gradients' total 2-norm to this before each step (0, the default, does not clip). */
    public Options clipGradNorm(double v) { clipGradNorm = v; return this; }

    /** Stop after this many epochs without improvement of the monitored loss; 0 (default) never stops early. */
    public Options patience(int v) {
      if (v < 0) throw new IllegalArgumentException("SparkTrainer: patience must be >= 0, got " + v);
      patience = v;
      return this;
    }

    /** {@code "no_improvement"} (default) or {@code "consecutive_increases"}, as {@link Trainer.Options#earlyStopping}. */
    public Options earlyStopping(String mode) {
      EarlyStopping.isConsecutiveIncreases(mode);
      earlyStopping = mode;
      return this;
    }

    /** The least decrease that counts as an improvement (default 0). */
    public Options minDelta(double v) { minDelta = v; return this; }

    /** Load the best epoch's weights back at the end (default false). */
    public Options restoreBestWeights(boolean v) { restoreBestWeights = v; return this; }

    /** A metric computed on the validation set each epoch, on the driver. */
    public Options metric(String name, Metric m) { metrics.put(name, m); return this; }

    /** Writes {@code dir/checkpoint.pth} (the {@link Trainer}'s format) every {@code n} epochs (0 = never). */
    public Options checkpoint(int n, Path dir) {
      if (n < 0) throw new IllegalArgumentException("SparkTrainer: checkpoint interval must be >= 0, got " + n);
      checkpointEvery = n;
      checkpointDir = dir;
      return this;
    }

    /** Continues the run saved in this checkpoint (model, optimizer, epochs done, history). */
    public Options resumeFrom(Path v) { resumeFrom = v; return this; }

    /** Where epoch lines go (default System.out). */
    public Options out(PrintStream v) { out = v; return this; }

    /** Prints one line per epoch (default true). */
    public Options verbose(boolean v) { verbose = v; return this; }
  }

  /**
   * Where the time of the last {@link #fit} went.
   *
   * @param steps optimizer steps (global steps in synchronous mode, local steps per worker in averaging mode)
   * @param stageSeconds wall time of the training stages or rounds on the driver, Spark overhead included
   * @param workerStepSeconds time worker 0 spent in its steps (synchronous), or the slowest worker's (averaging)
   * @param allReduceSeconds time worker 0 spent in the all-reduce (0 in averaging mode)
   * @param samples samples trained on
   */
  public record Timing(long steps, double stageSeconds, double workerStepSeconds, double allReduceSeconds, long samples) {
    /** Samples per second of stage wall time. */
    public double samplesPerSecond() {
      return stageSeconds == 0 ? 0 : samples / stageSeconds;
    }
  }

  private final TrainingParts parts;
  private final Module model;
  private final Optimizer optimizer;
  private final Module criterion;
  private final Options o;
  private Timing timing = new Timing(0, 0, 0, 0, 0);

  private record TrainingParts(SerializableSupplier<Module> model, OptimizerFactory optimizer, SerializableSupplier<Module> loss) {}

  public static Options options() {
    return new Options();
  }

  public SparkTrainer(SerializableSupplier<Module> model, OptimizerFactory optimizer, SerializableSupplier<Module> loss) {
    this(model, optimizer, loss, options());
  }

  /**
   * Builds the driver's replica at once: its initial parameters (change them through
   * {@link #model()} before {@link #fit}) are what every worker starts from.
   */
  public SparkTrainer(SerializableSupplier<Module> model, OptimizerFactory optimizer, SerializableSupplier<Module> loss, Options options) {
    this.parts = new TrainingParts(model, optimizer, loss);
    this.model = model.get();
    this.optimizer = optimizer.create(this.model);
    this.criterion = loss.get();
    this.o = options;
  }

  /** The driver's replica: the trained model after {@link #fit}. */
  public Module model() {
    return model;
  }

  /** The driver's optimizer, holding the optimizer state after {@link #fit}. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Where the time of the last {@link #fit} went. */
  public Timing timing() {
    return timing;
  }

  /**
   * Trains on {@code train} for the configured epochs; {@code valid} (batches on the driver) may be
   * null, then the train loss is monitored for early stopping.
   */
  public History fit(JavaRDD<Sample> train, SampleFormat format, Iterable<? extends LabeledBatch> valid) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.context());
    int workers = o.workers > 0 ? o.workers : jsc.defaultParallelism();
    Trainer driver = new Trainer(model, criterion, optimizer, driverOptions());
    Recorder rec = new Recorder(new EarlyStopping(o.earlyStopping, o.patience, o.minDelta));
    int start = 0;
    if (o.resumeFrom != null) start = resume(rec);
    JavaPairRDD<Sample, Long> indexed = train.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      EpochPlan plan = new EpochPlan(indexed.count(), workers, o.batchSize, o.seed, o.shuffle, o.dropLast);
      TrainingSpec spec = new TrainingSpec(parts.model(), parts.optimizer(), parts.loss(), format, plan, o.clipGradNorm, o.timeout, o.bindHost);
      Map<String, Tensor> bestState = o.restoreBestWeights && rec.stopping.bestEpoch() >= 0 ? snapshot() : null;
      Totals totals = new Totals();
      for (int epoch = start; epoch < o.epochs; epoch++) {
        long t0 = System.nanoTime();
        double trainLoss = trainEpoch(jsc, indexed, spec, epoch, totals);
        Trainer.Evaluation va = valid == null ? null : driver.evaluate(valid);
        double monitored = va == null ? trainLoss : va.loss();
        boolean improved = rec.add(trainLoss, va, optimizer.getLr(0), monitored);
        if (improved && o.restoreBestWeights) bestState = snapshot();
        if (o.verbose) o.out.println(epochLine(epoch, trainLoss, va, (System.nanoTime() - t0) / 1e9));
        if (o.checkpointEvery > 0 && (epoch + 1) % o.checkpointEvery == 0) {
          createDirectories(o.checkpointDir);
          driver.saveCheckpoint(o.checkpointDir.resolve("checkpoint.pth"), epoch + 1, rec.history(false));
        }
        if (rec.stopping.shouldStop() && epoch + 1 < o.epochs) {
          rec.stoppedEarly = true;
          if (o.verbose) o.out.println(rec.stopping.stopMessage(epoch + 1));
          break;
        }
      }
      if (o.restoreBestWeights && bestState != null) {
        model.loadStateDict(bestState);
        if (o.verbose) o.out.printf(Locale.ROOT, "Restored the weights of epoch %d%n", rec.stopping.bestEpoch() + 1);
      }
      timing = totals.timing();
      return rec.history(rec.stoppedEarly);
    } finally {
      indexed.unpersist(false);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("SparkTrainer: cannot create checkpoint folder " + dir, e);
    }
  }

  private Trainer.Options driverOptions() {
    Trainer.Options t = Trainer.options().verbose(false).progress(false);
    o.metrics.forEach(t::metric);
    return t;
  }

  /** Runs one epoch as stages (synchronous) or rounds (averaging); returns the mean train loss. */
  private double trainEpoch(JavaSparkContext jsc, JavaPairRDD<Sample, Long> indexed, TrainingSpec spec, int epoch, Totals totals) {
    EpochPlan plan = spec.plan();
    JavaPairRDD<Long, Sample> shards = shards(indexed, plan, epoch).persist(StorageLevel.MEMORY_ONLY());
    try {
      int steps = plan.stepsPerEpoch();
      int chunk = o.averageEvery > 0 ? o.averageEvery : o.stepsPerStage > 0 ? o.stepsPerStage : steps;
      double lossSum = 0;
      long samples = 0;
      for (int from = 0; from < steps; from += chunk) {
        int to = Math.min(steps, from + chunk);
        Broadcast<byte[]> state = jsc.broadcast(Replica.state(model, optimizer));
        long t0 = System.nanoTime();
        try {
          if (o.averageEvery > 0) {
            Average avg = shards.mapPartitions(new AveragingRound(spec, state, epoch, from, to, o.seed))
                .treeAggregate(new Average(), Average::add, Average::merge, 2);
            Map<?, ?> averaged = avg.averaged();
            if (averaged != null) Replica.load(model, optimizer, averaged);
            lossSum += avg.lossSum();
            samples += avg.samples();
            totals.add(to - from, System.nanoTime() - t0, avg.slowestNanos(), 0, avg.samples());
          } else {
            // The shuffle after the barrier stage makes it a shuffle-map stage: Spark reruns a failed
            // barrier shuffle-map stage as a whole, but aborts the job when a barrier result stage fails.
            List<StageResult> results = shards.rdd().barrier()
                .mapPartitions(new SyncStage(spec, state, epoch, from, to, o.seed), false, ClassTag$.MODULE$.apply(StageResult.class))
                .toJavaRDD().repartition(1).collect();
            StageResult first = null;
            long stageSamples = 0;
            for (StageResult r : results) {
              if (r.rank() == 0) first = r;
              lossSum += r.lossSum();
              stageSamples += r.samples();
            }
            if (first == null || first.state() == null) throw new IllegalStateException("SparkTrainer: worker 0 returned no state");
            Replica.load(model, optimizer, first.state());
            samples += stageSamples;
            totals.add(to - from, System.nanoTime() - t0, first.stepNanos(), first.allReduceNanos(), stageSamples);
          }
        } finally {
          state.destroy();
        }
      }
      return lossSum / samples;
    } finally {
      shards.unpersist(false);
    }
  }

  /** The epoch's data: one partition per worker, each sorted by position in the epoch's order. */
  static JavaPairRDD<Long, Sample> shards(JavaPairRDD<Sample, Long> indexed, EpochPlan plan, int epoch) {
    long used = plan.usedPositions();
    return indexed
        .mapToPair(t -> new Tuple2<>(plan.position(t._2(), epoch), t._1()))
        .filter(t -> t._1() < used)
        .repartitionAndSortWithinPartitions(new WorkerPartitioner(plan));
  }

  private Map<String, Tensor> snapshot() {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> copy.put(k, v.detach().clone()));
    return copy;
  }

  private String epochLine(int epoch, double trainLoss, Trainer.Evaluation va, double seconds) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d  train loss %.4f", epoch + 1, o.epochs, trainLoss));
    if (va != null) {
      sb.append(String.format(Locale.ROOT, "  valid loss %.4f", va.loss()));
      va.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  valid %s %.4f", k, v)));
    }
    return sb.append(String.format(Locale.ROOT, "  (%.1fs)", seconds)).toString();
  }

  @SuppressWarnings("unchecked")
  private int resume(Recorder rec) {
    Map<String, Object> ck;
    try {
      ck = (Map<String, Object>) TorchFiles.load(o.resumeFrom);
    } catch (IOException e) {
      throw new UncheckedIOException("SparkTrainer: cannot read checkpoint " + o.resumeFrom, e);
    }
    for (String key : List.of("epoch", "model_state_dict", "optimizer_state_dict", "history")) {
      if (!ck.containsKey(key)) throw new IllegalArgumentException("SparkTrainer: " + o.resumeFrom + " is not a Fathom checkpoint (no '" + key + "')");
    }
    model.loadStateDict((Map<String, Tensor>) (Map<?, ?>) ck.get("model_state_dict"));
    optimizer.loadStateDict((Map<String, Object>) ck.get("optimizer_state_dict"));
    rec.restore(History.fromMap((Map<String, Object>) ck.get("history")));
    return ((Number) ck.get("epoch")).intValue();
  }

  /** Per-epoch values and the early-stopping counters. */
  private static final class Recorder {
    final List<Double> trainLoss = new ArrayList<>();
    final List<Double> validLoss = new ArrayList<>();
    final List<Double> lr = new ArrayList<>();
    final Map<String, List<Double>> validMetrics = new LinkedHashMap<>();
    final EarlyStopping stopping;
    boolean stoppedEarly;

    Recorder(EarlyStopping stopping) {
      this.stopping = stopping;
    }

    /** Records an epoch; true when it is the new best. */
    boolean add(double train, Trainer.Evaluation va, double learningRate, double monitored) {
      trainLoss.add(train);
      if (va != null) {
        validLoss.add(va.loss());
        va.metrics().forEach((k, v) -> validMetrics.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
      lr.add(learningRate);
      return stopping.record(monitored);
    }

    void restore(History h) {
      trainLoss.addAll(h.trainLoss());
      validLoss.addAll(h.validLoss());
      lr.addAll(h.learningRate());
      h.validMetrics().forEach((k, v) -> validMetrics.put(k, new ArrayList<>(v)));
      stopping.replay(h);
    }

    History history(boolean stopped) {
      return History.of(trainLoss, validLoss, lr, Map.of(), validMetrics, stopping.bestEpoch(), stopped);
    }
  }

  private static final class Totals {
    long steps, nanos, workerNanos, allReduceNanos, samples;

    void add(long s, long stageNanos, long worker, long allReduce, long n) {
      steps += s;
      nanos += stageNanos;
      workerNanos += worker;
      allReduceNanos += allReduce;
      samples += n;
    }

    Timing timing() {
      return new Timing(steps, nanos / 1e9, workerNanos / 1e9, allReduceNanos / 1e9, samples);
    }
  }
}
