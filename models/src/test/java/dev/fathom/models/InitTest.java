package dev.fathom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * torchvision's default initialisation of each architecture. Standard deviations of large weights
 * are checked within 5% of the expected value (each has at least 20,000 draws, whose sample
 * standard deviation is within 1.5% with overwhelming probability).
 */
class InitTest {
  @BeforeEach
  void seed() {
    Fathom.manualSeed(11);
  }

  private static double std(Tensor t) {
    double[] v = t.toDoubleArray();
    double mean = 0, sq = 0;
    for (double x : v) mean += x;
    mean /= v.length;
    for (double x : v) sq += (x - mean) * (x - mean);
    return Math.sqrt(sq / v.length);
  }

  private static double maxAbs(Tensor t) {
    return t.abs().max().item();
  }

  @Test
  void resNetConvolutionsAreKaimingNormalFanOutAndBatchNormsOnesAndZeros() {
    ResNet net = new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1}, ResNet.options().numClasses(10));
    Conv2d conv = (Conv2d) net.getSubmodule("layer3.0.conv2");   // [256, 256, 3, 3], fan_out 2304
    assertThat(std(conv.weight())).isCloseTo(Math.sqrt(2.0 / 2304), within(0.05 * Math.sqrt(2.0 / 2304)));
    BatchNorm2d bn = (BatchNorm2d) net.getSubmodule("layer1.0.bn2");
    assertThat(bn.weight().toFloatArray()).containsOnly(1f);
    assertThat(bn.bias().toFloatArray()).containsOnly(0f);
    Linear fc = net.child("fc", Linear.class);   // PyTorch's Linear default: uniform on +-1/sqrt(512)
    assertThat(maxAbs(fc.weight())).isLessThanOrEqualTo(1 / Math.sqrt(512));
    assertThat(maxAbs(fc.bias())).isGreaterThan(0).isLessThanOrEqualTo(1 / Math.sqrt(512));
  }

  @Test
  void zeroInitResidualZeroesTheLastBatchNormOfEachBlock() {
    ResNet basic = new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1}, ResNet.options().zeroInitResidual(true));
    assertThat(((BatchNorm2d) basic.getSubmodule("layer2.0.bn2")).weight().toFloatArray()).containsOnly(0f);
    assertThat(((BatchNorm2d) basic.getSubmodule("layer2.0.bn1")).weight().toFloatArray()).containsOnly(1f);
    ResNet bottleneck = new ResNet(ResNet.Block.BOTTLENECK, new int[] {1, 1, 1, 1}, ResNet.options().zeroInitResidual(true).widthPerGroup(16));
    assertThat(((BatchNorm2d) bottleneck.getSubmodule("layer4.0.bn3")).weight().toFloatArray()).containsOnly(0f);
    assertThat(((BatchNorm2d) bottleneck.getSubmodule("layer4.0.bn2")).weight().toFloatArray()).containsOnly(1f);
  }

  @Test
  void denseNetConvolutionsAreKaimingNormalFanInAndTheClassifierBiasIsZero() {
    DenseNet net = new DenseNet(DenseNet.options().growthRate(32).blockConfig(1, 1).numInitFeatures(64).numClasses(10));
    Conv2d conv = (Conv2d) net.getSubmodule("features.denseblock1.denselayer1.conv2");  // [32, 128, 3, 3], fan_in 1152
    assertThat(std(conv.weight())).isCloseTo(Math.sqrt(2.0 / 1152), within(0.05 * Math.sqrt(2.0 / 1152)));
    assertThat(net.child("classifier", Linear.class).bias().toFloatArray()).containsOnly(0f);
    assertThat(maxAbs(net.child("classifier", Linear.class).weight())).isGreaterThan(0);
  }

  @Test
  void vggLinearsAreNormalWithStd001AndBiasesZero() {
    VGG net = new VGG(VGG.makeLayers(List.of(64, "M", 128), true), VGG.options(), 128, 512);
    Linear fc = (Linear) net.getSubmodule("classifier.0");   // [512, 6272]
    assertThat(std(fc.weight())).isCloseTo(0.01, within(0.0005));
    assertThat(fc.bias().toFloatArray()).containsOnly(0f);
    Conv2d conv = (Conv2d) net.getSubmodule("features.4");   // [128, 64, 3, 3], fan_out 1152
    assertThat(std(conv.weight())).isCloseTo(Math.sqrt(2.0 / 1152), within(0.05 * Math.sqrt(2.0 / 1152)));
    assertThat(conv.bias().toFloatArray()).containsOnly(0f);
  }

  @Test
  void vggWithoutInitWeightsKeepsTheLayerDefaults() {
    VGG net = new VGG(VGG.makeLayers(List.of(8), false), VGG.options().initWeights(false), 8, 16);
    assertThat(maxAbs(((Conv2d) net.getSubmodule("features.0")).bias())).isGreaterThan(0);
  }

  @Test
  void mobileNetV2ConvolutionsAreKaimingNormalFanOutAndTheClassifierNormal001() {
    MobileNetV2 net = new MobileNetV2(MobileNetV2.options().numClasses(100));
    Conv2d conv = (Conv2d) net.getSubmodule("features.18.0");   // [1280, 320, 1, 1], fan_out 1280
    assertThat(std(conv.weight())).isCloseTo(Math.sqrt(2.0 / 1280), within(0.05 * Math.sqrt(2.0 / 1280)));
    Linear fc = (Linear) net.getSubmodule("classifier.1");
    assertThat(std(fc.weight())).isCloseTo(0.01, within(0.0005));
    assertThat(fc.bias().toFloatArray()).containsOnly(0f);
  }

  @Test
  void squeezeNetFinalConvIsNormal001AndTheOthersKaimingUniformWithZeroBias() {
    SqueezeNet net = new SqueezeNet("1_1", SqueezeNet.options().numClasses(100));
    Conv2d last = (Conv2d) net.getSubmodule("classifier.1");   // [100, 512, 1, 1]
    assertThat(std(last.weight())).isCloseTo(0.01, within(0.0005));
    Conv2d expand = (Conv2d) net.getSubmodule("features.12.expand3x3");  // [256, 64, 3, 3], fan_in 576
    double bound = Math.sqrt(6.0 / 576);
    assertThat(maxAbs(expand.weight())).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
    for (Module m : net.modules()) if (m instanceof Conv2d c) assertThat(c.bias().toFloatArray()).containsOnly(0f);
  }

  @Test
  void makeDivisibleRoundsChannelsAsTorchvision() {
    assertThat(MobileNetV2.makeDivisible(32 * 0.25, 8)).isEqualTo(8);
    assertThat(MobileNetV2.makeDivisible(32 * 0.35, 8)).isEqualTo(16);   // 8 would be more than 10% below 11.2
    assertThat(MobileNetV2.makeDivisible(96 * 0.75, 8)).isEqualTo(72);
    assertThat(MobileNetV2.makeDivisible(1280 * 1.4, 8)).isEqualTo(1792);
  }
}
