package dev.fathom;

import dev.fathom.spi.Distribution;
import dev.fathom.spi.Philox;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter-based random generator (Philox4x32-10): a seed and an offset into the stream. Every
 * backend computes a fill from (seed, offset) alone, so one seed gives the same numbers on CPU
 * and GPU. Each fill advances the offset by the blocks it used.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor noise = Tensor.randn(g, 4, 4);
 * Fathom.manualSeed(0);               // the global generator used by Tensor.rand/randn
 * }</pre>
 */
public final class Generator {
  private static final Generator GLOBAL = new Generator(defaultSeed());

  private volatile long seed;
  private final AtomicLong offset = new AtomicLong();

  public Generator(long seed) {
    this.seed = seed;
  }

  private static long defaultSeed() {
    return 67280421310721L; // PyTorch's default seed, so unseeded runs are repeatable as there
  }

  /** The generator behind {@code Tensor.rand}, {@code randn}, dropout and initialisation. */
  public static Generator global() {
    return GLOBAL;
  }

  /** Reseeds and rewinds the stream; returns this. */
  public synchronized Generator manualSeed(long newSeed) {
    seed = newSeed;
    offset.set(0);
    return this;
  }

  public long seed() {
    return seed;
  }

  /** The next block of the stream. */
  public long offset() {
    return offset.get();
  }

  /** Restores a state saved with {@link #seed()} and {@link #offset()} (checkpoints). */
  public synchronized void setState(long newSeed, long newOffset) {
    seed = newSeed;
    offset.set(newOffset);
  }

  /** Reserves the blocks a fill of {@code n} elements uses and returns its starting offset. */
  long reserve(Distribution dist, int n) {
    return offset.getAndAdd(Philox.blocksFor(dist, n));
  }

  /** A uniform integer in [0, bound) for host-side use (shuffling). */
  public synchronized long nextLong(long bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
    int[] w = new int[4];
    Philox.block(seed, offset.getAndIncrement(), w);
    long r = ((w[0] & 0xFFFFFFFFL) << 32 | (w[1] & 0xFFFFFFFFL)) >>> 1;
    return r % bound;
  }

  /** A uniform double in [0, 1) for host-side use. */
  public synchronized double nextDouble() {
    int[] w = new int[4];
    Philox.block(seed, offset.getAndIncrement(), w);
    return Philox.uniformDouble(w[0], w[1]);
  }
}
