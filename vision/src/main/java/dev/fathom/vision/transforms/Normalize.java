package dev.fathom.vision.transforms;

import dev.fathom.Tensor;
import java.util.Arrays;

/**
 * Per-channel {@code (x - mean) / std} of a float tensor {@code [..., C, H, W]}, as
 * {@code transforms.Normalize}.
 *
 * <pre>{@code
 * var norm = new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
 * }</pre>
 */
public final class Normalize implements Transform<Tensor, Tensor> {
  private final double[] mean, std;

  public Normalize(double[] mean, double[] std) {
    this.mean = mean.clone();
    this.std = std.clone();
  }

  @Override public Tensor apply(Tensor t) { return Functional.normalize(t, mean, std); }

  @Override public String toString() { return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")"; }
}
