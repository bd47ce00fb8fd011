package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;

/**
 * ResNet-50/101's residual block, as torchvision's {@code Bottleneck} (expansion 4): 1x1 reduce,
 * 3x3 (stride, groups, dilation), 1x1 expand, each with BatchNorm, plus the identity (or
 * {@code downsample(x)}), then ReLU. The inner width is {@code planes * widthPerGroup / 64 * groups}.
 * Input {@code [N, inplanes, H, W]}, output {@code [N, 4 * planes, H/stride, W/stride]}. Children:
 * {@code conv1, bn1, conv2, bn2, conv3, bn3, relu[, downsample]}.
 *
 * <pre>{@code
 * Bottleneck b = new Bottleneck(256, 64, 1, null, 1, 64, 1);
 * Tensor y = b.forward(x);                 // [N, 256, 56, 56] -> [N, 256, 56, 56]
 * }</pre>
 */
public final class Bottleneck extends Module {
  /** Output channels per {@code planes}. */
  public static final int EXPANSION = 4;

  private final boolean hasDownsample;

  public Bottleneck(int inplanes, int planes, int stride, Module downsample, int groups, int baseWidth, int dilation) {
    int width = (int) (planes * (baseWidth / 64.0)) * groups;
    registerModule("conv1", Layers.conv1x1(inplanes, width, 1));
    registerModule("bn1", new BatchNorm2d(width));
    registerModule("conv2", Layers.conv3x3(width, width, stride, groups, dilation));
    registerModule("bn2", new BatchNorm2d(width));
    registerModule("conv3", Layers.conv1x1(width, planes * EXPANSION, 1));
    registerModule("bn3", new BatchNorm2d(planes * EXPANSION));
    registerModule("relu", new ReLU(true));
    hasDownsample = downsample != null;
    if (hasDownsample) registerModule("downsample", downsample);
  }

  @Override
  public Tensor forward(Tensor x) {
    Module relu = child("relu");
    Tensor out = relu.forward(child("bn1").forward(child("conv1").forward(x)));
    out = relu.forward(child("bn2").forward(child("conv2").forward(out)));
    out = child("bn3").forward(child("conv3").forward(out));
    Tensor identity = hasDownsample ? child("downsample").forward(x) : x;
    return withHooks(relu.forward(out.add(identity)), x);
  }
}
