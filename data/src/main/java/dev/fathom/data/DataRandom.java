package dev.fathom.data;

import dev.fathom.Generator;

/**
 * Where random data transforms draw from when no generator is given to them. While a
 * {@link DataLoader} reads an item, {@link #generator()} is a generator seeded for that item alone
 * (from the loader's per-epoch seed and the item's position in the epoch), so random augmentation
 * is the same whatever the number of workers and however threads interleave. Outside a loader it
 * is {@link Generator#global()}.
 *
 * <pre>{@code
 * boolean flip = DataRandom.generator().nextDouble() < 0.5;
 * }</pre>
 */
public final class DataRandom {
  private static final ThreadLocal<Generator> CURRENT = new ThreadLocal<>();

  private DataRandom() {}

  /** The per-item generator inside a DataLoader, else the global one. */
  public static Generator generator() {
    Generator g = CURRENT.get();
    return g != null ? g : Generator.global();
  }

  /** Sets this thread's generator and returns the previous one (null for none). */
  static Generator set(Generator g) {
    Generator old = CURRENT.get();
    if (g == null) CURRENT.remove();
    else CURRENT.set(g);
    return old;
  }

  /** A well-mixed seed for item {@code position} of an epoch with {@code base} seed (SplitMix64). */
  static long itemSeed(long base, long position) {
    long z = base + (position + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
