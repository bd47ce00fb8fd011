package dev.fathom.vision.transforms;

import dev.fathom.Generator;

/**
 * Gaussian blur with sigma uniform in {@code [sigmaMin, sigmaMax]} (default 0.1 to 2.0), as
 * {@code transforms.GaussianBlur}; kernel sizes must be odd.
 *
 * <pre>{@code
 * new GaussianBlur(5);
 * new GaussianBlur(new int[] {3, 5}, 1.0, 1.0, null);   // fixed sigma
 * }</pre>
 */
public final class GaussianBlur implements Transform<Object, Object> {
  private final int[] kernelSize;
  private final double sigmaMin, sigmaMax;
  private final Generator generator;

  public GaussianBlur(int kernelSize) { this(new int[] {kernelSize, kernelSize}, 0.1, 2.0, null); }

  /** {@code generator} null draws from {@link dev.fathom.data.DataRandom#generator()}. */
  public GaussianBlur(int[] kernelSize, double sigmaMin, double sigmaMax, Generator generator) {
    int[] k = Functional.pairOf("GaussianBlur", kernelSize);
    for (int v : k) if (v <= 0 || v % 2 == 0) throw new IllegalArgumentException("GaussianBlur: kernel size value should be an odd and positive number, got " + v);
    if (sigmaMin <= 0 || sigmaMax < sigmaMin) throw new IllegalArgumentException("GaussianBlur: sigma values should be positive and of the form (min, max), got (" + sigmaMin + ", " + sigmaMax + ")");
    this.kernelSize = k;
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
    this.generator = generator;
  }

  @Override
  public Object apply(Object img) {
    double sigma = Rand.uniform(Rand.of(generator), sigmaMin, sigmaMax);
    return Functional.gaussianBlur(img, kernelSize, new double[] {sigma, sigma});
  }

  @Override public String toString() { return "GaussianBlur(kernel_size=" + java.util.Arrays.toString(kernelSize) + ", sigma=(" + sigmaMin + ", " + sigmaMax + "))"; }
}
