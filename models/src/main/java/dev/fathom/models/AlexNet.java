package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.AdaptiveAvgPool2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Dropout;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AlexNet, as torchvision's {@code AlexNet(num_classes, dropout)} (the "one weird trick" variant
 * torchvision's weights belong to): five convolutions with three max poolings in {@code features},
 * adaptive average pooling to 6x6, and {@code classifier = Sequential(Dropout, Linear(9216, 4096),
 * ReLU, Dropout, Linear(4096, 4096), ReLU, Linear(4096, numClasses))}. Input {@code [N, 3, H, W]}
 * with {@code H, W >= 63}, output {@code [N, numClasses]}; PyTorch's default layer initialisation.
 *
 * <pre>{@code
 * AlexNet net = new AlexNet(AlexNet.options().numClasses(10));
 * Tensor logits = net.forward(x);          // x [N, 3, 224, 224] -> [N, 10]
 * }</pre>
 */
public final class AlexNet extends Module implements ImageClassifier {
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

  public AlexNet() {
    this(options());
  }

  public AlexNet(Options o) {
    Layers.checkPositive("AlexNet", "num_classes", o.numClasses);
    registerModule("features", new Sequential(
        new Conv2d(3, 64, 11, Conv2d.options().stride(4).padding(2)), new ReLU(true), pool(),
        new Conv2d(64, 192, 5, Conv2d.options().padding(2)), new ReLU(true), pool(),
        new Conv2d(192, 384, 3, Conv2d.options().padding(1)), new ReLU(true),
        new Conv2d(384, 256, 3, Conv2d.options().padding(1)), new ReLU(true),
        new Conv2d(256, 256, 3, Conv2d.options().padding(1)), new ReLU(true), pool()));
    registerModule("avgpool", new AdaptiveAvgPool2d(new int[] {6, 6}));
    registerModule("classifier", new Sequential(
        new Dropout(o.dropout), new Linear(256 * 6 * 6, 4096), new ReLU(true),
        new Dropout(o.dropout), new Linear(4096, 4096), new ReLU(true),
        new Linear(4096, o.numClasses)));
  }

  private static MaxPool2d pool() {
    return new MaxPool2d(3, MaxPool2d.options().stride(2));
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor f = child("avgpool").forward(child("features").forward(x)).flatten(1, -1);
    return withHooks(child("classifier").forward(f), x);
  }

  @Override
  public String headName() {
    return "classifier";
  }

  /** {@code features}, {@code avgpool}, flatten: {@code [N, 3, H, W] -> [N, 9216]}. */
  @Override
  public Module backbone() {
    Map<String, Module> parts = new LinkedHashMap<>();
    parts.put("features", child("features"));
    parts.put("avgpool", child("avgpool"));
    parts.put("flatten", new Flatten());
    return new Sequential(parts);
  }

  @Override
  public int numFeatures() {
    return 256 * 6 * 6;
  }
}
