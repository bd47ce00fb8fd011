package dev.fathom.vision.transforms;

import dev.fathom.Generator;
import java.util.List;

/**
 * Applies a list of transforms, all or none, with probability {@code p} (0.5), as
 * {@code transforms.RandomApply}.
 *
 * <pre>{@code
 * new RandomApply(List.of(new ColorJitter(0.4, 0.4, 0.4, 0.1)), 0.8);
 * }</pre>
 */
public final class RandomApply implements Transform<Object, Object> {
  private final Compose transforms;
  private final double p;
  private final Generator generator;

  public RandomApply(List<? extends Transform<?, ?>> transforms) { this(transforms, 0.5, null); }

  public RandomApply(List<? extends Transform<?, ?>> transforms, double p) { this(transforms, p, null); }

  /** {@code generator} null draws from {@link dev.fathom.data.DataRandom#generator()}. */
  public RandomApply(List<? extends Transform<?, ?>> transforms, double p, Generator generator) {
    this.transforms = new Compose(transforms);
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Object apply(Object img) { return Rand.of(generator).nextDouble() < p ? transforms.apply(img) : img; }

  @Override public String toString() { return "RandomApply(p=" + p + ", " + transforms + ")"; }
}
