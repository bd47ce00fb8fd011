package dev.fathom.spi;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"), the counter-based
 * generator every Fathom backend draws from, so one seed gives the same numbers everywhere.
 *
 * <p>The stream of a fill is defined element by element: for uniform and Bernoulli fills, element
 * {@code i} takes 32-bit word {@code i % 4} of block {@code offset + i / 4}; for normal fills,
 * element {@code i} takes words 0 and 1 of block {@code offset + i} through Box-Muller. A block is
 * Philox of counter {@code (block, 0)} and key {@code seed}. {@link #blocksFor} says how far a
 * fill advances the generator's offset.
 */
public final class Philox {
  private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
  private static final float TWO_POW_M24 = 0x1.0p-24f;
  private static final double TWO_POW_M53 = 0x1.0p-53;

  private Philox() {}

  /** Computes block {@code counter} under {@code seed} into {@code out[0..3]}. */
  public static void block(long seed, long counter, int[] out) {
    int c0 = (int) counter, c1 = (int) (counter >>> 32), c2 = 0, c3 = 0;
    int k0 = (int) seed, k1 = (int) (seed >>> 32);
    for (int r = 0; r < 10; r++) {
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0; c1 = n1; c2 = n2; c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
  }

  /** A float uniform on [0, 1) from a 32-bit word (24 high bits). */
  public static float uniformFloat(int word) {
    return (word >>> 8) * TWO_POW_M24;
  }

  /** A double uniform on [0, 1) from two words (53 bits). */
  public static double uniformDouble(int hi, int lo) {
    long bits = ((hi & 0xFFFFFFFFL) << 21) ^ ((lo & 0xFFFFFFFFL) >>> 11);
    return bits * TWO_POW_M53;
  }

  /** A standard normal from two words (Box-Muller, cosine branch). */
  public static double normal(int w0, int w1) {
    double u1 = ((w0 >>> 8) + 1) * (double) TWO_POW_M24; // (0, 1]
    double u2 = (w1 >>> 8) * (double) TWO_POW_M24;
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** Blocks a fill of {@code n} elements consumes. */
  public static long blocksFor(Distribution dist, int n) {
    return dist == Distribution.NORMAL ? n : (n + 3L) / 4;
  }

  /** Element {@code i} of a fill, as a double, by the rules in the class comment. */
  public static double sample(Distribution dist, double a, double b, long seed, long offset, int i, int[] scratch) {
    switch (dist) {
      case UNIFORM -> {
        block(seed, offset + i / 4, scratch);
        return a + (b - a) * uniformFloat(scratch[i & 3]);
      }
      case BERNOULLI -> {
        block(seed, offset + i / 4, scratch);
        return uniformFloat(scratch[i & 3]) < a ? 1.0 : 0.0;
      }
      case NORMAL -> {
        block(seed, offset + i, scratch);
        return a + b * normal(scratch[0], scratch[1]);
      }
      default -> throw new AssertionError(dist);
    }
  }
}
