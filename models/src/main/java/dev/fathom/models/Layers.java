package dev.fathom.models;

import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Init;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;

/** Convolution builders and initialisation loops the architectures share (torchvision's helpers). */
final class Layers {
  private Layers() {}

  /** torchvision's {@code conv3x3}: 3x3, padding = dilation, no bias. */
  static Conv2d conv3x3(int in, int out, int stride, int groups, int dilation) {
    return new Conv2d(in, out, 3, Conv2d.options().stride(stride).padding(dilation).groups(groups).bias(false).dilation(dilation));
  }

  /** torchvision's {@code conv1x1}: 1x1, no bias. */
  static Conv2d conv1x1(int in, int out, int stride) {
    return new Conv2d(in, out, 1, Conv2d.options().stride(stride).bias(false));
  }

  /**
   * The initialisation loop most torchvision models end their constructor with: every Conv2d weight
   * kaiming-normal (with {@code convInit}'s mode and nonlinearity) and its bias zero, every
   * BatchNorm2d weight one and bias zero, and, when {@code linearStd > 0}, every Linear weight
   * normal(0, linearStd) and bias zero.
   */
  static void initWeights(Module model, Init.KaimingOptions convInit, double linearStd) {
    for (Module m : model.modules()) {
      if (m instanceof Conv2d c) {
        Init.kaimingNormal_(c.weight(), convInit);
        if (c.bias() != null) Init.zeros_(c.bias());
      } else if (m instanceof BatchNorm2d bn) {
        Init.ones_(bn.weight());
        Init.zeros_(bn.bias());
      } else if (m instanceof Linear l && linearStd > 0) {
        Init.normal_(l.weight(), 0, linearStd);
        Init.zeros_(l.bias());
      }
    }
  }

  static void checkPositive(String model, String what, int value) {
    if (value <= 0) throw new IllegalArgumentException(model + ": " + what + " must be positive, got " + value);
  }
}
