package dev.fathom.models;

import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.Sequential;

/**
 * Convolution, BatchNorm and an activation in a {@code Sequential} (children {@code 0, 1, 2}), as
 * torchvision's {@code Conv2dNormActivation} with its defaults: padding
 * {@code (kernelSize - 1) / 2 * dilation}, no convolution bias (the norm has one). Input
 * {@code [N, in, H, W]}, output {@code [N, out, H/stride, W/stride]}.
 *
 * <pre>{@code
 * var block = new Conv2dNormActivation(3, 32, 3, 2, 1, new ReLU6(true));   // [N, 3, 224, 224] -> [N, 32, 112, 112]
 * }</pre>
 */
public final class Conv2dNormActivation extends Sequential {
  public Conv2dNormActivation(int in, int out, int kernelSize, int stride, int groups, Module activation) {
    super(new Conv2d(in, out, kernelSize, Conv2d.options().stride(stride).padding((kernelSize - 1) / 2).groups(groups).bias(false)),
        new BatchNorm2d(out), activation);
  }
}
