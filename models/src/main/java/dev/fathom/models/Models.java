package dev.fathom.models;

import java.nio.file.Path;

/**
 * The model builders of torchvision ({@code torchvision.models.resnet18(weights=None)} is
 * {@link #resnet18()}): each builds the architecture with torchvision's random initialisation,
 * with torchvision's keyword arguments through the class's {@code Options}, or with pretrained
 * {@link Weights} read from the cache folder or a given file (never downloaded). With weights the
 * model has 1000 classes (torchvision's {@code num_classes = len(categories)}); to fine-tune on
 * other classes, load the weights and replace the head (see {@link Transfer}).
 *
 * <pre>{@code
 * ResNet scratch = Models.resnet18();                                        // random init, 1000 classes
 * ResNet ten = Models.resnet18(ResNet.options().numClasses(10));
 * ResNet pretrained = Models.resnet18(Weights.RESNET18_IMAGENET1K_V1);      // ~/.cache/fathom/weights/resnet18-f37072fd.pth
 * DenseNet dn = Models.densenet121(Weights.DENSENET121_IMAGENET1K_V1, Path.of("/data/densenet121-a639ec97.pth"));
 * }</pre>
 */
public final class Models {
  private Models() {}

  /** ResNet-18: BasicBlock, {2, 2, 2, 2}; 11.7M parameters. Random initialisation, 1000 classes. */
  public static ResNet resnet18() {
    return resnet18(ResNet.options());
  }

  /** ResNet-18: BasicBlock, {2, 2, 2, 2} with torchvision's keyword arguments. */
  public static ResNet resnet18(ResNet.Options options) {
    return new ResNet(ResNet.Block.BASIC, new int[] {2, 2, 2, 2}, options);
  }

  /** ResNet-18: BasicBlock, {2, 2, 2, 2} with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static ResNet resnet18(Weights weights) {
    return load(new ResNet(ResNet.Block.BASIC, new int[] {2, 2, 2, 2}, ResNet.options()), "resnet18", weights, null);
  }

  /** ResNet-18: BasicBlock, {2, 2, 2, 2} with {@code weights} read from {@code file}. */
  public static ResNet resnet18(Weights weights, Path file) {
    return load(new ResNet(ResNet.Block.BASIC, new int[] {2, 2, 2, 2}, ResNet.options()), "resnet18", weights, file);
  }

  /** ResNet-34: BasicBlock, {3, 4, 6, 3}; 21.8M parameters. Random initialisation, 1000 classes. */
  public static ResNet resnet34() {
    return resnet34(ResNet.options());
  }

  /** ResNet-34: BasicBlock, {3, 4, 6, 3} with torchvision's keyword arguments. */
  public static ResNet resnet34(ResNet.Options options) {
    return new ResNet(ResNet.Block.BASIC, new int[] {3, 4, 6, 3}, options);
  }

  /** ResNet-34: BasicBlock, {3, 4, 6, 3} with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static ResNet resnet34(Weights weights) {
    return load(new ResNet(ResNet.Block.BASIC, new int[] {3, 4, 6, 3}, ResNet.options()), "resnet34", weights, null);
  }

  /** ResNet-34: BasicBlock, {3, 4, 6, 3} with {@code weights} read from {@code file}. */
  public static ResNet resnet34(Weights weights, Path file) {
    return load(new ResNet(ResNet.Block.BASIC, new int[] {3, 4, 6, 3}, ResNet.options()), "resnet34", weights, file);
  }

  /** ResNet-50: Bottleneck, {3, 4, 6, 3}; 25.6M parameters. Random initialisation, 1000 classes. */
  public static ResNet resnet50() {
    return resnet50(ResNet.options());
  }

