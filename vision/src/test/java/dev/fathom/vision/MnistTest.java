package dev.fathom.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.data.IdxFile;
import dev.fathom.tck.TensorAssert;
import dev.fathom.vision.transforms.ToTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
  static final Path DIR = VisionFixtures.path("mnist");
  @TempDir Path tmp;

  @Test
  void readsImagesAndLabelsFromGzipIdxFiles() {
    var ds = new MNIST<>(DIR, true, new ToTensor());
    assertThat(ds.size()).isEqualTo(3);
    assertThat(ds.get(0).label()).isEqualTo(7L);
    assertThat(ds.get(2).label()).isEqualTo(9L);
    TensorAssert.assertClose(ds.get(1).input(), VisionFixtures.tensor(VisionFixtures.ROOT.getAsJsonObject("mnist").getAsJsonObject("to_tensor_1")), 0, 1e-7, "MNIST item 1 ToTensor");
  }

  @Test
  void fashionMnistFindsTorchvisionsRawLayoutAndNamesItsClasses() throws IOException {
    Path raw = Files.createDirectories(tmp.resolve("FashionMNIST/raw"));
    try (var files = Files.list(DIR)) {
      for (Path f : files.toList()) Files.copy(f, raw.resolve(f.getFileName()));
    }
    var ds = new FashionMNIST<>(tmp, false, java.util.function.Function.identity());
    assertThat(ds.classes().get(9)).isEqualTo("Ankle boot");
    assertThat(ds.get(0).input().mode()).isEqualTo(Image.Mode.L);
    assertThat(ds.get(0).input().width()).isEqualTo(5);
  }

  @Test
  void truncatedImageFileIsAnErrorNamingTheFile() throws IOException {
    try (var files = Files.list(DIR)) {
      for (Path f : files.toList()) Files.copy(f, tmp.resolve(f.getFileName()));
    }
    Path images = tmp.resolve("train-images-idx3-ubyte.gz");
    byte[] all = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(all, all.length - 20));
    assertThatThrownBy(() -> new MNIST<>(tmp, true, java.util.function.Function.identity()))
        .isInstanceOf(IdxFile.FormatException.class).hasMessageContaining(images.toString());
  }

  @Test
  void labelCountMismatchIsReported() throws IOException {
    Files.copy(DIR.resolve("train-images-idx3-ubyte.gz"), tmp.resolve("train-images-idx3-ubyte.gz"));
    IdxFile.write(dev.fathom.Tensor.zeros(dev.fathom.DType.UINT8, 2), tmp.resolve("train-labels-idx1-ubyte"));
    assertThatThrownBy(() -> new MNIST<>(tmp, true, java.util.function.Function.identity()))
        .isInstanceOf(IdxFile.FormatException.class).hasMessageContaining("has 3 images but").hasMessageContaining("has 2 labels");
  }

  @Test
  void missingFilesAreReported() {
    assertThatThrownBy(() -> new MNIST<>(tmp, true, java.util.function.Function.identity()))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("train-images-idx3-ubyte(.gz) not found in " + tmp);
  }
}
