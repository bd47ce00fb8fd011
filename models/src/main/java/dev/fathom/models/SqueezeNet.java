package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.AdaptiveAvgPool2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Dropout;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Init;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SqueezeNet, as torchvision's {@code SqueezeNet(version, num_classes, dropout)}: {@code features}
 * of {@link Fire} modules and ceil-mode max poolings (version {@code "1_0"} or {@code "1_1"}, the
 * latter with 2.4x less computation), and {@code classifier = Sequential(Dropout, Conv2d(512,
 * numClasses, 1), ReLU, AdaptiveAvgPool2d((1, 1)))}, flattened. Input {@code [N, 3, H, W]}
 * ({@code H, W >= 17} for 1_1, 35 for 1_0), output {@code [N, numClasses]}. torchvision's
 * initialisation: the final convolution normal(0, 0.01), the others kaiming-uniform, biases zero.
 *
 * <p>The head ({@code classifier}) receives feature maps {@code [N, 512, h, w]}, not vectors: a
 * replacement head ends with pooling, as this one does.
 *
 * <pre>{@code
 * SqueezeNet net = new SqueezeNet("1_1", SqueezeNet.options().numClasses(10));
 * Tensor logits = net.forward(x);          // x [N, 3, 224, 224] -> [N, 10]
 * }</pre>
 */
public final class SqueezeNet extends Module implements ImageClassifier {
  /** torchvision's arguments: num_classes 1000, dropout 0.5. */
  public static final class Options {
    private int numClasses = 1000;
    private double dropout = 0.5;

    public Options numClasses(int v) { numClasses = v; return this; }

    public Options dropout(double v) { dropout = v; return this; }
  }

  public static Options options() {
    return new Options();
  }

  public SqueezeNet(String version) {
    this(version, options());
  }

  public SqueezeNet(String version, Options o) {
    Layers.checkPositive("SqueezeNet", "num_classes", o.numClasses);
    Sequential features = switch (version) {
      case "1_0" -> new Sequential(
          new Conv2d(3, 96, 7, Conv2d.options().stride(2)), new ReLU(true), pool(),
          new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), pool(),
          new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), pool(),
          new Fire(512, 64, 256, 256));
      case "1_1" -> new Sequential(
          new Conv2d(3, 64, 3, Conv2d.options().stride(2)), new ReLU(true), pool(),
          new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), pool(),
          new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), pool(),
          new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), new Fire(512, 64, 256, 256));
      default -> throw new IllegalArgumentException("Unsupported SqueezeNet version " + version + ": 1_0 or 1_1 expected");
    };
    registerModule("features", features);
    Conv2d finalConv = new Conv2d(512, o.numClasses, 1);
    registerModule("classifier", new Sequential(new Dropout(o.dropout), finalConv, new ReLU(true), new AdaptiveAvgPool2d(new int[] {1, 1})));
    for (Module m : modules()) {
      if (m instanceof Conv2d c) {
        if (c == finalConv) Init.normal_(c.weight(), 0, 0.01);
        else Init.kaimingUniform_(c.weight());
        Init.zeros_(c.bias());
      }
    }
  }

  private static MaxPool2d pool() {
    return new MaxPool2d(3, MaxPool2d.options().stride(2).ceilMode(true));
  }

  @Override
  public Tensor forward(Tensor x) {
    return withHooks(child("classifier").forward(child("features").forward(x)).flatten(1, -1), x);
  }

  @Override
  public String headName() {
    return "classifier";
  }

  /** {@code features}, global average pooling, flatten: {@code [N, 3, H, W] -> [N, 512]}. */
  @Override
  public Module backbone() {
    Map<String, Module> parts = new LinkedHashMap<>();
    parts.put("features", child("features"));
    parts.put("avgpool", new AdaptiveAvgPool2d(new int[] {1, 1}));
    parts.put("flatten", new Flatten());
    return new Sequential(parts);
  }

  @Override
  public int numFeatures() {
    return 512;
  }
}
