package dev.fathom.models;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import dev.fathom.nn.io.TorchFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads fixtures/models/ (written by tools/fixtures/gen_models.py) and builds the reduced variants. */
final class ModelFixtures {
  private ModelFixtures() {}

  private static JsonObject architectures;
  private static JsonObject variants;

  static synchronized JsonObject architectures() {
    if (architectures == null) {
      try (InputStream in = new GZIPInputStream(open("architectures.json.gz"))) {
        architectures = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonObject("architectures");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return architectures;
  }

  static synchronized JsonObject variants() {
    if (variants == null) {
      try (InputStream in = open("variants.json")) {
        variants = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return variants;
  }

  private static InputStream open(String name) {
    InputStream in = ModelFixtures.class.getClassLoader().getResourceAsStream("fixtures/models/" + name);
    if (in == null) throw new IllegalStateException("fixtures/models/" + name + " is not on the class path");
    return in;
  }

  static Path path(String name) {
    URL url = ModelFixtures.class.getClassLoader().getResource("fixtures/models/" + name);
    if (url == null) throw new IllegalStateException("fixtures/models/" + name + " is not on the class path");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code input}, {@code output} and, for some variants, {@code train_output} and {@code grad}. */
  static Map<String, Tensor> io(String variant) {
    try {
      return TorchFiles.loadStateDict(path(variant + ".io.pth"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The variant built with the generator's arguments, with its weights (loaded from the .pth, or the formula's). */
  static Module loadVariant(String name) {
    JsonObject v = variants().getAsJsonObject(name);
    Module model = build(name, v.getAsJsonObject("spec"));
    if (v.get("kind").getAsString().equals("formula")) {
      FormulaWeights.fill(model);
    } else {
      try {
        model.loadStateDict(TorchFiles.loadStateDict(path(name + ".pth")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model;
  }

  /** The variant with Fathom's own random initialisation (for structure checks). */
  static Module build(String name, JsonObject s) {
    int classes = s.get("num_classes").getAsInt();
    if (name.startsWith("resnet")) {
      ResNet.Options o = ResNet.options().numClasses(classes);
      if (s.has("groups")) o.groups(s.get("groups").getAsInt());
      if (s.has("width_per_group")) o.widthPerGroup(s.get("width_per_group").getAsInt());
      if (s.has("zero_init_residual")) o.zeroInitResidual(s.get("zero_init_residual").getAsBoolean());
      if (s.has("replace_stride_with_dilation")) {
        var a = s.getAsJsonArray("replace_stride_with_dilation");
        o.replaceStrideWithDilation(a.get(0).getAsBoolean(), a.get(1).getAsBoolean(), a.get(2).getAsBoolean());
      }
      ResNet.Block block = s.get("block").getAsString().equals("basic") ? ResNet.Block.BASIC : ResNet.Block.BOTTLENECK;
      return new ResNet(block, ints(s.get("layers")), o);
    }
    if (name.startsWith("densenet")) {
      DenseNet.Options o = DenseNet.options().growthRate(s.get("growth_rate").getAsInt()).blockConfig(ints(s.get("block_config")))
          .numInitFeatures(s.get("num_init_features").getAsInt()).numClasses(classes);
      if (s.has("bn_size")) o.bnSize(s.get("bn_size").getAsInt());
      return new DenseNet(o);
    }
    if (name.startsWith("mobilenet")) {
      var rows = s.getAsJsonArray("inverted_residual_setting");
      int[][] setting = new int[rows.size()][];
      for (int i = 0; i < setting.length; i++) setting[i] = ints(rows.get(i));
      MobileNetV2.Options o = MobileNetV2.options().numClasses(classes).widthMult(s.get("width_mult").getAsDouble()).invertedResidualSetting(setting);
      if (s.has("round_nearest")) o.roundNearest(s.get("round_nearest").getAsInt());
      if (s.has("dropout")) o.dropout(s.get("dropout").getAsDouble());
      return new MobileNetV2(o);
    }
    if (name.startsWith("vgg")) {
      List<Object> cfg = new ArrayList<>();
      for (JsonElement e : s.getAsJsonArray("cfg")) cfg.add(e.getAsJsonPrimitive().isNumber() ? (Object) e.getAsInt() : e.getAsString());
      int channels = (Integer) cfg.stream().filter(c -> c instanceof Integer).reduce((a, b) -> b).orElseThrow();
      return new VGG(VGG.makeLayers(cfg, s.get("batch_norm").getAsBoolean()), VGG.options().numClasses(classes), channels, s.get("hidden").getAsInt());
    }
    if (name.startsWith("alexnet")) return new AlexNet(AlexNet.options().numClasses(classes));
    if (name.startsWith("squeezenet")) return new SqueezeNet(s.get("version").getAsString(), SqueezeNet.options().numClasses(classes));
    throw new IllegalArgumentException("unknown variant " + name);
  }

  private static int[] ints(JsonElement array) {
    var a = array.getAsJsonArray();
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
    return out;
  }
}
