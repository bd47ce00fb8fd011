package dev.fathom.vision.transforms;

import dev.fathom.Tensor;
import dev.fathom.vision.Image;

/**
 * Image to a UINT8 tensor {@code [C, H, W]} without scaling, as {@code transforms.PILToTensor}.
 *
 * <pre>{@code
 * Tensor raw = new PILToTensor().apply(img);   // values 0..255
 * }</pre>
 */
public final class PILToTensor implements Transform<Object, Tensor> {
  @Override
  public Tensor apply(Object img) {
    if (img instanceof Image im) return Functional.pilToTensor(im);
    throw new IllegalArgumentException("PILToTensor: pic should be an Image. Got " + (img == null ? "null" : img.getClass().getName()));
  }

  @Override public String toString() { return "PILToTensor()"; }
}
