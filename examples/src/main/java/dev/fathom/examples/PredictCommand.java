package dev.fathom.examples;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.io.SafeTensors;
import dev.fathom.vision.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Loads a model saved by {@code train} and prints the top classes for each image. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Classify images with a model saved by `fathom train`.")
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.safetensors from a train run.")
  Path model;

  @Option(names = "--top", defaultValue = "3", description = "How many classes to print per image (default: ${DEFAULT-VALUE}).")
  int top;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Images to classify (PNG, JPEG, BMP, GIF, ...).")
  List<Path> images;

  @Override
  public Integer call() throws Exception {
    Loaded m = load(model);
    for (Path p : images) {
      if (!Files.isRegularFile(p)) throw new IllegalArgumentException("image " + p + " does not exist");
      Tensor x = (Tensor) FashionData.transform().apply(Image.read(p));
      Tensor probs;
      try (var g = Fathom.noGrad()) {
        probs = m.net().forward(x.unsqueeze(0)).softmax(1).squeeze(0);
      }
      var best = probs.topk(Math.min(top, m.classes().size()), 0);
      StringBuilder sb = new StringBuilder(p.toString()).append(':');
      long[] idx = best.indices().toLongArray();
      float[] pr = best.values().toFloatArray();
      for (int i = 0; i < idx.length; i++) sb.append(String.format(Locale.ROOT, "  %s %.1f%%", m.classes().get((int) idx[i]), 100 * pr[i]));
      System.out.println(sb);
    }
    return 0;
  }

  record Loaded(Sequential net, List<String> classes) {}

  /** Rebuilds the CNN from a {@code train} run's file, with clear errors for anything else. */
  static Loaded load(Path file) throws java.io.IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("model file " + file + " does not exist");
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, String> meta = c.metadata();
    if (meta == null || !"fashion-cnn".equals(meta.get("fathom.arch"))) {
      throw new IllegalArgumentException(file + " is not a model saved by `fathom train` (its metadata has no fathom.arch=fashion-cnn)");
    }
    List<String> classes;
    try {
      classes = List.of(new Gson().fromJson(meta.get("fathom.classes"), String[].class));
    } catch (JsonParseException | NullPointerException e) {
      throw new IllegalArgumentException(file + " has unreadable class names in its metadata");
    }
    Sequential net = Networks.cnn(1, classes.size(), Integer.parseInt(meta.getOrDefault("fathom.hidden", "128")));
    net.loadStateDict(c.tensors());
    net.eval();
    return new Loaded(net, classes);
  }
}
