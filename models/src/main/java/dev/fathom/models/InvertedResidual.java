package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.ReLU6;
import dev.fathom.nn.Sequential;

/**
 * MobileNetV2's block, as torchvision's {@code InvertedResidual}: a 1x1 expansion to
 * {@code inp * expandRatio} channels (left out when the ratio is 1), a 3x3 depthwise
 * convolution with {@code stride}, and a linear 1x1 projection to {@code oup}, all in the child
 * {@code conv}; the input is added back when {@code stride == 1 && inp == oup}. Input
 * {@code [N, inp, H, W]}, output {@code [N, oup, H/stride, W/stride]}.
 *
 * <pre>{@code
 * InvertedResidual b = new InvertedResidual(24, 24, 1, 6);
 * Tensor y = b.forward(x);                 // [N, 24, 56, 56] -> [N, 24, 56, 56], with the skip connection
 * }</pre>
 */
public final class InvertedResidual extends dev.fathom.nn.Module {
  private final boolean useResConnect;

  public InvertedResidual(int inp, int oup, int stride, int expandRatio) {
    if (stride != 1 && stride != 2) throw new IllegalArgumentException("stride should be 1 or 2 insted of " + stride);
    int hidden = inp * expandRatio;
    this.useResConnect = stride == 1 && inp == oup;
    Sequential conv = new Sequential();
    if (expandRatio != 1) conv.append(new Conv2dNormActivation(inp, hidden, 1, 1, 1, new ReLU6(true)));
    conv.append(new Conv2dNormActivation(hidden, hidden, 3, stride, hidden, new ReLU6(true)));
    conv.append(new Conv2d(hidden, oup, 1, Conv2d.options().bias(false)));
    conv.append(new BatchNorm2d(oup));
    registerModule("conv", conv);
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor out = child("conv").forward(x);
    return withHooks(useResConnect ? x.add(out) : out, x);
  }
}
