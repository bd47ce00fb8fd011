package dev.fathom.spark;

import dev.fathom.nn.Conv2d;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.train.Curves;
import dev.fathom.train.History;
import dev.fathom.train.LabeledBatch;
import dev.fathom.train.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code fathom spark-train} example as a call: trains the course's Fashion-MNIST CNN on Spark
 * ({@code local[2]} by default, or any master URL), validating on the test set each epoch, and
 * writes {@code checkpoint.pth}, {@code metrics.csv} and {@code curves.png} to the output folder.
 * Each worker reads its slice of the IDX files itself, so {@code dataDir} must be readable on every
 * executor (always true in local mode).
 *
 * <pre>{@code
 * SparkTraining.Result r = SparkTraining.train(SparkTraining.options().epochs(2).workers(2));
 * System.out.printf("test accuracy %.3f, %.0f samples/s%n", r.testAccuracy(), r.timing().samplesPerSecond());
 * SparkTraining.train(SparkTraining.options().master("spark://host:7077").parameterAveraging(8));
 * }</pre>
 */
public final class SparkTraining {
  /** Optional arguments, with the defaults shown. */
  public static final class Options {
    private String master = "local[2]";
    private SerializableSupplier<Module> model = SparkTraining::courseCnn;
    private Path dataDir = Path.of("/usr/share/datasets/fashion-mnist");
    private Path outDir = Path.of("runs", "spark-train");
    private int epochs = 2;
    private int batchSize = 32;
    private int workers;
    private double lr = 1e-3;
    private int averageEvery;
    private int trainLimit;
    private int testLimit;
    private long seed;
    private Duration timeout = Duration.ofSeconds(120);
    private final Map<String, String> conf = new LinkedHashMap<>();
    private PrintStream out = System.out;

    /** Spark master URL (default {@code local[2]}); ignored when a context is passed in. */
    public Options master(String v) { master = v; return this; }

    /** The model to train (default {@link #courseCnn()}); it gets {@code [B, 1, 28, 28]} and must give {@code [B, 10]}. */
    public Options model(SerializableSupplier<Module> v) { model = v; return this; }

    /** Folder with the four IDX files, gzipped or not (default {@code /usr/share/datasets/fashion-mnist}). */
    public Options dataDir(Path v) { dataDir = v; return this; }

    /** Where the checkpoint, metrics CSV and curves go (default {@code runs/spark-train}). */
    public Options outDir(Path v) { outDir = v; return this; }

    /** Epochs (default 2). */
    public Options epochs(int v) { epochs = v; return this; }

    /** Samples per worker per step (default 32). */
    public Options batchSize(int v) { batchSize = v; return this; }

    /** Workers (default: the context's default parallelism, 2 for {@code local[2]}). */
    public Options workers(int v) { workers = v; return this; }

    /** Adam's learning rate (default 1e-3). */
    public Options lr(double v) { lr = v; return this; }

    /** Parameter averaging every {@code k} steps instead of synchronous training (0, the default, is synchronous). */
    public Options parameterAveraging(int k) { averageEvery = k; return this; }

    /** Train on the first {@code n} training images only (0, the default, takes all 60000). */
    public Options trainLimit(int n) { trainLimit = n; return this; }

    /** Validate on the first {@code n} test images only (0, the default, takes all 10000). */
    public Options testLimit(int n) { testLimit = n; return this; }

    /** Shuffling seed (default 0). */
    public Options seed(long v) { seed = v; return this; }

    /** Peer timeout of the all-reduce (default 120 s). */
    public Options timeout(Duration v) { timeout = v; return this; }

    /** An extra Spark setting for the context this call creates (e.g. {@code spark.ui.enabled}). */
    public Options conf(String key, String value) { conf.put(key, value); return this; }

    /** Where epoch lines go (default System.out). */
    public Options out(PrintStream v) { out = v; return this; }
  }

  /**
   * What a run produced.
   *
   * @param history per-epoch losses and test accuracy
   * @param testAccuracy accuracy on the test set after the last epoch
   * @param timing where the training time went
   * @param model the trained model
   */
  public record Result(History history, double testAccuracy, SparkTrainer.Timing timing, Module model) {}

