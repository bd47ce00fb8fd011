package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.functional.F;
import java.util.List;

/**
 * One layer of a dense block, as torchvision's {@code _DenseLayer}: the concatenation of all
 * earlier feature maps goes through BN-ReLU-1x1 conv ({@code bnSize * growthRate} channels) and
 * BN-ReLU-3x3 conv, giving {@code growthRate} new channels (then dropout with {@code dropRate} in
 * training). Input: the list of earlier maps {@code [N, C_i, H, W]} with {@code sum C_i =
 * numInputFeatures}; output {@code [N, growthRate, H, W]}.
 *
 * <pre>{@code
 * DenseLayer l = new DenseLayer(64, 32, 4, 0);
 * Tensor y = l.forward(List.of(x));        // x [N, 64, 56, 56] -> [N, 32, 56, 56]
 * }</pre>
 */
public final class DenseLayer extends Module {
  private final double dropRate;

  public DenseLayer(int numInputFeatures, int growthRate, int bnSize, double dropRate) {
    registerModule("norm1", new BatchNorm2d(numInputFeatures));
    registerModule("relu1", new ReLU(true));
    registerModule("conv1", new Conv2d(numInputFeatures, bnSize * growthRate, 1, Conv2d.options().bias(false)));
    registerModule("norm2", new BatchNorm2d(bnSize * growthRate));
    registerModule("relu2", new ReLU(true));
    registerModule("conv2", new Conv2d(bnSize * growthRate, growthRate, 3, Conv2d.options().padding(1).bias(false)));
    this.dropRate = dropRate;
  }

  /** The new features of the concatenation of {@code previous} along the channels. */
  public Tensor forward(List<Tensor> previous) {
    Tensor concat = previous.size() == 1 ? previous.get(0) : Tensor.cat(previous, 1);
    Tensor bottleneck = child("conv1").forward(child("relu1").forward(child("norm1").forward(concat)));
    Tensor out = child("conv2").forward(child("relu2").forward(child("norm2").forward(bottleneck)));
    if (dropRate > 0) out = F.dropout(out, dropRate, isTraining());
    return out;
  }

  @Override
  public Tensor forward(Tensor input) {
    return withHooks(forward(List.of(input)), input);
  }

  @Override
  public String typeName() {
    return "_DenseLayer";
  }
}
