package dev.fathom.vision.transforms;

import dev.fathom.Tensor;
import dev.fathom.vision.Image;

/**
 * Image (HWC, 0..255) to a FLOAT32 tensor {@code [C, H, W]} in [0, 1], as {@code transforms.ToTensor}.
 *
 * <pre>{@code
 * Tensor x = new ToTensor().apply(Image.read(path));   // [3, H, W]
 * }</pre>
 */
public final class ToTensor implements Transform<Object, Tensor> {
  @Override
  public Tensor apply(Object img) {
    if (img instanceof Image im) return Functional.toTensor(im);
    throw new IllegalArgumentException("ToTensor: pic should be an Image. Got " + (img == null ? "null" : img.getClass().getName()));
  }

  @Override public String toString() { return "ToTensor()"; }
}
