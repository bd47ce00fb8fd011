package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;

/**
 * ResNet-18/34's residual block, as torchvision's {@code BasicBlock} (expansion 1): two 3x3
 * convolutions with BatchNorm, {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + identity)}, where the
 * identity is {@code downsample(x)} when the block changes stride or width. Input
 * {@code [N, inplanes, H, W]}, output {@code [N, planes, H/stride, W/stride]}. Children:
 * {@code conv1, bn1, relu, conv2, bn2[, downsample]}.
 *
 * <pre>{@code
 * BasicBlock b = new BasicBlock(64, 64, 1, null);
 * Tensor y = b.forward(x);                 // [N, 64, 56, 56] -> [N, 64, 56, 56]
 * }</pre>
 */
public final class BasicBlock extends Module {
  /** Output channels per {@code planes}. */
  public static final int EXPANSION = 1;

  private final boolean hasDownsample;

  /** A block of {@code planes} channels; {@code downsample} (or null) maps the identity to the output's shape. */
  public BasicBlock(int inplanes, int planes, int stride, Module downsample) {
    registerModule("conv1", Layers.conv3x3(inplanes, planes, stride, 1, 1));
    registerModule("bn1", new BatchNorm2d(planes));
    registerModule("relu", new ReLU(true));
    registerModule("conv2", Layers.conv3x3(planes, planes, 1, 1, 1));
    registerModule("bn2", new BatchNorm2d(planes));
    hasDownsample = downsample != null;
    if (hasDownsample) registerModule("downsample", downsample);
  }

  @Override
  public Tensor forward(Tensor x) {
    Module relu = child("relu");
    Tensor out = relu.forward(child("bn1").forward(child("conv1").forward(x)));
    out = child("bn2").forward(child("conv2").forward(out));
    Tensor identity = hasDownsample ? child("downsample").forward(x) : x;
    return withHooks(relu.forward(out.add(identity)), x);
  }
}
