package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.AdaptiveAvgPool2d;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Init;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.functional.F;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DenseNet-BC, as torchvision's {@code DenseNet(growth_rate, block_config, num_init_features,
 * bn_size, drop_rate, num_classes)}: {@code features} is a {@code Sequential} of a 7x7 stem
 * ({@code conv0, norm0, relu0, pool0}), dense blocks {@code denseblock1..} with transitions
 * {@code transition1..} between them and a final {@code norm5}; forward applies ReLU, global
 * average pooling and the linear {@code classifier}. Input {@code [N, 3, H, W]}, output
 * {@code [N, numClasses]}. Keys are torchvision's
 * ({@code features.denseblock1.denselayer1.norm1.weight}); initialisation too (convolutions
 * kaiming-normal, BatchNorm ones/zeros, classifier bias zero).
 *
 * <pre>{@code
 * DenseNet net = new DenseNet(DenseNet.options().growthRate(8).blockConfig(2, 2).numInitFeatures(16).numClasses(10));
 * Tensor logits = net.forward(x);          // x [N, 3, 32, 32] -> [N, 10]
 * }</pre>
 */
public final class DenseNet extends Module implements ImageClassifier {
  /** torchvision's arguments with DenseNet-121's defaults: growth 32, blocks (6, 12, 24, 16), 64 initial features, bn_size 4, drop 0, 1000 classes. */
  public static final class Options {
    private int growthRate = 32;
    private int[] blockConfig = {6, 12, 24, 16};
    private int numInitFeatures = 64;
    private int bnSize = 4;
    private double dropRate = 0;
    private int numClasses = 1000;

    /** Channels each dense layer adds ({@code k} in the paper). */
    public Options growthRate(int v) { growthRate = v; return this; }

    /** Dense layers per block (any number of blocks). */
    public Options blockConfig(int... v) { blockConfig = v.clone(); return this; }

    public Options numInitFeatures(int v) { numInitFeatures = v; return this; }

    /** Bottleneck width factor: the 1x1 convolution has {@code bnSize * growthRate} channels. */
    public Options bnSize(int v) { bnSize = v; return this; }

    /** Dropout after each dense layer (training only). */
    public Options dropRate(double v) { dropRate = v; return this; }

    public Options numClasses(int v) { numClasses = v; return this; }
  }

  public static Options options() {
    return new Options();
  }

  private static final Pattern LEGACY_KEY =
      Pattern.compile("^(.*denselayer\\d+\\.(?:norm|relu|conv))\\.((?:[12])\\.(?:weight|bias|running_mean|running_var))$");

  private final int numFeatures;

  /** DenseNet-121's configuration. */
  public DenseNet() {
    this(options());
  }

  public DenseNet(Options o) {
    Layers.checkPositive("DenseNet", "growth_rate", o.growthRate);
    Layers.checkPositive("DenseNet", "num_init_features", o.numInitFeatures);
    Layers.checkPositive("DenseNet", "bn_size", o.bnSize);
    Layers.checkPositive("DenseNet", "num_classes", o.numClasses);
    if (o.blockConfig.length == 0) throw new IllegalArgumentException("DenseNet: block_config must not be empty");
    if (!(o.dropRate >= 0 && o.dropRate <= 1)) throw new IllegalArgumentException("DenseNet: drop_rate must be in [0, 1], got " + o.dropRate);
    Map<String, Module> stem = new LinkedHashMap<>();
    stem.put("conv0", new Conv2d(3, o.numInitFeatures, 7, Conv2d.options().stride(2).padding(3).bias(false)));
    stem.put("norm0", new BatchNorm2d(o.numInitFeatures));
    stem.put("relu0", new ReLU(true));
    stem.put("pool0", new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1)));
    Sequential features = registerModule("features", new Sequential(stem));
    int n = o.numInitFeatures;
    for (int i = 0; i < o.blockConfig.length; i++) {
      features.registerModule("denseblock" + (i + 1), new DenseBlock(o.blockConfig[i], n, o.bnSize, o.growthRate, o.dropRate));
      n += o.blockConfig[i] * o.growthRate;
      if (i != o.blockConfig.length - 1) {
        features.registerModule("transition" + (i + 1), new Transition(n, n / 2));
        n /= 2;
      }
    }
    features.registerModule("norm5", new BatchNorm2d(n));
    registerModule("classifier", new Linear(n, o.numClasses));
    this.numFeatures = n;

    for (Module m : modules()) {
      if (m instanceof Conv2d c) Init.kaimingNormal_(c.weight());
      else if (m instanceof BatchNorm2d bn) {
        Init.ones_(bn.weight());
        Init.zeros_(bn.bias());
      } else if (m instanceof Linear l) Init.zeros_(l.bias());
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor f = child("features").forward(x);
    Tensor out = F.adaptiveAvgPool2d(F.relu(f, true), 1, 1).flatten(1, -1);
    return withHooks(child("classifier").forward(out), x);
  }

  /**
   * Renames the keys of the DenseNet checkpoints torchvision publishes, which were saved before
   * the layers got their current names ({@code ...denselayer1.norm.1.weight} becomes
   * {@code ...denselayer1.norm1.weight}), as torchvision's {@code _load_state_dict} does; other keys
   * are kept. Returns a new map in the same order.
   */
  public static Map<String, Tensor> renameLegacyKeys(Map<String, Tensor> stateDict) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
      Matcher m = LEGACY_KEY.matcher(e.getKey());
      out.put(m.matches() ? m.group(1) + m.group(2) : e.getKey(), e.getValue());
    }
    return out;
  }

  @Override
  public String headName() {
    return "classifier";
  }

  /** {@code features}, ReLU, global average pooling, flatten: {@code [N, 3, H, W] -> [N, numFeatures()]}. */
  @Override
  public Module backbone() {
    Map<String, Module> parts = new LinkedHashMap<>();
    parts.put("features", child("features"));
    parts.put("relu", new ReLU());
    parts.put("avgpool", new AdaptiveAvgPool2d(new int[] {1, 1}));
    parts.put("flatten", new Flatten());
    return new Sequential(parts);
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }
}
