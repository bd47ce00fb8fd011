package dev.fathom.vision.transforms;

import dev.fathom.Generator;

/**
 * Random brightness, contrast, saturation and hue changes in a random order, as
 * {@code transforms.ColorJitter}: a value {@code b} for brightness, contrast or saturation draws a
 * factor uniform in {@code [max(0, 1 - b), 1 + b]}; {@code h} for hue draws uniform in {@code [-h, h]}.
 *
 * <pre>{@code
 * new ColorJitter(0.4, 0.4, 0.4, 0.1);
 * }</pre>
 */
public final class ColorJitter implements Transform<Object, Object> {
  private final double[] brightness, contrast, saturation, hue;
  private final Generator generator;

  public ColorJitter(double brightness, double contrast, double saturation, double hue) { this(brightness, contrast, saturation, hue, null); }

  /** {@code generator} null draws from {@link dev.fathom.data.DataRandom#generator()}. */
  public ColorJitter(double brightness, double contrast, double saturation, double hue, Generator generator) {
    this.brightness = range("brightness", brightness);
    this.contrast = range("contrast", contrast);
    this.saturation = range("saturation", saturation);
    if (hue < 0 || hue > 0.5) throw new IllegalArgumentException("ColorJitter: hue values should be between (-0.5, 0.5), got " + hue);
    this.hue = hue == 0 ? null : new double[] {-hue, hue};
    this.generator = generator;
  }

  private static double[] range(String name, double v) {
    if (v < 0) throw new IllegalArgumentException("ColorJitter: if " + name + " is a single number, it must be non negative, got " + v);
    return v == 0 ? null : new double[] {Math.max(0, 1 - v), 1 + v};
  }

  /**
   * One draw, as {@code get_params}: the order (a permutation of 0..3 = brightness, contrast,
   * saturation, hue) then the factors (NaN for a disabled one).
   */
  public double[] params(Generator gen) {
    Generator g = Rand.of(gen != null ? gen : generator);
    int[] order = {0, 1, 2, 3};
    for (int i = 3; i > 0; i--) {
      int j = (int) g.nextLong(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    double[][] ranges = {brightness, contrast, saturation, hue};
    double[] out = new double[8];
    for (int k = 0; k < 4; k++) {
      out[k] = order[k];
      out[4 + k] = ranges[k] == null ? Double.NaN : Rand.uniform(g, ranges[k][0], ranges[k][1]);
    }
    return out;
  }

  @Override
  public Object apply(Object img) {
    double[] p = params(null);
    Object x = img;
    for (int k = 0; k < 4; k++) {
      int fn = (int) p[k];
      double f = p[4 + fn];
      if (Double.isNaN(f)) continue;
      x = switch (fn) {
        case 0 -> Functional.adjustBrightness(x, f);
        case 1 -> Functional.adjustContrast(x, f);
        case 2 -> Functional.adjustSaturation(x, f);
        default -> Functional.adjustHue(x, f);
      };
    }
    return x;
  }

  @Override public String toString() { return "ColorJitter(brightness=" + java.util.Arrays.toString(brightness) + ", contrast=" + java.util.Arrays.toString(contrast) + ", saturation=" + java.util.Arrays.toString(saturation) + ", hue=" + java.util.Arrays.toString(hue) + ")"; }
}
