package dev.fathom.vision.transforms;

import dev.fathom.Generator;

/**
 * Rotation by an angle uniform in {@code [-degrees, degrees]} (or {@code [min, max]}), nearest
 * sampling, same size, {@code fill} outside, as {@code transforms.RandomRotation}.
 *
 * <pre>{@code
 * new RandomRotation(15);
 * }</pre>
 */
public final class RandomRotation implements Transform<Object, Object> {
  private final double min, max, fill;
  private final Generator generator;

  public RandomRotation(double degrees) { this(-degrees, degrees, 0, null); }

  /** Angles uniform in [min, max] degrees; {@code generator} null draws from {@link dev.fathom.data.DataRandom#generator()}. */
  public RandomRotation(double min, double max, double fill, Generator generator) {
    if (min > max) throw new IllegalArgumentException("RandomRotation: degrees should be (min, max), got (" + min + ", " + max + ")");
    this.min = min;
    this.max = max;
    this.fill = fill;
    this.generator = generator;
  }

  /** The angle drawn for one call, as {@code get_params}. */
  public double angle(Generator g) { return Rand.uniform(Rand.of(g != null ? g : generator), min, max); }

  @Override
  public Object apply(Object img) { return Functional.rotate(img, angle(null), fill); }

  @Override public String toString() { return "RandomRotation(degrees=[" + min + ", " + max + "], interpolation=nearest)"; }
}
