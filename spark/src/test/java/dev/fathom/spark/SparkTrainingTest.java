package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTrainingTest {
  /** Writes IDX files of {@code n} images whose pixel (0, 0) is 10 * label and whose other pixels are 255. */
  static void writeIdx(Path dir, String prefix, int n) throws IOException {
    try (DataOutputStream im = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz"))));
         DataOutputStream lb = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))))) {
      im.writeInt(2051);
      im.writeInt(n);
      im.writeInt(28);
      im.writeInt(28);
      lb.writeInt(2049);
      lb.writeInt(n);
      for (int i = 0; i < n; i++) {
        int label = i % 10;
        byte[] px = new byte[784];
        java.util.Arrays.fill(px, (byte) 255);
        px[0] = (byte) (10 * label);
        im.write(px);
        lb.writeByte(label);
      }
    }
  }

  @Test
  void readsASliceOfTheImagesNormalisedWithTheDatasetsMeanAndStd(@TempDir Path dir) throws IOException {
    writeIdx(dir, "train", 12);
    List<Sample> s = FashionMnist.read(dir, true, 3, 5);
    assertThat(s).hasSize(2);
    assertThat(s.get(0).label()).containsExactly(3f);
    assertThat(s.get(1).features()[0]).isEqualTo((40 / 255f - 0.2860f) / 0.3530f);
    assertThat(s.get(1).features()[1]).isEqualTo((1f - 0.2860f) / 0.3530f);
    assertThat(FashionMnist.size(dir, true)).isEqualTo(12);
  }

  @Test
  void aFileOfAnotherKindIsRejectedWithItsMagic(@TempDir Path dir) throws IOException {
    writeIdx(dir, "t10k", 2);
    Files.copy(dir.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-images-idx3-ubyte.gz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> FashionMnist.read(dir, false, 0)).hasMessageContaining("starts with magic 2049, expected 2051");
  }

  @Test
  void theExampleTrainsTheCourseCnnAndWritesItsOutputs(@TempDir Path dir) throws IOException {
    writeIdx(dir, "train", 64);
    writeIdx(dir, "t10k", 10);
    Path out = dir.resolve("run");
    SparkTraining.Result r = SparkTraining.train(LocalSpark.get(),
        SparkTraining.options().dataDir(dir).outDir(out).epochs(1).batchSize(16).out(new PrintStream(OutputStream.nullOutputStream())));
    assertThat(r.history().epochs()).isEqualTo(1);
    assertThat(r.timing().steps()).isEqualTo(2);
    assertThat(r.testAccuracy()).isBetween(0.0, 1.0);
    assertThat(out.resolve("checkpoint.pth")).isRegularFile();
    assertThat(out.resolve("curves.png")).isRegularFile();
    assertThat(Files.readAllLines(out.resolve("metrics.csv")).get(0)).isEqualTo("epoch,train_loss,valid_loss,valid_accuracy,lr");
  }
}
