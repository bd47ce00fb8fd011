package dev.fathom.examples;

import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.nn.MSELoss;
import dev.fathom.optim.Adam;
import dev.fathom.vision.VisionUtils;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A convolutional denoising autoencoder (ConvTranspose2d upsampling): learns to map noisy images to
 * clean ones and writes a grid of noisy / reconstructed / original rows.
 */
@Command(name = "autoencoder", mixinStandardHelpOptions = true, description = "Train a denoising convolutional autoencoder on Fashion-MNIST.")
public final class AutoencoderCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions = new DataOptions();

  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--noise", defaultValue = "0.5", description = "Std of the Gaussian noise added to [0, 1] images (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runs", defaultValue = "runs", description = "Folder for run folders (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() throws Exception {
    Fathom.manualSeed(seed);
    System.out.println(FathomCli.banner());
    FashionData data = dataOptions.load();
    var train = FashionData.limit(data.train(), dataOptions.limit);
    DataLoader<Batch> loader = new DataLoader<>(train, DataLoader.options().batchSize(64).shuffle(true).generator(new Generator(seed)));
    Networks.Autoencoder model = new Networks.Autoencoder();
    Adam opt = new Adam(model.parameters(), 1e-3);
    MSELoss mse = new MSELoss();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double sum = 0;
      int n = 0;
      for (Batch b : loader) {
        Tensor clean = FashionData.toUnit(b.input());
        Tensor noisy = clean.add(Tensor.randnLike(clean).mul(noise)).clamp(0, 1);
        Tensor loss = mse.forward(model.forward(noisy), clean);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        sum += loss.item() * b.size();
        n += b.size();
      }
      System.out.printf(Locale.ROOT, "Epoch %d/%d  reconstruction loss %.4f%n", epoch, epochs, sum / n);
    }
    Tensor clean = FashionData.toUnit(new DataLoader<>(data.test(), DataLoader.options().batchSize(8)).iterator().next().input());
    Tensor noisy = clean.add(Tensor.randnLike(clean).mul(noise)).clamp(0, 1);
    Tensor recon;
    try (var g = Fathom.noGrad()) {
      model.eval();
      recon = model.forward(noisy);
    }
    Path dir = RunFolder.create(runs, "autoencoder");
    Path png = dir.resolve("reconstructions.png");
    VisionUtils.saveImage(Tensor.cat(0, noisy, recon, clean), png, VisionUtils.options().nrow(8));
    System.out.println("Rows: noisy, reconstructed, original -> " + png);
    return 0;
  }
}