  /** ResNet-50: Bottleneck, {3, 4, 6, 3} with torchvision's keyword arguments. */
  public static ResNet resnet50(ResNet.Options options) {
    return new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 6, 3}, options);
  }

  /** ResNet-50: Bottleneck, {3, 4, 6, 3} with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static ResNet resnet50(Weights weights) {
    return load(new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 6, 3}, ResNet.options()), "resnet50", weights, null);
  }

  /** ResNet-50: Bottleneck, {3, 4, 6, 3} with {@code weights} read from {@code file}. */
  public static ResNet resnet50(Weights weights, Path file) {
    return load(new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 6, 3}, ResNet.options()), "resnet50", weights, file);
  }

  /** ResNet-101: Bottleneck, {3, 4, 23, 3}; 44.5M parameters. Random initialisation, 1000 classes. */
  public static ResNet resnet101() {
    return resnet101(ResNet.options());
  }

  /** ResNet-101: Bottleneck, {3, 4, 23, 3} with torchvision's keyword arguments. */
  public static ResNet resnet101(ResNet.Options options) {
    return new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 23, 3}, options);
  }

  /** ResNet-101: Bottleneck, {3, 4, 23, 3} with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static ResNet resnet101(Weights weights) {
    return load(new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 23, 3}, ResNet.options()), "resnet101", weights, null);
  }

  /** ResNet-101: Bottleneck, {3, 4, 23, 3} with {@code weights} read from {@code file}. */
  public static ResNet resnet101(Weights weights, Path file) {
    return load(new ResNet(ResNet.Block.BOTTLENECK, new int[] {3, 4, 23, 3}, ResNet.options()), "resnet101", weights, file);
  }

  /** DenseNet-121: growth 32, blocks {6, 12, 24, 16}, 64 initial features; 8.0M parameters. Random initialisation, 1000 classes. */
  public static DenseNet densenet121() {
    return densenet121(DenseNet.options());
  }

  /** DenseNet-121: growth 32, blocks {6, 12, 24, 16}, 64 initial features with torchvision's keyword arguments. */
  public static DenseNet densenet121(DenseNet.Options options) {
    return new DenseNet(options.growthRate(32).blockConfig(6, 12, 24, 16).numInitFeatures(64));
  }

  /** DenseNet-121: growth 32, blocks {6, 12, 24, 16}, 64 initial features with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static DenseNet densenet121(Weights weights) {
    return load(new DenseNet(DenseNet.options().growthRate(32).blockConfig(6, 12, 24, 16).numInitFeatures(64)), "densenet121", weights, null);
  }

  /** DenseNet-121: growth 32, blocks {6, 12, 24, 16}, 64 initial features with {@code weights} read from {@code file}. */
  public static DenseNet densenet121(Weights weights, Path file) {
    return load(new DenseNet(DenseNet.options().growthRate(32).blockConfig(6, 12, 24, 16).numInitFeatures(64)), "densenet121", weights, file);
  }

  /** DenseNet-169: growth 32, blocks {6, 12, 32, 32}, 64 initial features; 14.1M parameters. Random initialisation, 1000 classes. */
  public static DenseNet densenet169() {
    return densenet169(DenseNet.options());
  }

  /** DenseNet-169: growth 32, blocks {6, 12, 32, 32}, 64 initial features with torchvision's keyword arguments. */
  public static DenseNet densenet169(DenseNet.Options options) {
    return new DenseNet(options.growthRate(32).blockConfig(6, 12, 32, 32).numInitFeatures(64));
  }

  /** DenseNet-169: growth 32, blocks {6, 12, 32, 32}, 64 initial features with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static DenseNet densenet169(Weights weights) {
    return load(new DenseNet(DenseNet.options().growthRate(32).blockConfig(6, 12, 32, 32).numInitFeatures(64)), "densenet169", weights, null);
  }

  /** DenseNet-169: growth 32, blocks {6, 12, 32, 32}, 64 initial features with {@code weights} read from {@code file}. */
  public static DenseNet densenet169(Weights weights, Path file) {
    return load(new DenseNet(DenseNet.options().growthRate(32).blockConfig(6, 12, 32, 32).numInitFeatures(64)), "densenet169", weights, file);
  }

  /** VGG-11 (configuration A) without BatchNorm; 132.9M parameters. Random initialisation, 1000 classes. */
  public static VGG vgg11() {
    return vgg11(VGG.options());
  }

  /** VGG-11 (configuration A) without BatchNorm with torchvision's keyword arguments. */
  public static VGG vgg11(VGG.Options options) {
    return new VGG(VGG.makeLayers(VGG.CFG_A, false), options);
  }

  /** VGG-11 (configuration A) without BatchNorm with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static VGG vgg11(Weights weights) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_A, false), VGG.options().initWeights(false)), "vgg11", weights, null);
  }

  /** VGG-11 (configuration A) without BatchNorm with {@code weights} read from {@code file}. */
  public static VGG vgg11(Weights weights, Path file) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_A, false), VGG.options().initWeights(false)), "vgg11", weights, file);
  }

  /** VGG-11 (configuration A) with BatchNorm; 132.9M parameters. Random initialisation, 1000 classes. */
  public static VGG vgg11Bn() {
    return vgg11Bn(VGG.options());
  }

  /** VGG-11 (configuration A) with BatchNorm with torchvision's keyword arguments. */
  public static VGG vgg11Bn(VGG.Options options) {
    return new VGG(VGG.makeLayers(VGG.CFG_A, true), options);
  }

  /** VGG-11 (configuration A) with BatchNorm with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static VGG vgg11Bn(Weights weights) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_A, true), VGG.options().initWeights(false)), "vgg11_bn", weights, null);
  }

  /** VGG-11 (configuration A) with BatchNorm with {@code weights} read from {@code file}. */
  public static VGG vgg11Bn(Weights weights, Path file) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_A, true), VGG.options().initWeights(false)), "vgg11_bn", weights, file);
  }

  /** VGG-16 (configuration D) without BatchNorm; 138.4M parameters. Random initialisation, 1000 classes. */
  public static VGG vgg16() {
    return vgg16(VGG.options());
  }

  /** VGG-16 (configuration D) without BatchNorm with torchvision's keyword arguments. */
  public static VGG vgg16(VGG.Options options) {
    return new VGG(VGG.makeLayers(VGG.CFG_D, false), options);
  }

  /** VGG-16 (configuration D) without BatchNorm with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static VGG vgg16(Weights weights) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_D, false), VGG.options().initWeights(false)), "vgg16", weights, null);
  }

  /** VGG-16 (configuration D) without BatchNorm with {@code weights} read from {@code file}. */
  public static VGG vgg16(Weights weights, Path file) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_D, false), VGG.options().initWeights(false)), "vgg16", weights, file);
  }

  /** VGG-16 (configuration D) with BatchNorm; 138.4M parameters. Random initialisation, 1000 classes. */
  public static VGG vgg16Bn() {
    return vgg16Bn(VGG.options());
  }

  /** VGG-16 (configuration D) with BatchNorm with torchvision's keyword arguments. */
  public static VGG vgg16Bn(VGG.Options options) {
    return new VGG(VGG.makeLayers(VGG.CFG_D, true), options);
  }

  /** VGG-16 (configuration D) with BatchNorm with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static VGG vgg16Bn(Weights weights) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_D, true), VGG.options().initWeights(false)), "vgg16_bn", weights, null);
  }

  /** VGG-16 (configuration D) with BatchNorm with {@code weights} read from {@code file}. */
  public static VGG vgg16Bn(Weights weights, Path file) {
    return load(new VGG(VGG.makeLayers(VGG.CFG_D, true), VGG.options().initWeights(false)), "vgg16_bn", weights, file);
  }

  /** MobileNetV2 with width 1.0; 3.5M parameters. Random initialisation, 1000 classes. */
  public static MobileNetV2 mobilenetV2() {
    return mobilenetV2(MobileNetV2.options());
  }

  /** MobileNetV2 with width 1.0 with torchvision's keyword arguments. */
  public static MobileNetV2 mobilenetV2(MobileNetV2.Options options) {
    return new MobileNetV2(options);
  }

  /** MobileNetV2 with width 1.0 with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static MobileNetV2 mobilenetV2(Weights weights) {
    return load(new MobileNetV2(MobileNetV2.options()), "mobilenet_v2", weights, null);
  }

  /** MobileNetV2 with width 1.0 with {@code weights} read from {@code file}. */
  public static MobileNetV2 mobilenetV2(Weights weights, Path file) {
    return load(new MobileNetV2(MobileNetV2.options()), "mobilenet_v2", weights, file);
  }

  /** AlexNet; 61.1M parameters. Random initialisation, 1000 classes. */
  public static AlexNet alexnet() {
    return alexnet(AlexNet.options());
  }

  /** AlexNet with torchvision's keyword arguments. */
  public static AlexNet alexnet(AlexNet.Options options) {
    return new AlexNet(options);
  }

  /** AlexNet with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static AlexNet alexnet(Weights weights) {
    return load(new AlexNet(AlexNet.options()), "alexnet", weights, null);
  }

  /** AlexNet with {@code weights} read from {@code file}. */
  public static AlexNet alexnet(Weights weights, Path file) {
    return load(new AlexNet(AlexNet.options()), "alexnet", weights, file);
  }

  /** SqueezeNet 1.0; 1.2M parameters. Random initialisation, 1000 classes. */
  public static SqueezeNet squeezenet1_0() {
    return squeezenet1_0(SqueezeNet.options());
  }

  /** SqueezeNet 1.0 with torchvision's keyword arguments. */
  public static SqueezeNet squeezenet1_0(SqueezeNet.Options options) {
    return new SqueezeNet("1_0", options);
  }

  /** SqueezeNet 1.0 with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static SqueezeNet squeezenet1_0(Weights weights) {
    return load(new SqueezeNet("1_0", SqueezeNet.options()), "squeezenet1_0", weights, null);
  }

  /** SqueezeNet 1.0 with {@code weights} read from {@code file}. */
  public static SqueezeNet squeezenet1_0(Weights weights, Path file) {
    return load(new SqueezeNet("1_0", SqueezeNet.options()), "squeezenet1_0", weights, file);
  }

  /** SqueezeNet 1.1 (2.4x less computation than 1.0, same accuracy); 1.2M parameters. Random initialisation, 1000 classes. */
  public static SqueezeNet squeezenet1_1() {
    return squeezenet1_1(SqueezeNet.options());
  }

  /** SqueezeNet 1.1 (2.4x less computation than 1.0, same accuracy) with torchvision's keyword arguments. */
  public static SqueezeNet squeezenet1_1(SqueezeNet.Options options) {
    return new SqueezeNet("1_1", options);
  }

  /** SqueezeNet 1.1 (2.4x less computation than 1.0, same accuracy) with {@code weights} from the cache folder ({@link Weights#locate()}). */
  public static SqueezeNet squeezenet1_1(Weights weights) {
    return load(new SqueezeNet("1_1", SqueezeNet.options()), "squeezenet1_1", weights, null);
  }

  /** SqueezeNet 1.1 (2.4x less computation than 1.0, same accuracy) with {@code weights} read from {@code file}. */
  public static SqueezeNet squeezenet1_1(Weights weights, Path file) {
    return load(new SqueezeNet("1_1", SqueezeNet.options()), "squeezenet1_1", weights, file);
  }

  private static <M extends dev.fathom.nn.Module> M load(M model, String builder, Weights weights, Path file) {
    if (weights == null) throw new IllegalArgumentException(builder + ": weights must not be null (use " + builder + "() for a random initialisation)");
    if (!weights.model().equals(builder)) {
      throw new IllegalArgumentException(builder + ": weights " + weights.name() + " are for " + weights.model() + ", not " + builder);
    }
    model.loadStateDict(file == null ? weights.stateDict() : weights.stateDict(file));
    return model;
  }
}
