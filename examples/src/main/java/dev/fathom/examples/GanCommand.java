package dev.fathom.examples;

import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.nn.BCELoss;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.vision.VisionUtils;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The course's DCGAN: a ConvTranspose2d+BatchNorm+ReLU/Tanh generator and a Conv2d+LeakyReLU
 * discriminator, BCELoss, Adam with betas (0.5, 0.999), {@code weights_init}; a grid of samples per
 * epoch and the D/G loss curves.
 */
@Command(name = "gan", mixinStandardHelpOptions = true, description = "Train the course's DCGAN on Fashion-MNIST.")
public final class GanCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions = new DataOptions();

  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--width", defaultValue = "32", description = "Feature maps of both networks (default: ${DEFAULT-VALUE}).")
  int width;

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
    DataLoader<Batch> loader = new DataLoader<>(train, DataLoader.options().batchSize(64).shuffle(true).dropLast(true).generator(new Generator(seed)));
    Sequential g = Networks.generator(width);
    Sequential d = Networks.discriminator(width);
    g.apply(Networks::weightsInit);
    d.apply(Networks::weightsInit);
    BCELoss bce = new BCELoss();
    Adam optG = new Adam(g.parameters(), Adam.options().lr(2e-4).betas(0.5, 0.999));
    Adam optD = new Adam(d.parameters(), Adam.options().lr(2e-4).betas(0.5, 0.999));
    Tensor fixedNoise = Tensor.randn(64, Networks.NZ, 1, 1);
    Path dir = RunFolder.create(runs, "gan");
    List<Double> dLosses = new ArrayList<>(), gLosses = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double dSum = 0, gSum = 0;
      int steps = 0;
      for (Batch b : loader) {
        Tensor real = FashionData.toUnit(b.input()).mul(2.0).sub(1.0);   // [-1, 1], as the generator's Tanh
        int n = b.size();
        Tensor ones = Tensor.ones(n), zeros = Tensor.zeros(n);
        // discriminator: maximise log D(x) + log(1 - D(G(z)))
        Tensor fake = g.forward(Tensor.randn(n, Networks.NZ, 1, 1));
        Tensor lossD = bce.forward(d.forward(real), ones).add(bce.forward(d.forward(fake.detach()), zeros));
        optD.zeroGrad();
        lossD.backward();
        optD.step();
        // generator: maximise log D(G(z))
        Tensor lossG = bce.forward(d.forward(fake), ones);
        optG.zeroGrad();
        lossG.backward();
        optG.step();
        dSum += lossD.item();
        gSum += lossG.item();
        steps++;
      }
      dLosses.add(dSum / steps);
      gLosses.add(gSum / steps);
      System.out.printf(Locale.ROOT, "Epoch %d/%d  loss D %.4f  loss G %.4f%n", epoch, epochs, dSum / steps, gSum / steps);
      Tensor samples;
      try (var guard = Fathom.noGrad()) {
        g.eval();
        samples = g.forward(fixedNoise).add(1.0).div(2.0);
        g.train();
      }
      VisionUtils.saveImage(samples, dir.resolve(String.format(Locale.ROOT, "samples-epoch%02d.png", epoch)), VisionUtils.options().nrow(8));
    }
    saveLossCurves(dLosses, gLosses, dir.resolve("losses.png"));
    System.out.println("Saved samples per epoch and losses.png in " + dir);
    return 0;
  }

  private static void saveLossCurves(List<Double> d, List<Double> g, Path png) throws java.io.IOException {
    XYChart chart = new XYChartBuilder().width(800).height(400).title("DCGAN losses").xAxisTitle("epoch").yAxisTitle("BCE loss").build();
    double[] x = new double[d.size()];
    for (int i = 0; i < x.length; i++) x[i] = i + 1;
    chart.addSeries("discriminator", x, d.stream().mapToDouble(Double::doubleValue).toArray());
    chart.addSeries("generator", x, g.stream().mapToDouble(Double::doubleValue).toArray());
    BufferedImage img = BitmapEncoder.getBufferedImage(chart);
    ImageIO.write(img, "png", png.toFile());
  }
}
