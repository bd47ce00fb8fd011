package dev.fathom.vision.transforms;

import dev.fathom.Tensor;
import dev.fathom.vision.Image;

/**
 * A tensor {@code [C, H, W]} (floats in [0, 1] or UINT8) to an image, as {@code transforms.ToPILImage}.
 *
 * <pre>{@code
 * Image img = new ToPILImage().apply(Tensor.rand(3, 8, 8));
 * }</pre>
 */
public final class ToPILImage implements Transform<Tensor, Image> {
  @Override public Image apply(Tensor t) { return Functional.toPilImage(t); }

  @Override public String toString() { return "ToPILImage()"; }
}