  private SparkTraining() {}

  public static Options options() {
    return new Options();
  }

  /**
   * The course's CNN as the {@code fathom train} command builds it (same state-dict keys):
   * Conv2d(1,16,3,p1)-ReLU-MaxPool2d(2)-Conv2d(16,32,3,p1)-ReLU-MaxPool2d(2)-Flatten-Linear(1568,128)-ReLU-Linear(128,10).
   */
  public static Module courseCnn() {
    return new Sequential(
        new Conv2d(1, 16, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(32 * 7 * 7, 128), new ReLU(), new Linear(128, 10));
  }

  /** Starts a Spark context on {@code options}' master, trains, and stops the context. */
  public static Result train(Options options) {
    SparkConf conf = new SparkConf().setMaster(options.master).setAppName("fathom spark-train").set("spark.ui.enabled", "false");
    if (options.master.startsWith("local")) conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    options.conf.forEach(conf::set);
    try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
      jsc.setLogLevel("WARN");
      return train(jsc, options);
    }
  }

  /** Trains on an existing context (its master and settings apply). */
  public static Result train(JavaSparkContext jsc, Options o) {
    int workers = o.workers > 0 ? o.workers : jsc.defaultParallelism();
    Path dir = o.dataDir;
    int size;
    List<LabeledBatch> test = new ArrayList<>();
    try {
      size = FashionMnist.size(dir, true);
      List<Sample> testSamples = FashionMnist.read(dir, false, o.testLimit);
      for (int i = 0; i < testSamples.size(); i += 500) test.add(FashionMnist.FORMAT.collate(testSamples.subList(i, Math.min(testSamples.size(), i + 500))));
    } catch (IOException e) {
      throw new UncheckedIOException("spark-train: cannot read Fashion-MNIST from " + dir, e);
    }
    int n = o.trainLimit > 0 ? Math.min(o.trainLimit, size) : size;
    JavaRDD<Sample> train = slices(jsc, dir.toString(), n, workers);
    double lr = o.lr;
    SparkTrainer.Options so = SparkTrainer.options().workers(workers).batchSize(o.batchSize).epochs(o.epochs).seed(o.seed)
        .timeout(o.timeout).metric("accuracy", Metrics::accuracy).checkpoint(1, o.outDir).out(o.out);
    if (o.averageEvery > 0) so.parameterAveraging(o.averageEvery);
    SparkTrainer trainer = new SparkTrainer(o.model, m -> new Adam(m.parameters(), lr), CrossEntropyLoss::new, so);
    o.out.printf(Locale.ROOT, "spark-train: %d training images on %d workers x batch %d (%s), master %s%n", n, workers, o.batchSize,
        o.averageEvery > 0 ? "parameter averaging every " + o.averageEvery + " steps" : "synchronous all-reduce", jsc.master());
    History h = trainer.fit(train, FashionMnist.FORMAT, test);
    try {
      h.writeCsv(o.outDir.resolve("metrics.csv"));
      Curves.save(h, o.outDir.resolve("curves.png"));
    } catch (IOException e) {
      throw new UncheckedIOException("spark-train: cannot write to " + o.outDir, e);
    }
    List<Double> acc = h.validMetrics().get("accuracy");
    SparkTrainer.Timing t = trainer.timing();
    o.out.printf(Locale.ROOT, "spark-train: test accuracy %.4f; %.1f samples/s over %d steps (all-reduce %.1f%% of worker time)%n",
        acc.getLast(), t.samplesPerSecond(), t.steps(), t.workerStepSeconds() == 0 ? 0 : 100 * t.allReduceSeconds() / t.workerStepSeconds());
    return new Result(h, acc.getLast(), t, trainer.model());
  }

  /** One partition per worker, each reading its slice of the training files on the executor. */
  private static JavaRDD<Sample> slices(JavaSparkContext jsc, String dir, int n, int parts) {
    List<int[]> ranges = new ArrayList<>();
    for (int p = 0; p < parts; p++) ranges.add(new int[] {(int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)});
    return jsc.parallelize(ranges, parts).flatMap(r -> FashionMnist.read(Path.of(dir), true, r[0], r[1]).iterator());
  }
}
