package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Tensor;
import dev.fathom.nn.io.SafeTensors;
import dev.fathom.nn.io.TorchFiles;
import dev.fathom.tck.TensorAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights entries: names, hashes, class names, preprocessing, finding and checking files. */
class WeightsTest {
  @TempDir Path dir;

  @Test
  void hashPrefixIsTheHexInTorchvisionsFileName() {
    assertThat(Weights.RESNET18_IMAGENET1K_V1.fileName()).isEqualTo("resnet18-f37072fd.pth");
    assertThat(Weights.RESNET18_IMAGENET1K_V1.hashPrefix()).isEqualTo("f37072fd");
    assertThat(Weights.ALEXNET_IMAGENET1K_V1.hashPrefix()).isEqualTo("7be5be79");
    assertThat(Weights.VGG11_BN_IMAGENET1K_V1.hashPrefix()).isEqualTo("6002323d");
    assertThat(Weights.DENSENET121_IMAGENET1K_V1.url()).isEqualTo("https://download.pytorch.org/models/densenet121-a639ec97.pth");
  }

  @Test
  void parameterCountsEqualTheArchitectures() {
    for (Weights w : Weights.values()) {
      assertThat(w.numParams()).as(w.name()).isEqualTo(ModelFixtures.architectures().getAsJsonObject(w.model()).get("num_params").getAsLong());
    }
  }

  @Test
  void categoriesAreTheThousandImageNetClassNames() {
    var names = Weights.SQUEEZENET1_1_IMAGENET1K_V1.categories();
    assertThat(names).hasSize(1000).doesNotHaveDuplicates();
    assertThat(names.get(0)).isEqualTo("tench");
    assertThat(names.get(207)).isEqualTo("golden retriever");
    assertThat(names.get(999)).isEqualTo("toilet tissue");
  }

  @Test
  void transformsCarryTorchvisionsPreprocessingNumbers() {
    Preprocessing v2 = Weights.RESNET50_IMAGENET1K_V2.transforms();
    assertThat(v2.resizeSize()).isEqualTo(232);
    assertThat(v2.cropSize()).isEqualTo(224);
    assertThat(Weights.RESNET50_IMAGENET1K_V1.transforms().resizeSize()).isEqualTo(256);
    // str(ResNet50_Weights.IMAGENET1K_V2.transforms()) in torchvision 0.14
    assertThat(v2.toString()).isEqualTo("ImageClassification(\n    crop_size=[224]\n    resize_size=[232]\n    mean=[0.485, 0.456, 0.406]\n"
        + "    std=[0.229, 0.224, 0.225]\n    interpolation=InterpolationMode.BILINEAR\n)");
  }

