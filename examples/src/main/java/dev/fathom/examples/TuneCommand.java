package dev.fathom.examples;

import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Datasets;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.train.Trainer;
import dev.fathom.tune.Scale;
import dev.fathom.tune.SearchSpace;
import dev.fathom.tune.Strategy;
import dev.fathom.tune.Study;
import dev.fathom.tune.Tuner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Bayesian optimisation of the CNN's learning rate, weight decay and hidden width on the bundled
 * subset: each trial trains a few epochs and reports its validation loss.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, description = "Tune the CNN's lr, weight decay and hidden width with Bayesian optimisation.")
public final class TuneCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions = new DataOptions();

  @Option(names = "--trials", defaultValue = "12", description = "Trials (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runs", defaultValue = "runs", description = "Folder for run folders (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() throws Exception {
    System.out.println(FathomCli.banner());
    FashionData data = dataOptions.load();
    var all = FashionData.limit(data.train(), dataOptions.limit > 0 ? dataOptions.limit : 3000);
    var split = Datasets.randomSplit(all, new double[] {0.8, 0.2}, new Generator(seed));
    SearchSpace space = SearchSpace.builder()
        .floatRange("lr", 1e-4, 1e-2, Scale.LOG)
        .floatRange("weight_decay", 1e-6, 1e-2, Scale.LOG)
        .choice("hidden", 32, 64, 128, 256)
        .build();
    Path dir = RunFolder.create(runs, "tune");
    Tuner tuner = Tuner.builder(space).strategy(Strategy.bayesian()).trials(trials).seed(seed).saveTo(dir.resolve("study.json")).build();
    Study study = tuner.run((p, reporter) -> {
      Fathom.manualSeed(seed);
      Sequential model = Networks.cnn(1, data.classes().size(), p.getInt("hidden"));
      Trainer trainer = new Trainer(model, new CrossEntropyLoss(),
          new Adam(model.parameters(), Adam.options().lr(p.getDouble("lr")).weightDecay(p.getDouble("weight_decay"))),
          Trainer.options().epochs(1).progress(false).out(new PrintStream(new ByteArrayOutputStream())));
      DataLoader<Batch> train = new DataLoader<>(split.get(0), DataLoader.options().batchSize(64).shuffle(true).generator(new Generator(seed)));
      DataLoader<Batch> valid = new DataLoader<>(split.get(1), DataLoader.options().batchSize(256));
      double loss = Double.NaN;
      for (int e = 1; e <= epochs; e++) {
        trainer.fit(train, null);
        loss = trainer.evaluate(valid).loss();
        reporter.report(e, loss);
      }
      System.out.printf(Locale.ROOT, "trial lr=%.2e weight_decay=%.2e hidden=%d -> validation loss %.4f%n",
          p.getDouble("lr"), p.getDouble("weight_decay"), p.getInt("hidden"), loss);
      return loss;
    });
    study.writeCsv(dir.resolve("trials.csv"));
    study.plotTrace(dir.resolve("trace.png"));
    var best = study.best().orElseThrow(() -> new IllegalStateException("every trial failed; see " + dir.resolve("trials.csv")));
    System.out.println("Best configuration: " + best.parameters() + String.format(Locale.ROOT, " (validation loss %.4f)", best.value()));
    System.out.println("Saved trials.csv, trace.png and study.json in " + dir);
    return 0;
  }
}
