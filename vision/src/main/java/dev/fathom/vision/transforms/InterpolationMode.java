package dev.fathom.vision.transforms;

/**
 * Resampling filters, as {@code torchvision.transforms.InterpolationMode}.
 *
 * <pre>{@code
 * new Resize(new int[] {32, 48}, Resize.options().interpolation(InterpolationMode.BICUBIC));
 * }</pre>
 */
public enum InterpolationMode {
  NEAREST,
  BILINEAR,
  BICUBIC
}
