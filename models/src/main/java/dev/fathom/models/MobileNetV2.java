package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.AdaptiveAvgPool2d;
import dev.fathom.nn.Dropout;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Init;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU6;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.functional.F;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MobileNetV2, as torchvision's {@code MobileNetV2(num_classes, width_mult, inverted_residual_setting,
 * round_nearest, dropout)}: {@code features} is a stride-2 3x3 {@link Conv2dNormActivation}, the
 * {@link InvertedResidual} stages of the setting (rows {@code {t, c, n, s}}: expansion, channels,
 * repeats, first stride), and a 1x1 convolution to {@code lastChannel} (1280 scaled by
 * {@code max(1, widthMult)}); then global average pooling and {@code classifier = Sequential(Dropout,
 * Linear)}. Channel counts are scaled by {@code widthMult} and rounded to multiples of
 * {@code roundNearest} as torchvision's {@code _make_divisible}. Input {@code [N, 3, H, W]}, output
 * {@code [N, numClasses]}; torchvision's keys ({@code features.1.conv.0.0.weight}) and initialisation.
 *
 * <pre>{@code
 * MobileNetV2 net = new MobileNetV2(MobileNetV2.options().widthMult(0.5).numClasses(10));
 * Tensor logits = net.forward(x);          // x [N, 3, 224, 224] -> [N, 10]
 * }</pre>
 */
public final class MobileNetV2 extends Module implements ImageClassifier {
  private static final int[][] DEFAULT_SETTING = {
      {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

  /** torchvision's arguments with their defaults: 1000 classes, width 1.0, the paper's setting, round to 8, dropout 0.2. */
  public static final class Options {
    private int numClasses = 1000;
    private double widthMult = 1.0;
    private int[][] setting = DEFAULT_SETTING;
    private int roundNearest = 8;
    private double dropout = 0.2;

    public Options numClasses(int v) { numClasses = v; return this; }

    /** Scales every layer's channels. */
    public Options widthMult(double v) { widthMult = v; return this; }

    /** Rows {@code {t, c, n, s}}: expansion ratio, output channels, repeats, stride of the first repeat. */
    public Options invertedResidualSetting(int[][] v) {
      if (v.length == 0 || Arrays.stream(v).anyMatch(row -> row.length != 4)) {
        throw new IllegalArgumentException("inverted_residual_setting should be non-empty or a 4-element list, got " + Arrays.deepToString(v));
      }
      setting = Arrays.stream(v).map(int[]::clone).toArray(int[][]::new);
      return this;
    }

    /** Channels are multiples of this (1 turns rounding off). */
    public Options roundNearest(int v) { roundNearest = v; return this; }

    public Options dropout(double v) { dropout = v; return this; }
  }

  public static Options options() {
    return new Options();
  }

  private final int lastChannel;

  public MobileNetV2() {
    this(options());
  }

  public MobileNetV2(Options o) {
    Layers.checkPositive("MobileNetV2", "num_classes", o.numClasses);
    Layers.checkPositive("MobileNetV2", "round_nearest", o.roundNearest);
    if (!(o.widthMult > 0)) throw new IllegalArgumentException("MobileNetV2: width_mult must be positive, got " + o.widthMult);
    int inputChannel = makeDivisible(32 * o.widthMult, o.roundNearest);
    lastChannel = makeDivisible(1280 * Math.max(1.0, o.widthMult), o.roundNearest);
    Sequential features = new Sequential(new Conv2dNormActivation(3, inputChannel, 3, 2, 1, new ReLU6(true)));
    for (int[] row : o.setting) {
      int t = row[0], c = row[1], n = row[2], s = row[3];
      int outputChannel = makeDivisible(c * o.widthMult, o.roundNearest);
      for (int i = 0; i < n; i++) {
        features.append(new InvertedResidual(inputChannel, outputChannel, i == 0 ? s : 1, t));
        inputChannel = outputChannel;
      }
    }
    features.append(new Conv2dNormActivation(inputChannel, lastChannel, 1, 1, 1, new ReLU6(true)));
    registerModule("features", features);
    registerModule("classifier", new Sequential(new Dropout(o.dropout), new Linear(lastChannel, o.numClasses)));
    Layers.initWeights(this, Init.kaimingOptions().mode("fan_out"), 0.01);
  }

  /** torchvision's {@code _make_divisible(v, divisor)}: the nearest multiple, never more than 10% below {@code v}. */
  static int makeDivisible(double v, int divisor) {
    int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    return rounded < 0.9 * v ? rounded + divisor : rounded;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor f = F.adaptiveAvgPool2d(child("features").forward(x), 1, 1).flatten(1, -1);
    return withHooks(child("classifier").forward(f), x);
  }

  @Override
  public String headName() {
    return "classifier";
  }

  /** {@code features}, global average pooling, flatten: {@code [N, 3, H, W] -> [N, 1280]}. */
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
    return lastChannel;
  }
}
