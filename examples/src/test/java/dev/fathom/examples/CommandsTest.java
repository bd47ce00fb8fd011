package dev.fathom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command on tiny data, and the one-line errors of bad input. */
class CommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
  private PrintStream savedOut, savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  private int run(String... args) {
    return FathomCli.run(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private List<Path> runFolders() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      return s.toList();
    }
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("train", "regression", "predict", "autoencoder", "gan", "multi-input", "summary", "tune");
  }

  @Test
  void trainWritesARunFolderThatPredictCanUse() throws Exception {
    assertThat(run("train", "--limit", "300", "--epochs", "1", "--runs", dir.resolve("runs").toString())).isZero();
    assertThat(stdout()).contains("Epoch 1/1", "Test accuracy");
    Path run = runFolders().get(0);
    assertThat(run.resolve("model.safetensors")).exists();
    assertThat(run.resolve("curves.png")).exists();
    assertThat(Files.readString(run.resolve("summary.txt"))).contains("Conv2d-1", "Total params: 206,922");
    assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0)).startsWith("epoch,train_loss,valid_loss");

    Path image = dir.resolve("item.png");
    var img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    javax.imageio.ImageIO.write(img, "png", image.toFile());
    out.reset();
    assertThat(run("predict", "--model", run.resolve("model.safetensors").toString(), image.toString())).isZero();
    assertThat(stdout()).startsWith(image + ":").contains("%");
  }

  @Test
  void regressionFitsAndSavesCurves() throws Exception {
    assertThat(run("regression", "--epochs", "3", "--runs", dir.resolve("runs").toString())).isZero();
    assertThat(stdout()).contains("Final train loss");
    assertThat(runFolders().get(0).resolve("curves.png")).exists();
  }

  @Test
  void autoencoderWritesReconstructions() throws Exception {
    assertThat(run("autoencoder", "--limit", "128", "--epochs", "1", "--runs", dir.resolve("runs").toString())).isZero();
    assertThat(runFolders().get(0).resolve("reconstructions.png")).exists();
  }

  @Test
  void ganWritesSamplesAndLossCurves() throws Exception {
    assertThat(run("gan", "--limit", "128", "--epochs", "1", "--width", "8", "--runs", dir.resolve("runs").toString())).isZero();
    Path run = runFolders().get(0);
    assertThat(run.resolve("samples-epoch01.png")).exists();
    assertThat(run.resolve("losses.png")).exists();
  }

  @Test
  void multiInputTrains() {
    assertThat(run("multi-input", "--limit", "300", "--epochs", "1")).isZero();
    assertThat(stdout()).contains("Test accuracy");
  }

  @Test
  void summaryPrintsTheTable() {
    assertThat(run("summary", "--model", "multi-input")).isZero();
    assertThat(stdout()).contains("Total params", "Linear");
  }

  @Test
  void tuneFindsABestConfiguration() throws Exception {
    assertThat(run("tune", "--limit", "200", "--trials", "3", "--epochs", "1", "--runs", dir.resolve("runs").toString())).isZero();
    assertThat(stdout()).contains("Best configuration");
    assertThat(runFolders().get(0).resolve("trials.csv")).exists();
  }

  @Test
  void sparkTrainRunsOnLocalWorkers() {
    assertThat(run("spark-train", "--fashion-mnist", FashionData.bundledDir().toString(), "--limit", "256", "--epochs", "1",
        "--runs", dir.resolve("runs").toString())).isZero();
    assertThat(stdout()).contains("Test accuracy");
  }

  @Test
  void aMissingDataFolderEndsWithOneClearLine() {
    assertThat(run("train", "--data", dir.resolve("nope").toString())).isEqualTo(1);
    assertThat(stderr()).startsWith("fathom train: data folder " + dir.resolve("nope") + " does not exist").doesNotContain("\tat ");
  }

  @Test
  void anEmptyClassFolderIsReported() throws Exception {
    Files.createDirectories(dir.resolve("tree/cat"));
    assertThat(run("train", "--data", dir.resolve("tree").toString())).isEqualTo(1);
    assertThat(stderr()).startsWith("fathom train: ").doesNotContain("\tat ");
  }

  @Test
  void aFileThatIsNotAModelIsReported() throws Exception {
    Path bogus = dir.resolve("model.safetensors");
    Files.writeString(bogus, "not a model");
    assertThat(run("predict", "--model", bogus.toString(), bogus.toString())).isEqualTo(1);
    assertThat(stderr()).startsWith("fathom predict: ").contains(bogus.toString()).doesNotContain("\tat ");
  }

  @Test
  void debugPrintsTheStackTrace() {
    assertThat(run("train", "--debug", "--data", dir.resolve("nope").toString())).isEqualTo(1);
    assertThat(stderr()).contains("\tat ");
  }

  /** A 2-class ImageFolder of 40x40 images and a randomly initialised ResNet-18 state dict. */
  private Path transferFixture() throws Exception {
    java.util.Random r = new java.util.Random(1);
    for (String cls : new String[] {"ants", "bees"}) {
      Files.createDirectories(dir.resolve("imgs/" + cls));
      for (int i = 0; i < 4; i++) {
        var img = new java.awt.image.BufferedImage(40, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, cls.equals("ants") ? r.nextInt(0x7f) : 0xff0000 | r.nextInt(0xffff));
        javax.imageio.ImageIO.write(img, "png", dir.resolve("imgs/" + cls + "/" + i + ".png").toFile());
      }
    }
    Path weights = dir.resolve("resnet18-random.safetensors");
    dev.fathom.nn.io.SafeTensors.save(weights, dev.fathom.models.Models.resnet18().stateDict());
    return weights;
  }

  @Test
  void transferTrainsANewHeadOnAFrozenBackbone() throws Exception {
    Path weights = transferFixture();
    assertThat(run("transfer", "--weights", weights.toString(), "--data", dir.resolve("imgs").toString(), "--image-size", "32", "--epochs", "1", "--batch-size", "4")).isZero();
    assertThat(stdout()).contains("resnet18 with resnet18-random.safetensors", "Validation accuracy after 1 epochs");
  }

  @Test
  void transferWithCachedFeatures() throws Exception {
    Path weights = transferFixture();
    assertThat(run("transfer", "--features", "--weights", weights.toString(), "--data", dir.resolve("imgs").toString(), "--image-size", "32", "--epochs", "2")).isZero();
    assertThat(stdout()).contains("Extracted 7 x 512 features", "Validation accuracy after 2 epochs");
  }

  @Test
  void weightsOfAnotherArchitectureAreReported() throws Exception {
    transferFixture();
    Path wrong = dir.resolve("network1.safetensors");
    dev.fathom.nn.io.SafeTensors.save(wrong, Networks.network1(1, 6, 1).stateDict());
    assertThat(run("transfer", "--weights", wrong.toString(), "--data", dir.resolve("imgs").toString())).isEqualTo(1);
    assertThat(stderr()).startsWith("fathom transfer: weights file " + wrong + " does not fit resnet18").doesNotContain("\tat ");
  }

  @Test
  void summaryOfAZooModel() {
    assertThat(run("summary", "--model", "resnet18")).isZero();
    assertThat(stdout()).contains("Total params: 11,689,512");
  }

  @Test
  void anUnknownSummaryModelNamesTheChoices() {
    assertThat(run("summary", "--model", "lenet")).isEqualTo(1);
    assertThat(stderr()).contains("unknown model 'lenet'", "cnn");
  }
}
