package dev.fathom.vision.transforms;

import dev.fathom.Generator;

/**
 * Mirrors top-bottom with probability {@code p} (0.5), as {@code transforms.RandomVerticalFlip}.
 *
 * <pre>{@code
 * new RandomVerticalFlip();
 * new RandomVerticalFlip(0.3, new Generator(1));
 * }</pre>
 */
public final class RandomVerticalFlip implements Transform<Object, Object> {
  private final double p;
  private final Generator generator;

  public RandomVerticalFlip() { this(0.5, null); }

  public RandomVerticalFlip(double p) { this(p, null); }

  /** With its own generator; null draws from {@link dev.fathom.data.DataRandom#generator()}. */
  public RandomVerticalFlip(double p, Generator generator) {
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Object apply(Object img) { return Rand.of(generator).nextDouble() < p ? Functional.vflip(img) : img; }

  @Override public String toString() { return "RandomVerticalFlip(p=" + p + ")"; }
}