  @Test
  void cacheDirIsUnderFathomHomeWhenSetElseUnderTheUsersCache() {
    assertThat(WeightsFiles.cacheDir(Map.of("FATHOM_HOME", "/data/fathom"), "/home/me")).isEqualTo(Path.of("/data/fathom/weights"));
    assertThat(WeightsFiles.cacheDir(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/fathom/weights"));
    assertThat(WeightsFiles.cacheDir(Map.of("FATHOM_HOME", ""), "/home/me")).isEqualTo(Path.of("/home/me/.cache/fathom/weights"));
  }

  @Test
  void missingFileMessageNamesTheFileTheFolderAndTheUrl() {
    assertThatThrownBy(() -> WeightsFiles.locate(Weights.RESNET18_IMAGENET1K_V1, dir))
        .isInstanceOf(WeightsException.class)
        .hasMessageContaining("resnet18-f37072fd.pth")
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("https://download.pytorch.org/models/resnet18-f37072fd.pth")
        .hasMessageContaining("FATHOM_HOME")
        .hasMessageContaining("never downloads");
  }

  @Test
  void explicitPathThatDoesNotExistIsAWeightsError() {
    Path missing = dir.resolve("nope.pth");
    assertThatThrownBy(() -> Models.resnet18(Weights.RESNET18_IMAGENET1K_V1, missing))
        .isInstanceOf(WeightsException.class).hasMessageContaining(missing.toString()).hasMessageContaining(Weights.RESNET18_IMAGENET1K_V1.url());
  }

  @Test
  void pthWhoseSha256DoesNotMatchTheNameIsRejected() throws IOException {
    Path file = dir.resolve("squeezenet1_1-b8a52dc0.pth");
    TorchFiles.save(file, new LinkedHashMap<>(Models.squeezenet1_1().stateDict()));
    assertThatThrownBy(() -> Models.squeezenet1_1(Weights.SQUEEZENET1_1_IMAGENET1K_V1, file))
        .isInstanceOf(WeightsException.class)
        .hasMessageContaining("invalid hash value")
        .hasMessageContaining(WeightsFiles.sha256(file))
        .hasMessageContaining("b8a52dc0")
        .hasMessageContaining(Weights.SQUEEZENET1_1_IMAGENET1K_V1.url());
  }

  @Test
  void sha256IsTheDigestOfTheFileBytes() throws IOException {
    Path file = Files.writeString(dir.resolve("abc.txt"), "abc", StandardCharsets.US_ASCII);
    assertThat(WeightsFiles.sha256(file)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void safetensorsInTheCacheFolderIsFoundAndLoaded() throws IOException {
    SqueezeNet source = Models.squeezenet1_1();
    Path file = dir.resolve(Weights.SQUEEZENET1_1_IMAGENET1K_V1.safetensorsFileName());
    SafeTensors.save(file, source.stateDict());
    assertThat(WeightsFiles.locate(Weights.SQUEEZENET1_1_IMAGENET1K_V1, dir)).isEqualTo(file);
    SqueezeNet loaded = Models.squeezenet1_1(Weights.SQUEEZENET1_1_IMAGENET1K_V1, file);
    for (Map.Entry<String, Tensor> e : source.stateDict().entrySet()) {
      TensorAssert.assertClose(loaded.stateDict().get(e.getKey()), e.getValue(), 0, 0, e.getKey());
    }
  }

  @Test
  void builderRejectsWeightsOfAnotherModel() {
    assertThatThrownBy(() -> Models.resnet18(Weights.RESNET34_IMAGENET1K_V1, dir.resolve("x.pth")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("resnet18: weights RESNET34_IMAGENET1K_V1 are for resnet34, not resnet18");
  }

  @Test
  void denseNetLegacyKeysAreRenamedAsTorchvisionDoes() {
    Map<String, Tensor> legacy = new LinkedHashMap<>();
    Tensor t = Tensor.zeros(1);
    legacy.put("features.denseblock1.denselayer1.norm.1.weight", t);
    legacy.put("features.denseblock1.denselayer12.conv.2.weight", t);
    legacy.put("features.denseblock1.denselayer1.norm.1.running_var", t);
    legacy.put("features.norm5.weight", t);
    legacy.put("features.transition1.norm.weight", t);
    assertThat(DenseNet.renameLegacyKeys(legacy).keySet()).containsExactly(
        "features.denseblock1.denselayer1.norm1.weight", "features.denseblock1.denselayer12.conv2.weight",
        "features.denseblock1.denselayer1.norm1.running_var", "features.norm5.weight", "features.transition1.norm.weight");
  }

  @Test
  void denseNetWeightsWithLegacyKeysLoad() throws IOException {
    DenseNet.Options options = DenseNet.options().growthRate(4).blockConfig(1, 1).numInitFeatures(8);
    DenseNet source = new DenseNet(options);
    // as torchvision's published DenseNet files: "norm.1" names and no num_batches_tracked
    Map<String, Tensor> legacy = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : source.stateDict().entrySet()) {
      if (e.getKey().endsWith("num_batches_tracked")) continue;
      legacy.put(e.getKey().replaceAll("(denselayer\\d+\\.(norm|relu|conv))([12])\\.", "$1.$3."), e.getValue());
    }
    assertThat(legacy).containsKey("features.denseblock1.denselayer1.norm.1.weight");
    Path file = dir.resolve("densenet121-a639ec97.safetensors");
    SafeTensors.save(file, legacy);
    DenseNet target = new DenseNet(options);
    target.loadStateDict(Weights.DENSENET121_IMAGENET1K_V1.stateDict(file));
    TensorAssert.assertClose(target.parameter("features.denseblock1.denselayer1.norm1.weight"),
        source.parameter("features.denseblock1.denselayer1.norm1.weight"), 0, 0, "renamed norm1.weight");
  }
}
