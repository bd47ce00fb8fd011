package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;

/**
 * SqueezeNet's module, as torchvision's {@code Fire}: a 1x1 "squeeze" convolution with ReLU, then
 * 1x1 and 3x3 "expand" convolutions (each with ReLU) whose outputs are concatenated. Input
 * {@code [N, inplanes, H, W]}, output {@code [N, expand1x1Planes + expand3x3Planes, H, W]}.
 *
 * <pre>{@code
 * Fire f = new Fire(64, 16, 64, 64);
 * Tensor y = f.forward(x);                 // [N, 64, 55, 55] -> [N, 128, 55, 55]
 * }</pre>
 */
public final class Fire extends Module {
  public Fire(int inplanes, int squeezePlanes, int expand1x1Planes, int expand3x3Planes) {
    registerModule("squeeze", new Conv2d(inplanes, squeezePlanes, 1));
    registerModule("squeeze_activation", new ReLU(true));
    registerModule("expand1x1", new Conv2d(squeezePlanes, expand1x1Planes, 1));
    registerModule("expand1x1_activation", new ReLU(true));
    registerModule("expand3x3", new Conv2d(squeezePlanes, expand3x3Planes, 3, Conv2d.options().padding(1)));
    registerModule("expand3x3_activation", new ReLU(true));
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor s = child("squeeze_activation").forward(child("squeeze").forward(x));
    Tensor e1 = child("expand1x1_activation").forward(child("expand1x1").forward(s));
    Tensor e3 = child("expand3x3_activation").forward(child("expand3x3").forward(s));
    return withHooks(Tensor.cat(1, e1, e3), x);
  }
}
