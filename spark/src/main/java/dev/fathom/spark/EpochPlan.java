package dev.fathom.spark;

import java.io.Serializable;

/**
 * Which sample each worker trains on at each step of an epoch, as {@code DistributedSampler} plus
 * {@code DataLoader} decide it in PyTorch, but computable by every worker on its own.
 *
 * <p>Each epoch puts the {@code n} samples (numbered by their index in the RDD) in a seeded random
 * order: sample {@code i} goes to {@link #position position(i, epoch)}, a bijection of
 * {@code [0, n)} (a 4-round Feistel network with cycle walking, keyed by the seed and the epoch), so
 * no worker needs the whole permutation. Positions are then cut into global batches of
 * {@code workers * batchSize}: global step {@code s} covers positions
 * {@code [s * workers * batchSize, (s + 1) * workers * batchSize)}, and worker {@code r} takes the
 * {@code r}-th run of {@code batchSize} positions of it. One process training with batch
 * {@code workers * batchSize} over {@link #order(int)} therefore sees, at each step, exactly the
 * union of the workers' batches. The last global batch may be short (some workers may then get
 * fewer samples, or none) unless {@code dropLast} drops it.
 *
 * <pre>{@code
 * EpochPlan plan = new EpochPlan(640, 2, 32, 0, true, false);   // 10 steps of 2 x 32
 * long p = plan.position(17, 0);           // where sample 17 sits in epoch 0
 * int worker = plan.workerOf(p), step = plan.stepOf(p);
 * long[] order = plan.order(0);            // sample indices in epoch 0's order (single-process reference)
 * }</pre>
 *
 * @param size number of samples n (at least 1)
 * @param workers number of workers (at least 1)
 * @param batchSize samples per worker per step (at least 1)
 * @param seed shuffling seed
 * @param shuffle false keeps the RDD's order every epoch
 * @param dropLast drops the last global batch when it is short
 */
public record EpochPlan(long size, int workers, int batchSize, long seed, boolean shuffle, boolean dropLast) implements Serializable {
  private static final int ROUNDS = 4;

  public EpochPlan {
    if (size < 1) throw new IllegalArgumentException("EpochPlan: the data set is empty");
    if (workers < 1) throw new IllegalArgumentException("EpochPlan: workers must be >= 1, got " + workers);
    if (batchSize < 1) throw new IllegalArgumentException("EpochPlan: batchSize must be >= 1, got " + batchSize);
    if (dropLast && size < (long) workers * batchSize) {
      throw new IllegalArgumentException("EpochPlan: dropLast with " + size + " samples leaves no step of " + workers + " x " + batchSize);
    }
  }

  /** Samples in one global step ({@code workers * batchSize}). */
  public long globalBatch() {
    return (long) workers * batchSize;
  }

  /** Optimizer steps per epoch. */
  public int stepsPerEpoch() {
    long g = globalBatch();
    long steps = dropLast ? size / g : (size + g - 1) / g;
    if (steps > Integer.MAX_VALUE) throw new IllegalArgumentException("EpochPlan: " + steps + " steps per epoch is too many");
    return (int) steps;
  }

  /** Positions that are trained on each epoch ({@code size}, less the dropped remainder). */
  public long usedPositions() {
    return Math.min(size, stepsPerEpoch() * globalBatch());
  }

  /** The position of sample {@code index} in epoch {@code epoch}'s order. */
  public long position(long index, int epoch) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException("EpochPlan.position: index " + index + " outside [0, " + size + ")");
    if (!shuffle) return index;
    int halfBits = halfBits(size);
    long mask = (1L << halfBits) - 1;
    long key = mix(seed * 0x9E3779B97F4A7C15L + epoch);
    long x = index;
    do {
      long left = x >>> halfBits, right = x & mask;
      for (int r = 0; r < ROUNDS; r++) {
        long f = mix(key ^ (r + 1) * 0xBF58476D1CE4E5B9L ^ right) & mask;
        long next = left ^ f;
        left = right;
        right = next;
      }
      x = left << halfBits | right;
    } while (x >= size);
    return x;
  }

  /** Sample indices in epoch {@code epoch}'s order, dropped ones left out. */
  public long[] order(int epoch) {
    if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("EpochPlan.order: " + size + " samples do not fit an array");
    long[] out = new long[(int) size];
    for (long i = 0; i < size; i++) out[(int) position(i, epoch)] = i;
    long used = usedPositions();
    return used == size ? out : java.util.Arrays.copyOf(out, (int) used);
  }

  /** The worker that trains on {@code position}. */
  public int workerOf(long position) {
    return (int) ((position / batchSize) % workers);
  }

  /** The global step that trains on {@code position}. */
  public int stepOf(long position) {
    return (int) (position / globalBatch());
  }

  /** Samples in global step {@code step} over all workers. */
  public int samplesInStep(int step) {
    long start = step * globalBatch();
    return (int) Math.max(0, Math.min(globalBatch(), usedPositions() - start));
  }

  /** Samples worker {@code worker} trains on at global step {@code step} (0 to batchSize). */
  public int samplesInStep(int step, int worker) {
    long start = step * globalBatch() + (long) worker * batchSize;
    return (int) Math.max(0, Math.min(batchSize, usedPositions() - start));
  }

  private static int halfBits(long n) {
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
    return (bits + 1) / 2;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
