package dev.fathom.examples;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.MSELoss;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.train.Curves;
import dev.fathom.train.History;
import dev.fathom.train.TensorBatch;
import dev.fathom.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The course's regression: {@code network1(1, 6, 1)} fitted to a noisy sine with MSELoss and Adam
 * (lr 0.05), early stopping with patience, and the loss curves.
 */
@Command(name = "regression", mixinStandardHelpOptions = true, description = "Fit the course's network1(1, 6, 1) to noisy data.")
public final class RegressionCommand implements Callable<Integer> {
  @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--hidden", defaultValue = "6", description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--lr", defaultValue = "0.05", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Adam's weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--patience", defaultValue = "5", description = "Stop after this many consecutive validation-loss increases (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runs", defaultValue = "runs", description = "Folder for run folders (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() throws Exception {
    Fathom.manualSeed(seed);
    System.out.println(FathomCli.banner());
    Tensor x = Tensor.rand(500, 1).mul(6.0).sub(3.0);
    Tensor y = x.mul(2.0).sin().add(Tensor.randn(500, 1).mul(0.1));
    Sequential net = Networks.network1(1, hidden, 1);
    System.out.println(net);
    Trainer trainer = new Trainer(net, new MSELoss(), new Adam(net.parameters(), Adam.options().lr(lr).weightDecay(weightDecay)),
        Trainer.options().epochs(epochs).patience(patience).earlyStopping("consecutive_increases").progress(false));
    History h = trainer.fit(TensorBatch.split(x.narrow(0, 0, 400), y.narrow(0, 0, 400), 32), TensorBatch.split(x.narrow(0, 400, 100), y.narrow(0, 400, 100), 32));
    System.out.printf(Locale.ROOT, "Final train loss %.4f, validation loss %.4f after %d epochs%n",
        h.trainLoss().get(h.epochs() - 1), h.validLoss().get(h.epochs() - 1), h.epochs());
    Path dir = RunFolder.create(runs, "regression");
    Curves.save(h, dir.resolve("curves.png"));
    h.writeCsv(dir.resolve("metrics.csv"));
    System.out.println("Saved curves.png and metrics.csv in " + dir);
    return 0;
  }
}
