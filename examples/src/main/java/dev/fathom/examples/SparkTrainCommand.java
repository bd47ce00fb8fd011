package dev.fathom.examples;

import dev.fathom.spark.SparkTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The course's CNN trained data-parallel on Apache Spark: synchronous all-reduce between the
 * workers (as PyTorch's DistributedDataParallel), or parameter averaging every k steps.
 */
@Command(name = "spark-train", mixinStandardHelpOptions = true,
    description = "Train the course's CNN on Fashion-MNIST across Spark workers (local[2] by default).")
public final class SparkTrainCommand implements Callable<Integer> {
  private static final Path FULL = Path.of("/usr/share/datasets/fashion-mnist");

  @Option(names = "--master", defaultValue = "local[2]", description = "Spark master URL (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--fashion-mnist", paramLabel = "DIR", description = "The four Fashion-MNIST IDX files (default: " + "/usr/share/datasets/fashion-mnist if present, else the bundled subset).")
  Path data;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Samples per worker per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--average-every", defaultValue = "0", description = "Parameter averaging every k steps instead of synchronous all-reduce (default: 0 = synchronous).")
  int averageEvery;

  @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images (0 = all).")
  int limit;

  @Option(names = "--runs", defaultValue = "runs", description = "Folder for run folders (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() {
    System.out.println(FathomCli.banner());
    Path dir = data != null ? data : Files.isDirectory(FULL) ? FULL : FashionData.bundledDir();
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("Fashion-MNIST folder " + dir + " does not exist");
    Path out = RunFolder.create(runs, "spark");
    SparkTraining.Result r = SparkTraining.train(SparkTraining.options().master(master).dataDir(dir).epochs(epochs)
        .batchSize(batchSize).parameterAveraging(averageEvery).trainLimit(limit).outDir(out));
    System.out.printf(Locale.ROOT, "Test accuracy: %.4f (%.0f samples/s); checkpoint, metrics.csv and curves.png in %s%n",
        r.testAccuracy(), r.timing().samplesPerSecond(), out);
    return 0;
  }
}
