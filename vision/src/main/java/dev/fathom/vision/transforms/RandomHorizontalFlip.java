package dev.fathom.vision.transforms;

import dev.fathom.Generator;

/**
 * Mirrors left-right with probability {@code p} (0.5), as {@code transforms.RandomHorizontalFlip}.
 *
 * <pre>{@code
 * new RandomHorizontalFlip();
 * new RandomHorizontalFlip(0.3, new Generator(1));
 * }</pre>
 */
public final class RandomHorizontalFlip implements Transform<Object, Object> {
  private final double p;
  private final Generator generator;

  public RandomHorizontalFlip() { this(0.5, null); }

  public RandomHorizontalFlip(double p) { this(p, null); }

  /** With its own generator; null draws from {@link dev.fathom.data.DataRandom#generator()}. */
  public RandomHorizontalFlip(double p, Generator generator) {
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Object apply(Object img) { return Rand.of(generator).nextDouble() < p ? Functional.hflip(img) : img; }

  @Override public String toString() { return "RandomHorizontalFlip(p=" + p + ")"; }
}
