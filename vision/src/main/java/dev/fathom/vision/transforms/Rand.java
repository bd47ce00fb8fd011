package dev.fathom.vision.transforms;

import dev.fathom.Generator;
import dev.fathom.data.DataRandom;

/** Random draws of the random transforms: their own generator if given, else {@link DataRandom#generator()}. */
final class Rand {
  private Rand() {}

  static Generator of(Generator g) { return g != null ? g : DataRandom.generator(); }

  /** Uniform on [a, b). */
  static double uniform(Generator g, double a, double b) { return a + (b - a) * g.nextDouble(); }

  /** Uniform integer on [lo, hi). */
  static int randint(Generator g, int lo, int hi) { return lo + (int) g.nextLong(hi - lo); }
}
