package dev.fathom.examples;

import com.google.gson.Gson;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Dataset;
import dev.fathom.data.Datasets;
import dev.fathom.data.Sample;
import dev.fathom.data.Subset;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.Summary;
import dev.fathom.nn.io.SafeTensors;
import dev.fathom.optim.Adam;
import dev.fathom.train.Curves;
import dev.fathom.train.History;
import dev.fathom.train.Metrics;
import dev.fathom.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains the course's CNN (Conv2d/ReLU/MaxPool2d twice, Flatten, Linear/ReLU/Linear) with the
 * Trainer: progress, per-epoch train/validation loss and accuracy, early stopping, test accuracy, and
 * a run folder with {@code model.safetensors}, {@code curves.png}, {@code summary.txt} and
 * {@code metrics.csv}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the course's CNN on Fashion-MNIST (or an ImageFolder).")
public final class TrainCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions = new DataOptions();

  @Option(names = "--epochs", defaultValue = "8", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Adam's weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--hidden", defaultValue = "128", description = "Width of the hidden Linear layer (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--patience", defaultValue = "3", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--workers", defaultValue = "1", description = "DataLoader worker threads (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runs", defaultValue = "runs", description = "Folder for run folders (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() throws Exception {
    Fathom.manualSeed(seed);
    System.out.println(FathomCli.banner());
    FashionData data = dataOptions.load();
    Dataset<Sample<Object, Long>> all = FashionData.limit(data.train(), dataOptions.limit);
    List<Subset<Sample<Object, Long>>> split = Datasets.randomSplit(all, new double[] {0.9, 0.1}, new Generator(seed));
    System.out.printf(Locale.ROOT, "Data: %s (%d train, %d validation, %d test images, %d classes)%n",
        data.description(), split.get(0).size(), split.get(1).size(), data.test().size(), data.classes().size());

    DataLoader<dev.fathom.data.Batch> trainLoader = new DataLoader<>(split.get(0),
        DataLoader.options().batchSize(batchSize).shuffle(true).generator(new Generator(seed + 1)).numWorkers(workers));
    DataLoader<dev.fathom.data.Batch> validLoader = new DataLoader<>(split.get(1), DataLoader.options().batchSize(256).numWorkers(workers));
    DataLoader<dev.fathom.data.Batch> testLoader = new DataLoader<>(data.test(), DataLoader.options().batchSize(256).numWorkers(workers));

    Sequential model = Networks.cnn(1, data.classes().size(), hidden);
    Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), Adam.options().lr(lr).weightDecay(weightDecay)),
        Trainer.options().epochs(epochs).patience(patience).restoreBestWeights(true).metric("accuracy", Metrics::accuracy));
    History history = trainer.fit(trainLoader, validLoader);
    Trainer.Evaluation test = trainer.evaluate(testLoader);
    System.out.printf(Locale.ROOT, "Test accuracy: %.4f (loss %.4f)%n", test.metrics().get("accuracy"), test.loss());

    Path dir = RunFolder.create(runs, null);
    saveModel(dir.resolve("model.safetensors"), model, data.classes(), hidden);
    Curves.save(history, dir.resolve("curves.png"));
    history.writeCsv(dir.resolve("metrics.csv"));
    Files.writeString(dir.resolve("summary.txt"), Summary.of(model, 1, 28, 28).toString()
        + String.format(Locale.ROOT, "%nTest accuracy: %.4f%n", test.metrics().get("accuracy")));
    System.out.println("Saved model, curves.png, summary.txt and metrics.csv in " + dir);
    return 0;
  }

  /** Saves the CNN with what {@code predict} needs to rebuild it in the file's metadata. */
  static void saveModel(Path file, Sequential model, List<String> classes, int hidden) throws java.io.IOException {
    SafeTensors.save(file, model.stateDict(), Map.of(
        "fathom.arch", "fashion-cnn", "fathom.classes", new Gson().toJson(classes), "fathom.hidden", Integer.toString(hidden),
        "fathom.mean", Double.toString(FashionData.MEAN), "fathom.std", Double.toString(FashionData.STD)));
  }
}
