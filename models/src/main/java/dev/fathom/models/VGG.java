package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.AdaptiveAvgPool2d;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Dropout;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Init;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VGG, as torchvision's {@code VGG(features, num_classes, init_weights, dropout)}: a convolutional
 * {@code features} module (built by {@link #makeLayers} from a configuration), adaptive average
 * pooling to 7x7, and {@code classifier = Sequential(Linear(512*7*7, 4096), ReLU, Dropout,
 * Linear(4096, 4096), ReLU, Dropout, Linear(4096, numClasses))}. Input {@code [N, 3, H, W]} with
 * {@code features} ending in 512 channels, output {@code [N, numClasses]}. With {@code initWeights}
 * (default) convolutions are kaiming-normal fan-out, BatchNorm ones/zeros, Linear normal(0, 0.01),
 * biases zero, as torchvision.
 *
 * <pre>{@code
 * VGG vgg11 = new VGG(VGG.makeLayers(VGG.CFG_A, false));
 * VGG small = new VGG(VGG.makeLayers(List.of(64, "M", 512, "M"), true), VGG.options().numClasses(10));
 * Tensor logits = small.forward(x);        // x [N, 3, 32, 32] -> [N, 10]
 * }</pre>
 */
public final class VGG extends Module implements ImageClassifier {
  /** VGG-11's layers: channels, with "M" for 2x2 max pooling. */
  public static final List<Object> CFG_A = List.of(64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M");
  /** VGG-13's layers. */
  public static final List<Object> CFG_B = List.of(64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M");
  /** VGG-16's layers. */
  public static final List<Object> CFG_D = List.of(64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M");
  /** VGG-19's layers. */
  public static final List<Object> CFG_E = List.of(64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M");

  /** torchvision's keyword arguments: num_classes 1000, init_weights true, dropout 0.5. */
  public static final class Options {
    private int numClasses = 1000;
    private boolean initWeights = true;
    private double dropout = 0.5;

    public Options numClasses(int v) { numClasses = v; return this; }

    /** Apply VGG's initialisation (false keeps the layers' defaults; loading weights skips it). */
    public Options initWeights(boolean v) { initWeights = v; return this; }

    public Options dropout(double v) { dropout = v; return this; }
  }

  public static Options options() {
    return new Options();
  }

  private final int numFeatures;

  public VGG(Module features) {
    this(features, options());
  }

  public VGG(Module features, Options options) {
    this(features, options, 512, 4096);
  }

  /**
   * A VGG whose classifier takes {@code channels * 7 * 7} features and has {@code hidden} units
   * instead of 4096 (same layers and names): the reduced variant the parity tests build, as
   * torchvision's VGG with its classifier narrowed.
   */
  VGG(Module features, Options o, int channels, int hidden) {
    Layers.checkPositive("VGG", "num_classes", o.numClasses);
    registerModule("features", features);
    registerModule("avgpool", new AdaptiveAvgPool2d(new int[] {7, 7}));
    numFeatures = channels * 7 * 7;
    registerModule("classifier", new Sequential(
        new Linear(numFeatures, hidden), new ReLU(true), new Dropout(o.dropout),
        new Linear(hidden, hidden), new ReLU(true), new Dropout(o.dropout),
        new Linear(hidden, o.numClasses)));
    if (o.initWeights) Layers.initWeights(this, Init.kaimingOptions().mode("fan_out").nonlinearity("relu"), 0.01);
  }

  /**
   * torchvision's {@code make_layers(cfg, batch_norm)}: for each integer a 3x3 convolution
   * (padding 1) to that many channels, BatchNorm when asked, and ReLU; for each {@code "M"} a 2x2
   * max pooling. Input channels start at 3.
   */
  public static Sequential makeLayers(List<?> cfg, boolean batchNorm) {
    Sequential layers = new Sequential();
    int in = 3;
    for (Object v : cfg) {
      if ("M".equals(v)) {
        layers.append(new MaxPool2d(2, MaxPool2d.options().stride(2)));
      } else if (v instanceof Integer channels) {
        layers.append(new Conv2d(in, channels, 3, Conv2d.options().padding(1)));
        if (batchNorm) layers.append(new BatchNorm2d(channels));
        layers.append(new ReLU(true));
        in = channels;
      } else {
        throw new IllegalArgumentException("VGG.makeLayers: a cfg entry must be a channel count or \"M\", got " + v);
      }
    }
    return layers;
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

  /** {@code features}, {@code avgpool}, flatten: {@code [N, 3, H, W] -> [N, 25088]}. */
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
    return numFeatures;
  }
}
