package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * A dense block, as torchvision's {@code _DenseBlock}: {@code numLayers} {@link DenseLayer}s
 * ({@code denselayer1..}), each fed the concatenation of the block's input and every earlier
 * layer's output; the block returns the concatenation of all of them. Input
 * {@code [N, C, H, W]}, output {@code [N, C + numLayers * growthRate, H, W]}.
 *
 * <pre>{@code
 * DenseBlock b = new DenseBlock(6, 64, 4, 32, 0);
 * Tensor y = b.forward(x);                 // [N, 64, 56, 56] -> [N, 256, 56, 56]
 * }</pre>
 */
public final class DenseBlock extends Module {
  private final int numLayers;

  public DenseBlock(int numLayers, int numInputFeatures, int bnSize, int growthRate, double dropRate) {
    this.numLayers = numLayers;
    for (int i = 0; i < numLayers; i++) {
      registerModule("denselayer" + (i + 1), new DenseLayer(numInputFeatures + i * growthRate, growthRate, bnSize, dropRate));
    }
  }

  @Override
  public Tensor forward(Tensor input) {
    List<Tensor> features = new ArrayList<>(numLayers + 1);
    features.add(input);
    for (Module layer : children()) {
      features.add(layer instanceof DenseLayer d ? d.forward(features) : layer.forward(Tensor.cat(features, 1)));
    }
    return withHooks(Tensor.cat(features, 1), input);
  }

  @Override
  public String typeName() {
    return "_DenseBlock";
  }
}
