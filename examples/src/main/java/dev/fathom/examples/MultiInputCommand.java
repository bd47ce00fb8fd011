package dev.fathom.examples;

import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Dataset;
import dev.fathom.data.Datasets;
import dev.fathom.data.Sample;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.optim.Adam;
import dev.fathom.train.History;
import dev.fathom.train.Metrics;
import dev.fathom.train.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A multi-input network: a CNN branch on the image and a fully connected branch on tabular
 * features derived from it (brightness statistics and centre of mass), concatenated.
 */
@Command(name = "multi-input", mixinStandardHelpOptions = true, description = "Train an image + tabular two-branch network on Fashion-MNIST.")
public final class MultiInputCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions = new DataOptions();

  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Number of tabular features {@link #features} computes. */
  static final int FEATURES = 7;

  /**
   * Tabular features of a normalised [1, 28, 28] image: mean and std of [0, 1] intensity, share of
   * bright pixels, vertical and horizontal centre of mass, share of mass in the top and left halves.
   */
  static Tensor features(Tensor image) {
    float[] p = FashionData.toUnit(image).toFloatArray();
    double sum = 0, sq = 0, bright = 0, cy = 0, cx = 0, top = 0, left = 0;
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        double v = p[y * 28 + x];
        sum += v;
        sq += v * v;
        if (v > 0.5) bright++;
        cy += v * y;
        cx += v * x;
        if (y < 14) top += v;
        if (x < 14) left += v;
      }
    }
    double n = 784, mean = sum / n, mass = Math.max(sum, 1e-6);
    return Tensor.of(new float[] {(float) mean, (float) Math.sqrt(Math.max(sq / n - mean * mean, 0)), (float) (bright / n),
        (float) (cy / mass / 27), (float) (cx / mass / 27), (float) (top / mass), (float) (left / mass)});
  }

  @Override
  public Integer call() {
    Fathom.manualSeed(seed);
    System.out.println(FathomCli.banner());
    FashionData data = dataOptions.load();
    Dataset<Sample<List<Tensor>, Long>> all = FashionData.limit(data.train(), dataOptions.limit).map(MultiInputCommand::twoInputs);
    var split = Datasets.randomSplit(all, new double[] {0.9, 0.1}, new Generator(seed));
    DataLoader<Batch> train = new DataLoader<>(split.get(0), DataLoader.options().batchSize(64).shuffle(true).generator(new Generator(seed + 1)));
    DataLoader<Batch> valid = new DataLoader<>(split.get(1), DataLoader.options().batchSize(256));
    DataLoader<Batch> test = new DataLoader<>(data.test().map(MultiInputCommand::twoInputs), DataLoader.options().batchSize(256));
    Networks.MultiInput model = new Networks.MultiInput(FEATURES, data.classes().size());
    System.out.println(model);
    Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3),
        Trainer.options().epochs(epochs).patience(3).restoreBestWeights(true).metric("accuracy", Metrics::accuracy));
    History h = trainer.fit(train, valid);
    Trainer.Evaluation ev = trainer.evaluate(test);
    System.out.printf(Locale.ROOT, "Test accuracy: %.4f after %d epochs%n", ev.metrics().get("accuracy"), h.epochs());
    return 0;
  }

  private static Sample<List<Tensor>, Long> twoInputs(Sample<Object, Long> s) {
    Tensor img = (Tensor) s.input();
    return new Sample<>(List.of(img, features(img)), s.label());
  }
}
