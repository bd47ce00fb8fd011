package dev.fathom.vision.transforms;

import java.util.Arrays;

/**
 * The central {@code size} window (zero-padded when the image is smaller), as {@code transforms.CenterCrop}.
 *
 * <pre>{@code
 * new CenterCrop(224);
 * }</pre>
 */
public final class CenterCrop implements Transform<Object, Object> {
  private final int[] size;

  public CenterCrop(int size) { this(new int[] {size}); }

  public CenterCrop(int[] size) { this.size = Functional.pairOf("CenterCrop", size); }

  @Override public Object apply(Object img) { return Functional.centerCrop(img, size); }

  @Override public String toString() { return "CenterCrop(size=" + Arrays.toString(size) + ")"; }
}
