package dev.fathom.vision.transforms;

/**
 * Converts to grayscale with 1 or 3 output channels, as {@code transforms.Grayscale}.
 *
 * <pre>{@code
 * new Grayscale(3);   // keeps 3 channels for an RGB network
 * }</pre>
 */
public final class Grayscale implements Transform<Object, Object> {
  private final int numOutputChannels;

  public Grayscale() { this(1); }

  public Grayscale(int numOutputChannels) {
    if (numOutputChannels != 1 && numOutputChannels != 3) throw new IllegalArgumentException("Grayscale: num_output_channels should be either 1 or 3, got " + numOutputChannels);
    this.numOutputChannels = numOutputChannels;
  }

  @Override public Object apply(Object img) { return Functional.rgbToGrayscale(img, numOutputChannels); }

  @Override public String toString() { return "Grayscale(num_output_channels=" + numOutputChannels + ")"; }
}
