package dev.fathom.models;

import dev.fathom.nn.AvgPool2d;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DenseNet's transition between dense blocks, as torchvision's {@code _Transition}: BN, ReLU, 1x1
 * convolution to {@code numOutputFeatures} channels, 2x2 average pooling. Input
 * {@code [N, in, H, W]}, output {@code [N, out, H/2, W/2]}; children {@code norm, relu, conv, pool}.
 *
 * <pre>{@code
 * Transition t = new Transition(256, 128);
 * Tensor y = t.forward(x);                 // [N, 256, 56, 56] -> [N, 128, 28, 28]
 * }</pre>
 */
public final class Transition extends Sequential {
  public Transition(int numInputFeatures, int numOutputFeatures) {
    super(layers(numInputFeatures, numOutputFeatures));
  }

  private static Map<String, Module> layers(int in, int out) {
    Map<String, Module> m = new LinkedHashMap<>();
    m.put("norm", new BatchNorm2d(in));
    m.put("relu", new ReLU(true));
    m.put("conv", new Conv2d(in, out, 1, Conv2d.options().bias(false)));
    m.put("pool", new AvgPool2d(2, AvgPool2d.options().stride(2)));
    return m;
  }

  @Override
  public String typeName() {
    return "_Transition";
  }
}
