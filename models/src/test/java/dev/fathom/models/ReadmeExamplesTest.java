package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Fathom;
import dev.fathom.train.History;
import dev.fathom.vision.Image;
import dev.fathom.vision.ImageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples run end to end on a tiny ImageFolder (dark vs bright 40x40 PNGs) at 16x16
 * and 32x32 crops instead of 224, with small randomly initialised models instead of ResNet-18 and
 * DenseNet-121 with ImageNet weights (the same classes and code paths).
 */
class ReadmeExamplesTest {
  @TempDir static Path root;
  static final Preprocessing SMALL = new Preprocessing(36, 32, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, "bilinear");

  @BeforeAll
  static void writeImageFolder() throws Exception {
    for (String split : new String[] {"train", "val"}) {
      for (int c = 0; c < 2; c++) {
        Path dir = Files.createDirectories(root.resolve(split).resolve(c == 0 ? "dark" : "bright"));
        for (int i = 0; i < (split.equals("train") ? 6 : 2); i++) {
          int level = c == 0 ? 20 + 10 * i : 200 + 8 * i;
          ImageCodec.write(Image.filled(40, 40, Image.Mode.RGB, level, level / 2, 255 - level), dir.resolve("img" + i + ".png"));
        }
      }
    }
  }

  @Test
  void fineTuningResNet18OnAnImageFolderRunsWithANewTwoClassHead() {
    Fathom.manualSeed(1);
    ResNet model = new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1});
    History h = ReadmeExamples.fineTune(model, root, new Preprocessing(18, 16, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, "bilinear"), 1);
    assertThat(h.epochs()).isEqualTo(1);
    assertThat(h.trainLoss()).allSatisfy(l -> assertThat(l).isFinite());
    assertThat(model.head().parameters().get(0).shape()).containsExactly(2, 512);
  }

  @Test
  void aHeadOnCachedDenseNetFeaturesLearnsDarkVersusBright() {
    Fathom.manualSeed(2);
    DenseNet densenet = new DenseNet(DenseNet.options().growthRate(8).blockConfig(2, 2).numInitFeatures(16));
    History h = ReadmeExamples.featureExtraction(densenet, root, SMALL, 15);
    assertThat(h.trainLoss().get(h.epochs() - 1)).isLessThan(h.trainLoss().get(0) * 0.5);
    assertThat(h.validMetrics().get("accuracy").get(h.epochs() - 1)).isEqualTo(1.0);
  }
}
