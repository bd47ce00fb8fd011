package dev.fathom.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.tck.TensorAssert;
import dev.fathom.vision.transforms.Compose;
import dev.fathom.vision.transforms.PILToTensor;
import dev.fathom.vision.transforms.Resize;
import dev.fathom.vision.transforms.ToTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  static final Path TREE = VisionFixtures.path("folder");
  @TempDir Path tmp;

  @Test
  void classesSortByCodePointAsTorchvision() {
    var ds = ImageFolder.of(TREE);
    List<String> expected = new ArrayList<>();
    VisionFixtures.ROOT.getAsJsonObject("folder").getAsJsonArray("classes").forEach(e -> expected.add(e.getAsString()));
    assertThat(ds.classes()).isEqualTo(expected).containsExactly("Zebra", "ant", "bee");
    assertThat(ds.classToIdx()).containsEntry("Zebra", 0).containsEntry("bee", 2);
  }

  @Test
  void samplesMatchTorchvisionIncludingNestedFoldersAndSkippingNonImages() {
    var ds = ImageFolder.of(TREE);
    List<String> actual = new ArrayList<>(), expected = new ArrayList<>();
    for (var it : ds.samples()) actual.add(TREE.relativize(it.path()).toString().replace('\\', '/') + ":" + it.classIndex());
    for (var e : VisionFixtures.ROOT.getAsJsonObject("folder").getAsJsonArray("samples")) {
      var pair = e.getAsJsonArray();
      expected.add(pair.get(0).getAsString() + ":" + pair.get(1).getAsInt());
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void itemsAreRgbImagesThroughTheTransformWithTheirLabel() {
    var ds = new ImageFolder<>(TREE, new PILToTensor());
    var first = ds.get(0);
    TensorAssert.assertEqual(first.input(), VisionFixtures.tensor(VisionFixtures.ROOT.getAsJsonObject("folder").getAsJsonObject("first")), "ImageFolder item 0");
    assertThat(first.label()).isZero();
    assertThat(ds.get(ds.size() - 1).label()).isEqualTo(2L);
  }

  @Test
  void loaderBatchesImageFolderItems() {
    var ds = new ImageFolder<>(TREE, Compose.of(new Resize(new int[] {3, 3}), new ToTensor()));
    var loader = new DataLoader<>(ds, DataLoader.options().batchSize(4).numWorkers(2));
    List<Batch> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0).input().shape()).containsExactly(4, 3, 3, 3);
    assertThat(batches.get(1).label().toLongArray()).containsExactly(1, 1, 2);
  }

  @Test
  void emptyClassFolderIsAnErrorNamingIt() throws IOException {
    Files.createDirectories(tmp.resolve("cats"));
    Files.createDirectories(tmp.resolve("dogs"));
    Image.filled(2, 2, Image.Mode.RGB, 1, 2, 3).save(tmp.resolve("cats/a.png"));
    Files.writeString(tmp.resolve("dogs/readme.txt"), "x");
    assertThatThrownBy(() -> ImageFolder.of(tmp)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Found no valid file for the classes dogs").hasMessageContaining(".png");
  }

  @Test
  void rootWithoutClassFoldersIsAnError() {
    assertThatThrownBy(() -> ImageFolder.of(tmp)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("Couldn't find any class folder in " + tmp);
  }

  @Test
  void undecodableFileIsAnErrorNamingIt() throws IOException {
    Files.createDirectories(tmp.resolve("cats"));
    Path bad = tmp.resolve("cats/broken.png");
    Files.write(bad, new byte[] {(byte) 137, 80, 78, 71, 13, 10, 26, 10, 0, 0});
    var ds = ImageFolder.of(tmp);
    assertThatThrownBy(() -> ds.get(0)).isInstanceOf(ImageDecodeException.class).hasMessageContaining(bad.toString()).hasMessageContaining("truncated");
  }
}
